/**
 * The overview's event marker lane: the events of the filter's tasks and CPUs over the
 * timeline's whole span (the overview shows the whole run; the range is picked on it).
 */
import { useEffect, useMemo, type ReactNode } from 'react';
import type { ViewFilter } from '../../core/query/filter';
import { EventMarkerLane } from './EventMarkerLane';
import { LaneWindow } from './lane-window';

export function useOverviewLane(filter: ViewFilter, timeline: { startNs: number; endNs: number } | null): ReactNode {
  const lane = useMemo(() => new LaneWindow(), []);
  const eventFilter = useMemo(() => ({ tasks: filter.tasks, cpus: filter.cpus }), [filter]);
  const start = timeline?.startNs;
  const end = timeline?.endNs;
  useEffect(() => {
    if (start !== undefined && end !== undefined) lane.set(start, end);
  }, [lane, start, end]);
  if (!timeline) return null;
  return <EventMarkerLane filter={eventFilter} irq={filter.irq} window={lane} label="Events over the whole run" />;
}
