/**
 * The Summary's order of functions: by total time, an unknown total (no call of it has a
 * duration) after every known one (a known 0 included), then by calls, then by name. The
 * core's summary of the load and the UI's Top functions under filters sort alike.
 */
export function bySummaryOrder(a: { name: string; calls: number; totalNs: number | null }, b: { name: string; calls: number; totalNs: number | null }): number {
  return (b.totalNs ?? -1) - (a.totalNs ?? -1) || b.calls - a.calls || (a.name < b.name ? -1 : 1);
}
