/**
 * The Hook points panel's questions: the facts of one function under the view filter
 * (core/query/hook-points.ts), and the functions under a frame ranked as hook candidates.
 * Answers are small plain objects; a function the trace does not have answers null.
 */
import { withoutRange, type ViewFilter } from '../../core/query/filter';
import { computeHookCandidates, hookPointsSteps, type HookCandidate, type HookFrameAt, type HookPoints } from '../../core/query/hook-points';
import { runSteps, type Steps } from '../../core/query/steps';
import type { DerivedData } from '../derived/derived-data';
import { findPrefix } from './flame-graph';
import { probeCommands, type ProbeCommands } from '../../lib/probe-commands';
import { matchKey } from '../../core/query/build-names';

export type { HookCandidate, HookFrameAt, HookPoints };

/** Candidates beyond this many are cut (the panel lists the best; `total` says how many there were). */
export const MAX_HOOK_CANDIDATES = 200;

export interface HookCandidateList {
  frame: string;
  /**
   * The call path ranked under (a flame graph frame's), or null for every outermost call
   * of `frame` (asked by the function's name).
   */
  at: HookFrameAt | null;
  /** False when `at` names a path the tree in view does not have (rows are then empty). */
  found: boolean;
  rows: HookCandidate[];
  total: number;
}

/**
 * Tasks and return values beyond this many are cut from the answer (the panel names the
 * first few and counts the rest: HookPoints.taskCount, returnValueCount). 200,000 tasks
 * each calling the function once, or a pointer-returning function traced with
 * funcgraph-retval (a distinct value per call), otherwise made an answer of tens of MB
 * that the page had to structured-clone.
 */
export const MAX_HOOK_LIST_ROWS = 100;

export function hookPointsOf(derived: DerivedData, filter: ViewFilter, name: string): HookPoints | null {
  return runSteps(hookPointsOfSteps(derived, filter, name));
}

/** hookPointsOf in steps (core/query/steps.ts), for the worker to answer other questions at its pauses. */
export function* hookPointsOfSteps(derived: DerivedData, filter: ViewFilter, name: string): Steps<HookPoints | null> {
  const func = derived.model.strings.find(name);
  if (func === undefined) return null;
  const h = yield* hookPointsSteps(derived, func, derived.mask(filter));
  return { ...h, tasks: h.tasks.slice(0, MAX_HOOK_LIST_ROWS), returnValues: h.returnValues.slice(0, MAX_HOOK_LIST_ROWS) };
}

/**
 * The functions under `frame` ranked for hooking: under the calls of the call path `at`
 * when given (a flame graph frame: the calls its top-down tree node merged, so a frame of
 * tcp_sendmsg under __x64_sys_sendto leaves out what tcp_sendmsg calls on other paths), or
 * under its one call `at.call` (a flame chart frame), else under every outermost call of
 * `frame`. Null when the trace has no such function.
 */
export function hookCandidatesOf(derived: DerivedData, filter: ViewFilter, frame: string, at: HookFrameAt | null = null): HookCandidateList | null {
  const func = derived.model.strings.find(frame);
  if (func === undefined) return null;
  const rows = rankUnder(derived, filter, func, at);
  if (rows === null) return { frame, at, found: false, rows: [], total: 0 };
  return { frame, at, found: true, rows: rows.slice(0, MAX_HOOK_CANDIDATES), total: rows.length };
}

/**
 * computeHookCandidates under every outermost call of `func`, or under the calls of the
 * call path `at` in the top-down tree of `filter`; null when that tree has no such path.
 */
function rankUnder(derived: DerivedData, filter: ViewFilter, func: number, at: HookFrameAt | null, oneSided?: (name: string) => boolean): HookCandidate[] | null {
  if (at?.call !== undefined) return rankUnderCall(derived, filter, func, at.call, oneSided);
  const mask = derived.mask(filter);
  if (at === null) return computeHookCandidates(derived, func, { mask, oneSided });
  const key = { filter, inverted: false, groupByTask: at.groupByTask };
  // Where the tree expanded as it is read stands for the whole one (no filter, in place),
  // the path's node and its calls come from it: at 25.6M calls the whole tree is 0.6 GB
  // that a load no longer builds ahead (service/load/build-ahead.ts).
  const lazy = derived.lazyTopDown(key, false);
  const whole = lazy ? undefined : derived.topDown(key);
  const tree = lazy ?? whole!;
  const { node, found } = findPrefix(tree, at.path);
  if (node < 0 || found !== at.path.length || tree.funcOf(node) !== func) return null;
  let frameCalls: (call: number) => boolean;
  if (whole) {
    const callNode = whole.callNode;
    frameCalls = (c) => callNode[c] === node;
  } else {
    const inFrame = new Uint8Array(derived.model.calls.length);
    for (const c of lazy!.callIndexesOf(node)) inFrame[c] = 1;
    frameCalls = (c) => inFrame[c] === 1;
  }
  return computeHookCandidates(derived, func, { mask, oneSided, frameCalls });
}

/**
 * computeHookCandidates under the one call `call` of `func` (a flame chart frame), in the
 * chart's view: the filter without its time range, as the chart shows a task's calls
 * (flame-chart.ts). Null when the call is not one of `func` in that view (another trace or
 * interrupt mode since it was clicked).
 */
function rankUnderCall(derived: DerivedData, filter: ViewFilter, func: number, call: number, oneSided?: (name: string) => boolean): HookCandidate[] | null {
  const { calls } = derived.model;
  if (!Number.isInteger(call) || call < 0 || call >= calls.length || calls.func[call] !== func) return null;
  const mask = derived.mask(withoutRange(filter));
  if (mask !== undefined && mask[call] !== 1) return null;
  return computeHookCandidates(derived, func, { mask, oneSided, frameCalls: (c) => c === call });
}

/** Where a function is called when two sides are compared, each through its own filter. */
export type HookPresence = 'a' | 'b' | 'both' | 'neither';

/** Compare mode's Hook points: both sides' figures of one function, and where it is. */
export interface ComparedHookPoints {
  name: string;
  presence: HookPresence;
  /** Null when that side's trace has no function of this name. */
  a: HookPoints | null;
  b: HookPoints | null;
  /**
   * The one-liners from both sides: every form of the function either trace shows, the
   * latency kept per depth when either shows it inside itself, side A's task (B's when A
   * has none). Null when neither side has the function.
   */
  probes: ProbeCommands | null;
  /**
   * B's kernel's one-liners, made for B's name of the function, when the two builds name it
   * apart (A's `.isra.0`, B's `.isra.1`): `probes` are then A's kernel's, a kprobe on A's
   * name being one B's kernel lacks. Null when the names are the same or a side lacks it.
   */
  probesB: ProbeCommands | null;
}

/** Two sides, each with its filter (side B may be side A's DerivedData again). */
export interface HookSides {
  a: DerivedData;
  filterA: ViewFilter;
  b: DerivedData;
  filterB: ViewFilter;
}

function calledIn(derived: DerivedData, filter: ViewFilter, name: string): boolean {
  const f = derived.model.strings.find(name);
  return f !== undefined && derived.callsPerFunction(filter)[f] > 0;
}

/**
 * Whether a side calls a function by its name, or (`bases`: matched across builds) by a
 * clone of its base name (another build's `.isra.1` of `.isra.0`: core/query/build-names.ts).
 */
function calledByName(derived: DerivedData, filter: ViewFilter, bases: Set<string> | null): (name: string) => boolean {
  return (name) => calledIn(derived, filter, name) || (bases !== null && bases.has(matchKey(name)));
}

/** The base names of the functions a side calls (each clone's suffix cut). */
function calledBases(derived: DerivedData, filter: ViewFilter): Set<string> {
  const calls = derived.callsPerFunction(filter);
  const { strings } = derived.model;
  const out = new Set<string>();
  for (let f = 0; f < strings.size; f++) if (calls[f] > 0) out.add(matchKey(strings.get(f)));
  return out;
}

/**
 * Each side's own frame and call path when the two builds name them apart (the merged
 * path's side names, compare.ts sidePathOf), and whether a function another build names
 * apart counts as called on both sides (names matched across builds).
 */
export interface SideFrames {
  a: { frame: string; at: HookFrameAt | null };
  b: { frame: string; at: HookFrameAt | null };
  byBase: boolean;
}

function presenceOf(inA: boolean, inB: boolean): HookPresence {
  return inA ? (inB ? 'both' : 'a') : inB ? 'b' : 'neither';
}

/**
 * `names`: each side's own name of the function where the two builds name it apart
 * (matched across builds: compare.ts functionPairs), else `name` on both.
 */
export function comparedHookPointsOf(sides: HookSides, name: string, names: { a: string; b: string } = { a: name, b: name }): ComparedHookPoints {
  const a = hookPointsOf(sides.a, sides.filterA, names.a);
  const b = hookPointsOf(sides.b, sides.filterB, names.b);
  let probes: ProbeCommands | null = null;
  let probesB: ProbeCommands | null = null;
  // (a function the builds name apart: each kernel's one-liners apart, each of its own
  // name's forms only; one listing both builds' names would name a kprobe that one of the
  // two kernels lacks)
  if (a && b && names.a === names.b) {
    const variants = [...new Set([...a.variants, ...b.variants].map((v) => v.name))];
    probes = probeCommands(name, a.probeTask ?? b.probeTask ?? undefined, variants, {
      nested: a.nestedInTrace || b.nestedInTrace,
      irqEntryText: a.irqEntryTextInTrace || b.irqEntryTextInTrace,
      onIdle: a.onIdleInTrace || b.onIdleInTrace,
      sleeps: a.sleepsInTrace || b.sleepsInTrace,
    });
  } else {
    probes = (a ?? b)?.probes ?? null;
    if (a && b) probesB = b.probes;
  }
  return { name, presence: presenceOf((a?.calls ?? 0) > 0, (b?.calls ?? 0) > 0), a, b, probes, probesB };
}

/** A candidate of compare mode: its figures are those of `side` (A's when both sides have it under the frame). */
export interface ComparedHookCandidate extends HookCandidate {
  /** Where the function is called at all (each side through its filter); one-sided is 'a' or 'b'. */
  presence: HookPresence;
  side: 'a' | 'b';
}

export interface ComparedHookCandidateList {
  frame: string;
  /** The call path ranked under on each side (a differential flame graph frame's), or null for every call of `frame`. */
  at: HookFrameAt | null;
  rows: ComparedHookCandidate[];
  total: number;
}

/**
 * The functions under `frame` on either side (under the call path `at` of each side's
 * tree when given: a differential flame graph frame), ranked for hooking with the functions called
 * on one side only first (the fresh connection's `tcp_v4_connect` against a long-lived
 * one's trace). A function under the frame on both sides keeps side A's figures. Null when
 * neither side has the frame (or the path).
 */
export function comparedHookCandidatesOf(
  sides: HookSides,
  frame: string,
  at: HookFrameAt | null = null,
  own: SideFrames | null = null,
): ComparedHookCandidateList | null {
  // One call (a flame chart frame's) is a call of one trace: each side ranks under its path.
  const pathOnly = (where: HookFrameAt | null): HookFrameAt | null =>
    where?.call !== undefined ? { path: where.path, groupByTask: where.groupByTask } : where;
  const rowsOf = (side: 'a' | 'b', derived: DerivedData, filter: ViewFilter, other: DerivedData, otherFilter: ViewFilter): HookCandidate[] | null => {
    const mine = own?.[side] ?? { frame, at };
    const func = derived.model.strings.find(mine.frame);
    if (func === undefined) return null;
    const called = calledByName(other, otherFilter, own?.byBase ? calledBases(other, otherFilter) : null);
    return rankUnder(derived, filter, func, pathOnly(mine.at), (n) => !called(n));
  };
  const rowsA = rowsOf('a', sides.a, sides.filterA, sides.b, sides.filterB);
  const rowsB = rowsOf('b', sides.b, sides.filterB, sides.a, sides.filterA);
  if (rowsA === null && rowsB === null) return null;
  const rows: ComparedHookCandidate[] = [];
  const seen = new Set<string>();
  for (const r of rowsA ?? []) {
    seen.add(r.name);
    rows.push({ ...r, side: 'a', presence: r.oneSided ? 'a' : 'both' });
  }
  // (matched across builds, B's clone of a function A lists is that function: A's row stands)
  const seenBase = own?.byBase ? new Set([...seen].map(matchKey)) : null;
  for (const r of rowsB ?? []) {
    if (seen.has(r.name) || (!r.oneSided && seenBase?.has(matchKey(r.name)))) continue;
    rows.push({ ...r, side: 'b', presence: r.oneSided ? 'b' : 'both' });
  }
  // The ranking of computeHookCandidates, over both lists.
  rows.sort((x, y) => Number(y.oneSided) - Number(x.oneSided) || x.score - y.score || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return { frame, at: pathOnly(at), rows: rows.slice(0, MAX_HOOK_CANDIDATES), total: rows.length };
}
