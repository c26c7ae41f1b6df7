/**
 * What the overview strip's head says: the range picked, or the whole time axis with the
 * calls the strip counts. The strip counts the calls of the view's task, CPUs, syscalls-only
 * and Interrupts filters (not the range: it is where the range is picked), so under one of
 * them its count is not the trace's: "Whole trace: 807 ms, 137,976 calls" under Syscalls only
 * on the seed, beside the Summary's 226,772 calls. It says so then.
 */
import type { ViewFilter } from '../../core/query/filter';
import { formatCount, formatDuration } from '../format';

/** Whether the filter leaves out some of the trace's calls (what the strip counts). */
export function narrowsCalls(filter: ViewFilter): boolean {
  return Boolean(filter.tasks?.length || filter.cpus?.length || filter.syscallsOnly || filter.irq === 'hidden' || filter.pathsFrom);
}

export function overviewHeadText(t: {
  range: readonly [number, number] | null;
  startNs: number;
  endNs: number;
  calls: number;
  narrowed: boolean;
}): string {
  if (t.range) return `Range ${formatDuration(t.range[0] - t.startNs)} – ${formatDuration(t.range[1] - t.startNs)} (${formatDuration(t.range[1] - t.range[0])})`;
  const span = formatDuration(t.endNs - t.startNs);
  const calls = formatCount(t.calls);
  return t.narrowed
    ? `Whole trace, as filtered: ${span}, ${calls} calls in view. Drag to pick a range.`
    : `Whole trace: ${span}, ${calls} calls. Drag to pick a range.`;
}

/**
 * The strip's title. In compare mode it is side A's time line (brushing it picks A's range; B
 * has its own, in B's filters), which the title said nowhere: "Calls over time" above the
 * differential flame graph read as both traces'.
 */
export function overviewTitle(side: 'A' | null): string {
  return side === 'A' ? 'Side A: calls over time' : 'Calls over time';
}
