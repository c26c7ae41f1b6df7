/**
 * The call tree's and the functions view's questions to the worker (service/queries/tree.ts
 * and functions.ts), the tree key every one of them carries, and the search stepping
 * action the search box calls on Enter / Shift+Enter.
 *
 * Every fetch answers null when another trace was loaded in the meantime; components drop
 * answers to requests they no longer need by comparing keys.
 */
import type { QueryAnswer, QueryArgs } from '../client/trace-client';
import type { ViewFilter } from '../core/query/filter';
import { MAX_SUBTREE_ROWS } from '../lib/limits';
import { queryWorker } from './actions';
import { exploreFilter } from './search-queries';
import { markAutomaticReveal } from './url/automatic-reveal';
import type { ExploreState } from './slices/explore';
import { setActiveView, setExplore, setSearchMatch, useAppStore } from './store';

export type TreeKey = QueryArgs<'treeLevels'>[0];
export type TreeLevels = QueryAnswer<'treeLevels'>;
export type TreeRows = NonNullable<TreeLevels['levels'][number]>;
export type TreeSubtree = QueryAnswer<'treeSubtree'>;
export type StepAnswer = QueryAnswer<'treeStepSearch'>;
type StepFrom = QueryArgs<'treeStepSearch'>[2];
export type FunctionTable = QueryAnswer<'functionTable'>;
export type FunctionDetail = QueryAnswer<'functionDetail'>;

/**
 * The tree the call tree shows for the explorer state: the view filter, bottom-up or
 * not, and one root per task unless the user picked tasks (then the task roots would
 * only repeat the picker).
 */
export function treeKeyOf(e: Pick<ExploreState, 'tasks' | 'cpus' | 'range' | 'syscallsOnly' | 'irq' | 'inverted'>): TreeKey {
  return { filter: exploreFilter(e), inverted: e.inverted, groupByTask: e.tasks.length === 0 };
}

/** A string naming a tree key (equal keys give equal strings): for caches and stale checks. */
export function treeKeyString(key: TreeKey): string {
  return JSON.stringify([key.filter, key.inverted, key.groupByTask]);
}

export async function fetchTreeLevels(key: TreeKey, paths: string[][]): Promise<TreeLevels | null> {
  const answer = await queryWorker('treeLevels', key, paths);
  return answer.stale ? null : answer.value;
}

export async function fetchTreeSubtree(key: TreeKey, path: string[], maxRows = MAX_SUBTREE_ROWS): Promise<TreeSubtree | null> {
  const answer = await queryWorker('treeSubtree', key, path, maxRows);
  return answer.stale ? null : answer.value;
}

/** The top-down path to focus for a row of the (inverted) tree of `key`; null when the trace changed. */
export async function fetchTopDownPath(key: TreeKey, path: string[]): Promise<string[] | null> {
  const answer = await queryWorker('treeTopDownPath', key, path);
  return answer.stale ? null : answer.value;
}

export async function fetchFunctionTable(filter: ViewFilter): Promise<FunctionTable | null> {
  const answer = await queryWorker('functionTable', filter);
  return answer.stale ? null : answer.value;
}

export async function fetchFunctionDetail(key: TreeKey, name: string): Promise<FunctionDetail | null> {
  const answer = await queryWorker('functionDetail', key, name);
  return answer.stale ? null : answer.value;
}

/** A search hit shown in the tree: which trace, tree, pattern, focused path and call. */
interface ShownHit {
  /** session.traceId. */
  trace: number;
  key: string;
  pattern: string;
  focus: string;
  call: number;
}
/** The call the last step landed on, to step on from it while the focus has not moved. */
let lastStep: ShownHit | null = null;
/** The first hit `showFirstMatch` brought up (the first Enter stays on it: "Match 1 of n"). */
let firstShown: ShownHit | null = null;
/** The question `showFirstMatch` last asked, so it asks once per trace, tree and pattern. */
let firstAsked: { trace: number; key: string; pattern: string } | null = null;

/** The function a hit's tree path stands for: its last name top-down, its first bottom-up. */
function hitFunction(path: readonly string[], inverted: boolean): string | null {
  return path.length === 0 ? null : inverted ? path[0] : path[path.length - 1];
}

const sameHitContext = (h: Omit<ShownHit, 'focus' | 'call'> | null, trace: number, key: string, pattern: string) =>
  h !== null && h.trace === trace && h.key === key && h.pattern === pattern;
/** Steps run one after another, so a fast double Enter moves twice. */
let stepChain: Promise<unknown> = Promise.resolve();

/**
 * Moves to the next (1) or previous (-1) call matching the search, in time order: sets
 * explore.focusPath to that call's path in the current tree (the call tree shows it),
 * view.searchMatch to the call and explore.chartTask to its task (the flame chart shows
 * it), and changes nothing else. It steps from the call the previous step found while the focus is
 * still there; otherwise from the focused row's earliest call (or from the start). Resolves
 * the worker's answer (position and count of hits), or null when there was nothing to do
 * or the state changed while it ran.
 */
export function stepSearch(direction: 1 | -1): Promise<StepAnswer | null> {
  const run = stepChain.then(() => stepOnce(direction));
  stepChain = run.catch(() => undefined);
  return run;
}

async function stepOnce(direction: 1 | -1): Promise<StepAnswer | null> {
  const state = useAppStore.getState();
  const e = state.explore;
  const trace = state.session.traceId;
  const pattern = e.search;
  if (pattern.trim() === '' || state.session.status !== 'ready') return null;
  const key = treeKeyOf(e);
  const keyString = treeKeyString(key);
  const focus = JSON.stringify(e.focusPath);
  let from: StepFrom = null;
  const last = lastStep;
  const first = firstShown;
  if (last && sameHitContext(last, trace, keyString, pattern) && last.focus === focus) {
    from = { call: last.call };
  } else if (first && sameHitContext(first, trace, keyString, pattern) && first.focus === focus) {
    // The tree already shows the first hit: Enter makes it "match 1", Shift+Enter goes back from it.
    from = direction === 1 ? null : { call: first.call };
  } else if (direction === 1 && first && first.trace === trace && first.key === keyString && first.focus === focus) {
    // The focus is still where the search put it for an earlier pattern, typed on since
    // (tcp_sendms, then g): the tree does not move it again while that row still matches,
    // and nobody chose it, so Enter starts at this pattern's first hit ("match 1"), not after it.
    from = null;
  } else if (e.focusPath.length > 0) {
    from = { path: e.focusPath };
  }
  const answer = await queryWorker('treeStepSearch', key, pattern, from, direction);
  if (answer.stale) return null;
  const now = useAppStore.getState();
  // The user changed the search, the tree or the trace meanwhile: this answer is for another question.
  if (now.session.traceId !== trace || now.explore.search !== pattern || treeKeyString(treeKeyOf(now.explore)) !== keyString) {
    return null;
  }
  const a = answer.value;
  if (a.ok && a.call >= 0) {
    lastStep = { trace, key: keyString, pattern, focus: JSON.stringify(a.path), call: a.call };
    const place = a.place;
    // The flame chart shows one task: it follows the hit to its task.
    const chartTask = place && place.task !== now.explore.chartTask ? { chartTask: place.task } : {};
    // The selection follows the step, so the callers & callees panel shows the hit's function.
    const fn = hitFunction(a.path, key.inverted);
    setExplore({ focusPath: a.path, ...chartTask, ...(fn !== null ? { selectedFunction: fn } : {}) });
    setSearchMatch(
      place
        ? { pattern, trace, call: a.call, ...place, seq: (now.view.searchMatch?.seq ?? 0) + 1 }
        : null,
    );
  }
  return a;
}

/**
 * Brings the first search hit into the call tree without a key press: focuses its row
 * (the tree opens the path to it) and selects its function. Asks once per trace, tree and
 * pattern, and not when the user already stepped through this search; the first Enter
 * after it stays on that hit. Resolves true when it moved the focus.
 */
export async function showFirstMatch(): Promise<boolean> {
  const state = useAppStore.getState();
  const e = state.explore;
  const trace = state.session.traceId;
  const pattern = e.search;
  if (pattern.trim() === '' || state.session.status !== 'ready') return false;
  const key = treeKeyOf(e);
  const keyString = treeKeyString(key);
  if (sameHitContext(firstAsked, trace, keyString, pattern) || sameHitContext(lastStep, trace, keyString, pattern)) return false;
  firstAsked = { trace, key: keyString, pattern };
  const answer = await queryWorker('treeStepSearch', key, pattern, null, 1);
  if (answer.stale) return false;
  const now = useAppStore.getState();
  if (now.session.traceId !== trace || now.explore.search !== pattern || treeKeyString(treeKeyOf(now.explore)) !== keyString) return false;
  // The user stepped meanwhile: their step wins.
  if (sameHitContext(lastStep, trace, keyString, pattern)) return false;
  const a = answer.value;
  if (!a.ok || a.call < 0) return false;
  firstShown = { trace, key: keyString, pattern, focus: JSON.stringify(a.path), call: a.call };
  const fn = hitFunction(a.path, key.inverted);
  // Part of the search's Back step, not one of its own.
  markAutomaticReveal();
  setExplore({ focusPath: a.path, ...(fn !== null ? { selectedFunction: fn } : {}) });
  return true;
}

/**
 * Shows one call (a diagnostic's repaired call) in the call tree: focuses its row and
 * switches to the tree. When the filters hide it, they are cleared first. Diagnostics
 * number the calls of the model as built, which `apart` keeps (it only adds roots) and
 * `hidden` does not: from `hidden`, interrupts go back in place first.
 */
export async function showCallInTree(call: number): Promise<boolean> {
  if (useAppStore.getState().explore.irq === 'hidden') setExplore({ irq: 'in-place' });
  const e = useAppStore.getState().explore;
  let key = treeKeyOf(e);
  let answer = await queryWorker('callPath', key, call);
  if (answer.stale) return false;
  if (answer.value.length === 0) {
    key = treeKeyOf({ tasks: [], cpus: [], range: null, syscallsOnly: false, irq: e.irq, inverted: e.inverted });
    answer = await queryWorker('callPath', key, call);
    if (answer.stale || answer.value.length === 0) return false;
    setExplore({ tasks: [], cpus: [], range: null, syscallsOnly: false });
  }
  setExplore({ focusPath: answer.value });
  setActiveView('tree');
  return true;
}
