/**
 * Compare mode's questions to the worker (service/queries/compare.ts): the compared
 * functions table, the compared call tree's levels, the differential flame graph's frames,
 * side B's task list. `compareKey` is the one place that turns the store into the pair of
 * filters compared. Each answers null when side A was replaced in the meantime; a view
 * drops answers of a side B that is gone through compare.epoch (part of its question).
 */
import type { QueryAnswer, QueryArgs } from '../client/trace-client';
import type { ViewFilter } from '../core/query/filter';
import { queryWorker } from './actions';
import { exploreFilter } from './search-queries';
import type { CompareState, PresenceFilter, SideFilter } from './slices/compare';
import type { ExploreState } from './slices/explore';

export type ComparedFunctionsRequest = QueryArgs<'comparedFunctions'>[0];
export type ComparedFunctionRows = QueryAnswer<'comparedFunctions'>;
export type ComparedTreeRequest = QueryArgs<'comparedTreeLevels'>[0];
export type ComparedTreeLevels = QueryAnswer<'comparedTreeLevels'>;
export type ComparedTreeRows = NonNullable<ComparedTreeLevels['levels'][number]>;
export type DiffFlameRequest = QueryArgs<'diffFlameGraph'>[0];
export type DiffFlameFrames = QueryAnswer<'diffFlameGraph'>;
export type TaskListB = QueryAnswer<'taskList'>;

/** Side B's filter for the worker (empties left out, as exploreFilter does), under the interrupt mode. */
export function sideFilter(f: SideFilter, irq: ExploreState['irq'] = 'in-place'): ViewFilter {
  return exploreFilter({ ...f, irq });
}

/**
 * The pair of filters compared: A's from the explorer and B's own, both under the
 * explorer's interrupt mode (in place, apart or hidden: one switch for both sides, so a
 * change of mode compares again), and both from the function of "Paths from" when one is
 * chosen (AND-ed with each side's own filter, as `cli diff --under`): the worker's cache
 * key is the pair of filters, so it includes the function. Unless names are matched
 * exactly, a side without that function starts from its clone of it (filter.ts
 * pathsFromBase: another kernel build's name), and `exactNames` is sent only when set.
 */
export function compareKey(
  explore: Pick<ExploreState, 'tasks' | 'cpus' | 'range' | 'syscallsOnly' | 'irq'>,
  compare: Pick<CompareState, 'filterB'> & Partial<Pick<CompareState, 'pathsFrom' | 'exactNames'>>,
): { a: ViewFilter; b: ViewFilter; exactNames?: true } {
  const a = exploreFilter(explore);
  const b = sideFilter(compare.filterB, explore.irq);
  const from = compare.pathsFrom;
  const exact = compare.exactNames === true;
  const paths = from ? { pathsFrom: from, ...(exact ? {} : { pathsFromBase: true }) } : {};
  return { a: { ...a, ...paths }, b: { ...b, ...paths }, ...(exact ? { exactNames: true as const } : {}) };
}

/** The legend's filter as the worker's presence list (1 only A, 2 only B, 3 both). */
export function presenceList(p: PresenceFilter): (1 | 2 | 3)[] {
  return p === 'onlyA' ? [1] : p === 'onlyB' ? [2] : p === 'both' ? [3] : [];
}

export async function fetchComparedFunctions(req: ComparedFunctionsRequest): Promise<ComparedFunctionRows | null> {
  const answer = await queryWorker('comparedFunctions', req);
  return answer.stale ? null : answer.value;
}

export async function fetchComparedTreeLevels(req: ComparedTreeRequest, paths: string[][]): Promise<ComparedTreeLevels | null> {
  const answer = await queryWorker('comparedTreeLevels', req, paths);
  return answer.stale ? null : answer.value;
}

export async function fetchDiffFlameGraph(req: DiffFlameRequest): Promise<DiffFlameFrames | null> {
  const answer = await queryWorker('diffFlameGraph', req);
  return answer.stale ? null : answer.value;
}

export type TimelineB = QueryAnswer<'timeline'>;

/** Side B's time line under its filter (its range ignored): the span its range picker offers. */
export async function fetchTimelineB(filter: ViewFilter): Promise<TimelineB | null> {
  const answer = await queryWorker('timeline', filter, 1, 'b');
  return answer.stale ? null : answer.value;
}

/** Side B's tasks (ids for its filter) and CPUs. */
export async function fetchTaskListB(): Promise<TaskListB | null> {
  const answer = await queryWorker('taskList', 'b');
  return answer.stale ? null : answer.value;
}
