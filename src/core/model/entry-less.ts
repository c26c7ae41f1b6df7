/**
 * A function_graph trace with exits and no entry at all: what the kernel writes when
 * `tracing_thresh` is set. trace_graph_entry (kernel/trace/trace_functions_graph.c) reads the
 * call time and then stops ("Stop here if tracing_threshold is set. We only write function
 * return events to the ring buffer"), and trace_graph_thresh_return drops every return faster
 * than the threshold; the printer then shows each return as a `}` at its depth, named in a
 * comment because no entry was seen (print_graph_return's func_match).
 * Every call of such a trace is an orphan exit, which the diagnostics list one by one with no
 * word of why; this says it once, with what it means for the numbers.
 *
 * trace-cmd report prints an exit's function only with `-O fgraph:tailprint`
 * (lib/trace-cmd/trace-ftrace.c fgraph_ret_handler: `}` alone otherwise), so the report of
 * such a recording names no function at all: every call is `(unknown)`. The note says how to
 * get the names.
 */

/** Fewer orphans than this say nothing of the recording: a cut window can end inside two calls. */
const MIN_ORPHANS = 2;

/**
 * The note for a trace whose every call is an exit without its entry (at least MIN_ORPHANS
 * of them), else undefined. `unnamed`: how many of those exits named no function.
 */
export function entrylessNote(calls: number, orphanExits: number, unnamed: number, fromReport: boolean): string | undefined {
  if (orphanExits < MIN_ORPHANS || orphanExits !== calls) return undefined;
  let note =
    'No call in the trace has its entry, only its return: function_graph records only returns, and only those slower ' +
    'than the threshold, when tracing_thresh is set. Calls are nested by their depths and durations; the faster calls ' +
    'are not in the trace, so their time is in their callers’ self time';
  if (unnamed > 0 && fromReport) {
    note +=
      `. ${unnamed === calls ? 'No' : `${unnamed} of the`} returns name their function (shown as (unknown)): ` +
      'trace-cmd report prints the name of a return only with -O fgraph:tailprint; report again with it, or open the trace.dat';
  }
  return note;
}
