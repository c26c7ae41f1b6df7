/**
 * Why an export of the calls a mask keeps would hold nothing, said before it is made (the
 * app's Export menu, the CLI's notes on stderr): a file that downloads empty from a
 * successful export reads as a broken trace or tool.
 *
 * - `no-calls`: the filters keep no call.
 * - `no-durations`: no kept call has a duration. Every export weighs calls by their time
 *   (the SVG's and folded stacks' widths, the Chrome and speedscope events' ends); the plain
 *   function tracer records none (kernel trace_output.c prints a call as one line, no return).
 * - `no-starts` (Chrome trace JSON, speedscope: they place each call at its start): calls
 *   have durations but none has a start time. The kernel's function_graph text prints an
 *   entry's time only with the funcgraph-abstime option, off by default
 *   (trace_functions_graph.c: tracer_flags.val has no TRACE_GRAPH_PRINT_ABS_TIME).
 */
import { CallFlag, type CallTable } from '../model/call-table';
import type { CallMask } from '../query/filter';

export type EmptyExportReason = 'no-calls' | 'no-durations' | 'no-starts';

export interface EmptyExport {
  reason: EmptyExportReason;
  /** Calls the mask keeps. */
  calls: number;
  /** For `no-durations`: why, in words (untimedReason). */
  untimed?: string;
}

/** Whether an export in `format` places calls on a time line (needs their start times). */
export function placesCalls(format: string): boolean {
  return format === 'chrome' || format === 'speedscope';
}

/** Why the export of `calls` kept by `mask` (all without one) in `format` is empty; null when it is not. */
export function emptyExport(calls: CallTable, format: string, mask?: CallMask): EmptyExport | null {
  const { start, duration, length } = calls;
  const needStart = placesCalls(format);
  let kept = 0;
  let timed = 0;
  for (let i = 0; i < length; i++) {
    if (mask !== undefined && mask[i] === 0) continue;
    kept++;
    if (Number.isNaN(duration[i])) continue;
    if (!needStart || Number.isFinite(start[i])) return null;
    timed++;
  }
  if (kept === 0) return { reason: 'no-calls', calls: 0 };
  if (timed > 0) return { reason: 'no-starts', calls: kept };
  return { reason: 'no-durations', calls: kept, untimed: untimedReason(calls, mask) };
}

/**
 * Why calls have no duration, in words. The function tracer prints a call and never its
 * return (kernel trace_output.c, trace_fn_trace: one line per call), so the builder flags its
 * calls NoDuration. A function_graph trace printed with the funcgraph-duration option off
 * (trace_functions_graph.c: print_graph_duration only under TRACE_GRAPH_PRINT_DURATION) has
 * every return (`}`, `f();`) but no time: blaming the function tracer there sends the reader
 * to the wrong option; so does naming funcgraph-duration alone for text printed with
 * nocontext-info. `mask` (1 = in view) limits the calls looked at.
 */
export function untimedReason(calls: CallTable, mask?: ArrayLike<number>): string {
  let cpuShown = false;
  for (let i = 0; i < calls.length; i++) {
    if (mask && mask[i] === 0) continue;
    if (calls.flags[i] & CallFlag.NoDuration) return 'the function tracer records none';
    if (calls.cpu[i] >= 0) cpuShown = true;
  }
  // The trace option context-info off (nocontext-info) hides every column, the duration's
  // with them (print_graph_prologue and print_graph_duration return early without
  // TRACE_ITER_CONTEXT_INFO): text with no CPU column may be that, not funcgraph-duration.
  if (!cpuShown) {
    return 'the function_graph text prints none: its funcgraph-duration option was off, or the trace option context-info (nocontext-info prints no column at all)';
  }
  return 'the function_graph text prints none: its funcgraph-duration option was off';
}
