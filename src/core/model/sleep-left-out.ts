/**
 * Calls whose recorded duration leaves out time their task slept: the function_graph option
 * `sleep-time` off (`trace_options` nosleep-time, trace-cmd record -O nosleep-time). The
 * kernel then moves a call's call time on by the time its task was scheduled out during it
 * (kernel/trace/trace_functions_graph.c handle_nosleeptime: `ftimes->calltime +=
 * current->ftrace_sleeptime - ftimes->sleeptime`; older kernels added the sleep to every
 * open frame's calltime at sched_switch, fgraph.c ftrace_graph_probe_sched_switch), so its
 * duration, rettime - calltime, is shorter than the span of what ran inside it.
 *
 * The exact call times (-R, -N, trace.dat) say so by themselves. A child whose entry came
 * after its parent's on the parent's CPU had its call time read after the parent's (one
 * per-CPU clock, read in that order: trace_graph_entry reads it before writing the entry
 * record), so with sleep-time on the parent's recorded call time is not past the child's;
 * with nosleep-time it is, by the sleep it was moved on by. Such a parent keeps its children
 * (the interval rule would move them out: settle-intervals.ts) and the kernel's numbers, and
 * the model says once why its interval does not hold them. An exit that closed another call
 * than the one open (records lost, cut) names another function (NameMismatch) and says
 * nothing here.
 *
 * Printed entry times (trace-cmd report, tracefs text) show it only as a child entered after
 * its parent's start plus duration, which lines missing from the text show too (an exit taken
 * for an earlier call's): there the interval rule moves the child and its diagnostic names
 * both causes (settle-intervals.ts).
 */
import { CallFlag, type CallTable, type IndexIntoCallTable } from './call-table';

/** Printed times are rounded to the microsecond: a child may stick out this much of a sound parent. */
const TOLERANCE_NS = 1000;
/** A flag on either call makes its times a repair's, which says nothing of the recording. */
const REPAIRED = CallFlag.Orphan | CallFlag.Unclosed | CallFlag.DepthGap | CallFlag.AfterLoss | CallFlag.NameMismatch | CallFlag.StartUnknown;

/** How the note begins: the fuzz properties know a model that keeps children outside a call by it. */
export const SLEEP_LEFT_OUT_NOTE = 'Durations leave out the time a task slept';

export interface SleepLeftOut {
  /** Calls whose interval does not hold a child that ran inside them. */
  calls: Set<IndexIntoCallTable>;
  /** The first such call and that child, for the note (-1 when none). */
  parent: IndexIntoCallTable;
  child: IndexIntoCallTable;
}

/** The calls of a finished table whose recorded times leave out a sleep (see above); none without exact call times. */
export function findSleepLeftOut(calls: CallTable, exactStarts: boolean): SleepLeftOut {
  const found: SleepLeftOut = { calls: new Set(), parent: -1, child: -1 };
  if (!exactStarts) return found;
  const { parent, start, cpu, flags } = calls;
  for (let c = 0; c < calls.length; c++) {
    const p = parent[c];
    // A child's row after its parent's: entered after it (an orphan's adopted children come before it).
    if (p < 0 || p >= c || cpu[c] !== cpu[p] || (flags[c] | flags[p]) & REPAIRED) continue;
    if (!(start[c] < start[p] - TOLERANCE_NS)) continue; // NaN (no times) compares false
    found.calls.add(p);
    if (found.parent < 0) {
      found.parent = p;
      found.child = c;
    }
  }
  return found;
}

/** The note that says it, naming the first call found; undefined when none was. */
export function sleepLeftOutNote(calls: CallTable, name: (c: IndexIntoCallTable) => string, found: SleepLeftOut): string | undefined {
  const p = found.parent;
  const c = found.child;
  if (p < 0) return undefined;
  const { start, duration } = calls;
  const how = `its recorded call time is ${start[p] - start[c]} ns after that of ${name(c)}, which it called`;
  const more = found.calls.size > 1 ? ` (and ${found.calls.size - 1} more calls)` : '';
  return (
    `${SLEEP_LEFT_OUT_NOTE}: ${name(p)} lasts ${duration[p]} ns, but ${how}${more}. The trace was recorded with ` +
    'the function_graph option sleep-time off (nosleep-time): the kernel leaves out of a call the time its task was ' +
    'scheduled out, moving its call time on by it. The durations are the kernel’s, and such calls keep their ' +
    'children, which lie outside their interval on the time axis'
  );
}
