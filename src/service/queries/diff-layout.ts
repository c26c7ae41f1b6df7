/**
 * The differential flame graph's layout (compare mode): where each frame of the merged
 * tree of two sides goes, laid out by B or by A, measured by time or by calls, under a
 * zoom root, at a level of detail.
 *
 * Switching the compared quantity or the layout side must redraw within 50 ms at 1M calls
 * (issue 11). A merged tree of two 1M-call traces has about 1.5M paths, and on this
 * project's VM touching fresh memory costs up to 30 µs a 4 KiB page: the first version
 * allocated six arrays of one entry per path on every new layout (~70 MB, 0.5–1.2 s). So
 * what does not depend on the switch is made ONCE per comparison (`DiffLayoutBase`: two
 * scratch arrays with the comparison, each side's calls under each path with the first
 * layout by calls, which the worker makes ahead after the first answer), and a layout is
 * then two passes over the zoom root's subtree into that scratch, plus a walk of the frames
 * wide enough to be sent. Nothing of a path's size is allocated on a switch once the
 * layouts ahead are made (a calls switch before them makes the calls columns).
 *
 * Merged nodes are numbered depth first, parents first (core/query/compare.ts), so a
 * node's subtree is the run of nodes after it deeper than it: a zoom root's subtree is a
 * range, and one reverse pass over it sees every child before its parent.
 */
import type { MergedCallTree } from '../../core/query/compare';

/**
 * The width the root of a one-sided subtree gets (a fraction of the zoom root) when the
 * layout side lacks it, so a path present only on the other side stays visible however
 * thin it is; ONE_SIDED_BUDGET caps what all of them take together (a trace with thousands
 * of paths the other lacks would otherwise push the layout side's own paths aside).
 */
export const ONE_SIDED_MIN_WIDTH = 0.004;
export const ONE_SIDED_BUDGET = 0.25;

/** What decides a layout: the side whose widths it has, the measure, the zoom, the detail. */
export interface DiffLayoutRequest {
  /** Whose widths the frames have: B's (the default, as difffolded.pl) or A's (the negated graph). */
  layoutBy: 'a' | 'b';
  /** Self and total time lay out alike (by total time); calls by the calls under each path. */
  quantity: 'self' | 'total' | 'calls';
  /** Zoom root as names from the root; [] = every root side by side. */
  zoomPath: readonly string[];
  /** Frames narrower than this fraction of the zoom root are skipped (with their subtree). */
  minWidth: number;
}

/** The frames' places (merged node, edges, row, parent frame): what a layout side, measure, zoom and detail decide. */
export interface DiffLayout {
  node: Int32Array;
  x0: Float64Array;
  x1: Float64Array;
  depth: Uint32Array;
  parent: Int32Array;
  zoomFound: number;
}

/** The key of a layout: self and total lay out alike (by total time), normalisation not at all. */
export function diffLayoutKey(req: DiffLayoutRequest): string {
  return JSON.stringify([req.layoutBy === 'a' ? 'a' : 'b', req.quantity === 'calls', req.zoomPath, req.minWidth]);
}

/**
 * What every layout of one comparison shares: the scratch the layouts write, made when the
 * comparison is built (a layout is synchronous: one scratch serves them all), and each
 * side's calls under each path, made for the first layout by calls.
 */
export class DiffLayoutBase {
  /** Calls on each path and below it, per side: made for the first layout by calls (a time layout needs neither). */
  private underA: Float64Array | undefined;
  private underB: Float64Array | undefined;
  /** Scratch: each node's width while a layout is made. */
  private readonly width: Float64Array;
  /** Scratch: the root of the one-sided subtree a node is in, -1 when the layout side has it. */
  private readonly oneSidedRoot: Int32Array;

  constructor(readonly merged: MergedCallTree) {
    const n = merged.length;
    this.width = new Float64Array(n);
    this.oneSidedRoot = new Int32Array(n);
  }

  get callsUnderA(): Float64Array {
    return (this.underA ??= callsUnder(this.merged, this.merged.callsA));
  }
  get callsUnderB(): Float64Array {
    return (this.underB ??= callsUnder(this.merged, this.merged.callsB));
  }

  /**
   * Lays out the merged subtree of the zoom root: each frame's width is the layout side's
   * measure of the path (total time for self/total, calls under it for calls), and at least
   * the sum of its children's widths; children sit left to right in name order
   * (flamegraph.pl's). A subtree the layout side lacks gets, at its root, the floor
   * (ONE_SIDED_MIN_WIDTH of the zoom root, less when there are many: ONE_SIDED_BUDGET over
   * their count), and inside it the other side's measures scaled to that floor; its root is
   * sent whatever `minWidth` says (the client draws it a few pixels wide at least).
   */
  layout(req: DiffLayoutRequest): DiffLayout {
    const merged = this.merged;
    const { parent, presence } = merged;
    const n = merged.length;
    const byB = req.layoutBy !== 'a';
    const calls = req.quantity === 'calls';
    // By time, each path's total is read from its side's tree (MergedCallTree.sideFigure):
    // the merged columns are not made for a layout (two columns of fresh memory).
    const measure = calls ? direct(byB ? this.callsUnderB : this.callsUnderA) : merged.sideFigure(byB ? 'b' : 'a', 'total');
    const other = calls ? direct(byB ? this.callsUnderA : this.callsUnderB) : merged.sideFigure(byB ? 'a' : 'b', 'total');
    const mNode = measure.node;
    const mValues = measure.values;
    const oNode = other.node;
    const oValues = other.values;
    const measureOf = (k: number): number => {
      const q = mNode === null ? k : mNode[k];
      return q >= 0 ? mValues[q] : 0;
    };
    const otherOf = (k: number): number => {
      const q = oNode === null ? k : oNode[k];
      return q >= 0 ? oValues[q] : 0;
    };
    // Zoom root (longest prefix found).
    let zoom = -1;
    let found = 0;
    for (const name of req.zoomPath) {
      const kids = zoom < 0 ? merged.roots : merged.children(zoom);
      const next = kids.find((k) => merged.nameOf(k) === name);
      if (next === undefined) break;
      zoom = next;
      found++;
    }
    // The zoom root's subtree: [lo, hi).
    const lo = zoom < 0 ? 0 : zoom;
    let hi = n;
    // (the first node after it is the first whose parent comes before the zoom root)
    if (zoom >= 0) for (hi = zoom + 1; hi < n && parent[hi] >= zoom; hi++);
    const top = zoom < 0 ? merged.roots : Int32Array.of(zoom);
    let whole = 0;
    for (const k of top) whole += measureOf(k);
    // One-sided subtrees: the root of each within the zoom (parents first, so a parent is seen before its children).
    const layoutPresence = byB ? 2 : 1;
    const root = this.oneSidedRoot;
    let roots = 0;
    for (let k = lo; k < hi; k++) {
      if ((presence[k] & layoutPresence) !== 0) {
        root[k] = -1;
        continue;
      }
      const p = parent[k];
      const r = p >= lo && root[p] >= 0 ? root[p] : k;
      root[k] = r;
      if (r === k) roots++;
    }
    const floor = whole > 0 ? whole * Math.min(ONE_SIDED_MIN_WIDTH, ONE_SIDED_BUDGET / Math.max(1, roots)) : 1;
    // Widths bottom-up: a reverse pass sees children first; each node's entry holds the sum
    // of its children's widths until the node itself is reached.
    const width = this.width;
    width.fill(0, lo, hi);
    for (let k = hi - 1; k >= lo; k--) {
      let w = measureOf(k);
      const r = root[k];
      if (r >= 0) {
        const rootOther = otherOf(r);
        w = r === k ? floor : rootOther > 0 ? (otherOf(k) / rootOther) * floor : 0;
      }
      w = Math.max(w, width[k]);
      width[k] = w;
      const p = parent[k];
      if (p >= lo) width[p] += w;
    }
    let span = 0;
    for (const k of top) span += width[k];
    const minWidth = Number.isFinite(req.minWidth) && req.minWidth > 0 ? req.minWidth : 0;
    const cols = { x0: [] as number[], x1: [] as number[], depth: [] as number[], parent: [] as number[], node: [] as number[] };
    if (span > 0) {
      // Pre-order: (node, left edge, depth, parent frame). A frame too narrow is not pushed at all.
      const stack: [number, number, number, number][] = [];
      const wanted = (k: number) => width[k] / span >= minWidth || root[k] === k;
      let x = 0;
      for (const k of top) {
        if (wanted(k)) stack.push([k, x, 0, -1]);
        x += width[k] / span;
      }
      stack.reverse();
      while (stack.length > 0) {
        const [k, left, d, parentFrame] = stack.pop()!;
        const frame = cols.node.length;
        cols.node.push(k);
        cols.x0.push(left);
        cols.x1.push(left + width[k] / span);
        cols.depth.push(d);
        cols.parent.push(parentFrame);
        const kids = merged.children(k);
        let cx = left;
        const pending: [number, number, number, number][] = [];
        for (const c of kids) {
          if (wanted(c)) pending.push([c, cx, d + 1, frame]);
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
}

/** A figure of each path kept by path (node null: `values[k]` is path k's). */
type Figure = { node: Int32Array | null; values: Float64Array | Uint32Array };
const direct = (values: Float64Array): Figure => ({ node: null, values });

/** Calls on each path and below it (children follow their parent: one reverse pass). */
function callsUnder(merged: MergedCallTree, calls: Float64Array): Float64Array {
  const out = Float64Array.from(calls);
  for (let k = merged.length - 1; k >= 0; k--) if (merged.parent[k] >= 0) out[merged.parent[k]] += out[k];
  return out;
}
