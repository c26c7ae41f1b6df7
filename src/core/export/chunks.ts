/**
 * Exports are written as a stream of string chunks: a 5M-call export must never be one
 * string in memory, and a reader (a pipe, a worker message, a Blob being assembled) takes
 * one chunk at a time. `batched` joins many small pieces into chunks of about `size` chars.
 */

/** Chunk size: large enough that per-chunk costs vanish, small enough to stream. */
export const CHUNK_CHARS = 1 << 16;

/** Joins the pieces of `parts` into chunks of at least `size` characters (the last may be shorter). */
export function* batched(parts: Iterable<string>, size = CHUNK_CHARS): Generator<string> {
  let buf: string[] = [];
  let len = 0;
  for (const p of parts) {
    buf.push(p);
    len += p.length;
    if (len >= size) {
      yield buf.join('');
      buf = [];
      len = 0;
    }
  }
  if (len > 0) yield buf.join('');
}

/** Exact decimal microseconds for integer nanoseconds (`1234567` → `1234.567`), no float noise. */
export function microsText(ns: number): string {
  const neg = ns < 0;
  const a = Math.abs(Math.round(ns));
  const whole = Math.floor(a / 1000);
  const frac = a - whole * 1000;
  const text = frac === 0 ? String(whole) : `${whole}.${String(frac).padStart(3, '0').replace(/0+$/, '')}`;
  return neg ? `-${text}` : text;
}
