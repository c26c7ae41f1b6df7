/**
 * The toolbar's questions to the worker: the task list (with the ids the filter uses) and
 * the search status line. Also `exploreFilter`, the one place that turns the explorer
 * slice into the worker's `ViewFilter`.
 */
import type { QueryAnswer } from '../client/trace-client';
import type { ViewFilter } from '../core/query/filter';
import { queryWorker } from './actions';
import type { ExploreState } from './slices/explore';

export type SearchStatus = QueryAnswer<'searchStatus'>;
export type TaskList = QueryAnswer<'taskList'>;
export type TaskListEntry = TaskList['tasks'][number];

/** The worker's filter for the explorer state (empties left out so equal filters share a cache key). */
export function exploreFilter(e: Pick<ExploreState, 'tasks' | 'cpus' | 'range' | 'syscallsOnly' | 'irq'>): ViewFilter {
  const f: { tasks?: number[]; cpus?: number[]; range?: [number, number]; syscallsOnly?: boolean; irq?: ExploreState['irq'] } = {};
  if (e.tasks.length) f.tasks = e.tasks;
  if (e.cpus.length) f.cpus = e.cpus;
  if (e.range) f.range = e.range;
  if (e.syscallsOnly) f.syscallsOnly = true;
  if (e.irq !== 'in-place') f.irq = e.irq;
  return f;
}

/** Every task with its id, busiest first, and the CPUs seen; null when the trace changed meanwhile. */
export async function fetchTaskList(): Promise<TaskList | null> {
  const answer = await queryWorker('taskList');
  return answer.stale ? null : answer.value;
}

/**
 * The status of `pattern` under `filter` (an invalid regex answers `ok: false` with the
 * reason); null when the trace changed meanwhile.
 */
export async function fetchSearchStatus(filter: ViewFilter, pattern: string): Promise<SearchStatus | null> {
  const answer = await queryWorker('searchStatus', filter, pattern);
  return answer.stale ? null : answer.value;
}
