/**
 * Rectangles for the two flame views. Layout math only: the canvas code scales them.
 *
 * The flame graph: the aggregated tree (call-tree.ts) as nested boxes, like flamegraph.pl.
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
 *   Frames narrower than `minWidth` are dropped with their whole subtree. The worker lays
 *   out the frames of one window (service/queries/flame-layout.ts) from `computeLayoutWidths`.
 *
 * The flame chart: one task's calls on a time axis (start/end in ns, depth = number of
 *   ancestors), in time order, for a window. Calls shorter than `minDurationNs` (sub-pixel
 *   at the current zoom) are dropped. When the trace has no timestamps the calls are laid
 *   out by cumulative durations inside their parent (call-extent.ts) and `approximate` is set.
 */
import type { CallTable, IndexIntoCallTable, Nanoseconds } from '../model/call-table';
import { DerivedTime, lowerBound, lowerBoundByStart } from './call-extent';
import type { CallTree } from './call-tree';
import type { CallMask } from './filter';
import type { ModelFacts } from './model-facts';

/**
 * Width of each top-down node: max(total, sum of children's widths). `childrenFit` is
 * computeChildrenFit of the model's calls: then every width is the total itself.
 */
export function computeLayoutWidths(tree: CallTree, childrenFit: boolean): Float64Array {
  // When no call's children outlast it, no node's children do either (a node's total sums
  // its calls, its children's totals their children), so every width is the total itself.
  if (childrenFit) return tree.total;
  const m = tree.length;
  // w[k] first sums the widths of k's children, then becomes k's own width: children have
  // larger indices than their parents, so one reverse pass is bottom-up.
  const w = new Float64Array(m);
  const { total, parent } = tree;
  for (let k = m - 1; k >= 0; k--) {
    const own = total[k];
    const v = own > w[k] ? own : w[k];
    w[k] = v;
    const p = parent[k];
    if (p >= 0) w[p] += v;
  }
  return w;
}

/**
 * True when every call has a duration and a self time of at least 0, both whole numbers:
 * as self = duration - the children's durations (call-table.ts), the children of every
 * call fit in it, whichever of them a mask keeps, and sums of whole nanoseconds are exact.
 * One pass.
 */
export function computeChildrenFit(calls: CallTable): boolean {
  const { duration, self, length } = calls;
  for (let i = 0; i < length; i++) {
    const d = duration[i];
    const s = self[i];
    if (!(s >= 0) || d !== Math.trunc(d) || s !== Math.trunc(s)) return false;
  }
  return true;
}

export interface FlameChartOptions {
  /** Window start (default: -Infinity). */
  startNs?: Nanoseconds;
  /** Window end (default: +Infinity). */
  endNs?: Nanoseconds;
  /** Calls shorter than this are skipped (default 0: keep all). */
  minDurationNs?: Nanoseconds;
  /**
   * Keep one call shorter than minDurationNs per row and per minDurationNs of time (the first
   * that starts there), so a view can draw a marker where tiny calls are instead of nothing:
   * at most one per pixel's worth on each row, however many calls there are.
   */
  tinyMarkers?: boolean;
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
 * Cost: O(log n + stack depth + late calls ending near startNs + calls starting inside the window).
 */
export function flameChart(
  facts: ModelFacts,
  mask: CallMask | undefined,
  task: number,
  options: FlameChartOptions = {},
): FlameChartRects {
  const model = facts.model;
  const t0 = options.startNs ?? Number.NEGATIVE_INFINITY;
  const t1 = options.endNs ?? Number.POSITIVE_INFINITY;
  const minDur = options.minDurationNs ?? 0;
  const calls = model.calls;
  const { start, end, derived } = facts.times();
  const { depth } = facts.topology();
  const timeline = facts.taskTimeline();
  const picked: IndexIntoCallTable[] = [];
  // Tiny markers: the time bucket of the last tiny call kept on each row (calls come in start order).
  const lastTinyBucket = options.tinyMarkers && minDur > 0 ? new Map<number, number>() : null;
  const firstTinyOfBucket = (i: number): boolean => {
    if (!lastTinyBucket) return false;
    const b = Math.floor(start[i] / minDur);
    if (lastTinyBucket.get(depth[i]) === b) return false;
    lastTinyBucket.set(depth[i], b);
    return true;
  };
  if (task >= 0 && task < model.tasks.length) {
    const seg = timeline.order.subarray(timeline.offsets[task], timeline.offsets[task + 1]);
    const keep = (i: number): boolean =>
      (!mask || mask[i] === 1) && end[i] >= t0 && start[i] <= t1 && (end[i] - start[i] >= minDur || firstTinyOfBucket(i));
    // Calls that started before the window but still run at t0 are the last call that
    // started before t0 and its ancestors (calls nest in time), and the task's late calls
    // still running at t0 (TaskTimeline.late: a call a text report shows ending past the
    // start of the next one; it was left out of the chart when t0 fell in that overhang).
    const k0 = lowerBoundByStart(seg, start, t0);
    if (k0 > 0) {
      const before: number[] = [];
      for (let j = seg[k0 - 1]; j >= 0 && before.length <= calls.length; j = calls.parent[j]) before.push(j);
      const { late, lateFrom, lateOffsets, lateBy } = timeline;
      const chain = before.length;
      const to = lateOffsets[task + 1];
      // A late call is listed once, so only the chain can already hold it: a Set of the chain,
      // not before.indexOf, which made a window quadratic where thousands of calls still run at
      // t0 (a coarse trace clock prints one time for them while their durations are in ns:
      // fgraph.c takes calltime from trace_clock_local() whatever trace_clock is).
      let inChain: Set<number> | undefined;
      for (let q = lowerBound(lateFrom, lateOffsets[task], to, t0 - lateBy[task]); q < to && lateFrom[q] < t0; q++) {
        const i = late[q];
        if (end[i] < t0) continue;
        inChain ??= new Set(before);
        if (!inChain.has(i)) before.push(i);
      }
      before.reverse();
      if (before.length > chain) before.sort((a, b) => start[a] - start[b] || depth[a] - depth[b] || a - b);
      for (const j of before) if (keep(j)) picked.push(j);
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
