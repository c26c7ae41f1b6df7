/**
 * The message of a `bprint` record (trace_printk() with arguments): the printk format the
 * record names by address (the file's printk formats, printk-formats.ts) filled in from the
 * record's binary argument buffer (`u32 buf[]`), as `trace-cmd report` prints it
 * (`bprint: my_probe: probe 5 of eth0`).
 *
 * The buffer is what the kernel's vbin_printf() (lib/vsprintf.c) wrote, one argument per
 * conversion of the format, in order, from the buffer's start (a u32 array):
 * - an int (and a `*` width or precision) 4 bytes, a short 2, a char 1, each aligned to
 *   its own size (save_arg: PTR_ALIGN(str, sizeof(type)));
 * - a long long, and a long or pointer of a 64-bit kernel, 8 bytes aligned to 4 (save_arg
 *   copies it as two u32);
 * - a `%s` string inline, NUL-terminated, not aligned; so is the text of a dereferenced
 *   pointer (`%pI4`, `%pM`, …: pointer() ran at record time). `%ps %pS %px %pK %pe`
 *   (`%pf %pF` before 4.17) and a plain `%p` keep the pointer itself.
 * A conversion the kernel does not know ends the message (FORMAT_TYPE_INVALID: `goto out`
 * in vbin_printf and bstr_printf). libtraceevent's make_bprint_args() reads the same
 * layout for ints, longs, strings and pointers (src/event-parse.c), and the format's
 * escapes (`\n`, `\t`, `\"`: how the printk formats file writes them) are undone as its
 * parse_arg_string() does.
 *
 * Every byte read stays inside [from, to): an argument the buffer does not hold (a damaged
 * or hostile record) ends the message there.
 */
import type { BinaryView } from './binary-view';
import { formatWithConversion, type FieldConversion } from './print-fmt';

/** One conversion of the format: `%[flags][width][.precision][length]type`, vsprintf.c format_decode(). */
const SPEC = /%([-+ #0]*)(\d+|\*)?(?:\.(\d*|\*))?(hh|h|ll|l|L|z|Z|t)?(.?)/y;

const isAlnum = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z0-9]$/.test(c);

/** The pointer extensions whose value the kernel keeps (vbin_printf): the rest are dereferenced then. */
const KEPT_POINTERS = 'SsxKeFf';

/**
 * The message of `fmt` (as the printk formats file spells it) with the arguments of the
 * buffer `[from, to)` of `v`. `longSize`: the kernel's long (4 or 8); `symbol` names an
 * address for `%ps` (and with its offset for `%pS`).
 */
export function formatBprint(
  fmt: string,
  v: BinaryView,
  from: number,
  to: number,
  longSize: number,
  symbol: (address: bigint, withOffset: boolean) => string,
): string {
  let out = '';
  to = Math.min(to, v.bytes.length);
  let at = from;
  /** The argument of `size` bytes at the next place aligned to `align`, or null past the buffer. */
  const read = (size: number, align: number): bigint | null => {
    at = from + Math.ceil((at - from) / align) * align;
    if (at + size > to) return null;
    const value = size === 8 ? v.view.getBigUint64(at, v.little) : BigInt(v.unsigned(at, size));
    at += size;
    return value;
  };
  /** The NUL-terminated text at the read position (never past the buffer), or null. */
  const readText = (): string | null => {
    if (at >= to) return null;
    const nul = v.bytes.subarray(at, to).indexOf(0);
    const end = nul < 0 ? to : at + nul;
    const text = v.textToNul(at, end);
    at = nul < 0 ? to : end + 1;
    return text;
  };
  const readInt = (): number | null => {
    const bits = read(4, 4);
    return bits === null ? null : Number(BigInt.asIntN(32, bits));
  };

  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i];
    if (c === '\\' && i + 1 < fmt.length) {
      const e = fmt[++i];
      out += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
      continue;
    }
    if (c !== '%') {
      out += c;
      continue;
    }
    if (fmt[i + 1] === '%') {
      out += '%';
      i++;
      continue;
    }
    SPEC.lastIndex = i;
    const m = SPEC.exec(fmt)!;
    i = SPEC.lastIndex - 1;
    const flags = m[1];
    let width = m[2] === undefined ? 0 : m[2] === '*' ? readInt() : Number(m[2]);
    const precision = m[3] === undefined ? -1 : m[3] === '*' ? readInt() : Number(m[3] || '0');
    if (width === null || precision === null) break;
    let left = flags.includes('-');
    // A negative `*` width is a left-justified one (vsprintf.c set_field_width).
    if (width < 0) {
      left = true;
      width = -width;
    }
    const length = m[4] ?? '';
    const type = m[5];
    const pad = (text: string): string => (text.length >= width ? text : left ? text.padEnd(width) : text.padStart(width));

    if (type === 's') {
      const text = readText();
      if (text === null) break;
      out += pad(precision >= 0 ? text.slice(0, precision) : text);
      continue;
    }
    if (type === 'p') {
      const ext = fmt[i + 1];
      // Skip the pointer's alphanumeric suffix (`%pI4`, `%pSR`), as vsprintf.c does.
      let j = i + 1;
      while (isAlnum(fmt[j])) j++;
      i = j - 1;
      if (isAlnum(ext) && !KEPT_POINTERS.includes(ext)) {
        const text = readText();
        if (text === null) break;
        out += pad(text);
        continue;
      }
      const bits = read(longSize, 4);
      if (bits === null) break;
      const conversion = ext === 's' || ext === 'f' ? 'ps' : ext === 'S' || ext === 'F' ? 'pS' : 'p';
      out += pad(formatWithConversion(conversion1(conversion, '', 0), bits, longSize, symbol) ?? '');
      continue;
    }
    if (type === 'c') {
      const bits = read(1, 1);
      if (bits === null) break;
      out += pad(String.fromCharCode(Number(bits)));
      continue;
    }
    if (!'diuxXo'.includes(type) || type === '') break; // FORMAT_TYPE_INVALID: the message ends here
    const size = length === 'hh' ? 1 : length === 'h' ? 2 : length === 'll' || length === 'L' ? 8 : length === '' ? 4 : longSize;
    const bits = read(size, Math.min(size, 4));
    if (bits === null) break;
    // formatWithConversion reads the value's width from the length: give it the one read.
    const sized = size === 1 ? 'hh' : size === 2 ? 'h' : size === 8 ? 'll' : '';
    const numberFlags = left && !flags.includes('-') ? flags + '-' : flags;
    out += formatWithConversion(conversion1(type, sized, width, numberFlags), bits, size, symbol) ?? '';
  }
  return out;
}

function conversion1(conversion: string, length: string, width: number, flags = ''): FieldConversion {
  return { flags, width, length, conversion, has0x: false };
}
