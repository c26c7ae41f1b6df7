/**
 * Why a trace's calls have no duration, in the words of the CLI's stderr notes (an export or
 * `diff --folded` that weighs calls by time holds none of them).
 */
import { CallFlag, type CallTable } from '../core/model/call-table';

/**
 * The function tracer prints a call and never its return (kernel trace_output.c,
 * trace_fn_trace: one line per call), so the builder flags its calls NoDuration. A
 * function_graph trace printed with the funcgraph-duration option off
 * (trace_functions_graph.c: print_graph_duration only under TRACE_GRAPH_PRINT_DURATION)
 * has every return (`}`, `f();`) but no time: blaming the function tracer there sends the
 * reader to the wrong option. `mask` (1 = in view) limits the calls looked at.
 */
export function untimedReason(calls: CallTable, mask?: ArrayLike<number>): string {
  for (let i = 0; i < calls.length; i++) {
    if (mask && mask[i] === 0) continue;
    if (calls.flags[i] & CallFlag.NoDuration) return 'the function tracer records none';
  }
  return 'the function_graph text prints none: its funcgraph-duration option was off';
}
