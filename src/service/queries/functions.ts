/**
 * The functions table and the callers & callees panel.
 *
 * - `functionTable`: per-function statistics (core function-stats.ts) over the calls the
 *   view filter keeps, as typed columns plus one name per row. Kept per filter by the
 *   model's DerivedData (a 5M-call trace takes a moment to sort every function's
 *   durations); answers are structured-cloned (copied), never transferred, so the kept
 *   columns stay usable.
 * - `functionDetailOf`: every caller path that reaches one function, its direct callees
 *   and a log-scale histogram of its call durations (core callers-callees.ts), plus the
 *   path of its slowest call in the call tree the user is looking at, for "jump to slowest
 *   call".
 */
import { functionDetail, type CallerSource } from '../../core/query/callers-callees';
import { walkFunctionDetail, type WalkedFunctionDetail } from '../../core/query/function-walk';
import type { ViewFilter } from '../../core/query/filter';
import { computeFunctionStats } from '../../core/query/function-stats';
import type { IrqMode } from '../../core/model/interrupt-mode';
import type { DerivedData, TreeKey } from '../derived/derived-data';
import { bytesOf } from '../derived/budgeted-memo';
import { filterKey } from '../derived/keys';
import { pathOfCall } from './tree';

export interface FunctionTable {
  /** Function name of each row (trace text: render as text only). */
  names: string[];
  /** Function id of each row (to match the search's function ids). */
  func: Uint32Array;
  calls: Float64Array;
  /** Calls with a duration in the trace (the time columns cover only these). */
  timed: Float64Array;
  /** NaN when the function has no timed call (its time is unknown, not 0). */
  total: Float64Array;
  /** NaN when the function has no timed call. */
  self: Float64Array;
  /** NaN when the function has no timed call. */
  min: Float64Array;
  p50: Float64Array;
  p95: Float64Array;
  p99: Float64Array;
  max: Float64Array;
  /** Interrupt time inside the function's calls (function-stats.ts), the same in every interrupt mode. */
  irq: Float64Array;
  /** The trace's interrupt frames and what the mode did with them. */
  interrupts: FunctionTableInterrupts;
}

/** How the table's interrupt time counts: the mode, and the frames moved or hidden (or left in place). */
export interface FunctionTableInterrupts {
  mode: IrqMode;
  frames: number;
  ns: number;
}

/** Statistics of every function with a call in view, in function id order (the UI sorts). */
export function functionTable(derived: DerivedData, filter: ViewFilter): FunctionTable {
  return derived.keep('functionTable', filterKey(filter), () => computeFunctionTable(derived, filter), functionTableBytes);
}

function functionTableBytes(t: FunctionTable): number {
  return bytesOf(t.func, t.calls, t.timed, t.total, t.self, t.min, t.p50, t.p95, t.p99, t.max, t.irq) + t.names.length * 16;
}

function computeFunctionTable(derived: DerivedData, filter: ViewFilter): FunctionTable {
  const model = derived.model;
  const mask = derived.mask(filter);
  const irq = derived.interruptView();
  const stats = computeFunctionStats(model.calls, model.strings, mask ? (i) => mask[i] === 1 : undefined, irq.inside);
  const names = new Array<string>(stats.length);
  for (let r = 0; r < stats.length; r++) names[r] = model.strings.get(stats.func[r]);
  const table: FunctionTable = {
    names,
    func: stats.func,
    calls: stats.calls,
    timed: stats.timed,
    total: unknownWhereUntimed(stats.total, stats.timed),
    self: unknownWhereUntimed(stats.self, stats.timed),
    min: stats.min,
    p50: stats.p50,
    p95: stats.p95,
    p99: stats.p99,
    max: stats.max,
    // As the total: a function none of whose calls has a duration has no known interrupt
    // time either (the core adds it for timed calls only, so it read "0 ns").
    irq: unknownWhereUntimed(stats.irq, stats.timed),
    interrupts: { mode: irq.mode, frames: irq.frames, ns: irq.ns },
  };
  return table;
}

/**
 * `values` with NaN where no call had a duration: the core sums only timed calls, so such
 * a function would read "0 ns" though its time is unknown (it never returned).
 */
function unknownWhereUntimed(values: Float64Array, timed: Float64Array): Float64Array {
  if (!timed.includes(0)) return values;
  const out = values.slice();
  for (let r = 0; r < out.length; r++) if (timed[r] === 0) out[r] = Number.NaN;
  return out;
}

/**
 * The detail of `func` read from the whole top-down tree of `filter` without task roots
 * (built for it when not kept): what broken input, whose calls have no parents-first order,
 * takes instead of walkFunctionDetail, and what that walk is held against in tests.
 */
export function functionDetailFromTree(derived: DerivedData, filter: ViewFilter, func: number, maxPaths?: number): WalkedFunctionDetail {
  const detailKey: TreeKey = { filter, inverted: false, groupByTask: false };
  const d = functionDetail(derived.topDown(detailKey), func, { maxPaths });
  const { flags } = derived.untimed(detailKey);
  const untimedNodes = new Set<number>();
  for (const p of d.callerPaths) if (p.source === 'tree' && flags[p.node] === 1) untimedNodes.add(p.node);
  return { ...d, untimedNodes, timedCallees: calleesWithTime(derived, detailKey, func) };
}

/**
 * The callees of `func` (function ids) with at least one timed call under it: a callee row
 * merges the children of every node of `func`, and its time is unknown (NaN, "—") only when
 * all of them are untimed nodes. A leaf the kernel printed without a duration
 * (funcgraph-duration off, its caller timed by funcgraph-abstime's timestamps) read "0 ns"
 * in the panel where the call tree and the functions table said "—".
 */
function calleesWithTime(derived: DerivedData, key: TreeKey, func: number): Set<number> {
  const tree = derived.topDown(key);
  const { flags } = derived.untimed(key);
  const out = new Set<number>();
  for (let k = 0; k < tree.length; k++) {
    if (tree.func[k] !== func) continue;
    for (const c of tree.children(k)) if (flags[c] !== 1) out.add(tree.func[c]);
  }
  return out;
}

export interface CallerPathRow {
  /** Names from the outermost caller to the direct caller ([] when the function is a root, or source is 'none'). */
  path: string[];
  /** 'recorded': the caller the function tracer printed (it records no deeper path); 'none': it printed none. */
  source: CallerSource;
  calls: number;
  totalNs: number;
  selfNs: number;
}

export interface CalleeRow {
  name: string;
  calls: number;
  totalNs: number;
  selfNs: number;
}

export interface FunctionDetailAnswer {
  /** The name asked about (so the main side can drop a stale answer). */
  name: string;
  /** False when no call of this function is in view (or the trace has no such function). */
  found: boolean;
  calls: number;
  /** Outermost calls only: recursion is not counted twice. */
  totalNs: number;
  /** Calls inside another call of it, left out of totalNs but counted in the table's Total (core callers-callees.ts). */
  nestedCalls: number;
  selfNs: number;
  /** Heaviest first, at most MAX_CALLER_PATHS; a path's times NaN where none of its calls has a duration. */
  callerPaths: CallerPathRow[];
  /** How many distinct caller paths there are in all. */
  callerPathCount: number;
  /** Heaviest first; a callee's times NaN where none of its calls under the function has a duration. */
  callees: CalleeRow[];
  histogram: {
    /** Bin edges in ns, log-spaced (length = bins + 1). */
    edges: Float64Array;
    counts: Uint32Array;
    /** Calls of 0 ns (counted in the first bin too). */
    zero: number;
    /** Calls that never returned in the trace. */
    untimed: number;
    /** NaN when no call has a duration. */
    slowestNs: number;
  };
  /** Path of the slowest call in the tree of the asked key ([] when none). */
  slowestPath: string[];
}

/** Caller paths sent to the panel; the rest are counted. */
const MAX_CALLER_PATHS = 200;

/**
 * Callers, callees and the duration histogram of the function called `name` under the
 * key's filter. Caller paths are those of the tree WITHOUT task roots, so the same path in
 * two tasks is one row, read from the calls on the way to the function's (function-walk.ts)
 * rather than from that whole tree; `slowestPath` is a path in the tree of `key` itself
 * (task roots and inversion included) because that is where the call tree will jump.
 */
export function functionDetailOf(derived: DerivedData, key: TreeKey, name: string): FunctionDetailAnswer {
  const model = derived.model;
  const func = model.strings.find(name);
  const empty: FunctionDetailAnswer = {
    name,
    found: false,
    calls: 0,
    totalNs: 0,
    nestedCalls: 0,
    selfNs: 0,
    callerPaths: [],
    callerPathCount: 0,
    callees: [],
    histogram: { edges: new Float64Array(0), counts: new Uint32Array(0), zero: 0, untimed: 0, slowestNs: Number.NaN },
    slowestPath: [],
  };
  if (func === undefined) return empty;
  const d = walkFunctionDetail(derived, func, { mask: derived.mask(key.filter), maxPaths: MAX_CALLER_PATHS }) ?? functionDetailFromTree(derived, key.filter, func, MAX_CALLER_PATHS);
  if (d.calls === 0) return empty;
  const h = d.histogram;
  /** A row's times, NaN where none of its calls has a duration (its untimed nodes: untimed.ts), as the call tree's rows. */
  const times = (timed: boolean, totalNs: number, selfNs: number) => (timed ? { totalNs, selfNs } : { totalNs: Number.NaN, selfNs: Number.NaN });
  return {
    name,
    found: true,
    calls: d.calls,
    totalNs: d.totalNs,
    nestedCalls: d.nestedCalls,
    selfNs: d.selfNs,
    callerPaths: d.callerPaths.map((p) => ({ path: p.path, source: p.source, calls: p.calls, ...times(p.source !== 'tree' || !d.untimedNodes.has(p.node), p.totalNs, p.selfNs) })),
    callerPathCount: d.callerPathCount,
    callees: d.callees.map((c) => ({ name: c.name, calls: c.calls, ...times(d.timedCallees.has(c.func), c.totalNs, c.selfNs) })),
    histogram: { edges: h.edges, counts: h.counts, zero: h.zero, untimed: h.untimed, slowestNs: h.slowestNs },
    slowestPath: h.slowestCall >= 0 ? pathOfCall(derived, key, h.slowestCall) : [],
  };
}
