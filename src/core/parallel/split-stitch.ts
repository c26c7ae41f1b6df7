/**
 * The split build's join side (docs/split-build.md): the calls a later range built itself
 * (split-range.ts) stitched into the one builder, in input order, with the range's replayed
 * lines (its tasks' prefixes, and everything after its speculation ended) replayed around
 * them as today (range-join.ts). The model is the one-pass model exactly:
 *
 * - `fits` first holds the one-pass state at the seam against what the range assumed: the
 *   range builder applied only plain rules; no interrupt arrows open, no drop marker's
 *   instance pending, no task known by its CPU only, the clock check full (seamQuiet); each
 *   CPU whose first line of the range was built not later than that line; each anchored
 *   task's open frames those its prefix closes or goes under (depths, names, no provisional
 *   adoption, no deeper calls waiting), so that its stack is empty at its anchor. Anything
 *   else: the range is read again in one pass (the caller's fallback).
 * - Each BUILT_RUN row appends the run's rows (task, function and parent ids remapped, lines
 *   moved by the range's first line), its events and the tasks it made, then leaves the CPUs'
 *   last times and tasks, the last exit and event as the run's lines leave them.
 * - At the end of the speculation (or the range), each built task's state takes the range's:
 *   its open frames, the latest time seen, its CPUs, name and counts.
 */
import type { TaskState, TraceBuilder } from '../model/builder';
import type { RecordBatchReader } from './record-batch';
import type { SplitCalls, SplitPart } from './split-range';
import { widenOnSpace, type SharedCallSpace } from './shared-calls';

/** Whether range `part` can be stitched into `builder` as it stands at the range's seam. */
export function splitFits(builder: TraceBuilder, part: SplitPart): boolean {
  if (!part.clean || !builder.seamQuiet()) return false;
  for (let i = 0; i < part.firstCpus.length; i++) {
    // Rule 10 would say nothing at the CPU's first line (NaN: no time yet).
    if (part.firstTimes[i] < builder.seamCpuTime(part.firstCpus[i])) return false;
  }
  const calls = builder.calls;
  for (const { key, frames } of part.anchors) {
    const st = builder.seamTask(key);
    const stack = st?.stack ?? [];
    let p = stack.length - 1;
    for (const f of frames) {
      if (p < 0 || calls.depth[stack[p]] !== f.depth) return false;
      const c = stack[p];
      if (f.pop) {
        if ((f.name !== '' && builder.strings.get(calls.func[c]) !== f.name) || builder.seamProvisional(c)) return false;
        p--;
      } else if (st!.deepChildren[p + 1]?.length) return false; // an entry there would adopt them (rule 8)
    }
    if (p >= 0 || (st?.deepChildren[0]?.length ?? 0) > 0) return false;
  }
  return true;
}

/** Stitches one range's split part into a builder, run by run, as its batches are replayed. */
export class SplitStitch {
  /** Range row → model row, for the rows appended so far. */
  private readonly rows: Int32Array;
  private readonly taskStates: TaskState[] = [];
  /** Range task → model task. */
  private readonly taskIds: number[] = [];
  private run = 0;
  private callsDone = 0;
  private eventsDone = 0;
  private tasksDone = 0;
  private transferred = false;
  /** Rows moved down in place within the shared rows (the others were copied). */
  moved = 0;

  /**
   * `lineBase`: the model's lines before the range's first. `reader`: the range's batch reader
   * (function ids). `space`: the shared rows the part's rows lie in (at part.sharedAt), when the
   * builder's table is on them too: its rows are then moved down in place (shared-calls.ts).
   */
  constructor(
    private readonly builder: TraceBuilder,
    private readonly part: SplitPart,
    private readonly reader: RecordBatchReader,
    private readonly lineBase: number,
    private readonly space?: SharedCallSpace,
  ) {
    this.rows = new Int32Array(part.calls.length);
  }

  /** Appends the next run of built lines (its BUILT_RUN row has come); returns its line count. */
  appendRun(): number {
    const b = this.builder;
    const part = this.part;
    const run = part.runs[this.run++];
    for (let t = this.tasksDone; t < run.tasks; t++) {
      const task = part.tasks[t];
      this.taskStates[t] = b.seamTask(task.key) ?? b.seamNewTask(task.key, task.comm, task.pid, task.idleCpu);
      this.taskIds[t] = this.taskStates[t].id;
    }
    this.tasksDone = run.tasks;
    this.appendCalls(run.calls);
    const rows = this.rows;
    const states = this.taskStates;
    const lineBase = this.lineBase;
    const ev = part.events;
    const events = b.events;
    const eventBase = events.length - this.eventsDone;
    for (let e = this.eventsDone; e < run.events; e++) {
      events.task.push(states[ev.task[e]].id);
      events.cpu.push(ev.cpu[e]);
      events.ts.push(ev.ts[e]);
      events.name.push(ev.name[e]);
      events.text.push(ev.text[e]);
      events.line.push(ev.line[e] + lineBase);
      events.stack.push(ev.stack[e]);
    }
    this.eventsDone = run.events;
    for (let j = 0; j < run.cpus.length; j++) b.seamSetCpu(run.cpus[j], run.cpuTimes[j], states[run.cpuTasks[j]]);
    b.seamForgetLastTask();
    if (run.lastExit >= 0) b.seamSetLastExit(rows[run.lastExit], run.lastExitLine + lineBase);
    if (run.lastEvent >= 0) b.seamSetLastEvent(eventBase + run.lastEvent);
    return run.lines;
  }

  /**
   * Appends the range's rows up to `end` (their ids, task and function remapped, their lines
   * moved) column by column: a run is a few thousand rows, and the columns that keep their
   * values are copied whole. Rows in the shared rows are moved down in place (moveDown);
   * others are copied from the part's own memory.
   */
  private appendCalls(end: number): void {
    const from = this.callsDone;
    const count = end - from;
    if (count === 0) return;
    this.callsDone = end;
    const calls = this.builder.calls;
    const at = calls.length;
    let source: SplitCalls;
    let sourceAt: number;
    if (this.space && this.moveDown(from, count, at)) {
      // The remapped columns are read where they lie, before each row is written over.
      source = calls;
      sourceAt = this.part.sharedAt + from;
      this.moved += count;
    } else {
      source = this.part.calls;
      sourceAt = from;
      // Grown by half at least, as adding row by row grows it (a run's worth each time would copy the table per run).
      if (at + count > calls.func.length) calls.reserve(Math.max(at + count, Math.ceil(calls.func.length * 1.5)));
      calls.length = at + count;
      calls.depth.set(source.depth.subarray(from, end), at);
      calls.cpu.set(source.cpu.subarray(from, end), at);
      calls.flags.set(source.flags.subarray(from, end), at);
      calls.start.set(source.start.subarray(from, end), at);
      calls.duration.set(source.duration.subarray(from, end), at);
      calls.self.set(source.self.subarray(from, end), at);
    }
    const ids = this.reader.targetIds;
    const rows = this.rows;
    const taskIds = this.taskIds;
    const lineBase = this.lineBase;
    const { func, parent, task, line } = calls;
    const { func: srcFunc, parent: srcParent, task: srcTask, line: srcLine } = source;
    for (let i = from, s = sourceAt, g = at; i < end; i++, s++, g++) {
      func[g] = ids[srcFunc[s]];
      const p = srcParent[s];
      parent[g] = p >= 0 ? rows[p] : -1;
      task[g] = taskIds[srcTask[s]];
      line[g] = srcLine[s] + lineBase;
      rows[i] = g;
    }
    // The context column is never shared: the part's own, by the range's rows.
    const context = this.part.calls.context;
    if (context !== undefined) for (let i = from; i < end; i++) if (context[i] !== 0) calls.setContext(rows[i], context[i]);
  }

  /**
   * Moves the columns that keep their values of the range's `count` rows from `from` down
   * within the shared rows, from where the range built them to the table's end `at`, and
   * makes room for them; false (nothing done) when the table is no longer on the shared rows.
   * The table may write only up to the rows not yet moved (RangeJoin.mayWriteUpTo, and this
   * run's end here; a table that outgrows that bound moves to memory of its own), so `at` is
   * never past them: a forward copy reads every row before it is written over.
   */
  private moveDown(from: number, count: number, at: number): boolean {
    const calls = this.builder.calls;
    const src = this.part.sharedAt + from;
    if (!widenOnSpace(calls, this.space!, src + count)) return false;
    if (at > src) throw new Error('SplitStitch: the table wrote past the rows not yet moved');
    calls.length = at + count;
    if (at !== src) {
      calls.depth.copyWithin(at, src, src + count);
      calls.cpu.copyWithin(at, src, src + count);
      calls.flags.copyWithin(at, src, src + count);
      calls.start.copyWithin(at, src, src + count);
      calls.duration.copyWithin(at, src, src + count);
      calls.self.copyWithin(at, src, src + count);
    }
    return true;
  }

  /** The speculation ended (or the range did): the built tasks' states become the range's. */
  transfer(): void {
    if (this.transferred) return;
    this.transferred = true;
    const b = this.builder;
    const rows = this.rows;
    this.part.tasks.forEach((task, t) => {
      const st = this.taskStates[t];
      st.stack = task.stack.map((c) => rows[c]);
      // Levels up to the stack's were all emptied by the range's entries (deeper ones are
      // emptied before they are read: builder.ts entry).
      st.deepChildren = [];
      if (task.lastSeen > st.lastSeen) st.lastSeen = task.lastSeen;
      for (const cpu of task.cpus) st.cpuSet.add(cpu);
      if (task.lastCpu !== -2) st.lastCpu = task.lastCpu;
      const model = b.tasks[st.id];
      if (task.comm !== '' && task.comm !== '<...>') model.comm = task.comm;
      model.calls += task.calls;
      if (task.maxDepth > model.maxDepth) model.maxDepth = task.maxDepth;
    });
    b.seamAddCounts(this.part.counts);
  }
}
