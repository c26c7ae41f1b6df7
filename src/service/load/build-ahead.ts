/**
 * Work the worker does between queries: building ahead what the first views will ask for
 * after a load, in small tasks, so a query that comes meanwhile waits for one task at most.
 */
import type { DerivedData, TreeKey } from '../derived/derived-data';
import { BackOff } from './back-off';

/** The tree key the flame graph and the call tree open on: every call, one root per task. */
const OPENING_TREE: TreeKey = { filter: {}, inverted: false, groupByTask: true };
/** The tree compare mode merges on its first screen (queries/compare.ts): every call, no task roots. */
const COMPARED_TREE: TreeKey = { filter: {}, inverted: false, groupByTask: false };

/**
 * What to build ahead: a trace's opening views (`opening`), or, for a side of compare
 * mode, what the comparison's first screen merges (`compare`): that screen shows neither
 * side's own flame graph, call tree or search, so building those would only delay it.
 */
export type AheadPlan = 'opening' | 'compare';
/** Calls gone through per task when building ahead (tens of milliseconds). */
const AHEAD_CALLS = 1 << 16;
/**
 * Above this many calls the work ahead leaves the whole opening tree (29 bytes a node, 0.6 GB
 * at issue 13's 4 GiB trace, 25.6M calls, where the calls are most of the tab's memory) to
 * the first question that needs it: a hook's facts, an export (a step through matches
 * reads the lazy tree).
 * The flame graph and the call tree's rows read the tree expanded only where they are drawn
 * (DerivedData.lazyTopDown), which the work ahead expands as far as a zoom to a task reads
 * it (WARM_DETAIL) instead. (The search index, 2 bytes a call, is built ahead at any size:
 * left to the first keystroke, it made that one 114 ms at 25.6M calls.)
 */
export const AHEAD_MAX_CALLS = 16_000_000;

/**
 * Above AHEAD_MAX_CALLS the lazy opening tree is expanded ahead as far as a zoom to one of
 * its roots (a task) reads it: frames of at least 2^-12 of the root, the detail the flame
 * graph asks for on a canvas 1024 to 2047 px wide (ui/flame-graph/graph-viewport.ts).
 */
export const WARM_DETAIL = 2 ** -12;

/** A back-off no question ever reaches. */
const NEVER_HELD = new BackOff();
/**
 * Calls `step` in tasks of its own until it returns true (a failure ends it too: work
 * ahead is optional, the query that needs it will say why), never held back: queued
 * queries run between two steps.
 */
const inTasks = (step: () => boolean): void => void NEVER_HELD.run(step);

/** Resolves in a task of its own, after the tasks (queries) queued before. */
export function afterQueuedTasks(): Promise<void> {
  return new Promise((resolve) => inTasks(() => (resolve(), true)));
}

/**
 * Runs `steps` one per task, in order, between the queries, while `stillWanted` says so
 * (work ahead of a question likely to come: a query that comes meanwhile waits for one
 * step at most).
 */
export function workAhead(steps: (() => void)[], stillWanted: () => boolean): void {
  const queue = [...steps];
  inTasks(() => {
    if (!stillWanted()) return true;
    queue.shift()?.();
    return queue.length === 0;
  });
}

/**
 * Right after a load, while the page renders its first screen, the worker would be idle:
 * it builds what the first views will ask for, in small tasks: the call order, whether a
 * tree can leave its self column out (self-rest.ts), the tree
 * the flame graph and the call tree open on (all calls, one root per task) with its layout
 * widths (not above AHEAD_MAX_CALLS, where the lazy tree is expanded ahead of a zoom
 * instead: WARM_DETAIL), and the search index; or, with the `compare`
 * plan, the call order and the tree without task roots with its children in name order
 * (what the comparison merges). A query that needs one of them before it is done finishes
 * it, but for the flame graph and the call tree's rows, which take the tree expanded only
 * where they read it (DerivedData.lazyTopDown) until the whole one is built. Stops when
 * `stillWanted` says the model is no longer the loaded one; `onDone` runs after the last
 * step (the worker is idle then: the input's fingerprint starts).
 */
export function buildAhead(
  derived: DerivedData,
  stillWanted: () => boolean,
  onDone?: () => void,
  plan: AheadPlan = 'opening',
  aheadMaxCalls = AHEAD_MAX_CALLS,
  backOff: BackOff = NEVER_HELD,
): void {
  const prepareSearch = () => {
    derived.prepareSearch();
    return true;
  };
  const steps: (() => boolean)[] =
    plan === 'opening'
      ? [
          () => derived.advanceTopology(AHEAD_CALLS),
          () => derived.advanceSelfIsRest(AHEAD_CALLS),
          ...(derived.model.calls.length <= aheadMaxCalls
            ? [
                () => derived.buildAhead(OPENING_TREE, AHEAD_CALLS),
                () => {
                  derived.layoutWidths(OPENING_TREE);
                  return true;
                },
                prepareSearch,
              ]
            : [prepareSearch, () => derived.warmLazyTopDown(OPENING_TREE, WARM_DETAIL, AHEAD_CALLS)]),
        ]
      : [
          () => derived.advanceTopology(AHEAD_CALLS),
          () => derived.advanceSelfIsRest(AHEAD_CALLS),
          () => derived.buildAhead(COMPARED_TREE, AHEAD_CALLS),
          () => {
            derived.orderChildListsByName(COMPARED_TREE);
            return true;
          },
        ];
  // Held off while the page asks questions (back-off.ts): this work answers none of them.
  backOff.run(() => {
    if (!stillWanted()) return true;
    try {
      if (steps[0]()) steps.shift();
    } catch {
      steps.length = 0; // optional work: the query that needs it will say why it failed
    }
    if (steps.length > 0) return false;
    onDone?.();
    return true;
  });
}
