/**
 * The Summary's Top functions under the view's filters.
 *
 * The rows are the worker's functions table of the view (functionTable, the Functions
 * view's numbers) in the summary's shape and order: with no filter, the whole trace with
 * interrupts in place, the rows of `cli summary` (core summary.ts). The filter bar above
 * the Summary names the task, CPUs, range, syscalls-only and Interrupts mode in force, and
 * the Search matches panel beside the table follows them: a table that did not gave
 * __x64_sys_read 250 calls and 130 ms under "Task: nc.openbsd-405" on the 03 system-wide
 * trace, where that task made 55 of them (12.3 ms) and the panel above said so.
 */
import type { ViewFilter } from '../../core/query/filter';
import type { SummaryFunction } from '../../core/query/summary';
import { bySummaryOrder } from '../../lib/summary-order';
import type { FunctionTable } from '../../state/tree-queries';

/** True when the filter is the whole trace, in place: the table is the trace's own ("Top functions", not "… in view"). */
export function isWholeTrace(filter: ViewFilter): boolean {
  return !filter.tasks?.length && !filter.cpus?.length && !filter.range && !filter.syscallsOnly && (filter.irq ?? 'in-place') === 'in-place';
}

const orNull = (v: number): number | null => (Number.isNaN(v) ? null : v);

/** The functions table's rows as the summary lists them: unknown times null, by total (unknown last), then calls, then name. */
export function topFunctionRows(t: FunctionTable): SummaryFunction[] {
  const rows: SummaryFunction[] = [];
  for (let r = 0; r < t.func.length; r++) {
    const timed = t.timed[r] > 0;
    rows.push({
      name: t.names[r],
      calls: t.calls[r],
      totalNs: timed ? orNull(t.total[r]) : null,
      selfNs: timed ? orNull(t.self[r]) : null,
      minNs: orNull(t.min[r]),
      p50Ns: orNull(t.p50[r]),
      p95Ns: orNull(t.p95[r]),
      p99Ns: orNull(t.p99[r]),
      maxNs: orNull(t.max[r]),
      // The table's NaN where no call is timed; the load's summary (and cli summary) say 0 there.
      irqNs: timed ? t.irq[r] : 0,
    });
  }
  // The order of core summary.ts summarize.
  rows.sort(bySummaryOrder);
  return rows;
}
