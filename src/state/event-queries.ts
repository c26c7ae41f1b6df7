/**
 * The Events view's and the event markers' questions to the worker (service/queries/events.ts),
 * and the jump from an event to its time in the flame chart.
 */
import type { QueryAnswer, QueryArgs } from '../client/trace-client';
import type { IrqMode } from '../core/model/interrupt-mode';
import { queryWorker } from './actions';
import { setActiveView, setExplore, useAppStore } from './store';

export type EventRows = QueryAnswer<'eventRows'>;
export type EventFilter = QueryArgs<'eventRows'>[0]['filter'];
export type EventMarkers = QueryAnswer<'eventMarkers'>;
export type EventMarkersRequest = QueryArgs<'eventMarkers'>[0];

/** Rows [from, to) of the events `filter` keeps; null when another trace was loaded meanwhile. */
export async function fetchEventRows(filter: EventFilter, from: number, to: number, irq?: IrqMode): Promise<EventRows | null> {
  const answer = await queryWorker('eventRows', { filter, from, to, irq });
  return answer.stale ? null : answer.value;
}

/** The row of the first event at or after `ns`; null when stale. */
export async function fetchEventRowAt(filter: EventFilter, ns: number): Promise<number | null> {
  const answer = await queryWorker('eventRowAt', filter, ns);
  return answer.stale ? null : answer.value;
}

export async function fetchEventMarkers(req: EventMarkersRequest): Promise<EventMarkers | null> {
  const answer = await queryWorker('eventMarkers', req);
  return answer.stale ? null : answer.value;
}

/** Window the flame chart shows around an event it jumps to. */
export const JUMP_SPAN_NS = 200_000;

/**
 * Shows the time `ns` in the flame chart: its task becomes the chart's task when it has
 * calls (else the chart keeps its task and shows that time), and the Flame chart tab opens.
 */
export function jumpToTime(task: number, ns: number, taskHasCalls: boolean): void {
  const s = useAppStore.getState();
  if (taskHasCalls) setExplore({ chartTask: task });
  const seq = (s.view.timeJump?.seq ?? 0) + 1;
  useAppStore.setState((st) => ({
    view: { ...st.view, timeJump: { trace: st.session.traceId, task: taskHasCalls ? task : -1, ns, spanNs: JUMP_SPAN_NS, seq } },
  }));
  setActiveView('chart');
}
