/**
 * Rectangles for the two flame views. Layout math only: the canvas code scales them.
 *
 * flameGraph: the aggregated tree (call-tree.ts) as nested boxes, like flamegraph.pl.
 *
 *     x = 0                                              x = 1
 *     |------------------ zoom root (depth 0) -------------|
 *     |------ child A ------|--- child B ---|              |   depth 1
 *     |-- A1 --|                                               depth 2
 *
 *   x0/x1 are fractions of the zoom root's width; children are packed left to right from
 *   their parent's x0, ordered by name (flamegraph.pl) or by total (largest first); the gap
 *   at the right of a parent is its self time. Width = total, except that a node whose
 *   total is smaller than the sum of its children's (calls that never returned carry no
 *   duration) is widened to that sum so children never spill out of their parent.
 *   Frames narrower than `minWidth` are dropped with their whole subtree.
 *
 * flameChart: one task's calls on a time axis (start/end in ns, depth = number of
 *   ancestors), in time order, for a window. Calls shorter than `minDurationNs` (sub-pixel
 *   at the current zoom) are dropped. When the trace has no timestamps the calls are laid
 *   out by cumulative durations inside their parent (call-extent.ts) and `approximate` is set.
 */
import type { CallTable, IndexIntoCallTable, Nanoseconds } from '../model/call-table';
import type { TraceModel } from '../model/tables';
import { callsByTaskInTime, callTimes, callTopology, DerivedTime, lowerBoundByStart } from './call-extent';
import { CallTree, type CallTreeView, type IndexIntoCallNodeTable } from './call-tree';
import type { CallMask } from './filter';

export interface FlameGraphOptions {
  /** Node drawn at depth 0 spanning [0, 1]; omitted or -1 = all roots side by side. */
  zoom?: IndexIntoCallNodeTable;
  /** Order of siblings: by name (default, like flamegraph.pl) or by total descending. */
  order?: 'name' | 'total';
  /** Frames narrower than this fraction of the zoom root are skipped (default 0). */
  minWidth?: number;
  /** Deepest relative depth to lay out (default: no limit). */
  maxDepth?: number;
}

export interface FlameGraphRects {
  length: number;
  /** Depth relative to the zoom root (0 = the zoom root, or the roots when not zoomed). */
  depth: Uint32Array;
  x0: Float64Array;
  x1: Float64Array;
  node: Int32Array;
  /** Nanoseconds that x = 0..1 stands for. */
  total: Nanoseconds;
  /** Largest depth in `depth` (-1 when empty). */
  maxDepth: number;
}

const widthCache = new WeakMap<CallTree, Float64Array>();

/**
 * Width of each top-down node: max(total, sum of children's widths), cached per tree (the
 * windowed layout of the service uses it too).
 */
export function layoutWidths(tree: CallTree): Float64Array {
  let w = widthCache.get(tree);
  if (w) return w;
  // When no call's children outlast it, no node's children do either (a node's total sums
  // its calls, its children's totals their children), so every width is the total itself.
  if (childrenFitIn(tree.model.calls)) {
    widthCache.set(tree, tree.total);
    return tree.total;
  }
  const m = tree.length;
  // w[k] first sums the widths of k's children, then becomes k's own width: children have
  // larger indices than their parents, so one reverse pass is bottom-up.
  w = new Float64Array(m);
  const { total, parent } = tree;
  for (let k = m - 1; k >= 0; k--) {
    const own = total[k];
    const v = own > w[k] ? own : w[k];
    w[k] = v;
    const p = parent[k];
    if (p >= 0) w[p] += v;
  }
  widthCache.set(tree, w);
  return w;
}

const fitCache = new WeakMap<CallTable, boolean>();

/**
 * True when every call has a duration and a self time of at least 0, both whole numbers:
 * as self = duration - the children's durations (call-table.ts), the children of every
 * call fit in it, whichever of them a mask keeps, and sums of whole nanoseconds are exact.
 * One pass per table, cached.
 */
function childrenFitIn(calls: CallTable): boolean {
  let fit = fitCache.get(calls);
  if (fit === undefined) {
    const { duration, self, length } = calls;
    fit = true;
    for (let i = 0; i < length; i++) {
      const d = duration[i];
      const s = self[i];
      if (!(s >= 0) || d !== Math.trunc(d) || s !== Math.trunc(s)) {
        fit = false;
        break;
      }
    }
    fitCache.set(calls, fit);
  }
  return fit;
}

export function flameGraph(tree: CallTreeView, options: FlameGraphOptions = {}): FlameGraphRects {
  const order = options.order ?? 'name';
  const minWidth = options.minWidth ?? 0;
  const maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY;
  const widths = tree instanceof CallTree ? layoutWidths(tree) : undefined;
  const width = (k: number): number => (widths ? widths[k] : tree.totalOf(k));
  const zoom = options.zoom ?? -1;

  // The top-down tree keeps a name order of its own.
  const topDown = order === 'name' && tree instanceof CallTree ? tree : undefined;
  const childrenOf = (parent: number): Int32Array => {
    if (topDown) return parent < 0 ? topDown.rootsByName() : topDown.childrenByName(parent);
    return sorted(parent < 0 ? tree.roots() : tree.children(parent));
  };
  const sorted = (nodes: Int32Array): Int32Array => {
    if (order === 'total' || nodes.length < 2) return nodes; // trees keep children by total
    const names = new Map<number, string>();
    for (const k of nodes) names.set(k, tree.name(k));
    return nodes.slice().sort((a, b) => {
      const na = names.get(a)!;
      const nb = names.get(b)!;
      return na < nb ? -1 : na > nb ? 1 : a - b;
    });
  };

  const top = zoom >= 0 ? Int32Array.of(zoom) : childrenOf(-1);
  let span = 0;
  for (const k of top) span += width(k);
  const out = new RectBuilder();
  if (span > 0) {
    // Explicit stack of (node, x0, depth); pushed in reverse so output is left to right.
    const stackNode: number[] = [];
    const stackX: number[] = [];
    const stackDepth: number[] = [];
    const pushRow = (nodes: Int32Array, x: number, depth: number): void => {
      const xs: number[] = [];
      for (const k of nodes) {
        xs.push(x);
        x += width(k) / span;
      }
      for (let j = nodes.length - 1; j >= 0; j--) {
        stackNode.push(nodes[j]);
        stackX.push(xs[j]);
        stackDepth.push(depth);
      }
    };
    pushRow(top, 0, 0);
    while (stackNode.length > 0) {
      const k = stackNode.pop()!;
      const x0 = stackX.pop()!;
      const depth = stackDepth.pop()!;
      const wf = width(k) / span;
      if (!(wf > 0) || wf < minWidth) continue;
      out.push(depth, x0, Math.min(1, x0 + wf), k);
      if (depth < maxDepth) pushRow(childrenOf(k), x0, depth + 1);
    }
  }
  return out.finish(span);
}

class RectBuilder {
  length = 0;
  depth = new Uint32Array(256);
  x0 = new Float64Array(256);
  x1 = new Float64Array(256);
  node = new Int32Array(256);
  maxDepth = -1;

  push(depth: number, x0: number, x1: number, node: number): void {
    if (this.length === this.node.length) this.grow(this.length * 2);
    const i = this.length++;
    this.depth[i] = depth;
    this.x0[i] = x0;
    this.x1[i] = x1;
    this.node[i] = node;
    if (depth > this.maxDepth) this.maxDepth = depth;
  }

  finish(total: number): FlameGraphRects {
    this.grow(this.length);
    return { length: this.length, depth: this.depth, x0: this.x0, x1: this.x1, node: this.node, total, maxDepth: this.maxDepth };
  }

  private grow(cap: number): void {
    const n = this.length;
    const d = new Uint32Array(cap);
    d.set(this.depth.subarray(0, n));
    this.depth = d;
    const a = new Float64Array(cap);
    a.set(this.x0.subarray(0, n));
    this.x0 = a;
    const b = new Float64Array(cap);
    b.set(this.x1.subarray(0, n));
    this.x1 = b;
    const c = new Int32Array(cap);
    c.set(this.node.subarray(0, n));
    this.node = c;
  }
}

export interface FlameChartOptions {
  /** Window start (default: -Infinity). */
  startNs?: Nanoseconds;
  /** Window end (default: +Infinity). */
  endNs?: Nanoseconds;
  /** Calls shorter than this are skipped (default 0: keep all). */
  minDurationNs?: Nanoseconds;
}

export interface FlameChartRects {
  length: number;
  start: Float64Array;
  end: Float64Array;
  /** Number of ancestors of the call (whether or not they are in the mask). */
  depth: Uint32Array;
  func: Uint32Array;
  call: Uint32Array;
  /** 1 where the rectangle's start or end was derived rather than read (DerivedTime bits). */
  derived: Uint8Array;
  /** True when some start was laid out from durations (trace without timestamps). */
  approximate: boolean;
  maxDepth: number;
}

/**
 * Time-ordered rectangles of one task's calls that overlap [startNs, endNs] (closed),
 * skipping masked-out calls and calls shorter than minDurationNs.
 * Cost: O(log n + stack depth + calls starting inside the window).
 */
export function flameChart(
  model: TraceModel,
  mask: CallMask | undefined,
  task: number,
  options: FlameChartOptions = {},
): FlameChartRects {
  const t0 = options.startNs ?? Number.NEGATIVE_INFINITY;
  const t1 = options.endNs ?? Number.POSITIVE_INFINITY;
  const minDur = options.minDurationNs ?? 0;
  const calls = model.calls;
  const times = callTimes(model);
  const { start, end, derived } = times;
  const { depth } = callTopology(calls);
  const timeline = callsByTaskInTime(model);
  const picked: IndexIntoCallTable[] = [];
  if (task >= 0 && task < model.tasks.length) {
    const seg = timeline.order.subarray(timeline.offsets[task], timeline.offsets[task + 1]);
    const keep = (i: number): boolean =>
      (!mask || mask[i] === 1) && end[i] >= t0 && start[i] <= t1 && end[i] - start[i] >= minDur;
    // Calls that started before the window but still run at t0 are the last call that
    // started before t0 and its ancestors (calls nest in time).
    const k0 = lowerBoundByStart(seg, start, t0);
    if (k0 > 0) {
      const before: number[] = [];
      for (let j = seg[k0 - 1]; j >= 0 && before.length <= calls.length; j = calls.parent[j]) {
        if (keep(j)) before.push(j);
      }
      for (let q = before.length - 1; q >= 0; q--) picked.push(before[q]);
    }
    for (let k = k0; k < seg.length; k++) {
      const i = seg[k];
      if (start[i] > t1) break;
      if (keep(i)) picked.push(i);
    }
  }
  const n = picked.length;
  const out: FlameChartRects = {
    length: n,
    start: new Float64Array(n),
    end: new Float64Array(n),
    depth: new Uint32Array(n),
    func: new Uint32Array(n),
    call: new Uint32Array(n),
    derived: new Uint8Array(n),
    approximate: false,
    maxDepth: -1,
  };
  for (let r = 0; r < n; r++) {
    const i = picked[r];
    out.start[r] = start[i];
    out.end[r] = end[i];
    out.depth[r] = depth[i];
    out.func[r] = calls.func[i];
    out.call[r] = i;
    out.derived[r] = derived[i];
    if (derived[i] & DerivedTime.Start) out.approximate = true;
    if (depth[i] > out.maxDepth) out.maxDepth = depth[i];
  }
  return out;
}
