/** The Hook points panel's questions to the worker (service/queries/hook-points.ts). */
import type { QueryAnswer, QueryArgs } from '../client/trace-client';
import type { ViewFilter } from '../core/query/filter';
import type { HookFrameAt } from '../core/query/hook-points';
import { queryWorker } from './actions';

export type HookPointsAnswer = NonNullable<QueryAnswer<'hookPoints'>>;
export type HookCandidatesAnswer = NonNullable<QueryAnswer<'hookCandidates'>>;

/** The facts of `name` under `filter`; null when the answer is stale or the trace has no such function. */
export async function fetchHookPoints(filter: ViewFilter, name: string): Promise<HookPointsAnswer | null> {
  const answer = await queryWorker('hookPoints', filter, name);
  return answer.stale ? null : answer.value;
}

/** The functions under `frame` (under the call path `at` when given) ranked for hooking; null when stale or unknown. */
export async function fetchHookCandidates(filter: ViewFilter, frame: string, at: HookFrameAt | null): Promise<HookCandidatesAnswer | null> {
  const answer = await queryWorker('hookCandidates', filter, frame, at);
  return answer.stale ? null : answer.value;
}

export type ComparedHookPointsAnswer = QueryAnswer<'comparedHookPoints'>;
export type ComparedHookCandidatesAnswer = NonNullable<QueryAnswer<'comparedHookCandidates'>>;
/** The pair of filters compared (compare-queries.ts compareKey). */
export type HookCompareKey = QueryArgs<'comparedHookPoints'>[0];

/** Compare mode: both sides' facts of `name` and where it is called; null when stale. */
export async function fetchComparedHookPoints(key: HookCompareKey, name: string): Promise<ComparedHookPointsAnswer | null> {
  const answer = await queryWorker('comparedHookPoints', key, name);
  return answer.stale ? null : answer.value;
}

/** Compare mode: the functions under `frame` (under the call path `at` when given) on either side, one-sided first; null when stale or on neither side. */
export async function fetchComparedHookCandidates(key: HookCompareKey, frame: string, at: HookFrameAt | null): Promise<ComparedHookCandidatesAnswer | null> {
  const answer = await queryWorker('comparedHookCandidates', key, frame, at);
  return answer.stale ? null : answer.value;
}
