/**
 * The flame views' questions to the worker (service/queries/flame-*.ts, timeline.ts): flame graph frames,
 * flame chart frames, the chart's task list, the overview's density histogram and the
 * function ids a search matches. Each answers null when another trace was loaded in the
 * meantime; the components drop answers to requests they no longer need (their own
 * request counter), since several may be in flight while the user zooms.
 */
import type { QueryAnswer, QueryArgs } from '../client/trace-client';
import type { ViewFilter } from '../core/query/filter';
import { AskedAhead } from '../lib/asked-ahead';
import { queryWorker } from './actions';
import { useAppStore } from './store';

export type FlameGraphRequest = QueryArgs<'flameGraph'>[0];
export type FlameGraphFrames = QueryAnswer<'flameGraph'>;
export type FlameChartRequest = QueryArgs<'flameChart'>[0];
export type FlameChartFrames = QueryAnswer<'flameChart'>;
export type ChartTasks = QueryAnswer<'chartTasks'>;
export type ChartTask = ChartTasks['tasks'][number];
export type Timeline = QueryAnswer<'timeline'>;

/**
 * Flame graph answers asked ahead (the zoom into the frame under a resting pointer, the level
 * out of the current zoom): two, the likely next click's and the likely next Escape's.
 */
const flameGraphAhead = new AskedAhead<FlameGraphFrames | null>(2);

/** A flame graph question as a key: every field that changes its answer, and the trace it is asked of. */
function flameGraphKey(req: FlameGraphRequest, traceId: number): string {
  return JSON.stringify([traceId, req.filter, req.inverted, req.groupByTask, req.zoomPath, req.minWidth, req.window ?? null]);
}

function askFlameGraph(req: FlameGraphRequest): Promise<FlameGraphFrames | null> {
  return queryWorker('flameGraph', req).then((answer) => (answer.stale ? null : answer.value));
}

/** The answer to `req`: the one asked ahead for it if there is one, else asked now. */
export async function fetchFlameGraph(req: FlameGraphRequest): Promise<FlameGraphFrames | null> {
  const early = flameGraphAhead.take(flameGraphKey(req, useAppStore.getState().session.traceId));
  if (early) {
    // Asked ahead and failed (the worker was busy loading, say): asked again now.
    const answer = await early.catch(() => undefined);
    if (answer !== undefined) return answer;
  }
  return askFlameGraph(req);
}

/** Asks `req` ahead of a likely click or key: `fetchFlameGraph` of the same question then takes its answer. */
export function fetchFlameGraphAhead(req: FlameGraphRequest): void {
  flameGraphAhead.put(flameGraphKey(req, useAppStore.getState().session.traceId), () => askFlameGraph(req));
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

/** The functions a search matches, asked by several views in the same keystroke: one answer for all of them. */
const matchedFuncsAsked = new AskedAhead<Int32Array | null>(4);

/** Function ids matching `pattern` (empty for '' or a bad regex). */
export async function fetchMatchedFuncs(filter: ViewFilter, pattern: string): Promise<Int32Array | null> {
  if (pattern.trim() === '') return new Int32Array(0);
  const key = JSON.stringify([useAppStore.getState().session.traceId, filter, pattern]);
  return matchedFuncsAsked.share(key, () => queryWorker('matchedFuncs', filter, pattern).then((answer) => (answer.stale ? null : answer.value)));
}

export type InputLines = QueryAnswer<'inputLines'>;

/** The input's lines around `line` (`context` before and after), read again in the worker. */
export async function fetchInputLines(line: number, context: number): Promise<InputLines | null> {
  const answer = await queryWorker('inputLines', line, context);
  return answer.stale ? null : answer.value;
}
