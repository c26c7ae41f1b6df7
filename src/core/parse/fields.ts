/**
 * Small scanners for the number and name fields that every ftrace text format shares.
 * They work on char codes with explicit indices (no regex, no substring) because they
 * run once or twice per input line.
 */

export const CH_SPACE = 32;
const CH_DOT = 46;
const CH_0 = 48;
const CH_9 = 57;
const CH_DASH = 45;

export function isDigit(c: number): boolean {
  return c >= CH_0 && c <= CH_9;
}

export function skipSpaces(s: string, i: number): number {
  const n = s.length;
  while (i < n && s.charCodeAt(i) === CH_SPACE) i++;
  return i;
}

/**
 * Parses `SECS.FRACTION` or a bare integer starting at `i` into integer nanoseconds.
 * The fraction has 6 digits (µs, the default) or 9 (ns, `trace-cmd report -t`); 7 digits
 * are the trace-cmd <= 2.6 carry bug (`873.1000000` is 874 s). A bare integer is taken as nanoseconds (raw clock values are opaque
 * monotonic counts; ns is the only unit we can assume).
 * Returns the index after the number, or -1 when there is no digit at `i`.
 * The value goes to `out.value`.
 */
export function scanTimestampNs(s: string, i: number, out: { value: number }): number {
  const n = s.length;
  let c = i < n ? s.charCodeAt(i) : 0;
  if (!isDigit(c)) return -1;
  let secs = 0;
  while (i < n && isDigit((c = s.charCodeAt(i)))) {
    secs = secs * 10 + (c - CH_0);
    i++;
  }
  if (i < n && s.charCodeAt(i) === CH_DOT && i + 1 < n && isDigit(s.charCodeAt(i + 1))) {
    i++;
    let frac = 0;
    let digits = 0;
    while (i < n && isDigit((c = s.charCodeAt(i)))) {
      // Digits past the 9th (never printed today) cannot change an integer ns value.
      if (digits < 9) frac = frac * 10 + (c - CH_0);
      digits++;
      i++;
    }
    // Seven digits only come from the trace-cmd <= 2.6 carry bug: microseconds that reached
    // 1000000 (`873.1000000` is 874 s). Otherwise the digits are a decimal fraction.
    const scale = digits === 7 ? 1000 : digits >= 9 ? 1 : POW10[9 - digits];
    out.value = secs * 1e9 + frac * scale;
    return i;
  }
  out.value = secs;
  return i;
}

const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000];

/**
 * Parses a duration printed in microseconds (`0.412`, `12345.67`, `123456.7`, `1394661`)
 * into integer nanoseconds, exactly: `12.326` is 12326 ns, `12345.67` is 12345670 ns.
 * Returns the index after the number or -1 when there is no digit at `i`.
 */
export function scanMicrosAsNs(s: string, i: number, out: { value: number }): number {
  const n = s.length;
  let c = i < n ? s.charCodeAt(i) : 0;
  if (!isDigit(c)) return -1;
  let us = 0;
  while (i < n && isDigit((c = s.charCodeAt(i)))) {
    us = us * 10 + (c - CH_0);
    i++;
  }
  let ns = us * 1000;
  if (i < n && s.charCodeAt(i) === CH_DOT) {
    i++;
    let scale = 100;
    while (i < n && isDigit((c = s.charCodeAt(i)))) {
      if (scale >= 1) ns += (c - CH_0) * scale;
      scale = scale / 10;
      i++;
    }
    // Sub-nanosecond digits are never printed; Math.round guards float dust from `scale`.
    ns = Math.round(ns);
  }
  out.value = ns;
  return i;
}

/** Parses an unsigned decimal integer at `i`; -1 when there is no digit. */
export function scanUint(s: string, i: number, out: { value: number }): number {
  const n = s.length;
  let c = i < n ? s.charCodeAt(i) : 0;
  if (!isDigit(c)) return -1;
  let v = 0;
  while (i < n && isDigit((c = s.charCodeAt(i)))) {
    v = v * 10 + (c - CH_0);
    i++;
  }
  out.value = v;
  return i;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Value of a hex string (with or without `0x`); NaN when it is not hex. Exact below 2^53. */
export function parseHex(text: string): number {
  let i = text.startsWith('0x') || text.startsWith('0X') ? 2 : 0;
  if (i >= text.length) return Number.NaN;
  let v = 0;
  for (; i < text.length; i++) {
    const h = hexValue(text.charCodeAt(i));
    if (h < 0) return Number.NaN;
    v = v * 16 + h;
  }
  return v;
}

/** Value of a decimal string; NaN when it is not all digits. */
export function parseDec(text: string): number {
  if (text.length === 0) return Number.NaN;
  let v = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!isDigit(c)) return Number.NaN;
    v = v * 10 + (c - CH_0);
  }
  return v;
}

/**
 * Splits a `comm-pid` text at the LAST `-` followed only by digits (docs/formats.md §5.1):
 * `Web Content-23817` → comm `Web Content`, pid 23817; `kworker/1:2-100` → `kworker/1:2`.
 * `start`/`end` delimit the text (surrounding blanks are trimmed here).
 * Returns false when there is no `-PID` at the end.
 */
export function splitCommPid(
  s: string,
  start: number,
  end: number,
  out: { comm: string; pid: number },
): boolean {
  while (start < end && s.charCodeAt(start) === CH_SPACE) start++;
  while (end > start && s.charCodeAt(end - 1) === CH_SPACE) end--;
  let j = end;
  let pid = 0;
  let mul = 1;
  while (j > start && isDigit(s.charCodeAt(j - 1))) {
    pid += (s.charCodeAt(j - 1) - CH_0) * mul;
    mul *= 10;
    j--;
  }
  if (j === end || j <= start || s.charCodeAt(j - 1) !== CH_DASH) return false;
  out.comm = s.slice(start, j - 1);
  out.pid = pid;
  return true;
}

/** `0x` followed by hex digits only: how `%ps` prints a function with no symbol. */
export function isHexAddress(name: string): boolean {
  return name.length > 2 && name.charCodeAt(0) === CH_0 && name.charCodeAt(1) === 120 /* x */ && !Number.isNaN(parseHex(name));
}

/**
 * A name that is an address, not a symbol: `0x…` (the kernel's `%ps`), or the bare 8 or 16
 * lowercase hex digits that trace-cmd prints for a function it has no symbol for
 * (`ffffffffc0a1b2c3`; docs/formats.md item 79).
 */
export function isUnresolvedName(name: string): boolean {
  if (isHexAddress(name)) return true;
  if (name.length !== 16 && name.length !== 8) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/**
 * Reads the `+0xOFF/0xSIZE` that `%pS` puts after a symbol (`vfs_open+0x2c/0x40`), with `i`
 * at the `+`. Sets `out.offset` and `out.size` and returns the index after the size, or -1
 * (out untouched) when the text is not in that form.
 */
export function scanOffsetSize(s: string, i: number, end: number, out: { offset: number; size: number }): number {
  if (s.charCodeAt(i) !== 43 /* + */) return -1;
  const slash = s.indexOf('/', i + 1);
  if (slash < 0 || slash >= end) return -1;
  let j = slash + 1;
  if (s.charCodeAt(j) === CH_0 && s.charCodeAt(j + 1) === 120 /* x */) j += 2;
  while (j < end && hexValue(s.charCodeAt(j)) >= 0) j++;
  const offset = parseHex(s.slice(i + 1, slash));
  const size = parseHex(s.slice(slash + 1, j));
  if (Number.isNaN(offset) || Number.isNaN(size)) return -1;
  out.offset = offset;
  out.size = size;
  return j;
}
