/**
 * The CLI's `summary` document: format, line and call counts, diagnostics, tasks and
 * per-function statistics, as plain JSON; or the same without the per-function statistics
 * (`summarizeFacts`: compare mode's side B), or without them but for their count
 * (`summarizeOpening`: the app's load, whose functions table is asked for when shown).
 */
import { bySummaryOrder } from '../../lib/summary-order';
import { interruptFigures, interruptView, type InterruptView, type IrqMode } from '../model/interrupt-mode';
import type { TraceModel } from '../model/tables';
import { computeFunctionStats } from './function-stats';

export interface SummaryTask {
  /** trace-cmd instance ('' for the top-level buffer): one task per instance it ran in. */
  instance: string;
  comm: string;
  pid: number;
  cpus: number[];
  calls: number;
  maxDepth: number;
}

export interface SummaryFunction {
  name: string;
  calls: number;
  /**
   * Summed over the calls with a duration; null when none has one (the function tracer
   * records none; or no call returned): unknown, where 0 would read as "took no time".
   */
  totalNs: number | null;
  selfNs: number | null;
  minNs: number | null;
  p50Ns: number | null;
  p95Ns: number | null;
  p99Ns: number | null;
  maxNs: number | null;
  /**
   * Interrupt time inside: the time of the interrupt frames nested in this function's calls
   * (summed over its calls like totalNs), the same in every interrupt mode; in `apart` and
   * `hidden` it is the time that no longer counts in totalNs.
   */
  irqNs: number;
}

/** The interrupt accounting of the document (core/model/interrupt-mode.ts). */
export interface SummaryInterrupts {
  mode: IrqMode;
  /** Outermost interrupt frames (an interrupt or softirq frame no interrupt frame holds). */
  frames: number;
  /** Their time: left in place, moved to the tasks' `[interrupts]` roots, or hidden; null when no frame has a duration (the function tracer's). */
  ns: number | null;
}

/**
 * A trace in brief, without its per-function table: what compare mode's side B shows (its
 * trace, calls, tasks and diagnostics beside A's). Its functions are listed only compared,
 * so a B load does not group every call by function (`summarizeFacts`).
 */
export interface TraceFacts {
  format: string;
  lines: number;
  calls: number;
  diagnostics: {
    unparsedLines: number;
    orphanExits: number;
    unclosedCalls: number;
    dropMarkers: number;
    droppedEvents: number;
    depthGaps: number;
    nameMismatches: number;
    /** Lines earlier than the line before them on the same CPU (reported, not reordered). */
    timeBackwards: number;
    parsedLines: number;
    headerLines: number;
    inputErrors: string[];
  };
  events: number;
  kernelRelease: string;
  interrupts: SummaryInterrupts;
  tasks: SummaryTask[];
}

export interface TraceSummary extends TraceFacts {
  functions: SummaryFunction[];
}

/**
 * What the app's load answers at `ready`: the facts, and how many functions the functions
 * table will have (`summaryFunctions`), not the table itself. Its statistics group every
 * call by function, and the flame graph a load opens on reads none of them: at 1M calls in
 * Chromium they were 53 ms of the 125 ms the worker spent between the parse and `ready`
 * (under the profiler), at 6.4M in Node 280–370 ms.
 */
export interface OpeningSummary extends TraceFacts {
  /** Functions with at least one call: the rows of `summaryFunctions`. */
  functionCount: number;
}

const orNull = (v: number): number | null => (Number.isNaN(v) ? null : v);

/** Tasks by calls (busiest first); functions by total time, then calls. */
export function summarize(model: TraceModel): TraceSummary {
  const irq = interruptView(model);
  return { ...factsOf(model, irq), functions: summaryFunctions(model, irq) };
}

/** The summary's functions table: every function with a call, in the summary's order. */
export function summaryFunctions(model: TraceModel, irq: InterruptView = interruptView(model)): SummaryFunction[] {
  const stats = computeFunctionStats(model.calls, model.strings, undefined, irq.inside);
  const functions: SummaryFunction[] = [];
  for (let r = 0; r < stats.length; r++) {
    functions.push({
      name: model.strings.get(stats.func[r]),
      calls: stats.calls[r],
      totalNs: stats.timed[r] > 0 ? stats.total[r] : null,
      selfNs: stats.timed[r] > 0 ? stats.self[r] : null,
      minNs: orNull(stats.min[r]),
      p50Ns: orNull(stats.p50[r]),
      p95Ns: orNull(stats.p95[r]),
      p99Ns: orNull(stats.p99[r]),
      maxNs: orNull(stats.max[r]),
      irqNs: stats.irq[r],
    });
  }
  functions.sort(bySummaryOrder);
  return functions;
}

/** The facts and the number of functions with a call, without their statistics (`OpeningSummary`). */
export function summarizeOpening(model: TraceModel): OpeningSummary {
  return { ...summarizeFacts(model), functionCount: functionsWithCalls(model) };
}

/** How many functions have at least one call: the rows computeFunctionStats makes of every call. */
export function functionsWithCalls(model: TraceModel): number {
  const seen = new Uint8Array(model.strings.size);
  const { func } = model.calls;
  let count = 0;
  for (let i = 0, n = model.calls.length; i < n; i++) {
    const f = func[i];
    if (seen[f] === 0) {
      seen[f] = 1;
      count++;
    }
  }
  return count;
}

/**
 * The summary without its functions (TraceFacts): every call's statistics left out, and
 * the interrupt figures counted without the per-call time inside that they are made from.
 */
export function summarizeFacts(model: TraceModel): TraceFacts {
  return factsOf(model, interruptFigures(model));
}

function factsOf(model: TraceModel, irq: Omit<InterruptView, 'inside'>): TraceFacts {
  const d = model.diagnostics;
  const tasks = model.tasks
    .map((t) => ({ instance: t.instance, comm: t.comm, pid: t.pid, cpus: t.cpus, calls: t.calls, maxDepth: t.maxDepth }))
    .sort((a, b) => b.calls - a.calls || a.pid - b.pid);
  return {
    format: model.format,
    lines: d.linesRead,
    calls: model.calls.length,
    diagnostics: {
      unparsedLines: d.unparsedLines,
      orphanExits: d.orphanExits,
      unclosedCalls: d.unclosedCalls,
      dropMarkers: d.dropMarkers,
      droppedEvents: d.droppedEvents,
      depthGaps: d.depthGaps,
      nameMismatches: d.nameMismatches,
      timeBackwards: d.timeBackwards,
      parsedLines: d.parsedLines,
      headerLines: d.headerLines,
      inputErrors: d.inputErrors,
    },
    events: model.events.length,
    kernelRelease: model.kernelRelease,
    interrupts: { mode: irq.mode, frames: irq.frames, ns: orNull(irq.ns) },
    tasks,
  };
}
