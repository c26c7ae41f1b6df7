/**
 * The differential flame graph's layout (compare mode): where each frame of the merged
 * tree of two sides goes, laid out by B or by A, measured by time or by calls, under a
 * zoom root, at a level of detail.
 *
 * Switching the compared quantity or the layout side must redraw within 50 ms at 1M calls
 * (issue 11), and the first layout is part of compare mode's first screen. A merged tree
 * of two 1M-call traces has about 1.5M paths, and on this project's VM touching fresh
 * memory costs 25–57 µs a 4 KiB page: the first version allocated six arrays of one entry
 * per path on every new layout (~70 MB, 0.5–1.2 s); the next kept two scratch arrays per
 * comparison (18 MB, 60–200 ms of the first screen). Now a layout allocates nothing of a
 * path's size: one reverse pass over the zoom root's subtree makes the widths (a node's
 * needs its whole subtree's; a subtree whose widths are known without it is skipped) and
 * keeps only those the frames' walk reads (the children of the frames wide enough to be
 * sent: a few thousand), with a stack of the widths still waiting for their parent. Only a
 * layout by calls makes per-path arrays (each side's calls under each path, once per
 * comparison, which the worker makes ahead after the first answer).
 *
 * Merged nodes are numbered depth first, parents first (core/query/compare.ts), so a
 * node's subtree is a range [k, subtreeEnd(k)): a zoom root's subtree is a range, and one
 * reverse pass over it sees every child before its parent.
 */
import type { MergedCallTree } from '../../core/query/compare';
import { grown } from '../../lib/grown';

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
 * What every layout of one comparison shares: each side's calls under each path, made for
 * the first layout by calls (a layout by time reads the sides' trees).
 */
export class DiffLayoutBase {
  /** Calls on each path and below it, per side: made for the first layout by calls (a time layout needs neither). */
  private underA: Float64Array | undefined;
  private underB: Float64Array | undefined;
  /** Scratch of the widths pass (WidthScratch). */
  private readonly scratch = new WidthScratch();
  /** Paths the last layout's widths pass went through one by one (the rest skipped in whole subtrees): for tests and benchmarks. */
  lastPassed = 0;

  constructor(readonly merged: MergedCallTree) {}

  get callsUnderA(): Float64Array {
    return (this.underA ??= callsUnder(this.merged, 'a'));
  }
  get callsUnderB(): Float64Array {
    return (this.underB ??= callsUnder(this.merged, 'b'));
  }

  /**
   * Lays out the merged subtree of the zoom root: each frame's width is the layout side's
   * measure of the path (total time for self/total, calls under it for calls), and at least
   * the sum of its children's widths; children sit left to right in name order
   * (flamegraph.pl's). A subtree the layout side lacks gets, at its root, the floor
   * (ONE_SIDED_MIN_WIDTH of the zoom root, less when there are many: ONE_SIDED_BUDGET over
   * their count), and inside it the other side's measures scaled to that floor; its root is
   * sent whatever `minWidth` says (the client draws it a few pixels wide at least).
   *
   * Every width is made (one reverse pass over the zoom root's subtree: a node's width
   * needs its whole subtree's), but only those the frames' walk reads are kept: the
   * children of a node wide enough to be sent (see `widths`).
   */
  layout(req: DiffLayoutRequest): DiffLayout {
    const merged = this.merged;
    const byB = req.layoutBy !== 'a';
    const calls = req.quantity === 'calls';
    // By time, each path's total is read from its side's tree (MergedCallTree.sideFigure):
    // the merged columns are not made for a layout (two columns of fresh memory).
    const measure = calls ? direct(byB ? this.callsUnderB : this.callsUnderA) : merged.sideFigure(byB ? 'b' : 'a', 'total');
    const other = calls ? direct(byB ? this.callsUnderA : this.callsUnderB) : merged.sideFigure(byB ? 'a' : 'b', 'total');
    const mNode = measure.node;
    const mValues = measure.values;
    const measureOf = (k: number): number => {
      const q = mNode === null ? k : mNode[k];
      return q >= 0 ? mValues[q] : 0;
    };
    // The layout side lacks a path: then it lacks every path below it too, so the one-sided
    // paths within the zoom are whole subtrees, each below a path the side has (or the zoom root).
    const own = byB ? merged.nodeB : merged.nodeA;
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
    const hi = zoom < 0 ? merged.length : merged.subtreeEnd(zoom);
    const top = zoom < 0 ? merged.roots : Int32Array.of(zoom);
    let whole = 0;
    for (const k of top) whole += measureOf(k);
    // The one-sided subtrees' roots within the zoom, in order (each subtree skipped whole).
    const end = merged.subtreeEnds;
    const oneSided: number[] = [];
    // The subtrees the other side lacks (the layout side's own paths only): where the layout
    // side's figures nest, each width inside is its own measure (see widthsPass), so the
    // pass skips them whole. Most paths of two unrelated traces are in such subtrees.
    const ownNests = calls || merged.sideTotalsNest(byB ? 'b' : 'a');
    const otherNode = byB ? merged.nodeA : merged.nodeB;
    const ownOnly: number[] = [];
    for (let k = lo; k < hi; ) {
      if (own[k] < 0) {
        oneSided.push(k);
        k = end[k];
      } else if (ownNests && otherNode[k] < 0) {
        ownOnly.push(k);
        k = end[k];
      } else k++;
    }
    const floor = whole > 0 ? whole * Math.min(ONE_SIDED_MIN_WIDTH, ONE_SIDED_BUDGET / Math.max(1, oneSided.length)) : 1;
    // The frames' walk reads the width of each top node and of each child of a frame it
    // sends. A frame is sent when wide enough (width / span >= minWidth) or when it is a
    // one-sided root; a child is never wider than its parent (widths are sums of figures,
    // never negative), and a one-sided root's children are no roots, so only the children
    // of nodes at least minWidth * span wide are read. The span (the tops' widths) is known
    // after the pass, but is at least the tops' own measures: children are kept under half
    // that bound times minWidth (rounding cannot lose one).
    let spanBound = 0;
    for (const k of top) spanBound += own[k] < 0 ? floor : measureOf(k);
    const keepAbove = 0.5 * (Number.isFinite(req.minWidth) && req.minWidth > 0 ? req.minWidth : 0) * spanBound;
    // By calls, the other side's measure is the calls under each path: it covers its children's by construction.
    const otherNests = calls || merged.sideTotalsNest(byB ? 'a' : 'b');
    const kept = widthsPass({ lo, hi, end, own, measure, other, otherNests, oneSided, ownOnly, floor, keepAbove }, this.scratch);
    this.lastPassed = kept.passed;
    const keptWidths = kept.widths;
    // The tops' widths: the run of -1, the last top first (as every run).
    const topRun = kept.runs.get(-1)!;
    let span = 0;
    for (let i = 0; i < top.length; i++) span += keptWidths[topRun + top.length - 1 - i];
    const minWidth = Number.isFinite(req.minWidth) && req.minWidth > 0 ? req.minWidth : 0;
    const cols = { x0: [] as number[], x1: [] as number[], depth: [] as number[], parent: [] as number[], node: [] as number[] };
    if (span > 0) {
      // Pre-order: (node, left edge, depth, parent frame, width). A frame too narrow is not pushed at all.
      const stack: [number, number, number, number, number][] = [];
      let x = 0;
      for (let i = 0; i < top.length; i++) {
        const k = top[i];
        const w = keptWidths[topRun + top.length - 1 - i] / span;
        if (w >= minWidth || own[k] < 0) stack.push([k, x, 0, -1, w]);
        x += w;
      }
      stack.reverse();
      while (stack.length > 0) {
        const [k, left, d, parentFrame, w] = stack.pop()!;
        const frame = cols.node.length;
        cols.node.push(k);
        cols.x0.push(left);
        cols.x1.push(left + w);
        cols.depth.push(d);
        cols.parent.push(parentFrame);
        // No run kept: a one-sided root narrower than minWidth, none of whose children is sent.
        const run = kept.runs.get(k);
        if (run === undefined) continue;
        const kids = merged.children(k);
        let cx = left;
        const pending: [number, number, number, number, number][] = [];
        for (let i = 0; i < kids.length; i++) {
          const c = kids[i];
          const cw = keptWidths[run + kids.length - 1 - i] / span;
          // (a child is a one-sided root where the layout side has its parent)
          if (cw >= minWidth || (own[c] < 0 && own[k] >= 0)) pending.push([c, cx, d + 1, frame, cw]);
          cx += cw;
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

/** What the widths pass reads (DiffLayoutBase.layout). */
interface WidthsInput {
  /** The zoom root's subtree [lo, hi). */
  lo: number;
  hi: number;
  end: Int32Array;
  /** The layout side's node of each path (-1: the side lacks it). */
  own: Int32Array;
  measure: Figure;
  other: Figure;
  /** Whether each path's `other` is whole, at least its children's sum, and every sum exact (CallTree.totalsNest). */
  otherNests: boolean;
  /** Roots of the one-sided subtrees within the zoom, in order. */
  oneSided: readonly number[];
  /**
   * Roots of the subtrees within the zoom that the other side lacks, in order, when the
   * layout side's figures nest (else none): each width inside is its own measure.
   */
  ownOnly: readonly number[];
  floor: number;
  /** The children of a node at least this wide have their widths kept. */
  keepAbove: number;
}

/**
 * Every node's width, bottom-up (a reverse pass sees children first, the last one first):
 * a node's width waits on a stack until its parent is reached, whose children are then
 * the entries above its own subtree's end, summed in the order they came (the order of the
 * plain layout's additions: the same sums to the bit). Returns the widths kept: the
 * children of the nodes at least `keepAbove` wide, and the tops'.
 *
 * A one-sided subtree (the layout side lacks it) is skipped whole, its root given the floor,
 * when that is provably what the pass over it would give and it would keep nothing: when the
 * other side's figures nest (a path's covers its children's: `otherNests`), every width
 * inside is at most its figure over the root's times the floor, times a rounding factor
 * below 1 + size·2^-51 (each width is one division, one product and at most `size`
 * additions of non-negative terms); so with the floor (times that factor) under
 * `keepAbove`, no width inside is kept, and with the root's children's figures under the
 * root's by more than that factor, their widths sum to less than the floor, and the root's
 * width is the floor. Most paths of two unrelated traces are in such subtrees.
 *
 * A subtree the other side lacks (`ownOnly`: the layout side's own paths) is skipped whole
 * too: there each width is the path's own measure, exactly (keepOwnOnlyRuns says why), and
 * the runs inside are kept from its root down, reading only the paths wide enough.
 */
function widthsPass(input: WidthsInput, scratch: WidthScratch): KeptWidths {
  const { lo, hi, end, own, oneSided, ownOnly, floor, keepAbove } = input;
  // The rounding margin of the skip (see above), for a subtree of `size` paths.
  const ROUNDING = 2 ** -49;
  const skipInside = input.otherNests && floor * (1 + (hi - lo) * ROUNDING) < keepAbove;
  const mNode = input.measure.node;
  const mValues = input.measure.values;
  const oNode = input.other.node;
  const oValues = input.other.values;
  const runs = new Map<number, number>();
  let node = scratch.node;
  let width = scratch.width;
  let kept = scratch.kept;
  let size = 0;
  let keptSize = 0;
  let q = oneSided.length - 1;
  let r = -1;
  let rootOther = 0;
  let o = ownOnly.length - 1;
  let passed = 0;
  for (let k = hi - 1; k >= lo; k--) {
    passed++;
    let w: number;
    if (own[k] < 0) {
      // In a one-sided subtree: its root is the last one at or before k.
      while (oneSided[q] > k) q--;
      const root = oneSided[q];
      const ok = oNode === null ? k : oNode[k];
      const otherK = ok >= 0 ? oValues[ok] : 0;
      if (root !== r) {
        // The subtree's first node reached (its last): skip to its root when the floor is its width.
        r = root;
        const or = oNode === null ? r : oNode[r];
        rootOther = or >= 0 ? oValues[or] : 0;
        if (skipInside && root < k) {
          const stop = end[root];
          let kids = 0;
          for (let c = root + 1; c < stop; c = end[c]) {
            const oc = oNode === null ? c : oNode[c];
            kids += oc >= 0 ? oValues[oc] : 0;
          }
          if (rootOther === 0 || kids * (1 + (stop - root) * ROUNDING) < rootOther) k = root;
        }
      }
      w = root === k ? floor : rootOther > 0 ? (otherK / rootOther) * floor : 0;
    } else {
      // In a subtree the other side lacks, reached at its last path: its runs are kept from
      // its root down (keepOwnOnlyRuns) and the pass goes on at the root, whose width is its
      // measure (no child of it is waiting: they were skipped).
      while (o >= 0 && ownOnly[o] > k) o--;
      if (o >= 0 && ownOnly[o] < k && k < end[ownOnly[o]]) {
        k = ownOnly[o];
        keptSize = keepOwnOnlyRuns(k, input, keptSize, runs, scratch);
        kept = scratch.kept;
      }
      const mk = mNode === null ? k : mNode[k];
      w = mk >= 0 ? mValues[mk] : 0;
    }
    const stop = end[k];
    let first = size;
    while (first > 0 && node[first - 1] < stop) first--;
    let childSum = 0;
    for (let t = first; t < size; t++) childSum += width[t];
    w = Math.max(w, childSum);
    if (w >= keepAbove && size > first) {
      if (keptSize + size - first > kept.length) kept = scratch.growKept(keptSize + size - first);
      runs.set(k, keptSize);
      for (let t = first; t < size; t++) kept[keptSize++] = width[t];
    }
    size = first;
    if (size === node.length) {
      scratch.grow();
      node = scratch.node;
      width = scratch.width;
    }
    node[size] = k;
    width[size++] = w;
  }
  // The tops remain (parentless within the zoom): the run of -1.
  if (keptSize + size > kept.length) kept = scratch.growKept(keptSize + size);
  runs.set(-1, keptSize);
  for (let t = 0; t < size; t++) kept[keptSize++] = width[t];
  return { widths: kept, runs, passed };
}

/**
 * The runs the pass would keep inside the subtree of `root`, which the other side lacks,
 * from `keptSize` on; returns the new size. The layout side's figures nest there (the
 * subtree is the side's own, child for child): each path's figure is a whole number at
 * least its children's sum, every sum exact, so the pass's width of each path, the larger
 * of its measure and its children's widths, is its measure. A run is kept for each path
 * at least `keepAbove` wide that has children (its children's widths, the last first, as
 * the pass pushes them); a narrower path has no wider child, so only the children of kept
 * paths are looked at.
 */
function keepOwnOnlyRuns(root: number, input: WidthsInput, keptSize: number, runs: Map<number, number>, scratch: WidthScratch): number {
  const { end, keepAbove } = input;
  const mNode = input.measure.node;
  const mValues = input.measure.values;
  const open = [root];
  while (open.length > 0) {
    const k = open.pop()!;
    const stop = end[k];
    if (stop === k + 1) continue;
    const mk = mNode === null ? k : mNode[k];
    if (!(mValues[mk] >= keepAbove)) continue;
    let count = 0;
    for (let c = k + 1; c < stop; c = end[c]) count++;
    if (keptSize + count > scratch.kept.length) scratch.growKept(keptSize + count);
    const kept = scratch.kept;
    runs.set(k, keptSize);
    // The last child's width first.
    for (let c = k + 1, t = keptSize + count - 1; c < stop; c = end[c], t--) {
      const w = mValues[mNode === null ? c : mNode[c]];
      kept[t] = w;
      if (w >= keepAbove && end[c] > c + 1) open.push(c);
    }
    keptSize += count;
  }
  return keptSize;
}

/**
 * The widths a layout's frames' walk reads: the children of each node wide enough, as
 * a run of `widths` from `runs.get(node)` (its LAST child first), and the tops' at -1.
 */
interface KeptWidths {
  widths: Float64Array;
  runs: Map<number, number>;
  /** Paths gone through one by one (the rest were in subtrees skipped whole). */
  passed: number;
}

/** A figure of each path kept by path (node null: `values[k]` is path k's). */
type Figure = { node: Int32Array | null; values: Float64Array | Uint32Array };
const direct = (values: Float64Array): Figure => ({ node: null, values });

/**
 * Calls on each path and below it, read from the side's tree (children follow their parent:
 * one reverse pass; counts are integers, so the sums are exact in any order).
 */
function callsUnder(merged: MergedCallTree, side: 'a' | 'b'): Float64Array {
  const { node, values } = merged.sideFigure(side, 'calls');
  const out = new Float64Array(merged.length);
  for (let k = merged.length - 1; k >= 0; k--) {
    let sum = node[k] >= 0 ? values[node[k]] : 0;
    const stop = merged.subtreeEnd(k);
    for (let c = k + 1; c < stop; c = merged.subtreeEnd(c)) sum += out[c];
    out[k] = sum;
  }
  return out;
}

/**
 * The widths pass's scratch, kept with the comparison (a layout is synchronous): the
 * widths waiting for their parent (a stack: a few per level), and the widths kept for the
 * frames' walk (tens of thousands at the app's detail).
 */
class WidthScratch {
  node: Int32Array = new Int32Array(1024);
  width: Float64Array = new Float64Array(1024);
  kept: Float64Array = new Float64Array(4096);

  grow(): void {
    this.node = grown(this.node);
    this.width = grown(this.width);
  }

  growKept(atLeast: number): Float64Array {
    this.kept = grown(this.kept, atLeast);
    return this.kept;
  }
}
