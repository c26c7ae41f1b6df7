/**
 * The flame views' questions to the worker (service/queries/flame-*.ts, timeline.ts): flame graph frames,
 * flame chart frames, the chart's task list, the overview's density histogram and the
 * function ids a search matches. Each answers null when another trace was loaded in the
 * meantime; the components drop answers to requests they no longer need (their own
 * request counter), since several may be in flight while the user zooms.
 */
import type { QueryAnswer, QueryArgs } from '../client/trace-client';
import type { ViewFilter } from '../core/query/filter';
import { queryWorker } from './actions';

export type FlameGraphRequest = QueryArgs<'flameGraph'>[0];
export type FlameGraphFrames = QueryAnswer<'flameGraph'>;
export type FlameChartRequest = QueryArgs<'flameChart'>[0];
export type FlameChartFrames = QueryAnswer<'flameChart'>;
export type ChartTasks = QueryAnswer<'chartTasks'>;
export type ChartTask = ChartTasks['tasks'][number];
export type Timeline = QueryAnswer<'timeline'>;

export async function fetchFlameGraph(req: FlameGraphRequest): Promise<FlameGraphFrames | null> {
  const answer = await queryWorker('flameGraph', req);
  return answer.stale ? null : answer.value;
}

export async function fetchFlameChart(req: FlameChartRequest): Promise<FlameChartFrames | null> {
  const answer = await queryWorker('flameChart', req);
  return answer.stale ? null : answer.value;
}

export async function fetchChartTasks(filter: ViewFilter): Promise<ChartTasks | null> {
  const answer = await queryWorker('chartTasks', filter);
  return answer.stale ? null : answer.value;
}

export async function fetchTimeline(filter: ViewFilter, buckets: number): Promise<Timeline | null> {
  const answer = await queryWorker('timeline', filter, buckets);
  return answer.stale ? null : answer.value;
}

/** Function ids matching `pattern` (empty for '' or a bad regex). */
export async function fetchMatchedFuncs(filter: ViewFilter, pattern: string): Promise<Int32Array | null> {
  if (pattern.trim() === '') return new Int32Array(0);
  const answer = await queryWorker('matchedFuncs', filter, pattern);
  return answer.stale ? null : answer.value;
}

export type InputLines = QueryAnswer<'inputLines'>;

/** The input's lines around `line` (`context` before and after), read again in the worker. */
export async function fetchInputLines(line: number, context: number): Promise<InputLines | null> {
  const answer = await queryWorker('inputLines', line, context);
  return answer.stale ? null : answer.value;
}
