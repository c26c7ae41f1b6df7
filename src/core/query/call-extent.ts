/**
 * Derived per-call facts that several queries need and the call table does not store:
 *
 *  - `computeCallTopology`: the tree depth of every call (number of ancestors, from the parent
 *    column) and a pre-order in which every parent comes before its children. The call table
 *    is NOT such an order: a call can be added after earlier calls it adopts as children
 *    (an orphan exit whose entry was never seen, or an entry printed late after an
 *    interrupt's calls; builder.ts), so `parent[i] > i` happens. The printed `depth` column is
 *    not the tree depth either: it has gaps where entries are missing (DepthGap) and orphans
 *    keep the depth their exit was printed at. Also where each call's subtree ends in that
 *    order (a subtree is a contiguous range of it). `CallTopologyBuild` builds it in steps,
 *    ahead of the first query (the worker does so in idle time after a load).
 *
 *  - `computeCallTimes`: a start and an end for every call, derived where the trace lacks them.
 *    `end` of a call whose exit is not in the trace (Unclosed, NoDuration) is the latest
 *    end of its descendants (at least its start), or the duration the model gave a call
 *    that did not return (builder.ts rule 7); either way it is marked derived. Kernel text without timestamps has no
 *    start at all: calls are then laid out by cumulative durations inside their parent
 *    (roots of a task one after another from 0), and `derived` says which values were
 *    made up, so a view can mark the layout approximate.
 *
 *  - `computeTaskTimeline`: the calls of each task sorted by (start, tree depth, index), and
 *    the few calls that run past the start of a later call that is not theirs.
 *
 * All three are O(n) (the last O(n log n)) and pure: nothing is cached here. The worker
 * computes each once per loaded trace and keeps it (service/derived-data.ts); functions
 * that read them take them as arguments, computed afresh when left out (a single use).
 */
import { CallFlag, type CallTable, type Nanoseconds } from '../model/call-table';
import type { TraceModel } from '../model/tables';
import { DerivedTime } from '../../lib/derived-time';

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
  /**
   * Where the subtree of each call ends in `order` (exclusive): the call and its
   * descendants are order[k .. subtreeEnd[call]) for the k where order[k] is the call.
   */
  subtreeEnd: Uint32Array;
  /**
   * Whether every call with a parent comes after it in `order`. False only for broken
   * input (a call that is its own parent, a parent cycle), whose calls are started from as
   * roots though they have a parent.
   */
  parentsFirst: boolean;
}

/** `derived` bits (lib/derived-time.ts: the page reads them too). */
export { DerivedTime };

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
  /** Call indices grouped by task, each group sorted by (start, tree depth, index) using the call times. */
  order: Uint32Array;
  /** Calls of task t are order[offsets[t] .. offsets[t + 1]). Length = tasks + 1. */
  offsets: Uint32Array;
  /**
   * The calls still running when a later call of their task that is not in their subtree
   * starts (their next sibling, their parent's next sibling…), grouped by task like `order`,
   * each group by `lateFrom` ascending. Text reports print times truncated to the µs and
   * durations to the ns, so a call can end a fraction of a µs after that later call starts
   * (the seed report has 1,876 such calls). Without them the calls running at a time t
   * would be the last call of the task that started before t and its ancestors; with them,
   * those and the late calls with lateFrom < t <= end (flameChart).
   */
  late: Uint32Array;
  /** Start of the first later call (in `order`) not in the late call's subtree. */
  lateFrom: Float64Array;
  /** Late calls of task t are late[lateOffsets[t] .. lateOffsets[t + 1]). Length = tasks + 1. */
  lateOffsets: Uint32Array;
  /** Per task: the most any of its late calls runs past its lateFrom (0 when none does). */
  lateBy: Float64Array;
}

/** Tree depth and a parents-first order of all calls (see the module comment). */
export function computeCallTopology(calls: CallTable): CallTopology {
  const build = new CallTopologyBuild(calls);
  build.advance(Number.POSITIVE_INFINITY);
  return build.result!;
}

/**
 * computeCallTopology in steps (`advance` a budget of calls at a time, so a worker can build
 * it ahead in idle time and still answer in between; `result` once done). The usual table, where every parent comes before its children,
 * takes the fast path: the pre-order is laid out from subtree sizes in two sequential
 * passes, without child lists or a stack (the same order as the depth-first walk: roots,
 * then children, in input order). Any other table takes searchedTopology, in one step.
 */
export class CallTopologyBuild {
  readonly n: number;
  result: CallTopology | undefined;
  /** 0: checking that parents come first; 1: subtree sizes (downwards); 2: placing (upwards). */
  private phase = 0;
  private i = 0;
  /**
   * aux[i]: the size of i's subtree; then, once i is placed, the next free position in it;
   * in the end, where it ends.
   */
  private aux: Uint32Array | undefined;
  private order: Uint32Array | undefined;
  private rootCursor = 0;

  constructor(private readonly calls: CallTable) {
    this.n = calls.length;
  }

  /** Goes through about `budget` more calls of work; true once the topology is done. */
  advance(budget: number): boolean {
    const { calls, n } = this;
    const parent = calls.parent;
    let left = budget;
    while (!this.result && left > 0) {
      if (this.phase === 0) {
        const stop = Math.min(n, this.i + left);
        let i = this.i;
        for (; i < stop; i++) {
          const p = parent[i];
          if (p >= i && p < n) break;
        }
        left -= i - this.i;
        if (i < stop) {
          this.finishWith(searchedTopology(calls));
          break;
        }
        this.i = i;
        if (i === n) {
          this.phase = 1;
          this.aux = new Uint32Array(n);
          this.i = n - 1;
        }
      } else if (this.phase === 1) {
        const aux = this.aux!;
        const stop = Math.max(-1, this.i - left);
        for (let i = this.i; i > stop; i--) {
          aux[i] += 1;
          const p = parent[i];
          if (p >= 0 && p < n) aux[p] += aux[i];
        }
        left -= this.i - stop;
        this.i = stop;
        if (stop < 0) {
          this.phase = 2;
          this.order = new Uint32Array(n);
          this.i = 0;
        }
      } else {
        const aux = this.aux!;
        const order = this.order!;
        const stop = Math.min(n, this.i + left);
        let rootCursor = this.rootCursor;
        for (let i = this.i; i < stop; i++) {
          const p = parent[i];
          let at: number;
          if (p >= 0 && p < n) {
            at = aux[p];
            aux[p] = at + aux[i];
          } else {
            at = rootCursor;
            rootCursor += aux[i];
          }
          aux[i] = at + 1;
          order[at] = i;
        }
        this.rootCursor = rootCursor;
        left -= stop - this.i;
        this.i = stop;
        if (stop === n) this.finishWith(forwardResult(calls, order, aux));
      }
    }
    return this.result !== undefined;
  }

  private finishWith(out: CallTopology): void {
    this.result = out;
    this.aux = this.order = undefined;
  }
}

/** The fast path's topology: depths are left for the first query that needs them (the first view does not). */
function forwardResult(calls: CallTable, order: Uint32Array, subtreeEnd: Uint32Array): CallTopology {
  const n = calls.length;
  const parent = calls.parent;
  let depth: Uint32Array | undefined;
  let maxDepth = -1;
  const depths = (): Uint32Array => {
    if (depth) return depth;
    depth = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const p = parent[i];
      if (p >= 0 && p < n) {
        const d = (depth[i] = depth[p] + 1);
        if (d > maxDepth) maxDepth = d;
      } else if (maxDepth < 0) maxDepth = 0;
    }
    return depth;
  };
  return {
    order,
    subtreeEnd,
    parentsFirst: true,
    get depth() {
      return depths();
    },
    get maxDepth() {
      depths();
      return maxDepth;
    },
  };
}

/** Any table: child lists and a depth-first walk (calls on a parent cycle start their own). */
function searchedTopology(calls: CallTable): CallTopology {
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
  // Depth-first from each root in input order. Calls on a parent cycle (broken input) are
  // unreachable from any root; they are started from afterwards, as roots.
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
  // Subtree ends, bottom-up: a call below depth 0 was reached from its parent, earlier.
  const subtreeEnd = new Uint32Array(n);
  let parentsFirst = true;
  for (let q = n - 1; q >= 0; q--) {
    const i = order[q];
    const size = subtreeEnd[i] + 1;
    subtreeEnd[i] = q + size;
    if (depth[i] > 0) subtreeEnd[parent[i]] += size;
    else if (parent[i] >= 0 && parent[i] < n) parentsFirst = false;
  }
  return { depth, order, maxDepth, subtreeEnd, parentsFirst };
}

/** A start and an end for every call (see the module comment). */
export function computeCallTimes(model: TraceModel, topology: CallTopology = computeCallTopology(model.calls)): CallTimes {
  const calls = model.calls;
  const n = calls.length;
  const { parent, duration, task } = calls;
  const { order } = topology;
  let startsKnown = true;
  for (let i = 0; i < n && startsKnown; i++) if (Number.isNaN(calls.start[i])) startsKnown = false;
  if (startsKnown) return { ...timesWithStarts(calls, order), anyDerivedStart: false };
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
    if (!Number.isNaN(dur)) {
      e = start[i] + dur;
      if (calls.flags[i] & CallFlag.Unclosed) derived[i] |= DerivedTime.End;
    } else {
      e = start[i] + len[i];
      if (end[i] > e) e = end[i];
    }
    end[i] = e;
    const p = parent[i];
    if (p >= 0 && p < n && e > end[p]) end[p] = e;
  }
  // (end[i] was read as "children's latest end" before being overwritten: children are
  // later in `order`, so they were all visited before i in this reverse loop.)
  return { start, end, derived, anyDerivedStart };
}

/**
 * computeCallTimes when every call has its start (the usual trace): the starts are the table's own
 * column (a view, not a copy), and passes 1 and 3 run as one. The lengths of passes 1 are
 * needed only to end a call without a duration (the sum of its children's), so only such
 * calls accumulate one: in a Map when they are few. Same arithmetic in the same order.
 */
function timesWithStarts(calls: CallTable, order: Uint32Array): { start: Float64Array; end: Float64Array; derived: Uint8Array } {
  const n = calls.length;
  const { parent, duration } = calls;
  const start = calls.start.subarray(0, n);
  const derived = new Uint8Array(n);
  const end = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
  let untimed = 0;
  for (let i = 0; i < n; i++) if (Number.isNaN(duration[i])) untimed++;
  const dense = untimed > n >>> 4 ? new Float64Array(n) : undefined;
  const sparse = new Map<number, number>();
  for (let k = n - 1; k >= 0; k--) {
    const i = order[k];
    const dur = duration[i];
    let len: number;
    let e: number;
    if (!Number.isNaN(dur)) {
      len = dur;
      e = start[i] + dur;
      // A call that did not return has the model's duration (builder.ts rule 7): its end is inferred.
      if (calls.flags[i] & CallFlag.Unclosed) derived[i] |= DerivedTime.End;
    } else {
      derived[i] |= DerivedTime.End;
      len = dense ? dense[i] : (sparse.get(i) ?? 0);
      e = start[i] + len;
      if (end[i] > e) e = end[i];
    }
    end[i] = e;
    const p = parent[i];
    if (p >= 0 && p < n) {
      if (Number.isNaN(duration[p])) {
        if (dense) dense[p] += len;
        else sparse.set(p, (sparse.get(p) ?? 0) + len);
      }
      if (e > end[p]) end[p] = e;
    }
  }
  return { start, end, derived };
}

/** Calls of each task in time order. */
export function computeTaskTimeline(
  model: TraceModel,
  topology: CallTopology = computeCallTopology(model.calls),
  times: CallTimes = computeCallTimes(model, topology),
): TaskTimeline {
  const calls = model.calls;
  const n = calls.length;
  const nTasks = model.tasks.length;
  const { start } = times;
  const { depth } = topology;
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
  return { order, offsets, ...lateCalls(calls, depth, times, order, offsets) };
}

/**
 * TaskTimeline's late calls. Each task's calls in time order, with a stack of the calls
 * whose subtree every call since has been in (a chain of ancestors): a call leaves it at the
 * first later call outside its subtree, whose start is its lateFrom. The nearest ancestor
 * on the stack is found by walking up at most the call's depth (one step unless a repair
 * or a tie in start times took the parent off the stack).
 */
function lateCalls(
  calls: CallTable,
  depth: Uint32Array,
  times: CallTimes,
  order: Uint32Array,
  offsets: Uint32Array,
): Pick<TaskTimeline, 'late' | 'lateFrom' | 'lateOffsets' | 'lateBy'> {
  const n = calls.length;
  const nTasks = offsets.length - 1;
  const { parent } = calls;
  const { start, end } = times;
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const late: number[] = [];
  const lateFrom: number[] = [];
  const lateOffsets = new Uint32Array(nTasks + 1);
  const lateBy = new Float64Array(nTasks);
  for (let t = 0; t < nTasks; t++) {
    for (let k = offsets[t]; k < offsets[t + 1]; k++) {
      const j = order[k];
      let a = parent[j];
      for (let up = depth[j]; up > 1 && a >= 0 && a < n && !onStack[a]; up--) a = parent[a];
      while (stack.length > 0 && stack[stack.length - 1] !== a) {
        const x = stack.pop()!;
        onStack[x] = 0;
        if (end[x] > start[j]) {
          late.push(x);
          lateFrom.push(start[j]);
          if (end[x] - start[j] > lateBy[t]) lateBy[t] = end[x] - start[j];
        }
      }
      stack.push(j);
      onStack[j] = 1;
    }
    for (const x of stack) onStack[x] = 0;
    stack.length = 0;
    lateOffsets[t + 1] = late.length;
  }
  return { late: Uint32Array.from(late), lateFrom: Float64Array.from(lateFrom), lateOffsets, lateBy };
}

/** First position in [lo, hi) of the ascending `values` at or above `t`. */
export function lowerBound(values: Float64Array, lo: number, hi: number, t: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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
