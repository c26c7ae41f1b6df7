/**
 * The kernel's event format files as trace.dat stores them (tracefs `events/SYS/NAME/format`):
 *
 *   name: funcgraph_exit
 *   ID: 10
 *   format:
 *   	field:unsigned short common_type;	offset:0;	size:2;	signed:0;
 *   	…
 *   	field:unsigned long func;	offset:8;	size:8;	signed:0;
 *   print fmt: "…", …
 *
 * Every field's offset and size come from here, never from the code: they moved between
 * kernels (docs/tracedat.md §1.6). Flags follow libtraceevent's event_read_fields().
 */

export interface FormatField {
  name: string;
  /** The declaration's type (`unsigned long`, `char[16]`, `__data_loc char[]`). */
  type: string;
  offset: number;
  size: number;
  signed: boolean;
  /** A fixed array (`char comm[16]`) or a dynamic one. */
  isArray: boolean;
  /** char array: printed as text. */
  isString: boolean;
  /** `__data_loc`: a u32 whose low 16 bits are the offset and high 16 the length. */
  isDynamic: boolean;
  /** `__rel_loc`: like __data_loc, the offset counted from the end of the field. */
  isRelative: boolean;
  /** A type with `long` in it, `long long` too (libtraceevent's field_is_long()): unsigned, printed in hex by trace-cmd -R. */
  isLong: boolean;
  /** A pointer type: printed as `0x…`. */
  isPointer: boolean;
}

export interface EventFormat {
  id: number;
  system: string;
  name: string;
  /** The common_* fields (type, flags, preempt count, pid, and what RT kernels add). */
  common: FormatField[];
  /** The event's own fields, in the order of the format file. */
  fields: FormatField[];
  printFmt: string;
}

const FIELD_RE = /^\s*field:\s*(.*?);\s*offset:\s*(\d+);\s*size:\s*(\d+);(?:\s*signed:\s*(\d+);)?/;

/** One `field:` line, or null when the line is not one. */
export function parseFieldLine(line: string): FormatField | null {
  const m = FIELD_RE.exec(line);
  if (!m) return null;
  let decl = m[1].trim();
  let isDynamic = false;
  let isRelative = false;
  if (decl.startsWith('__data_loc ')) {
    isDynamic = true;
    decl = decl.slice(11).trim();
  } else if (decl.startsWith('__rel_loc ')) {
    isDynamic = true;
    isRelative = true;
    decl = decl.slice(10).trim();
  }
  // `char comm[16]`, `char[] name` (data_loc), `unsigned long caller[8]`, `int x`.
  let brackets = '';
  const arr = /(\[[^\]]*\])\s*$/.exec(decl);
  if (arr) {
    brackets = arr[1];
    decl = decl.slice(0, arr.index).trim();
  }
  const nameMatch = /([A-Za-z_][A-Za-z0-9_]*)$/.exec(decl);
  if (!nameMatch) return null;
  let name = nameMatch[1];
  let type = decl.slice(0, nameMatch.index).trim();
  // `__data_loc char[] name`: the brackets sat on the type, before the name.
  const typeArr = /(\[[^\]]*\])\s*$/.exec(type);
  if (typeArr) {
    brackets = typeArr[1] + brackets;
    type = type.slice(0, typeArr.index).trim();
  }
  if (type === '') {
    type = name;
    name = '';
  }
  const isArray = brackets !== '' || isDynamic;
  const base = type.replace(/\b(const|volatile)\b/g, '').trim();
  const signedText = m[4];
  // libtraceevent's field_is_long(): strstr(type, "long"), which "includes long long", so
  // an unsigned long long that the print fmt does not print as is shows in hex under -R.
  const isLong = base.includes('long');
  return {
    name,
    type: type + brackets,
    offset: Number(m[2]),
    size: Number(m[3]),
    signed: signedText !== undefined ? signedText !== '0' : !/\bunsigned\b|\bu\d+\b|\bbool\b/.test(base),
    isArray,
    // Only char arrays. libtraceevent's field_is_string() also takes u8/s8 arrays, whose
    // "printable" test passes at a NUL or a \n: the tcp events' `__u8 saddr[4]` of 10.0.0.1
    // would print as a bare newline, 0.0.0.0 as nothing. Their bytes are what is meant.
    isString: isArray && /\bchar\b/.test(base),
    isDynamic,
    isRelative,
    isLong,
    isPointer: base.includes('*'),
  };
}

/** Parses one format file; null when it has no `name:` and `ID:` (not a format). */
export function parseEventFormat(system: string, text: string): EventFormat | null {
  let name = '';
  let id = -1;
  let printFmt = '';
  const common: FormatField[] = [];
  const fields: FormatField[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('name: ')) name = line.slice(6).trim();
    else if (line.startsWith('ID: ')) id = Number(line.slice(4).trim());
    else if (line.startsWith('print fmt: ')) printFmt = line.slice(11);
    else {
      const f = parseFieldLine(line);
      if (f) (f.name.startsWith('common_') ? common : fields).push(f);
    }
  }
  if (name === '' || !Number.isInteger(id) || id < 0) return null;
  return { id, system, name, common, fields, printFmt };
}

/** The field named `name`, or undefined. */
export function findField(format: EventFormat, name: string): FormatField | undefined {
  return format.fields.find((f) => f.name === name) ?? format.common.find((f) => f.name === name);
}
