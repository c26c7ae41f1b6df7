/**
 * What a view of calls says when none is in view. A trace with no function call at all is
 * not a matter of filters: the tracers that record no call (nop with events, osnoise,
 * timerlat, hwlat, blk: kernel/trace/trace_output.c prints their records as events) leave
 * every call view empty with no filter set, and 'the filters leave nothing' would send the
 * user looking for one. Their events are in the Events view.
 */
import { formatCount } from './format';

export function noCallsText(trace: { calls: number; events: number } | null, filtered: string): string {
  if (!trace || trace.calls > 0) return filtered;
  const n = trace.events;
  const where = n > 0 ? `: its ${formatCount(n)} event${n === 1 ? ' is' : 's are'} in the Events view.` : '.';
  return `This trace has no function call (a tracer such as nop, osnoise, timerlat, hwlat or blk records none)${where}`;
}
