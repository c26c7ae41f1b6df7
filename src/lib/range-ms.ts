/**
 * A side's time range as compare mode writes it: milliseconds from the start of the side's
 * calls in view (µs precision), read back in trace nanoseconds clamped to its span. Side
 * B's range picker in the app and `cli diff --range-a/--range-b` (one rule for both).
 */

/** The inputs' text for a range (empty when there is none). */
export function rangeToMs(range: readonly [number, number] | null, startNs: number): [string, string] {
  if (!range) return ['', ''];
  const ms = (ns: number) => String(Math.round((ns - startNs) / 1e3) / 1e3);
  return [ms(range[0]), ms(range[1])];
}

/**
 * The range the inputs ask for, in trace nanoseconds within [startNs, endNs]; an empty
 * "from" is B's start, an empty "to" its end. Null when it is not a range (not numbers,
 * or empty once clamped).
 */
export function rangeFromMs(from: string, to: string, startNs: number, endNs: number): [number, number] | null {
  const read = (text: string, fallback: number): number => (text.trim() === '' ? fallback : startNs + Number(text) * 1e6);
  const a = read(from, startNs);
  const b = read(to, endNs);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return null;
  const lo = Math.round(Math.max(startNs, Math.min(a, b)));
  const hi = Math.round(Math.min(endNs, Math.max(a, b)));
  return hi > lo ? [lo, hi] : null;
}
