/** Statistics and text of the app benchmark's figures. */

export const ms = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : `${x.toFixed(x < 100 ? 1 : 0)} ms`);
export const secs = (x: number) => `${(x / 1000).toFixed(2)} s`;
export const gb = (b: number) => `${(b / 1e9).toFixed(2)} GB`;
export const mbps = (bytes: number, t: number) => `${(bytes / 1e6 / (t / 1000)).toFixed(0)} MB/s`;

export function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  // Nearest rank: with 10 samples the p95 is the largest one.
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}
export const median = (xs: number[]) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export function table(rows: string[][], indent = '  '): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows
    .map((r) => indent + r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('   ').trimEnd())
    .join('\n');
}
