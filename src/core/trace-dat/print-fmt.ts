/**
 * How `trace-cmd report -R` prints a number field: with the conversion that the event's
 * `print fmt` gives it when it prints the field as is (`target_cpu=%03d`, REC->target_cpu),
 * else raw. This is libtraceevent's print_field() (src/event-parse.c): it looks for the
 * field among the print format's plain `REC->field` arguments (casts allowed), prints it
 * with that argument's conversion, and puts `0x` first when the format text before it ends
 * in `0x`. Arrays and strings are always printed raw; so is every field whose argument is
 * an expression, a helper call, or a conversion this reader does not know.
 */

/** One printf conversion, as far as the fields need it. */
export interface FieldConversion {
  flags: string;
  width: number;
  /** `hh`, `h`, `l`, `ll`, `z`, or ''. */
  length: string;
  /** d i u x X o c s, or `p` with its extension (`ps`, `pS`, `pf`, `pF`, `p`). */
  conversion: string;
  /** The format text before the conversion ends in `0x`. */
  has0x: boolean;
}

const CONVERSION = /%([-+ #0]*)(\d+|\*)?(?:\.(\d+|\*))?(hh|h|ll|l|z|L|j|t)?([diouxXcsp])([sSfFK])?/y;

/** The conversion of each field printed as a plain `REC->name` argument, by field name. */
export function fieldConversions(printFmt: string): Map<string, FieldConversion> {
  const out = new Map<string, FieldConversion>();
  const parsed = splitPrintFmt(printFmt);
  if (!parsed) return out;
  const { format, args } = parsed;
  let arg = 0;
  for (let i = 0; i < format.length; i++) {
    if (format.charCodeAt(i) !== 37 /* % */) continue;
    if (format.charCodeAt(i + 1) === 37) {
      i++;
      continue;
    }
    CONVERSION.lastIndex = i;
    const m = CONVERSION.exec(format);
    // An unknown conversion: the argument count is lost from here on.
    if (!m) return out;
    // A `*` width or precision takes an argument of its own: give up on pairing after it.
    if (m[2] === '*' || m[3] === '*') return out;
    const text = args[arg++];
    i = CONVERSION.lastIndex - 1;
    if (text === undefined) return out;
    const field = plainField(text);
    if (!field || out.has(field)) continue;
    const conversion = m[5] === 'p' ? 'p' + (m[6] ?? '') : m[5];
    // `%p` followed by a letter this table does not know stays with the letter as text.
    out.set(field, {
      flags: m[1],
      width: m[2] ? Number(m[2]) : 0,
      length: m[4] ?? '',
      conversion,
      has0x: format.slice(0, m.index).endsWith('0x'),
    });
  }
  return out;
}

/**
 * `REC->name`, with any casts before it (`(void *)REC->ip`) and parentheses around it, or
 * null. Parentheses are transparent to libtraceevent (process_paren()): the syscall events
 * print every argument as `((unsigned long)(REC->dfd))` (kernel/trace/trace_syscalls.c).
 */
function plainField(arg: string): string | null {
  let t = arg.trim();
  for (;;) {
    if (t.charCodeAt(0) === 40 /* ( */ && closingParen(t) === t.length - 1) {
      t = t.slice(1, -1).trim();
      continue;
    }
    const cast = /^\(\s*[\w\s*]+\)\s*/.exec(t);
    if (cast && cast[0].length < t.length) {
      t = t.slice(cast[0].length);
      continue;
    }
    break;
  }
  const m = /^REC\s*->\s*(\w+)$/.exec(t);
  return m ? m[1] : null;
}

/** The index of the `)` that closes the `(` at 0, or -1. */
function closingParen(t: string): number {
  let depth = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 40) depth++;
    else if (c === 41 && --depth === 0) return i;
  }
  return -1;
}

/** The format string (unescaped) and the top-level arguments of a `print fmt:` value. */
function splitPrintFmt(text: string): { format: string; args: string[] } | null {
  const t = text.trim();
  if (t.charCodeAt(0) !== 34 /* " */) return null;
  let format = '';
  let i = 1;
  for (; i < t.length; i++) {
    const c = t[i];
    if (c === '\\') {
      const n = t[++i];
      format += n === 'n' ? '\n' : n === 't' ? '\t' : n;
    } else if (c === '"') break;
    else format += c;
  }
  if (i >= t.length) return null;
  const args: string[] = [];
  let depth = 0;
  let cur = '';
  let quote = false;
  for (i = i + 1; i < t.length; i++) {
    const c = t[i];
    if (quote) {
      cur += c;
      if (c === '\\') cur += t[++i] ?? '';
      else if (c === '"') quote = false;
      continue;
    }
    if (c === '"') quote = true;
    if (c === '(' || c === '[' || c === '{') depth++;
    if (c === ')' || c === ']' || c === '}') depth--;
    if (c === ',' && depth === 0) {
      if (cur.trim() !== '') args.push(cur.trim());
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur.trim() !== '') args.push(cur.trim());
  return { format, args };
}

/**
 * A number printed by `conv`: `value` is the field's bits as an unsigned bigint of
 * `size` bytes. `symbol` names an address for `%ps`/`%pf`, and with `withOffset` as
 * `name+0xoff` for `%pS`/`%pF` (libtraceevent's print_function). Returns null when the
 * conversion does not apply to numbers (then the field is printed raw).
 */
export function formatWithConversion(
  conv: FieldConversion,
  value: bigint,
  size: number,
  symbol: (address: bigint, withOffset: boolean) => string,
): string | null {
  const bits = conv.length === 'll' || conv.length === 'l' || conv.length === 'z' || conv.length === 'j' ? 64 : conv.length === 'h' ? 16 : conv.length === 'hh' ? 8 : Math.min(32, size * 8);
  const u = BigInt.asUintN(bits, value);
  let body: string;
  switch (conv.conversion) {
    case 'd':
    case 'i':
      body = BigInt.asIntN(bits, value).toString();
      break;
    case 'u':
      body = u.toString();
      break;
    case 'x':
      body = u.toString(16);
      break;
    case 'X':
      body = u.toString(16).toUpperCase();
      break;
    case 'o':
      body = u.toString(8);
      break;
    case 'c':
      body = String.fromCharCode(Number(BigInt.asUintN(8, value)));
      break;
    case 'ps':
    case 'pf':
      body = symbol(value, false);
      break;
    case 'pS':
    case 'pF':
      body = symbol(value, true);
      break;
    case 'p':
      // libtraceevent hands a plain %p to the C library's printf: NULL is `(nil)` (glibc).
      body = value === 0n ? '(nil)' : '0x' + value.toString(16);
      break;
    default:
      return null;
  }
  if (conv.flags.includes('#') && (conv.conversion === 'x' || conv.conversion === 'X') && u !== 0n) body = '0x' + body;
  if (body.length < conv.width) {
    const left = conv.flags.includes('-');
    const zero = conv.flags.includes('0') && !left && !conv.conversion.startsWith('p');
    if (zero) {
      const neg = body.startsWith('-');
      body = (neg ? '-' : '') + (neg ? body.slice(1) : body).padStart(conv.width - (neg ? 1 : 0), '0');
    } else body = left ? body.padEnd(conv.width) : body.padStart(conv.width);
  }
  return (conv.has0x ? '0x' : '') + body;
}
