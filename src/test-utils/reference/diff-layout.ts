/**
 * The differential flame graph's layout in the plain way (fresh arrays for every layout,
 * every node visited), as the reference the service's layout (service/queries/diff-layout.ts,
 * which reuses what one comparison shares) is checked against.
 */
import type { MergedCallTree } from '../../core/query/compare';
import { ONE_SIDED_BUDGET, ONE_SIDED_MIN_WIDTH, type DiffLayout, type DiffLayoutRequest } from '../../service/queries/diff-layout';

export function referenceDiffLayout(merged: MergedCallTree, req: DiffLayoutRequest): DiffLayout {
  const n = merged.length;
  // Each side's inclusive measure per node; the layout side's and the other's.
  const byB = req.layoutBy !== 'a';
  const inclusive = (side: 'a' | 'b'): Float64Array => {
    const out = new Float64Array(n);
    if (req.quantity === 'calls') {
      out.set(side === 'b' ? merged.callsB : merged.callsA);
      for (let k = n - 1; k >= 0; k--) if (merged.parent[k] >= 0) out[merged.parent[k]] += out[k];
    } else out.set(side === 'b' ? merged.totalB : merged.totalA);
    return out;
  };
  const measure = inclusive(byB ? 'b' : 'a');
  const other = inclusive(byB ? 'a' : 'b');
  // Zoom root (longest prefix found).
  let zoom = -1;
  let found = 0;
  for (const name of req.zoomPath) {
    const kids = zoom < 0 ? merged.roots : merged.children(zoom);
    const next = kids.find((k) => merged.name[k] === name);
    if (next === undefined) break;
    zoom = next;
    found++;
  }
  const top = zoom < 0 ? merged.roots : Int32Array.of(zoom);
  let whole = 0;
  for (const k of top) whole += measure[k];
  // One-sided subtrees: the root of each (parents first, so a parent is seen before its children).
  const layoutPresence = byB ? 2 : 1;
  const lacks = (k: number) => (merged.presence[k] & layoutPresence) === 0;
  const oneSidedRoot = new Int32Array(n).fill(-1);
  const inZoom = new Uint8Array(n);
  for (const k of top) inZoom[k] = 1;
  let roots = 0;
  for (let k = 0; k < n; k++) {
    const p = merged.parent[k];
    if (p >= 0 && inZoom[p]) inZoom[k] = 1;
    if (!lacks(k)) continue;
    oneSidedRoot[k] = p >= 0 && lacks(p) && oneSidedRoot[p] >= 0 && inZoom[p] ? oneSidedRoot[p] : k;
    if (oneSidedRoot[k] === k && inZoom[k]) roots++;
  }
  const floor = whole > 0 ? whole * Math.min(ONE_SIDED_MIN_WIDTH, ONE_SIDED_BUDGET / Math.max(1, roots)) : 1;
  // Widths bottom-up: parents-first numbering, so a reverse pass sees children first.
  const width = new Float64Array(n);
  const childSum = new Float64Array(n);
  for (let k = n - 1; k >= 0; k--) {
    let w = measure[k];
    const r = oneSidedRoot[k];
    if (r >= 0) w = r === k ? floor : other[r] > 0 ? (other[k] / other[r]) * floor : 0;
    w = Math.max(w, childSum[k]);
    width[k] = w;
    const p = merged.parent[k];
    if (p >= 0) childSum[p] += w;
  }
  let span = 0;
  for (const k of top) span += width[k];
  const minWidth = Number.isFinite(req.minWidth) && req.minWidth > 0 ? req.minWidth : 0;
  const cols = { x0: [] as number[], x1: [] as number[], depth: [] as number[], parent: [] as number[], node: [] as number[] };
  if (span > 0) {
    // Pre-order: (node, left edge, depth, parent frame).
    const stack: [number, number, number, number][] = [];
    let x = 0;
    for (const k of top) {
      stack.push([k, x, 0, -1]);
      x += width[k] / span;
    }
    stack.reverse();
    while (stack.length > 0) {
      const [k, left, depth, parentFrame] = stack.pop()!;
      const w = width[k] / span;
      if (w < minWidth && oneSidedRoot[k] !== k) continue;
      const frame = cols.node.length;
      cols.node.push(k);
      cols.x0.push(left);
      cols.x1.push(left + w);
      cols.depth.push(depth);
      cols.parent.push(parentFrame);
      const kids = merged.children(k);
      let cx = left;
      const pending: [number, number, number, number][] = [];
      for (const c of kids) {
        pending.push([c, cx, depth + 1, frame]);
        cx += width[c] / span;
      }
      for (let j = pending.length - 1; j >= 0; j--) stack.push(pending[j]);
    }
  }
  return {
    node: Int32Array.from(cols.node),
    x0: Float64Array.from(cols.x0),
    x1: Float64Array.from(cols.x1),
    depth: Uint32Array.from(cols.depth),
    parent: Int32Array.from(cols.parent),
    zoomFound: found,
  };
}
