/**
 * Derived per-call facts that several queries need and the call table does not store:
 *
 *  - `callTopology`: the tree depth of every call (number of ancestors, from the parent
 *    column) and a pre-order in which every parent comes before its children. The call table
 *    is NOT such an order: a call can be added after earlier calls it adopts as children
 *    (an orphan exit whose entry was never seen, or an entry printed late after an
 *    interrupt's calls; builder.ts), so `parent[i] > i` happens. The printed `depth` column is
 *    not the tree depth either: it has gaps where entries are missing (DepthGap) and orphans
 *    keep the depth their exit was printed at.
 *
 *  - `callTimes`: a start and an end for every call, derived where the trace lacks them.
 *    `end` of a call whose exit is not in the trace (Unclosed, NoDuration) is the latest
 *    end of its descendants (at least its start). Kernel text without timestamps has no
 *    start at all: calls are then laid out by cumulative durations inside their parent
 *    (roots of a task one after another from 0), and `derived` says which values were
 *    made up, so a view can mark the layout approximate.
 *
 *  - `callsByTaskInTime`: the calls of each task sorted by (start, tree depth, index).
 *
 * All three are O(n) (the last O(n log n)) and cached per call table, so the worker pays
 * for them once per loaded trace.
 */
import type { CallTable, IndexIntoCallTable, Nanoseconds } from '../model/call-table';
import type { TraceModel } from '../model/tables';

export interface CallTopology {
  /** Ancestors of each call: 0 for a call with no parent. */
  depth: Uint32Array;
  /**
   * Every call once, in depth-first pre-order (children in input order): parents before
   * children, each subtree contiguous. Equal to input order unless orphans adopted calls.
   */
  order: Uint32Array;
  /** Largest value in `depth` (-1 for an empty table). */
  maxDepth: number;
}

/** `derived` bits. */
export const DerivedTime = {
  /** The trace has no start for this call; `start` was laid out. */
  Start: 1,
  /** The trace has no duration for this call; `end` was inferred from its descendants. */
  End: 2,
} as const;

export interface CallTimes {
  /** Start as in the trace, or laid out (see `derived`). */
  start: Float64Array;
  /** start + duration, or inferred (see `derived`). Never before `start`. */
  end: Float64Array;
  /** DerivedTime bits per call. */
  derived: Uint8Array;
  /** Whether any call's start was laid out rather than read. */
  anyDerivedStart: boolean;
}

export interface TaskTimeline {
  /** Call indices grouped by task, each group sorted by (start, tree depth, index) using `callTimes`. */
  order: Uint32Array;
  /** Calls of task t are order[offsets[t] .. offsets[t + 1]). Length = tasks + 1. */
  offsets: Uint32Array;
}

const topologyCache = new WeakMap<CallTable, CallTopology & { n: number }>();
const timesCache = new WeakMap<CallTable, CallTimes & { n: number }>();
const timelineCache = new WeakMap<CallTable, TaskTimeline & { n: number }>();

/** Tree depth and a parents-first order of all calls. Cached per table (and length). */
export function callTopology(calls: CallTable): CallTopology {
  const cached = topologyCache.get(calls);
  if (cached && cached.n === calls.length) return cached;
  const n = calls.length;
  const parent = calls.parent;
  // Children of each call in input order (CSR), and the roots.
  const offsets = new Uint32Array(n + 1);
  let nRoots = 0;
  for (let i = 0; i < n; i++) {
    const p = parent[i];
    if (p >= 0 && p < n && p !== i) offsets[p + 1]++;
    else nRoots++;
  }
  for (let i = 0; i < n; i++) offsets[i + 1] += offsets[i];
  const kids = new Uint32Array(n - nRoots);
  const roots = new Uint32Array(nRoots);
  {
    const fill = offsets.slice(0, n);
    let r = 0;
    for (let i = 0; i < n; i++) {
      const p = parent[i];
      if (p >= 0 && p < n && p !== i) kids[fill[p]++] = i;
      else roots[r++] = i;
    }
  }
  // Depth-first from each root in input order. For the usual input (parents right before
  // their children) this visits calls in index order, so the passes that follow stream
  // through memory. Calls on a parent cycle (broken input) are unreachable from any root;
  // they are started from afterwards, as roots.
  const order = new Uint32Array(n);
  const depth = new Uint32Array(n);
  const seen = new Uint8Array(n);
  const stack = new Uint32Array(n);
  let k = 0;
  let maxDepth = -1;
  const visitFrom = (root: number, rootDepth: number): void => {
    let sp = 0;
    stack[sp++] = root;
    seen[root] = 1;
    depth[root] = rootDepth;
    while (sp > 0) {
      const i = stack[--sp];
      order[k++] = i;
      const d = depth[i];
      if (d > maxDepth) maxDepth = d;
      for (let c = offsets[i + 1]; c > offsets[i]; ) {
        const child = kids[--c];
        if (seen[child]) continue;
        seen[child] = 1;
        depth[child] = d + 1;
        stack[sp++] = child;
      }
    }
  };
  for (let r = 0; r < nRoots; r++) visitFrom(roots[r], 0);
  for (let i = 0; k < n && i < n; i++) if (!seen[i]) visitFrom(i, 0);
  const out = { depth, order, maxDepth, n };
  topologyCache.set(calls, out);
  return out;
}

/** A start and an end for every call (see the module comment). Cached per table. */
export function callTimes(model: TraceModel): CallTimes {
  const calls = model.calls;
  const cached = timesCache.get(calls);
  if (cached && cached.n === calls.length) return cached;
  const n = calls.length;
  const { parent, duration, task } = calls;
  const { order } = callTopology(calls);
  const derived = new Uint8Array(n);

  // 1. Bottom-up: the length used to lay out a call without a start. Known duration,
  //    else the sum of its children's lengths.
  const len = new Float64Array(n);
  for (let k = n - 1; k >= 0; k--) {
    const i = order[k];
    const dur = duration[i];
    if (!Number.isNaN(dur)) len[i] = dur;
    else derived[i] |= DerivedTime.End;
    const p = parent[i];
    if (p >= 0 && p < n && Number.isNaN(duration[p])) len[p] += len[i];
  }

  // 2. Top-down: starts. A call without a start goes right after its previous sibling
  //    (its parent's start for the first child); roots of a task follow each other.
  const start = new Float64Array(n);
  const cursor = new Float64Array(n);
  const rootCursor = new Float64Array(model.tasks.length + 1);
  let anyDerivedStart = false;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const p = parent[i];
    let s = calls.start[i];
    const hasParent = p >= 0 && p < n;
    if (Number.isNaN(s)) {
      s = hasParent ? cursor[p] : rootCursor[task[i]] || 0;
      derived[i] |= DerivedTime.Start;
      anyDerivedStart = true;
    }
    start[i] = s;
    cursor[i] = s;
    const after = s + len[i];
    if (hasParent) {
      if (after > cursor[p]) cursor[p] = after;
    } else if (after > rootCursor[task[i]]) {
      rootCursor[task[i]] = after;
    }
  }

  // 3. Bottom-up: ends. Reuse `cursor` as "latest end of the children".
  const end = cursor;
  end.fill(Number.NEGATIVE_INFINITY);
  for (let k = n - 1; k >= 0; k--) {
    const i = order[k];
    const dur = duration[i];
    let e: number;
    if (!Number.isNaN(dur)) e = start[i] + dur;
    else {
      e = start[i] + len[i];
      if (end[i] > e) e = end[i];
    }
    end[i] = e;
    const p = parent[i];
    if (p >= 0 && p < n && e > end[p]) end[p] = e;
  }
  // (end[i] was read as "children's latest end" before being overwritten: children are
  // later in `order`, so they were all visited before i in this reverse loop.)
  const out = { start, end, derived, anyDerivedStart, n };
  timesCache.set(calls, out);
  return out;
}

/** Calls of each task in time order. Cached per table. */
export function callsByTaskInTime(model: TraceModel): TaskTimeline {
  const calls = model.calls;
  const cached = timelineCache.get(calls);
  if (cached && cached.n === calls.length) return cached;
  const n = calls.length;
  const nTasks = model.tasks.length;
  const { start } = callTimes(model);
  const { depth } = callTopology(calls);
  const offsets = new Uint32Array(nTasks + 1);
  for (let i = 0; i < n; i++) offsets[calls.task[i] + 1]++;
  for (let t = 0; t < nTasks; t++) offsets[t + 1] += offsets[t];
  const fill = offsets.slice(0, nTasks);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[fill[calls.task[i]]++] = i;
  for (let t = 0; t < nTasks; t++) {
    const seg = order.subarray(offsets[t], offsets[t + 1]);
    if (!isSortedByTime(seg, start, depth)) seg.sort((a, b) => start[a] - start[b] || depth[a] - depth[b] || a - b);
  }
  const out = { order, offsets, n };
  timelineCache.set(calls, out);
  return out;
}

function isSortedByTime(seg: Uint32Array, start: Float64Array, depth: Uint32Array): boolean {
  for (let k = 1; k < seg.length; k++) {
    const a = seg[k - 1];
    const b = seg[k];
    const c = start[a] - start[b] || depth[a] - depth[b] || a - b;
    if (c > 0) return false;
  }
  return true;
}

/** First position in `seg` whose call starts at or after `t` (seg sorted by start). */
export function lowerBoundByStart(seg: ArrayLike<number>, start: Float64Array, t: Nanoseconds): number {
  let lo = 0;
  let hi = seg.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (start[seg[mid]] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The ancestors of `call`, innermost first (not including the call). */
export function ancestorsOf(calls: CallTable, call: IndexIntoCallTable): IndexIntoCallTable[] {
  const out: IndexIntoCallTable[] = [];
  let p = calls.parent[call];
  while (p >= 0 && p < calls.length && out.length <= calls.length) {
    out.push(p);
    p = calls.parent[p];
  }
  return out;
}
