/**
 * The flame chart's part of a jump to a time (a click on the Events view: view.timeJump):
 * once the chart has a size, it shows the window around that time, then the jump is used
 * up (so coming back to the tab later does not undo a pan or a zoom made since).
 */
import { useEffect, useRef } from 'react';
import { useAppStore } from '../../state/store';

/**
 * Calls `show(a, b)` with the window of a jump meant for this chart: for `task`, or for
 * whatever task it shows (a jump to a task without calls). `domainKey` is a dependency so
 * that this runs after the chart reset its zoom for a new task (call it after that hook).
 */
export function useTimeJump(task: number, domainKey: string, hasSize: boolean, show: (a: number, b: number) => void): void {
  const jump = useAppStore((s) => s.view.timeJump);
  const trace = useAppStore((s) => s.session.traceId);
  const showRef = useRef(show);
  showRef.current = show;
  useEffect(() => {
    if (!jump || !hasSize || jump.trace !== trace || (jump.task >= 0 && jump.task !== task)) return;
    showRef.current(jump.ns - jump.spanNs / 2, jump.ns + jump.spanNs / 2);
    useAppStore.setState((s) => (s.view.timeJump === jump ? { view: { ...s.view, timeJump: null } } : s));
  }, [jump, trace, task, domainKey, hasSize]);
}
