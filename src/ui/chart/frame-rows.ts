/**
 * Hit testing: the frames of each row in x order, so the frame under the pointer is a
 * binary search in one row. Frames arrive in pre-order (left to right within a row), so
 * one pass fills the rows already sorted.
 */

export interface FrameColumns {
  length: number;
  x0: Float64Array;
  x1: Float64Array;
  depth: Uint32Array;
}

/** rows[d] = frame indices at depth d, ordered by x0. */
export function buildRows(f: FrameColumns, maxDepth: number): Int32Array[] {
  const counts = new Int32Array(Math.max(0, maxDepth + 1));
  for (let k = 0; k < f.length; k++) counts[f.depth[k]]++;
  const rows = Array.from(counts, (c) => new Int32Array(c));
  const fill = new Int32Array(counts.length);
  for (let k = 0; k < f.length; k++) {
    const d = f.depth[k];
    rows[d][fill[d]++] = k;
  }
  return rows;
}

/**
 * The frame at fraction `x` in row `depth`, or -1. `slack` (a fraction) widens frames so
 * that sub-pixel ones can still be hovered.
 */
export function frameAt(f: FrameColumns, rows: Int32Array[], depth: number, x: number, slack = 0): number {
  const row = rows[depth];
  if (!row || row.length === 0) return -1;
  // Last frame whose x0 <= x + slack.
  let lo = 0;
  let hi = row.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (f.x0[row[mid]] <= x + slack) lo = mid + 1;
    else hi = mid;
  }
  const k = lo > 0 ? row[lo - 1] : -1;
  return k >= 0 && f.x1[k] >= x - slack ? k : -1;
}
