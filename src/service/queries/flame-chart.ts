/**
 * The flame chart's questions: one task's calls on a time axis in the asked window
 * (core/query/flame-graph.ts `flameChart`), with what the trace printed beside them
 * (frame-notes.ts) and the names they use (frame-names.ts); and the tasks it can show.
 * A range in the filter is ignored: the chart has its own time window.
 */
import { CallFlag, type IndexIntoTaskTable, type Nanoseconds } from '../../core/model/call-table';
import { taskLabel } from '../../core/model/tables';
import { withoutRange, type CallMask, type ViewFilter } from '../../core/query/filter';
import { flameChart } from '../../core/query/flame-graph';
import { untimedReason } from '../../core/export/empty-export';
import { DerivedTime } from '../../lib/derived-time';
import type { DerivedData } from '../derived/derived-data';
import { filterKey } from '../derived/keys';
import { NameTable, type FrameNames } from './frame-names';
import { frameNotes, type FrameNotes } from './frame-notes';

export interface FlameChartRequest {
  filter: ViewFilter;
  task: IndexIntoTaskTable;
  startNs: Nanoseconds;
  endNs: Nanoseconds;
  /** Calls shorter than this are skipped (one pixel's worth at the current zoom). */
  minDurNs: Nanoseconds;
  /** Keep one of the shorter calls per row and per minDurNs, as a marker (core `tinyMarkers`). */
  tinyMarkers?: boolean;
}

export interface FlameChartFrames extends FrameNames, FrameNotes {
  length: number;
  /** Start and end (ns); laid out rather than read where `derived` says so. */
  start: Float64Array;
  end: Float64Array;
  /** Ancestors of the call (its row). */
  depth: Uint32Array;
  name: Int32Array;
  func: Int32Array;
  /** Self time of the call (a call that never returned has builder rule 7's duration and self). */
  self: Float64Array;
  /** Duration as traced (for a call that never returned: until its task was last seen, builder rule 7). */
  duration: Float64Array;
  /** Duration of the parent call (NaN when none or unknown): "share of parent". */
  parentDuration: Float64Array;
  /**
   * DerivedTime bits (lib/derived-time.ts): start laid out, end inferred, NoReturn (a
   * function tracer call, whose return the tracer never records: "end inferred" does not
   * mean it never returned), and AfterLoss (events lost on its CPU while it was open).
   */
  derived: Uint8Array;
  /** The CPU the call was entered on (-1 when the trace does not say). */
  cpu: Int16Array;
  /** The call's index in the model (a frame's hook candidates are ranked under it: HookFrameAt.call). */
  call: Uint32Array;
  /** The call's first input line (1-based; for a trace.dat the record's number; 0 for none). */
  line: Uint32Array;
  /** Some starts were laid out from durations (a trace without timestamps). */
  approximate: boolean;
  maxDepth: number;
}


export function flameChartFrames(derived: DerivedData, req: FlameChartRequest): FlameChartFrames {
  const model = derived.model;
  // The chart has its own time window: a range in the filter would only hide calls.
  const mask = derived.mask(withoutRange(req.filter));
  const r = flameChart(derived, mask, req.task, {
    startNs: req.startNs,
    endNs: req.endNs,
    minDurationNs: req.minDurNs > 0 ? req.minDurNs : 0,
    tinyMarkers: req.tinyMarkers === true,
  });
  const n = r.length;
  const { calls } = model;
  const table = new NameTable(derived);
  const name = new Int32Array(n);
  const func = new Int32Array(n);
  const self = new Float64Array(n);
  const duration = new Float64Array(n);
  const parentDuration = new Float64Array(n);
  const cpu = new Int16Array(n);
  const line = new Uint32Array(n);
  for (let k = 0; k < n; k++) {
    const i = r.call[k];
    cpu[k] = calls.cpu[i];
    line[k] = calls.line[i];
    func[k] = r.func[k];
    name[k] = table.id(r.func[k]);
    self[k] = calls.self[i];
    duration[k] = calls.duration[i];
    const p = calls.parent[i];
    parentDuration[k] = p >= 0 && p < calls.length ? calls.duration[p] : Number.NaN;
    // r.derived is this answer's own copy.
    if (calls.flags[i] & CallFlag.NoDuration) r.derived[k] |= DerivedTime.NoReturn;
    if (calls.flags[i] & CallFlag.AfterLoss) r.derived[k] |= DerivedTime.AfterLoss;
  }
  return {
    length: n,
    start: r.start,
    end: r.end,
    depth: r.depth,
    name,
    func,
    self,
    duration,
    parentDuration,
    derived: r.derived,
    cpu,
    call: r.call,
    line,
    approximate: r.approximate,
    maxDepth: r.maxDepth,
    ...table.finish(),
    ...frameNotes(model, r.call),
  };
}

export interface ChartTask {
  task: IndexIntoTaskTable;
  /** `comm-pid`. */
  label: string;
  /** Calls of the task in the filter. */
  calls: number;
  startNs: Nanoseconds;
  endNs: Nanoseconds;
  /** Summed duration of the task's outermost calls in the filter ("share of total"). */
  totalNs: Nanoseconds;
}

export interface ChartTasks {
  /** Tasks with calls in the filter, busiest (most calls) first. */
  tasks: ChartTask[];
  /** Whether calls carry real timestamps. */
  hasTimestamps: boolean;
  /**
   * Why the chart has no time to lay the calls in the filter on (empty-export.ts
   * untimedReason), '' when it has: a trace with neither timestamps nor durations
   * (function_graph text with funcgraph-duration off and no funcgraph-abstime), where every
   * call was laid out at 0 and the chart drew a 1 ns axis with all of them on its first pixel.
   */
  untimedReason: string;
}

/** The tasks the flame chart can show under `filter` (its range ignored). */
export function chartTasks(derived: DerivedData, filter: ViewFilter): ChartTasks {
  const f = withoutRange(filter);
  // A few dozen bytes per task.
  return derived.keep('chartTasks', filterKey(f), () => computeChartTasks(derived, f), (t) => 64 * t.tasks.length);
}

function computeChartTasks(derived: DerivedData, f: ViewFilter): ChartTasks {
  const model = derived.model;
  const mask = derived.mask(f);
  const { calls } = model;
  const { start, end } = derived.times();
  const nTasks = model.tasks.length;
  const count = new Float64Array(nTasks);
  const t0 = new Float64Array(nTasks).fill(Number.POSITIVE_INFINITY);
  const t1 = new Float64Array(nTasks).fill(Number.NEGATIVE_INFINITY);
  const total = new Float64Array(nTasks);
  const covered = coveredByMask(derived, mask);
  let anyDuration = false;
  for (let i = 0; i < calls.length; i++) {
    if (mask && !mask[i]) continue;
    const t = calls.task[i];
    count[t]++;
    if (!Number.isNaN(calls.duration[i])) anyDuration = true;
    if (start[i] < t0[t]) t0[t] = start[i];
    if (end[i] > t1[t]) t1[t] = end[i];
    if (!covered[i] && !Number.isNaN(calls.duration[i])) total[t] += calls.duration[i];
  }
  const tasks: ChartTask[] = [];
  for (let t = 0; t < nTasks; t++) {
    if (count[t] === 0) continue;
    tasks.push({ task: t, label: taskLabel(model.tasks[t]), calls: count[t], startNs: t0[t], endNs: t1[t], totalNs: total[t] });
  }
  tasks.sort((a, b) => b.calls - a.calls || a.task - b.task);
  const untimed = !model.hasTimestamps && !anyDuration && tasks.length > 0;
  return { tasks, hasTimestamps: model.hasTimestamps, untimedReason: untimed ? untimedReason(calls, mask) : '' };
}

/** covered[i] = 1 when some ancestor of call i is in the mask (so i is not outermost). */
function coveredByMask(derived: DerivedData, mask: CallMask | undefined): Uint8Array {
  const { calls } = derived.model;
  const n = calls.length;
  const covered = new Uint8Array(n);
  const { order } = derived.topology();
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const p = calls.parent[i];
    if (p >= 0 && p < n && (!mask || mask[p] || covered[p])) covered[i] = 1;
  }
  return covered;
}
