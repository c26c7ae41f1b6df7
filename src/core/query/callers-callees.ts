/**
 * Everything about one function, for its detail panel: the distinct call paths that
 * reach it, its direct callees, and how its call durations are distributed.
 *
 * Read from a top-down CallTree (call-tree.ts) built with the view's mask, so the panel
 * agrees with the tree and the flame graph: every tree node of the function is one caller
 * path (the names from the root to its parent), with the calls and total time of the
 * function under that path.
 *
 * Recursion: when f runs inside f, both the outer and the inner path are listed, and the
 * inner one's time is also inside the outer one's. The function's own `totalNs` therefore
 * sums only the outermost paths (no f above them); `selfNs` and `calls` sum every path
 * (self times never overlap). Callees are the children of every f node; with recursion a
 * callee's total can include time that is also in another callee's total.
 */
import { CallFlag, type IndexIntoCallTable, type Nanoseconds } from '../model/call-table';
import type { TraceModel } from '../model/tables';
import type { CallTree, IndexIntoCallNodeTable } from './call-tree';
import { selectInPlace } from './select';

/**
 * Where a caller path comes from: the call tree (`tree`); or, for the function tracer's
 * calls, which it records as lone calls without their nesting (kernel trace_output.c
 * `trace_fn_trace`: `func <-parent`), the caller the trace printed (`recorded`, parent_ip),
 * or nothing when it printed none (`none`: `print-parent` off). Such a call is no root.
 */
export type CallerSource = 'tree' | 'recorded' | 'none';

export interface CallerPath {
  /** The tree node of the function under this path. */
  node: IndexIntoCallNodeTable;
  /** Names from the root to the caller (empty when the function is a root, or `source` is 'none'). */
  path: string[];
  source: CallerSource;
  calls: number;
  totalNs: Nanoseconds;
  selfNs: Nanoseconds;
}

export interface Callee {
  func: number;
  name: string;
  calls: number;
  totalNs: Nanoseconds;
  selfNs: Nanoseconds;
}

export interface DurationHistogram {
  /** Bin edges in ns (length = bins + 1), log-spaced; bin b holds edges[b] <= d < edges[b + 1]. */
  edges: Float64Array;
  counts: Uint32Array;
  /** Calls with a duration of 0 ns (below every log bin; counted in bin 0 as well). */
  zero: number;
  /** Calls without a duration (never returned in the trace). */
  untimed: number;
  /** The slowest call, -1 when no call has a duration. */
  slowestCall: IndexIntoCallTable;
  slowestNs: Nanoseconds;
}

export interface FunctionDetail {
  func: number;
  name: string;
  calls: number;
  /** Outermost calls only (see the module comment). */
  totalNs: Nanoseconds;
  /**
   * Calls made inside another call of the function (recursion, or an interrupt that runs it
   * again), whose time `totalNs` leaves out as already inside the outer call's; the
   * functions table's Total adds them (0: the two totals agree).
   */
  nestedCalls: number;
  selfNs: Nanoseconds;
  /** By total descending (at most `maxPaths`). */
  callerPaths: CallerPath[];
  /** How many caller paths there are in all, the ones `maxPaths` left out included. */
  callerPathCount: number;
  /** By total descending. */
  callees: Callee[];
  histogram: DurationHistogram;
}

export interface FunctionDetailOptions {
  /** Histogram resolution (default 4 bins per factor of ten). */
  binsPerDecade?: number;
  /** Keep only this many caller paths, the heaviest (default: all). */
  maxPaths?: number;
}

export function functionDetail(tree: CallTree, func: number, options: FunctionDetailOptions = {}): FunctionDetail {
  const model = tree.model;
  const m = tree.length;
  const callerPaths: CallerPath[] = [];
  const calleeIndex = new Map<number, Callee>();
  let calls = 0;
  let nestedCalls = 0;
  let totalNs = 0;
  let selfNs = 0;
  // Mark nodes that have an f node above them, in one pass (parents precede children).
  const underF = new Uint8Array(m);
  for (let k = 0; k < m; k++) {
    const p = tree.parent[k];
    if (p >= 0 && (underF[p] || tree.func[p] === func)) underF[k] = 1;
  }
  for (let k = 0; k < m; k++) {
    if (tree.func[k] !== func) continue;
    calls += tree.calls[k];
    selfNs += tree.self[k];
    if (!underF[k]) totalNs += tree.total[k];
    else nestedCalls += tree.calls[k];
    // The path is read below, for the paths kept: a recursion n deep has n caller paths of
    // up to n names each, n² strings held at once (30,000 deep ran the worker out of memory).
    callerPaths.push({
      node: k,
      path: [],
      source: 'tree',
      calls: tree.calls[k],
      totalNs: tree.total[k],
      selfNs: tree.self[k],
    });
    for (const c of tree.children(k)) {
      const f = tree.func[c];
      let e = calleeIndex.get(f);
      if (!e) calleeIndex.set(f, (e = { func: f, name: tree.name(c), calls: 0, totalNs: 0, selfNs: 0 }));
      e.calls += tree.calls[c];
      e.totalNs += tree.total[c];
      e.selfNs += tree.self[c];
    }
  }
  const ranked = rankCallerPaths(model, callerPaths, loneCallsOf(tree, func, callerPaths), options.maxPaths, (node) => {
    const p = tree.parent[node];
    return p >= 0 ? tree.pathOf(p) : [];
  });
  const { callerPathCount } = ranked;
  const callees = rankCallees(calleeIndex.values());
  return {
    func,
    name: func >= 0 && func < model.strings.size ? model.strings.get(func) : '',
    calls,
    totalNs,
    nestedCalls,
    selfNs,
    callerPaths: ranked.callerPaths,
    callerPathCount,
    callees,
    histogram: durationHistogram(tree, func, options.binsPerDecade ?? 4),
  };
}

/** Log-scale histogram of the durations of the function's calls in the tree's mask. O(n). */
function durationHistogram(tree: CallTree, func: number, binsPerDecade = 4): DurationHistogram {
  const calls = tree.model.calls;
  const callNode = tree.callNode;
  const own: number[] = [];
  for (let i = 0; i < calls.length; i++) if (calls.func[i] === func && callNode[i] >= 0) own.push(i);
  return durationHistogramOf(calls.duration, own, binsPerDecade);
}

/**
 * Log-scale histogram of the durations of the calls `own` (ascending indexes: the slowest
 * call is the first of the longest duration).
 */
export function durationHistogramOf(duration: Float64Array, own: Iterable<number>, binsPerDecade = 4): DurationHistogram {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let slowestCall = -1;
  let untimed = 0;
  let zero = 0;
  for (const i of own) {
    const d = duration[i];
    if (Number.isNaN(d)) {
      untimed++;
      continue;
    }
    if (d <= 0) zero++;
    else if (d < min) min = d;
    if (d > max) {
      max = d;
      slowestCall = i;
    }
  }
  const bpd = binsPerDecade > 0 ? binsPerDecade : 4;
  if (slowestCall < 0 || max <= 0) {
    const counts = new Uint32Array(zero > 0 ? 1 : 0);
    if (zero > 0) counts[0] = zero;
    return {
      edges: zero > 0 ? Float64Array.of(0, 1) : new Float64Array(0),
      counts,
      zero,
      untimed,
      slowestCall,
      slowestNs: slowestCall >= 0 ? max : Number.NaN,
    };
  }
  // Bins b = lo .. hi-1 cover [10^(b/bpd), 10^((b+1)/bpd)).
  const lo = Math.floor(Math.log10(min) * bpd + 1e-9);
  const hi = Math.floor(Math.log10(max) * bpd + 1e-9) + 1;
  const bins = hi - lo;
  const edges = new Float64Array(bins + 1);
  for (let b = 0; b <= bins; b++) edges[b] = Math.pow(10, (lo + b) / bpd);
  const counts = new Uint32Array(bins);
  for (const i of own) {
    const d = duration[i];
    if (Number.isNaN(d)) continue;
    let b = d <= 0 ? 0 : Math.floor(Math.log10(d) * bpd + 1e-9) - lo;
    // Float rounding at an exact edge: trust the edges array.
    while (b > 0 && d < edges[b]) b--;
    while (b < bins - 1 && d >= edges[b + 1]) b++;
    counts[b < 0 ? 0 : b]++;
  }
  return { edges, counts, zero, untimed, slowestCall, slowestNs: max };
}

/** The caller the function tracer printed for call `i` (`parent+0x2c/0x40`, sym-offset, is `parent`), '' when none. */
function recordedCallerOf(model: TraceModel, i: number): string {
  const text = model.notes.get(i)?.caller ?? '';
  const plus = text.indexOf('+');
  return plus > 0 ? text.slice(0, plus) : text;
}

/** A call the function tracer recorded without nesting, at the top level, and the node of its path. */
export interface LoneCall {
  call: IndexIntoCallTable;
  node: number;
}

/** The lone calls of `func` in the tree (its NoDuration calls whose node is a root), by index. */
function loneCallsOf(tree: CallTree, func: number, paths: CallerPath[]): LoneCall[] {
  const rootNodes = new Set<number>();
  for (const p of paths) if (tree.parent[p.node] < 0) rootNodes.add(p.node);
  const lone: LoneCall[] = [];
  if (rootNodes.size === 0) return lone;
  const { calls } = tree.model;
  const callNode = tree.callNode;
  for (let i = 0; i < calls.length; i++) {
    if (calls.func[i] !== func || !(calls.flags[i] & CallFlag.NoDuration)) continue;
    const k = callNode[i];
    if (k >= 0 && rootNodes.has(k)) lone.push({ call: i, node: k });
  }
  return lone;
}

/** A total to sort by: an unknown one (NaN: the function tracer's calls) after every known one. */
function knownTotal(ns: number): number {
  return Number.isNaN(ns) ? -1 : ns;
}

/** Heaviest first, then more calls first. */
function byTotal<T extends { totalNs: number; calls: number }>(a: T, b: T): number {
  return knownTotal(b.totalNs) - knownTotal(a.totalNs) || b.calls - a.calls;
}

/**
 * The caller paths as the panel lists them: the lone calls moved to their recorded callers,
 * heaviest first (ties by node: the tree's numbering, first call first), the first
 * `maxPaths` kept, and the names of those read (`namesAbove`: from the top to the node's
 * parent). The path is read only for the paths kept: a recursion n deep has n caller paths
 * of up to n names each, n² strings held at once (30,000 deep ran the worker out of memory).
 */
export function rankCallerPaths(
  model: TraceModel,
  paths: CallerPath[],
  lone: LoneCall[],
  maxPaths: number | undefined,
  namesAbove: (node: number) => string[],
): { callerPaths: CallerPath[]; callerPathCount: number } {
  splitLoneCalls(model, lone, paths);
  const callerPathCount = paths.length;
  // The kept paths are among those whose total is at least the maxPaths-th largest: only
  // those sorted (sorting all of a function's 40,000-105,000 paths was a quarter of its answer).
  if (maxPaths !== undefined && maxPaths > 0 && paths.length > 2 * maxPaths) {
    const totals = Float64Array.from(paths, (p) => knownTotal(p.totalNs));
    const k = paths.length - maxPaths;
    selectInPlace(totals, 0, totals.length, k);
    const least = totals[k];
    paths = paths.filter((p) => knownTotal(p.totalNs) >= least);
  }
  paths.sort((a, b) => byTotal(a, b) || a.node - b.node);
  if (maxPaths !== undefined && paths.length > maxPaths) paths.length = maxPaths;
  for (const c of paths) if (c.source === 'tree') c.path = namesAbove(c.node);
  return { callerPaths: paths, callerPathCount };
}

/** Callees heaviest first, then by name. */
export function rankCallees<C extends Callee>(callees: Iterable<C>): C[] {
  return [...callees].sort((a, b) => byTotal(a, b) || (a.name < b.name ? -1 : 1));
}

/**
 * The function tracer's calls of `func` (NoDuration) sit at the tree's top level because it
 * records no nesting, not because nothing called them: they leave their root path (in place
 * in `paths`) for one path per caller the trace printed, or a path of source 'none'. Their
 * time is unknown (NaN); the root path keeps the other calls, if any. `lone`: by index
 * (callers in order of their first call).
 */
function splitLoneCalls(model: TraceModel, lone: LoneCall[], paths: CallerPath[]): void {
  if (lone.length === 0) return;
  const byCaller = new Map<string, CallerPath>();
  const moved = new Map<number, number>();
  for (const { call, node } of lone) {
    const caller = recordedCallerOf(model, call);
    let p = byCaller.get(caller);
    if (!p) {
      p = { node, path: caller ? [caller] : [], source: caller ? 'recorded' : 'none', calls: 0, totalNs: Number.NaN, selfNs: Number.NaN };
      byCaller.set(caller, p);
    }
    p.calls++;
    moved.set(node, (moved.get(node) ?? 0) + 1);
  }
  let w = 0;
  for (const p of paths) {
    const m = moved.get(p.node) ?? 0;
    if (m >= p.calls) continue;
    paths[w++] = m > 0 ? { ...p, calls: p.calls - m } : p;
  }
  paths.length = w;
  for (const p of byCaller.values()) paths.push(p);
}
