/**
 * The flame chart's event marker lane: the events of the chart's task (on the filter's
 * CPUs) in the chart's visible window, which the chart's draw sets on `window`.
 */
import { useMemo, type ReactNode } from 'react';
import type { ViewFilter } from '../../core/query/filter';
import { EventMarkerLane } from './EventMarkerLane';
import { LaneWindow } from './lane-window';

export function useChartLane(filter: ViewFilter, task: { task: number; label: string } | undefined): { window: LaneWindow; lane: ReactNode } {
  const window = useMemo(() => new LaneWindow(), []);
  const id = task?.task;
  const eventFilter = useMemo(() => ({ tasks: id === undefined ? undefined : [id], cpus: filter.cpus }), [id, filter]);
  const lane = task ? <EventMarkerLane filter={eventFilter} irq={filter.irq} window={window} label={`Events of ${task.label} in the chart's window`} /> : null;
  return { window, lane };
}
