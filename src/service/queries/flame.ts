/**
 * Worker-side queries of the flame views: the flame graph (aggregated by call path), the
 * flame chart (one task on a time axis), the overview timeline (call density over time)
 * and the functions a search matches (to highlight frames).
 *
 * Every answer is plain data that crosses postMessage cheaply: typed-array columns, one
 * row per frame, plus a small string table of the names those frames use (`names`), so a
 * function name is sent once, not once per frame. `nameFuncs[j]` is the model function id
 * of `names[j]` (-1 - task for a task root), which is what `matchedFuncs` returns. Source
 * links are not in the answer: the UI makes them from the names (lib/kernel-source.ts) for
 * the kernel version it shows, so changing the version asks the worker nothing.
 *
 * Cost: the trees come from the ViewCache (built once per filter); a flame graph answer
 * lays out only the frames in the asked window that are wide enough (flame-layout.ts), so
 * it costs what is on screen, whatever the zoom.
 */
import type { IndexIntoTaskTable, Nanoseconds } from '../../core/model/call-table';
import { taskLabel, type TraceModel } from '../../core/model/tables';
import { callTimes, callTopology } from '../../core/query/call-extent';
import type { CallTreeView, IndexIntoCallNodeTable } from '../../core/query/call-tree';
import type { CallMask, ViewFilter } from '../../core/query/filter';
import { flameChart } from '../../core/query/flame-graph';
import { matchingFunctions, parseSearchPattern } from '../../core/query/search';
import { filterKey, type ViewCache } from '../view-cache';
import { layoutWindow } from './flame-layout';
import { frameNotes, type FrameNotes } from './frame-notes';

/** The string table subset an answer refers to. */
export interface FrameNames {
  names: string[];
  /** Model function id of each name (-1 - task for a task root). */
  nameFuncs: Int32Array;
}

export interface FlameGraphRequest {
  filter: ViewFilter;
  /** Bottom-up (icicle of callers) instead of top-down. */
  inverted: boolean;
  /** One root per task (`comm-pid`) instead of all tasks merged. */
  groupByTask: boolean;
  /** Zoom root as names from the root; [] = every root side by side. */
  zoomPath: readonly string[];
  /** Frames narrower than this fraction of the zoom root are skipped (with their subtree). */
  minWidth: number;
  /** Only frames overlapping [x0, x1] (fractions of the zoom root) are sent; default [0, 1]. */
  window?: readonly [number, number];
}

export interface FlameGraphFrames extends FrameNames {
  length: number;
  /** Left and right edge, fractions of the zoom root's width (0..1). */
  x0: Float64Array;
  x1: Float64Array;
  /** Row: 0 = the zoom root (or the roots when not zoomed). */
  depth: Uint32Array;
  /** Index of the parent frame in these columns, -1 at depth 0. Frames are in pre-order. */
  parent: Int32Array;
  /** Index into `names`. */
  name: Int32Array;
  /** Model function id (-1 - task for a task root). */
  func: Int32Array;
  total: Float64Array;
  self: Float64Array;
  calls: Float64Array;
  maxDepth: number;
  /** Whether the whole zoom path exists in this tree. When not, the longest prefix found is the zoom root. */
  zoomNodeFound: boolean;
  /** How many names of the zoom path were found (the zoom root is zoomPath[0..found)). */
  zoomFound: number;
  /** Nanoseconds x = 0..1 stands for. */
  span: Nanoseconds;
  /** Sum of the roots' totals ("share of total"). */
  grandTotal: Nanoseconds;
  /** Total of the zoom root's parent ("share of parent" of depth 0), NaN when it has none. */
  rootParentTotal: Nanoseconds;
}

/** The node at the longest prefix of `path` that exists, and how many names matched. */
function findPrefix(tree: CallTreeView, path: readonly string[]): { node: IndexIntoCallNodeTable; found: number } {
  let candidates = tree.roots();
  let node = -1;
  let found = 0;
  for (const name of path) {
    let next = -1;
    for (let k = 0; k < candidates.length; k++) {
      if (tree.name(candidates[k]) === name) {
        next = candidates[k];
        break;
      }
    }
    if (next < 0) break;
    node = next;
    found++;
    candidates = tree.children(node);
  }
  return { node, found };
}

/**
 * Per model: a slot per function and task (index func + tasks) that maps it to its entry
 * in the answer being built, valid while its stamp is that answer's.
 */
interface NameScratch {
  stamp: Int32Array;
  entry: Int32Array;
  answers: number;
}

const nameScratch = new WeakMap<TraceModel, NameScratch>();

/** Builds the per-answer string table. */
class NameTable {
  readonly names: string[] = [];
  private readonly funcs: number[] = [];
  private readonly shift: number;
  private readonly scratch: NameScratch;
  private readonly stamp: number;

  constructor(private readonly model: TraceModel) {
    let s = nameScratch.get(model);
    const size = model.strings.size + model.tasks.length;
    if (!s || s.stamp.length !== size) {
      s = { stamp: new Int32Array(size), entry: new Int32Array(size), answers: 0 };
      nameScratch.set(model, s);
    }
    this.scratch = s;
    this.stamp = ++s.answers;
    this.shift = model.tasks.length;
  }

  id(func: number): number {
    const key = func + this.shift;
    const s = this.scratch;
    if (s.stamp[key] === this.stamp) return s.entry[key];
    const j = this.names.length;
    s.stamp[key] = this.stamp;
    s.entry[key] = j;
    const model = this.model;
    this.names.push(func >= 0 ? model.strings.get(func) : taskLabel(model.tasks[-1 - func]));
    this.funcs.push(func);
    return j;
  }

  finish(): FrameNames {
    return { names: this.names, nameFuncs: Int32Array.from(this.funcs) };
  }
}

export function flameGraphFrames(views: ViewCache, req: FlameGraphRequest): FlameGraphFrames {
  const model = views.requireModel();
  const tree = views.tree({ filter: req.filter, inverted: req.inverted, groupByTask: req.groupByTask });
  const { node: zoom, found } = findPrefix(tree, req.zoomPath);
  const minWidth = Number.isFinite(req.minWidth) && req.minWidth > 0 ? req.minWidth : 0;
  const [w0, w1] = req.window ?? [0, 1];
  // Top-down siblings by name, like flamegraph.pl (a function keeps its place as the
  // filters change); the inverted graph largest first, since its roots are "where the
  // self time went" and are read as a ranking.
  const layout = layoutWindow(tree, { zoom, minWidth, window: [w0, w1], order: req.inverted ? 'total' : 'name' });
  const m = layout.length;
  const out = {
    x0: layout.x0,
    x1: layout.x1,
    depth: layout.depth,
    parent: layout.parent,
    name: new Int32Array(m),
    func: new Int32Array(m),
    total: new Float64Array(m),
    self: new Float64Array(m),
    calls: new Float64Array(m),
  };
  const table = new NameTable(model);
  for (let r = 0; r < m; r++) {
    const node = layout.node[r];
    const f = tree.funcOf(node);
    out.func[r] = f;
    out.name[r] = table.id(f);
    out.total[r] = tree.totalOf(node);
    out.self[r] = tree.selfOf(node);
    out.calls[r] = tree.callsOf(node);
  }
  let grandTotal = 0;
  for (const root of tree.roots()) grandTotal += tree.totalOf(root);
  const up = zoom >= 0 ? tree.parentOf(zoom) : -1;
  return {
    length: m,
    ...out,
    ...table.finish(),
    maxDepth: layout.maxDepth,
    zoomNodeFound: found === req.zoomPath.length,
    zoomFound: found,
    span: layout.span,
    grandTotal,
    rootParentTotal: up >= 0 ? tree.totalOf(up) : Number.NaN,
  };
}

export interface FlameChartRequest {
  filter: ViewFilter;
  task: IndexIntoTaskTable;
  startNs: Nanoseconds;
  endNs: Nanoseconds;
  /** Calls shorter than this are skipped (one pixel's worth at the current zoom). */
  minDurNs: Nanoseconds;
}

export interface FlameChartFrames extends FrameNames, FrameNotes {
  length: number;
  /** Start and end (ns); laid out rather than read where `derived` says so. */
  start: Float64Array;
  end: Float64Array;
  /** Ancestors of the call (its row). */
  depth: Uint32Array;
  name: Int32Array;
  func: Int32Array;
  /** Self time of the call (NaN when it never returned). */
  self: Float64Array;
  /** Duration as traced (NaN when it never returned). */
  duration: Float64Array;
  /** Duration of the parent call (NaN when none or unknown): "share of parent". */
  parentDuration: Float64Array;
  /** DerivedTime bits (1 = start laid out, 2 = end inferred). */
  derived: Uint8Array;
  /** Some starts were laid out from durations (a trace without timestamps). */
  approximate: boolean;
  maxDepth: number;
}

export function flameChartFrames(views: ViewCache, req: FlameChartRequest): FlameChartFrames {
  const model = views.requireModel();
  // The chart has its own time window: a range in the filter would only hide calls.
  const mask = views.mask(withoutRange(req.filter));
  const r = flameChart(model, mask, req.task, {
    startNs: req.startNs,
    endNs: req.endNs,
    minDurationNs: req.minDurNs > 0 ? req.minDurNs : 0,
  });
  const n = r.length;
  const { calls } = model;
  const table = new NameTable(model);
  const name = new Int32Array(n);
  const func = new Int32Array(n);
  const self = new Float64Array(n);
  const duration = new Float64Array(n);
  const parentDuration = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const i = r.call[k];
    func[k] = r.func[k];
    name[k] = table.id(r.func[k]);
    self[k] = calls.self[i];
    duration[k] = calls.duration[i];
    const p = calls.parent[i];
    parentDuration[k] = p >= 0 && p < calls.length ? calls.duration[p] : Number.NaN;
  }
  return {
    length: n,
    start: r.start,
    end: r.end,
    depth: r.depth,
    name,
    func,
    self,
    duration,
    parentDuration,
    derived: r.derived,
    approximate: r.approximate,
    maxDepth: r.maxDepth,
    ...table.finish(),
    ...frameNotes(model, r.call),
  };
}

export interface ChartTask {
  task: IndexIntoTaskTable;
  /** `comm-pid`. */
  label: string;
  /** Calls of the task in the filter. */
  calls: number;
  startNs: Nanoseconds;
  endNs: Nanoseconds;
  /** Summed duration of the task's outermost calls in the filter ("share of total"). */
  totalNs: Nanoseconds;
}

export interface ChartTasks {
  /** Tasks with calls in the filter, busiest (most calls) first. */
  tasks: ChartTask[];
  /** Whether calls carry real timestamps. */
  hasTimestamps: boolean;
}

const chartTaskCache = new WeakMap<TraceModel, Map<string, ChartTasks>>();

/** The tasks the flame chart can show under `filter` (its range ignored). */
export function chartTasks(views: ViewCache, filter: ViewFilter): ChartTasks {
  const model = views.requireModel();
  const f = withoutRange(filter);
  const key = filterKey(f);
  let byKey = chartTaskCache.get(model);
  if (!byKey) chartTaskCache.set(model, (byKey = new Map()));
  const hit = byKey.get(key);
  if (hit) return hit;
  const mask = views.mask(f);
  const { calls } = model;
  const { start, end } = callTimes(model);
  const nTasks = model.tasks.length;
  const count = new Float64Array(nTasks);
  const t0 = new Float64Array(nTasks).fill(Number.POSITIVE_INFINITY);
  const t1 = new Float64Array(nTasks).fill(Number.NEGATIVE_INFINITY);
  const total = new Float64Array(nTasks);
  const covered = coveredByMask(model, mask);
  for (let i = 0; i < calls.length; i++) {
    if (mask && !mask[i]) continue;
    const t = calls.task[i];
    count[t]++;
    if (start[i] < t0[t]) t0[t] = start[i];
    if (end[i] > t1[t]) t1[t] = end[i];
    if (!covered[i] && !Number.isNaN(calls.duration[i])) total[t] += calls.duration[i];
  }
  const tasks: ChartTask[] = [];
  for (let t = 0; t < nTasks; t++) {
    if (count[t] === 0) continue;
    tasks.push({ task: t, label: taskLabel(model.tasks[t]), calls: count[t], startNs: t0[t], endNs: t1[t], totalNs: total[t] });
  }
  tasks.sort((a, b) => b.calls - a.calls || a.task - b.task);
  const out = { tasks, hasTimestamps: model.hasTimestamps };
  byKey.set(key, out);
  if (byKey.size > 8) byKey.delete(byKey.keys().next().value as string);
  return out;
}

/** covered[i] = 1 when some ancestor of call i is in the mask (so i is not outermost). */
function coveredByMask(model: TraceModel, mask: CallMask | undefined): Uint8Array {
  const { calls } = model;
  const n = calls.length;
  const covered = new Uint8Array(n);
  const { order } = callTopology(calls);
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const p = calls.parent[i];
    if (p >= 0 && p < n && (!mask || mask[p] || covered[p])) covered[i] = 1;
  }
  return covered;
}

function withoutRange(filter: ViewFilter): ViewFilter {
  if (!filter.range) return filter;
  const { range: _range, ...rest } = filter;
  void _range;
  return rest;
}

export interface Timeline {
  /** False for a trace without timestamps: no density to show. */
  hasTimestamps: boolean;
  /** Time span of the buckets: the first start to the last end of the calls in the filter. */
  startNs: Nanoseconds;
  endNs: Nanoseconds;
  /** Call starts per bucket (bucket b covers startNs + b * (endNs - startNs) / buckets). */
  counts: Uint32Array;
  maxCount: number;
}

const timelineCache = new WeakMap<TraceModel, Map<string, Timeline>>();
const allTimedCache = new WeakMap<TraceModel, boolean>();

/** Whether every call has a start and a duration in the trace (cached per model). */
function allTimed(model: TraceModel): boolean {
  let timed = allTimedCache.get(model);
  if (timed === undefined) {
    const { start, duration, length } = model.calls;
    timed = true;
    for (let i = 0; i < length && timed; i++) if (Number.isNaN(start[i]) || Number.isNaN(duration[i])) timed = false;
    allTimedCache.set(model, timed);
  }
  return timed;
}
export const MAX_TIMELINE_BUCKETS = 4096;

/** Histogram of call starts over time for `filter` with its range ignored. */
export function timeline(views: ViewCache, filter: ViewFilter, buckets: number): Timeline {
  const model = views.requireModel();
  const nb = Math.max(1, Math.min(MAX_TIMELINE_BUCKETS, Math.floor(buckets) || 1));
  const f = withoutRange(filter);
  const key = `${filterKey(f)}|${nb}`;
  let byKey = timelineCache.get(model);
  if (!byKey) timelineCache.set(model, (byKey = new Map()));
  const hit = byKey.get(key);
  if (hit) return hit;
  let out: Timeline;
  if (!model.hasTimestamps) {
    out = { hasTimestamps: false, startNs: 0, endNs: 0, counts: new Uint32Array(0), maxCount: 0 };
  } else {
    const mask = views.mask(f);
    const n = model.calls.length;
    let t0 = Number.POSITIVE_INFINITY;
    let t1 = Number.NEGATIVE_INFINITY;
    // When every call has its start and duration, callTimes would only copy them (end =
    // start + duration): read the table, and leave callTimes to the views that need it.
    const timed = allTimed(model);
    const start = timed ? model.calls.start : callTimes(model).start;
    if (timed) {
      const { duration } = model.calls;
      for (let i = 0; i < n; i++) {
        if (mask && !mask[i]) continue;
        const s = start[i];
        if (s < t0) t0 = s;
        const e = s + duration[i];
        if (e > t1) t1 = e;
      }
    } else {
      const { end } = callTimes(model);
      for (let i = 0; i < n; i++) {
        if (mask && !mask[i]) continue;
        if (start[i] < t0) t0 = start[i];
        if (end[i] > t1) t1 = end[i];
      }
    }
    const counts = new Uint32Array(nb);
    let maxCount = 0;
    if (t1 >= t0) {
      const width = t1 - t0 || 1;
      for (let i = 0; i < n; i++) {
        if (mask && !mask[i]) continue;
        const b = Math.min(nb - 1, Math.floor(((start[i] - t0) / width) * nb));
        if (b >= 0 && ++counts[b] > maxCount) maxCount = counts[b];
      }
    } else {
      t0 = t1 = 0;
    }
    out = { hasTimestamps: true, startNs: t0, endNs: t1, counts, maxCount };
  }
  byKey.set(key, out);
  if (byKey.size > 8) byKey.delete(byKey.keys().next().value as string);
  return out;
}

/** Function ids whose names match the search pattern (empty for no pattern or a bad regex). */
export function matchedFuncs(views: ViewCache, _filter: ViewFilter, pattern: string): Int32Array {
  if (pattern.trim() === '') return new Int32Array(0);
  // Only the names are needed to colour frames: no pass over the calls (the filter does not
  // change which names match, only which frames are drawn).
  const parsed = parseSearchPattern(pattern);
  if (!parsed.ok) return new Int32Array(0);
  const match = matchingFunctions(views.requireModel().strings, parsed);
  const out: number[] = [];
  for (let f = 0; f < match.length; f++) if (match[f]) out.push(f);
  return Int32Array.from(out);
}
