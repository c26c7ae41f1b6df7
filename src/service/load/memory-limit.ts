/**
 * A trace too big for the tab's memory stops with a message instead of a dead tab
 * (issue 10 §4): how much it would need, and how to cut it.
 *
 * What exploring a trace holds grows with its calls: the call table (45 bytes a call:
 * call-table.ts's ten columns) and the facts every view reads, pinned for the model's life
 * (topology 12, times 9, each task's time order 4, the search's sweep index 4: about 30
 * bytes a call; derived-data.ts), plus the trees and answers the views keep, which the
 * derived data's budget bounds. So the need is taken as BYTES_PER_CALL a call; the read
 * stops once the calls read so far need more than the limit, and says what the whole
 * input would need at the rate seen so far.
 */

/** Bytes a call needs once explored: the model's columns and the pinned facts, rounded up. */
export const BYTES_PER_CALL = 80;

/**
 * The tab's memory as far as the browser says: Chromium's `performance.memory` heap limit,
 * else half the device memory (`navigator.deviceMemory`, in GB, capped at 8 by the browser),
 * else no limit (Node, other browsers).
 */
export function defaultMemoryLimit(): number {
  const host = globalThis as { performance?: { memory?: { jsHeapSizeLimit?: number } }; navigator?: { deviceMemory?: number } };
  const heap = host.performance?.memory?.jsHeapSizeLimit;
  if (typeof heap === 'number' && heap > 0) return heap;
  const device = host.navigator?.deviceMemory;
  if (typeof device === 'number' && device > 0) return (device * 1e9) / 2;
  return Number.POSITIVE_INFINITY;
}

/** Bytes the calls read so far need. */
export function memoryNeed(calls: number): number {
  return calls * BYTES_PER_CALL;
}

/**
 * The message of a load stopped at the limit: `calls` read from `readBytes` of
 * `totalBytes` input bytes (0 when unknown).
 */
export function tooBigMessage(calls: number, readBytes: number, totalBytes: number, limit: number): string {
  const soFar = memoryNeed(calls);
  const whole = totalBytes > 0 && readBytes > 0 ? soFar * (totalBytes / Math.min(readBytes, totalBytes)) : Number.NaN;
  const need = Number.isFinite(whole)
    ? `about ${formatBytesForMessage(whole)} to explore (${formatBytesForMessage(soFar)} for the first ${Math.round((100 * readBytes) / totalBytes)}% of the file)`
    : `more than ${formatBytesForMessage(soFar)} to explore (that much for the part read before the load stopped)`;
  return (
    `This trace is too big for this tab's memory: it needs ${need}, and the tab can give about ${formatBytesForMessage(limit)}. ` +
    "Cut it before opening it: one CPU (trace-cmd report --cpu N), only the events you need (trace-cmd report -F '<event>: <filter>'), " +
    'or a time range (trace-cmd split -o part.dat START END, then report that part).'
  );
}

/** Bytes in a message: `2.4 MB`, `850 MB`, `3.2 GB` (decimal units, as the progress bar prints them). */
export function formatBytesForMessage(bytes: number): string {
  if (!Number.isFinite(bytes)) return 'no limit';
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e7) return `${Math.round(bytes / 1e6)} MB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} kB`;
  return `${Math.round(bytes)} B`;
}
