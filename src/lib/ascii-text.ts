/**
 * The text of a few bytes of UTF-8 without TextDecoder when they are all ASCII: one call of
 * `String.fromCharCode` on a reused plain array of their codes.
 *
 * Why: a load decodes a line now and then amid millions it reads as bytes (an event line,
 * a name seen for the first time), and each such decode runs through the browser's
 * bindings code, cold by then. In Chromium 156's worker, decoding one line of a trace every
 * 150 lines of a byte scan took 5 µs a line, and this 0.7–1.5 µs (a probe of 2,421 lines, 4
 * ways alternated); a 1M-call report's 13,387 event lines spent 114 ms of its load in
 * `decode` (sampled). A typed array handed to `fromCharCode.apply` is no faster than the
 * decoder (4.5 µs): the codes go through a plain array.
 *
 * The same string TextDecoder gives: ASCII bytes are their own code points in UTF-8 (a BOM,
 * or any byte past 0x7F, is not ASCII: the caller decodes those).
 */

/** Longest run made this way: `apply` passes every code as an argument. */
export const MAX_ASCII_RUN = 4096;

const codes: number[] = [];

/** `bytes[start, end)` as a string when all are ASCII and not more than MAX_ASCII_RUN; else undefined. */
export function asciiText(bytes: Uint8Array, start: number, end: number): string | undefined {
  const n = end - start;
  if (n <= 0) return n === 0 ? '' : undefined;
  if (n > MAX_ASCII_RUN) return undefined;
  let any = 0;
  for (let k = 0; k < n; k++) {
    const c = bytes[start + k];
    any |= c;
    codes[k] = c;
  }
  if (any >= 0x80) return undefined;
  codes.length = n;
  return String.fromCharCode.apply(null, codes);
}

/** `bytes[start, end)` decoded as UTF-8: ASCII by asciiText, anything else by `decoder`. */
export function utf8Text(decoder: TextDecoder, bytes: Uint8Array, start: number, end: number): string {
  return asciiText(bytes, start, end) ?? decoder.decode(bytes.subarray(start, end));
}
