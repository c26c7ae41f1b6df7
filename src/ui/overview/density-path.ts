/**
 * The overview's density curve as an SVG path: one step per bucket, heights on a square
 * root scale so a quiet stretch next to a burst is still visible.
 */
import { scaleLinear, scaleSqrt } from 'd3-scale';

export function densityPath(counts: Uint32Array, maxCount: number, width: number, height: number): string {
  const n = counts.length;
  if (n === 0 || width <= 0 || maxCount <= 0) return '';
  const x = scaleLinear().domain([0, n]).range([0, width]);
  const y = scaleSqrt().domain([0, maxCount]).range([height, 2]);
  let d = `M0,${height}`;
  for (let b = 0; b < n; b++) {
    const top = counts[b] > 0 ? y(counts[b]) : height;
    d += `L${x(b).toFixed(1)},${top.toFixed(1)}L${x(b + 1).toFixed(1)},${top.toFixed(1)}`;
  }
  return `${d}L${width},${height}Z`;
}
