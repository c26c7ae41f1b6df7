/** The Hook points panel's questions to the worker (service/queries/hook-points.ts). */
import type { QueryAnswer } from '../client/trace-client';
import type { ViewFilter } from '../core/query/filter';
import { queryWorker } from './actions';

export type HookPointsAnswer = NonNullable<QueryAnswer<'hookPoints'>>;
export type HookCandidatesAnswer = NonNullable<QueryAnswer<'hookCandidates'>>;

/** The facts of `name` under `filter`; null when the answer is stale or the trace has no such function. */
export async function fetchHookPoints(filter: ViewFilter, name: string): Promise<HookPointsAnswer | null> {
  const answer = await queryWorker('hookPoints', filter, name);
  return answer.stale ? null : answer.value;
}

/** The functions under `frame` ranked for hooking; null when stale or unknown. */
export async function fetchHookCandidates(filter: ViewFilter, frame: string): Promise<HookCandidatesAnswer | null> {
  const answer = await queryWorker('hookCandidates', filter, frame);
  return answer.stale ? null : answer.value;
}
