/**
 * Function search: a case-insensitive substring, or `/regex/flags`, matched against each
 * distinct function name once (never once per call), then the matching calls counted in
 * one sequential O(n) sweep (see `collect`).
 *
 * Time: `totalNs` sums the durations of the OUTERMOST matching calls only. When a
 * matching call runs inside another matching call (searching `lock` finds
 * `spin_lock` inside `mutex_lock`, or f inside a recursive f), its time is already part of
 * the outer call's, so adding it again would count the same nanoseconds twice. An outer
 * match whose duration is not in the trace (it never returned) covers nothing: the time of
 * the matches inside it is counted instead, because it is the only time known.
 * `calls` counts every matching call in the mask, nested or not.
 *
 * Hits are ordered by task, then by start time (call-extent.ts), for next/previous.
 */
import type { CallTable, IndexIntoCallTable, Nanoseconds } from '../model/call-table';
import type { StringTable } from '../model/string-table';
import type { TraceModel } from '../model/tables';
import type { CallTopology } from './call-extent';
import type { CallMask } from './filter';
import type { ModelFacts } from './model-facts';
import { repeatsARepeat } from '../../lib/repeated-repeat';

export type NameMatcher = (name: string) => boolean;

export type ParsedPattern =
  | {
      ok: true;
      matcher: NameMatcher;
      regex: boolean;
      /** The lower-cased substring (not for a regex): `matcher(name)` is `lower(name).includes(needle)`. */
      needle?: string;
    }
  | { ok: false; error: string };

/**
 * Names longer than this are not tested by a regular expression. The repeated-repeat check
 * keeps out the exponential patterns, not the polynomial ones: adjacent repeats of the same
 * characters (`/x*x*y/`, `/.*_.*_.*z/`) backtrack in time of the name's length to the power
 * of their count, 4 s for `/x*x*y/` on one name of 3,000 characters in Node and past a
 * minute for `/x*x*x*y/`, so on a damaged or hostile trace's name of 50 KB the trace worker
 * would never answer again. No kernel symbol comes near the cap: kallsyms names are at most
 * KSYM_NAME_LEN - 1 = 511 bytes (include/linux/kallsyms.h, 512 since 6.1).
 */
export const MAX_REGEX_NAME_CHARS = 1024;

/** How many names a regular expression search leaves untested (longer than MAX_REGEX_NAME_CHARS). */
export function longNamesUnsearched(strings: StringTable): number {
  let n = 0;
  for (let f = 0; f < strings.size; f++) if (strings.get(f).length > MAX_REGEX_NAME_CHARS) n++;
  return n;
}

/**
 * `/body/flags` (a JavaScript regular expression), else a case-insensitive substring. Space
 * around the pattern is dropped: no function name holds any (kernel symbols, the builder's
 * `(unknown)`, `[interrupts]`), and a name pasted from a trace line or a terminal often
 * brings some, which made `tcp_sendmsg ` match nothing and ` /^tcp_/` a substring.
 */
export function parseSearchPattern(input: string): ParsedPattern {
  const pattern = input.trim();
  const m = /^\/(.*)\/([a-z]*)$/s.exec(pattern);
  if (m) {
    if (m[1] === '') return { ok: false, error: 'empty regular expression' };
    if (repeatsARepeat(m[1])) {
      return {
        ok: false,
        error:
          'regular expression not run: a repeated group that repeats inside or whose alternatives overlap, such as (\\w+)* or (\\w|_)*, can take minutes to match; write it without the nesting (\\w* for either)',
      };
    }
    // g and y make RegExp.test stateful (lastIndex); they mean nothing for a name match.
    const flags = m[2].replace(/[gy]/g, '');
    let re: RegExp;
    try {
      re = new RegExp(m[1], flags);
    } catch (err) {
      return { ok: false, error: `invalid regular expression: ${err instanceof Error ? err.message : String(err)}` };
    }
    // A name past the cap is not tested (longNamesUnsearched counts them for the status line).
    return { ok: true, regex: true, matcher: (name) => name.length <= MAX_REGEX_NAME_CHARS && re.test(name) };
  }
  const needle = pattern.toLowerCase();
  return { ok: true, regex: false, needle, matcher: (name) => name.toLowerCase().includes(needle) };
}

export interface SearchResult {
  ok: true;
  /** Matching function ids, ascending. */
  funcs: Uint32Array;
  /** Matching calls in the mask. */
  calls: number;
  /** Summed duration of the outermost matching calls (see the module comment). */
  totalNs: Nanoseconds;
  /** How many matching calls are outermost (counted in totalNs or would be, if timed). */
  outermostCalls: number;
  /**
   * How many of those have a duration (the ones totalNs sums). 0 with matches means their
   * time is not in the trace (the function tracer records none): totalNs is then 0 but
   * unknown, not a time.
   */
  timedOutermostCalls: number;
  /** Matching calls in the mask per function id (0 for the others). */
  callsPerFunc: Uint32Array;
  /** Matching call indices, by task then start time. */
  hits: Uint32Array;
  /** Start time (ns, possibly laid out) of each hit, for stepping by time. */
  hitStart: Float64Array;
  /** Hits of task t are hits[taskOffsets[t] .. taskOffsets[t + 1]). Length = tasks + 1. */
  taskOffsets: Uint32Array;
}

export interface SearchError {
  ok: false;
  error: string;
}

/**
 * Searches the function names of `facts.model`. An empty pattern matches nothing. Never
 * throws on a bad regex. `callsInMask` gives computeCallsPerFunction of the mask (when the
 * caller keeps it; computed here otherwise).
 */
export function searchFunctions(
  facts: ModelFacts,
  pattern: string,
  mask?: CallMask,
  callsInMask?: () => Uint32Array,
): SearchResult | SearchError {
  return searchInSteps(facts, pattern, mask, callsInMask).step(Number.POSITIVE_INFINITY)!;
}

/**
 * A search whose sweep over the calls goes in steps: each `step(positions)` sweeps on over at
 * most that many pre-order positions and gives the result once the sweep is done, null
 * before. The names are matched and the calls counted when it is made.
 */
export interface SearchInSteps {
  step(positions: number): SearchResult | SearchError | null;
}

/**
 * `searchFunctions` in steps. A thread that must answer other questions meanwhile (the trace
 * worker, sweeping the status line's count of a multi-million-call trace) steps it between them.
 */
export function searchInSteps(facts: ModelFacts, pattern: string, mask?: CallMask, callsInMask?: () => Uint32Array): SearchInSteps {
  const model = facts.model;
  if (pattern.trim() === '') return collect(facts, new Uint8Array(model.strings.size), mask, callsInMask);
  const parsed = parseSearchPattern(pattern);
  if (!parsed.ok) return { step: () => parsed };
  return collect(facts, matchingFunctions(model.strings, parsed, facts.lowerNames()), mask, callsInMask);
}

/** Every name lower-cased: kept, a keystroke then lower-cases nothing. */
export function computeLowerNames(strings: StringTable): string[] {
  return strings.strings.map((s) => s.toLowerCase());
}

/**
 * matchFunc[f] = 1 for every function name the matcher (or parsed pattern) accepts; one
 * test per distinct name. `lowerNames` (computeLowerNames of `strings`) saves lower-casing
 * every name for a substring.
 */
export function matchingFunctions(
  strings: StringTable,
  matcher: NameMatcher | (ParsedPattern & { ok: true }),
  lowerNames?: readonly string[],
): Uint8Array {
  const matchFunc = new Uint8Array(strings.size);
  if (typeof matcher !== 'function' && matcher.needle !== undefined) {
    const lower = lowerNames ?? computeLowerNames(strings);
    const needle = matcher.needle;
    for (let f = 0; f < lower.length; f++) if (lower[f].includes(needle)) matchFunc[f] = 1;
    return matchFunc;
  }
  const test = typeof matcher === 'function' ? matcher : matcher.matcher;
  for (let f = 0; f < strings.size; f++) if (test(strings.get(f))) matchFunc[f] = 1;
  return matchFunc;
}

/**
 * What the sweep reads besides the call topology (the pre-order, parents first and every
 * subtree contiguous, and where each subtree ends in it): the function of each call in
 * pre-order, so the sweep reads one array front to back.
 */
export interface SweepIndex {
  /**
   * Function of the call at each pre-order position: 16 bits a call while every function
   * id fits (the usual trace names far fewer than 65536 functions), else 32.
   */
  func: Uint16Array | Uint32Array;
  /**
   * False when a call's parent is not before it in pre-order (only a parent cycle, i.e.
   * broken input, does that): the sweep does not apply and the per-call pass runs instead.
   */
  exact: boolean;
}

/** The sweep's index of a call table (one pass). */
export function computeSweepIndex(calls: CallTable, topology: CallTopology, functionCount: number): SweepIndex {
  const n = calls.length;
  const { order, parentsFirst } = topology;
  const ids = calls.func;
  // One array per call of a multi-million-call trace, pinned for its life: as narrow as the
  // string table's size (every function id is below it) allows.
  const func = functionCount <= 0x10000 ? new Uint16Array(n) : new Uint32Array(n);
  for (let k = 0; k < n; k++) func[k] = ids[order[k]];
  return { func, exact: parentsFirst };
}

function collect(
  facts: ModelFacts,
  matchFunc: Uint8Array,
  mask: CallMask | undefined,
  callsInMask: (() => Uint32Array) | undefined,
): SearchInSteps {
  const model = facts.model;
  const calls = model.calls;
  const n = calls.length;
  const nTasks = model.tasks.length;
  const { duration } = calls;
  let nFuncs = 0;
  for (let f = 0; f < matchFunc.length; f++) nFuncs += matchFunc[f];
  const funcs = new Uint32Array(nFuncs);
  for (let f = 0, r = 0; f < matchFunc.length; f++) if (matchFunc[f]) funcs[r++] = f;

  const callsPerFunc = new Uint32Array(matchFunc.length);
  let count = 0;
  let totalNs = 0;
  let outermost = 0;
  let timedOutermost = 0;
  /** Sweeps on over at most a number of pre-order positions; true once at the end (at once with nothing to sweep). */
  let sweep: (positions: number) => boolean = () => true;
  if (nFuncs > 0) {
    const index = facts.sweepIndex();
    if (index.exact) {
      // Calls per function in the mask are counted once per mask (when the caller keeps
      // them); a keystroke adds up those of the matching functions.
      const inMask = callsInMask ? callsInMask() : computeCallsPerFunction(model, mask);
      for (let r = 0; r < nFuncs; r++) {
        const f = funcs[r];
        callsPerFunc[f] = inMask[f];
        count += inMask[f];
      }
      // One sweep in pre-order for the outermost matches. A matching call in the mask
      // with a known duration covers its subtree (contiguous in pre-order): the sweep
      // jumps past it, as every match inside is nested.
      const { order, subtreeEnd } = facts.topology();
      const { func } = index;
      let k = 0;
      sweep = (positions) => {
        const until = positions >= n - k ? n : k + positions;
        const swept = sweepOutermost(matchFunc, func, order, subtreeEnd, duration, mask, k, until);
        k = swept.at;
        outermost += swept.outermost;
        timedOutermost += swept.timed;
        totalNs += swept.totalNs;
        return k >= n;
      };
    } else {
      ({ count, totalNs, outermost, timedOutermost } = coveringPass(facts, matchFunc, mask, callsPerFunc));
    }
  }

  let result: SearchResult | undefined;
  const finish = (): SearchResult => {
    // The hits in time order (and their per-task ranges) are only needed to step through
    // them, not for the counts shown on every keystroke: they are built on first use.
    let built: { hits: Uint32Array; hitStart: Float64Array; taskOffsets: Uint32Array } | undefined;
    const hitsInTimeOrder = () => (built ??= orderHits(facts, matchFunc, mask, nTasks, count));
    return {
      ok: true,
      funcs,
      calls: count,
      totalNs,
      outermostCalls: outermost,
      timedOutermostCalls: timedOutermost,
      callsPerFunc,
      get taskOffsets() {
        return hitsInTimeOrder().taskOffsets;
      },
      get hits() {
        return hitsInTimeOrder().hits;
      },
      get hitStart() {
        return hitsInTimeOrder().hitStart;
      },
    };
  };
  return {
    step: (positions) => {
      if (!result && sweep(positions)) result = finish();
      return result ?? null;
    },
  };
}

/**
 * The sweep for the outermost matches (see `collect`) from pre-order position `from` until
 * position `until` (a jump past a match's subtree may end it beyond), over the columns it
 * reads. `until` is a small integer: a bound of Math.min(n, from + Infinity), a float, made
 * the one-pass search's sweep a quarter longer in Node.
 */
function sweepOutermost(
  matchFunc: Uint8Array,
  func: Uint16Array | Uint32Array,
  order: Uint32Array,
  subtreeEnd: Uint32Array,
  duration: Float64Array,
  mask: CallMask | undefined,
  from: number,
  until: number,
): { at: number; outermost: number; timed: number; totalNs: number } {
  let at = from;
  let outermost = 0;
  let timed = 0;
  let totalNs = 0;
  while (at < until) {
    if (matchFunc[func[at]] === 0) {
      at++;
      continue;
    }
    const i = order[at];
    if (mask && !mask[i]) {
      at++;
      continue;
    }
    outermost++;
    const d = duration[i];
    if (Number.isNaN(d)) at++;
    else {
      totalNs += d;
      timed++;
      at = subtreeEnd[i];
    }
  }
  return { at, outermost, timed, totalNs };
}

/** Calls of each function in the mask (all calls without one). */
export function computeCallsPerFunction(model: TraceModel, mask: CallMask | undefined): Uint32Array {
  const calls = model.calls;
  const out = new Uint32Array(model.strings.size);
  const { func } = calls;
  const n = calls.length;
  if (mask) {
    for (let i = 0; i < n; i++) if (mask[i]) out[func[i]]++;
  } else {
    for (let i = 0; i < n; i++) out[func[i]]++;
  }
  return out;
}

/** The counts call by call, in parents-first order (for a table the sweep does not apply to). */
function coveringPass(
  facts: ModelFacts,
  matchFunc: Uint8Array,
  mask: CallMask | undefined,
  callsPerFunc: Uint32Array,
): { count: number; totalNs: number; outermost: number; timedOutermost: number } {
  const calls = facts.model.calls;
  const n = calls.length;
  const { func, duration, parent } = calls;
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (matchFunc[func[i]] && (!mask || mask[i])) {
      count++;
      callsPerFunc[func[i]]++;
    }
  }
  // covering[i]: some ancestor of i is a matching call in the mask with a known duration.
  const { order } = facts.topology();
  const covering = new Uint8Array(n);
  let totalNs = 0;
  let outermost = 0;
  let timedOutermost = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const p = parent[i];
    let covered = 0;
    if (p >= 0 && p < n) {
      covered = covering[p];
      if (!covered && matchFunc[func[p]] && (!mask || mask[p]) && !Number.isNaN(duration[p])) covered = 1;
    }
    covering[i] = covered;
    if (!covered && matchFunc[func[i]] && (!mask || mask[i])) {
      outermost++;
      if (!Number.isNaN(duration[i])) {
        totalNs += duration[i];
        timedOutermost++;
      }
    }
  }
  return { count, totalNs, outermost, timedOutermost };
}

/** Matching call indices by task, each task's in time order, with their start times. */
function orderHits(
  facts: ModelFacts,
  matchFunc: Uint8Array,
  mask: CallMask | undefined,
  nTasks: number,
  count: number,
): { hits: Uint32Array; hitStart: Float64Array; taskOffsets: Uint32Array } {
  const { func, task } = facts.model.calls;
  const n = facts.model.calls.length;
  const taskOffsets = new Uint32Array(nTasks + 1);
  if (count === 0) return { hits: new Uint32Array(0), hitStart: new Float64Array(0), taskOffsets };
  for (let i = 0; i < n; i++) if (matchFunc[func[i]] && (!mask || mask[i])) taskOffsets[task[i] + 1]++;
  for (let t = 0; t < nTasks; t++) taskOffsets[t + 1] += taskOffsets[t];
  const fill = taskOffsets.slice(0, nTasks);
  const hits = new Uint32Array(count);
  for (let i = 0; i < n; i++) {
    if (matchFunc[func[i]] && (!mask || mask[i])) hits[fill[task[i]]++] = i;
  }
  const { start } = facts.times();
  const { depth } = facts.topology();
  const before = (a: number, b: number) => start[a] - start[b] || depth[a] - depth[b] || a - b;
  for (let t = 0; t < nTasks; t++) {
    const seg = hits.subarray(taskOffsets[t], taskOffsets[t + 1]);
    // Calls are stored in entry order, which is time order but for the few a repair moved:
    // check first, and sort only a task that needs it.
    let sorted = true;
    for (let k = 1; k < seg.length && sorted; k++) if (!(before(seg[k - 1], seg[k]) <= 0)) sorted = false;
    if (!sorted) seg.sort(before);
  }
  const hitStart = new Float64Array(count);
  for (let h = 0; h < count; h++) hitStart[h] = start[hits[h]];
  return { hits, hitStart, taskOffsets };
}

/**
 * The next (direction 1) or previous (-1) hit after `from` in time order within the task
 * of `from`; -1 when there is none. `from` need not be a hit itself (the selected call).
 */
export function stepHit(
  facts: ModelFacts,
  result: SearchResult,
  from: IndexIntoCallTable,
  direction: 1 | -1,
): IndexIntoCallTable {
  const model = facts.model;
  if (from < 0 || from >= model.calls.length) return -1;
  const t = model.calls.task[from];
  const lo = result.taskOffsets[t];
  const hi = result.taskOffsets[t + 1];
  if (lo === hi) return -1;
  const { start } = facts.times();
  const { depth } = facts.topology();
  const key = (i: number): [number, number, number] => [start[i], depth[i], i];
  const k = key(from);
  const cmp = (i: number): number => {
    const a = key(i);
    return a[0] - k[0] || a[1] - k[1] || a[2] - k[2];
  };
  // First hit position whose key is > from (direction 1) or the last with key < from.
  let a = lo;
  let b = hi;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if (cmp(result.hits[mid]) <= 0) a = mid + 1;
    else b = mid;
  }
  if (direction === 1) return a < hi ? result.hits[a] : -1;
  // a is past every hit <= from; step back over from itself when it is a hit.
  let q = a - 1;
  if (q >= lo && result.hits[q] === from) q--;
  return q >= lo ? result.hits[q] : -1;
}
