/**
 * The flame chart's part of a permalink's zoom window (its `cw` part: view.linkedChartWindow):
 * once the chart has a size, it shows that window, then the request is used up (so coming
 * back to the tab later does not undo a pan or a zoom made since).
 */
import { useEffect, useRef } from 'react';
import { setLinkedChartWindow, useAppStore } from '../../state/store';

/**
 * Calls `show(a, b)` with a link's window meant for this chart: for `task`, or for whatever
 * task it shows (-1: the link named no task). `domainKey` is a dependency so that this runs
 * after the chart reset its zoom for a new task or range (call it after that hook).
 */
export function useLinkedWindow(task: number, domainKey: string, hasSize: boolean, show: (a: number, b: number) => void): void {
  const linked = useAppStore((s) => s.view.linkedChartWindow);
  const trace = useAppStore((s) => s.session.traceId);
  const showRef = useRef(show);
  showRef.current = show;
  useEffect(() => {
    if (!linked || !hasSize || linked.trace !== trace || (linked.task >= 0 && linked.task !== task)) return;
    showRef.current(linked.startNs, linked.endNs);
    if (useAppStore.getState().view.linkedChartWindow === linked) setLinkedChartWindow(null);
  }, [linked, trace, task, domainKey, hasSize]);
}
