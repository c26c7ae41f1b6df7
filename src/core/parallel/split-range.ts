/**
 * The split build's range side (docs/split-build.md): a later range builds the calls of its
 * tasks itself, where it is parsed, so that the join only stitches them in (split-stitch.ts)
 * instead of replaying every line through the one builder.
 *
 * Each line of the range is either built here, by a TraceBuilder of the range's own, or
 * written to the record batches as today, for the join to replay:
 * - a task's lines before its anchor (its first entry or leaf at depth 0 with nothing of the
 *   range open in it) are its prefix: replayed, as they close or nest in frames of earlier
 *   ranges. What the prefix assumed of those frames (their depths, the exits' names and
 *   durations against the children's time) is kept, for the join to hold against the one-pass
 *   stack at the seam;
 * - from its anchor on, a task's graph lines and events are built here, while each follows a
 *   plain rule (an entry or leaf right under the open frame, an exit closing the open frame
 *   of its depth and name, no call's children outlasting it); header lines are built too;
 * - the first line no plain rule takes (any other kind, a note, an exact call time, a time
 *   going back on its CPU, an instance…) ends the speculation: from it on every line is replayed.
 * Each run of built lines is a BUILT_RUN row in the batches, in its place, so that the join
 * keeps input order, line numbers and the string table's order.
 *
 * The range's builder must have made no repair (TraceBuilder.seamClean); otherwise, or when
 * the join's checks at the seam fail, the join reads the range again in one pass.
 */
import { CallTable, MAX_CALL_DEPTH } from '../model/call-table';
import { TraceBuilder, UNKNOWN_FUNCTION, type SeamCounts, type TaskState } from '../model/builder';
import { RecordFlag, RecordKind, type LineRecord } from '../parse/record';
import type { StringTable } from '../model/string-table';
import { BUILT_RUN, RecordBatchWriter, SPECULATION_END } from './record-batch';
import type { RecordSink } from './range-parser';
import { sharedColumns, viewsRegion, type SharedRegion } from './shared-calls';

/**
 * Whether later ranges build their own calls by default (the CLI's parallel load, loadInRanges):
 * the one switch of the split build, for the tests and benchmarks to turn.
 */
export const SPLIT_BUILD = true;

/** The builder's rounding tolerance (builder.ts TIME_TOLERANCE_NS): a call's self time below minus this is repaired. */
const TOLERANCE_NS = 1000;
/** CPUs the builder keeps in arrays (builder.ts CPU_SLOTS); a line of another is replayed. */
const CPU_SLOTS = 4096;
/** Times past any 64-bit clock are damage to the builder (MAX_CLOCK_NS). */
const MAX_CLOCK_NS = 2 ** 64;

/**
 * What a prefix assumed of the frames open at the seam, in its order: an exit closed the
 * open one (`pop`: of this depth, and of this name when it named one), or an entry or leaf
 * went right under it (`pop` false: the open one is at this depth).
 */
export interface SeamFrame {
  pop: boolean;
  depth: number;
  name: string;
}

/** A task of the range's builder at the end of its speculation. */
export interface SplitTask {
  key: string;
  comm: string;
  pid: number;
  idleCpu: number;
  calls: number;
  maxDepth: number;
  /** Open calls (range rows), outermost first. */
  stack: number[];
  lastSeen: number;
  cpus: number[];
  lastCpu: number;
}

/** A run of built lines, in the order of its BUILT_RUN row, with what the rows up to its end hold. */
export interface SplitRun {
  lines: number;
  /** Range rows, events and tasks made up to the run's end. */
  calls: number;
  events: number;
  tasks: number;
  /** CPUs of the run's lines, with the time and range task of each one's last line. */
  cpus: number[];
  cpuTimes: number[];
  cpuTasks: number[];
  /** The range row of the run's last exit and its range line, -1 when none. */
  lastExit: number;
  lastExitLine: number;
  /** The run's last event (range index), -1 when none. */
  lastEvent: number;
}

/** The range's call rows (CallTable's columns, cut to its rows: transferable); lines are the range's (1-based). */
export type SplitCalls = Pick<CallTable, 'length' | 'func' | 'parent' | 'task' | 'depth' | 'cpu' | 'flags' | 'start' | 'duration' | 'self' | 'line' | 'context'>;

/** The range's events (EventTable's columns; lines of the range). */
export interface SplitEvents {
  task: number[];
  cpu: number[];
  ts: number[];
  name: string[];
  text: string[];
  line: number[];
  stack: (string[] | null)[];
}

/** What a range that built its own calls hands the join, after its batches (structured-cloneable). */
export interface SplitPart {
  /** The range's builder applied only plain rules (seamClean); when false the range is read again. */
  clean: boolean;
  /**
   * The row of the shared memory its row 0 is at (shared-calls.ts: the join moves its rows
   * down in place); -1 when its rows are memory of its own (no shared region, or outgrown).
   */
  sharedAt: number;
  /** Its rows: views of the shared memory where sharedAt >= 0. */
  calls: SplitCalls;
  tasks: SplitTask[];
  events: SplitEvents;
  counts: SeamCounts;
  runs: SplitRun[];
  /** Per task with an anchor: what its prefix assumed of the frames open at the seam, top first. */
  anchors: { key: string; frames: SeamFrame[] }[];
  /** The CPUs whose first line in the range was built, and that line's time. */
  firstCpus: number[];
  firstTimes: number[];
  /** Lines built, replayed before the speculation ended (prefixes), and after (the tail). */
  built: number;
  prefix: number;
  tail: number;
}

/** The typed arrays of a split part: what a worker transfers instead of copying (shared memory is neither: it is shared). */
export function splitBuffers(part: SplitPart): ArrayBuffer[] {
  const c = part.calls;
  const columns = [c.func, c.parent, c.task, c.depth, c.cpu, c.flags, c.start, c.duration, c.self, c.line, c.context];
  return columns.flatMap((a) => (a !== undefined && a.buffer instanceof ArrayBuffer ? [a.buffer] : []));
}

/** The classification of one task's lines in the range. */
interface TaskLines {
  key: string;
  anchored: boolean;
  /** The prefix did something no plain rule covers: the task is replayed all through the range. */
  off: boolean;
  /** Frames the prefix opened (depth, name), outermost first; a built task's are its builder's. */
  depths: number[];
  names: string[];
  frames: SeamFrame[];
  /** The range builder's task and its state, once built. */
  rangeTask: number;
  state: TaskState | undefined;
}

/** Whether a line may be taken by a plain rule at all (else the speculation ends at it). */
function plainKind(r: LineRecord): boolean {
  switch (r.kind) {
    case RecordKind.Meta:
    case RecordKind.Blank:
      return r.instance === '';
    case RecordKind.Event:
      return r.pid >= 0 && r.instance === '' && r.cpu >= 0 && r.cpu < CPU_SLOTS && r.tsNs <= MAX_CLOCK_NS;
    case RecordKind.Entry:
    case RecordKind.Leaf:
    case RecordKind.Exit:
      return (
        r.pid >= 0 &&
        r.instance === '' &&
        r.cpu >= 0 &&
        r.cpu < CPU_SLOTS &&
        r.tsNs <= MAX_CLOCK_NS &&
        r.depth >= 0 &&
        r.depth <= MAX_CALL_DEPTH &&
        r.args === '' &&
        r.parentName === '' &&
        r.retval === '' &&
        // Of the record's flags the builder reads only these two (the raw clock check; a
        // truncated return value, which is a note): the others say how the line was printed.
        (r.flags & (RecordFlag.RawTime | RecordFlag.RetvalTruncated)) === 0 &&
        Number.isNaN(r.callTimeNs) &&
        (r.kind === RecordKind.Entry || (r.durNs >= 0 && r.durNs <= Number.MAX_SAFE_INTEGER))
      );
    default:
      return false;
  }
}

const Step = { Replay: 0, Build: 1, Off: 2 } as const;
type Step = (typeof Step)[keyof typeof Step];

/** The sink a range's parser feeds when the range builds its own calls. */
export class SplitRangeSink implements RecordSink {
  readonly funcs: StringTable;
  readonly writer: RecordBatchWriter;
  private readonly builder: TraceBuilder;
  private lines = 0;
  private tail = false;
  private readonly byPid = new Map<number, TaskLines>();
  private readonly idle: (TaskLines | undefined)[] = [];
  private readonly taskList: TaskLines[] = [];
  /** Per CPU: the last time of the range (NaN before any) and whether any line of it came. */
  private readonly cpuTime = new Float64Array(CPU_SLOTS).fill(Number.NaN);
  private readonly cpuSeen = new Uint8Array(CPU_SLOTS);
  /** The current run: its lines, and per CPU its last time and range task. */
  private runLines = 0;
  private readonly runCpus: number[] = [];
  private readonly runTime = new Float64Array(CPU_SLOTS);
  private readonly runTask = new Int32Array(CPU_SLOTS).fill(-1);
  private runLastExit = -1;
  private runLastExitLine = -1;
  private runLastEvent = -1;
  private readonly runs: SplitRun[] = [];
  private readonly firstCpus: number[] = [];
  private readonly firstTimes: number[] = [];
  private built = 0;
  private prefix = 0;
  private tailLines = 0;

  /**
   * `flush`: hands the writer's full batch on (the parser's), called between two rows of one
   * line. `rangeBytes`: the range's size, which sizes the call table as the one-pass loader
   * sizes its own (a call about every 150 bytes).
   */
  constructor(
    batchRows: number | undefined,
    private readonly flush: () => void,
    rangeBytes = 0,
    private readonly region?: SharedRegion,
  ) {
    this.writer = new RecordBatchWriter(batchRows);
    this.funcs = this.writer.funcs;
    const expected = Math.min(rangeBytes / 150, 50_000_000);
    const calls = region ? CallTable.over(sharedColumns(region.space, region.from, region.to), expected) : undefined;
    this.builder = new TraceBuilder(expected, this.funcs, calls);
  }

  /** Calls built so far. */
  get calls(): number {
    return this.builder.callCount;
  }

  addFast(r: LineRecord): void {
    this.add(r, true);
  }

  add(r: LineRecord, fast = false): void {
    const line = ++this.lines;
    if (!this.tail && !plainKind(r)) this.endSpeculation();
    if (this.tail) {
      this.tailLines++;
      this.replay(r, fast);
      return;
    }
    if (r.kind === RecordKind.Meta || r.kind === RecordKind.Blank) {
      this.builder.add(r, line);
      this.built++;
      this.runLines++;
      return;
    }
    const cpu = r.cpu;
    const ts = r.tsNs;
    // Rule 10 within the range: a time going back on a CPU is a diagnostic, replayed.
    if (ts < this.cpuTime[cpu]) {
      this.endSpeculation();
      this.tailLines++;
      this.replay(r, fast);
      return;
    }
    const t = this.taskOf(r);
    const step = r.kind === RecordKind.Event ? (t.anchored ? Step.Build : Step.Replay) : this.step(t, r);
    if (step === Step.Off) {
      this.endSpeculation();
      this.tailLines++;
      this.replay(r, fast);
      return;
    }
    const first = this.cpuSeen[cpu] === 0;
    this.cpuSeen[cpu] = 1;
    if (!Number.isNaN(ts)) this.cpuTime[cpu] = ts;
    if (step === Step.Replay) {
      this.prefix++;
      this.replay(r, fast);
      return;
    }
    const b = this.builder;
    // The call an exit closes: the open frame (step held it to the plain rule).
    const closing = r.kind === RecordKind.Exit ? t.state!.stack[t.state!.stack.length - 1] : -1;
    // The builder's plain lane first, as the one-pass loader's: most built lines are its kind.
    if (!b.addPlain(r, line)) b.add(r, line);
    this.built++;
    this.runLines++;
    if (t.state === undefined) {
      t.state = b.seamTask(t.key)!;
      t.rangeTask = t.state.id;
    }
    if (first) {
      this.firstCpus.push(cpu);
      this.firstTimes.push(ts);
    }
    if (this.runTask[cpu] < 0) this.runCpus.push(cpu);
    this.runTask[cpu] = t.rangeTask;
    this.runTime[cpu] = ts;
    if (closing >= 0) {
      this.runLastExit = closing;
      this.runLastExitLine = line;
    } else if (r.kind === RecordKind.Event) this.runLastEvent = b.events.length - 1;
  }

  /** The range's lines are all in: the last run's row is written (before the last batch is taken). */
  end(): void {
    this.closeRun();
  }

  /** What the join needs besides the batches; after `end` and the last batch. */
  part(): SplitPart {
    const b = this.builder;
    const tasks: SplitTask[] = b.seamTasks().map(({ key, state }) => {
      const task = b.tasks[state.id];
      return {
        key,
        comm: task.comm,
        pid: task.pid,
        idleCpu: task.idleCpu,
        calls: task.calls,
        maxDepth: task.maxDepth,
        stack: state.stack.slice(),
        lastSeen: state.lastSeen,
        cpus: [...state.cpuSet],
        lastCpu: state.lastCpu,
      };
    });
    tasks.sort((a, c) => b.seamTask(a.key)!.id - b.seamTask(c.key)!.id);
    const c = b.calls;
    const n = c.length;
    const e = b.events;
    return {
      clean: b.seamClean(),
      sharedAt: this.region && viewsRegion(c, this.region) ? this.region.from : -1,
      calls: {
        length: n,
        func: c.func.subarray(0, n),
        parent: c.parent.subarray(0, n),
        task: c.task.subarray(0, n),
        depth: c.depth.subarray(0, n),
        cpu: c.cpu.subarray(0, n),
        flags: c.flags.subarray(0, n),
        start: c.start.subarray(0, n),
        duration: c.duration.subarray(0, n),
        self: c.self.subarray(0, n),
        line: c.line.subarray(0, n),
        context: c.context?.subarray(0, n),
      },
      tasks,
      events: { task: e.task, cpu: e.cpu, ts: e.ts, name: e.name, text: e.text, line: e.line, stack: e.stack },
      counts: b.seamCounts(),
      runs: this.runs,
      anchors: this.taskList.filter((t) => t.anchored).map((t) => ({ key: t.key, frames: t.frames })),
      firstCpus: this.firstCpus,
      firstTimes: this.firstTimes,
      built: this.built,
      prefix: this.prefix,
      tail: this.tailLines,
    };
  }

  private replay(r: LineRecord, fast: boolean): void {
    this.closeRun();
    if (fast) this.writer.addFast(r);
    else this.writer.add(r);
  }

  private endSpeculation(): void {
    if (this.tail) return;
    this.closeRun();
    this.writer.addMarker(SPECULATION_END, 0);
    if (this.writer.full) this.flush();
    this.tail = true;
  }

  /** Ends the run of built lines, if any: its row in the batches, its record here. */
  private closeRun(): void {
    if (this.runLines === 0) return;
    this.writer.addMarker(BUILT_RUN, this.runLines);
    if (this.writer.full) this.flush();
    const b = this.builder;
    const run: SplitRun = {
      lines: this.runLines,
      calls: b.calls.length,
      events: b.events.length,
      tasks: b.tasks.length,
      cpus: this.runCpus.slice(),
      cpuTimes: this.runCpus.map((c) => this.runTime[c]),
      cpuTasks: this.runCpus.map((c) => this.runTask[c]),
      lastExit: this.runLastExit,
      lastExitLine: this.runLastExitLine,
      lastEvent: this.runLastEvent,
    };
    this.runs.push(run);
    for (const c of this.runCpus) this.runTask[c] = -1;
    this.runCpus.length = 0;
    this.runLines = 0;
    this.runLastExit = -1;
    this.runLastExitLine = -1;
    this.runLastEvent = -1;
  }

  private taskOf(r: LineRecord): TaskLines {
    const pid = r.pid;
    let t = pid > 0 ? this.byPid.get(pid) : this.idle[r.cpu];
    if (t === undefined) {
      // taskFor's keys (builder.ts lookupTaskByKey) of the top-level buffer.
      const key = pid > 0 ? `:${pid}` : `0::${r.cpu}`;
      t = { key, anchored: false, off: false, depths: [], names: [], frames: [], rangeTask: -1, state: undefined };
      if (pid > 0) this.byPid.set(pid, t);
      else this.idle[r.cpu] = t;
      this.taskList.push(t);
    }
    return t;
  }

  /**
   * A graph line of task `t`: built, replayed (its prefix), or off the plain rules of a built
   * task. A prefix is only followed as far as the frames' depths and names go (the one
   * builder replays it with every rule): what it assumes of the seam's frames is what the
   * join checks, so that the task's stack is empty at its anchor in one pass too.
   */
  private step(t: TaskLines, r: LineRecord): Step {
    if (t.off) return Step.Replay;
    if (!t.anchored) {
      if (t.depths.length === 0 && r.depth === 0 && r.kind !== RecordKind.Exit) t.anchored = true;
      else return this.prefixStep(t, r);
    }
    // A built task: its builder's open frame decides (the anchor's line has none yet).
    const st = t.state;
    const stack = st?.stack;
    const n = stack === undefined ? 0 : stack.length;
    if (r.kind === RecordKind.Exit) {
      if (n === 0) return Step.Off; // an exit with nothing open: an orphan
      const calls = this.builder.calls;
      const top = stack![n - 1];
      // The open frame's own exit; its children never outlasting it (rule 11).
      if (calls.depth[top] !== r.depth || r.durNs - calls.self[top] < -TOLERANCE_NS) return Step.Off;
      if (r.name !== '' && this.funcs.get(calls.func[top]) !== r.name) return Step.Off;
      return Step.Build;
    }
    // An entry or leaf right under the open frame, or at depth 0 with none open.
    const expected = n === 0 ? 0 : this.builder.calls.depth[stack![n - 1]] + 1;
    return r.depth === expected ? Step.Build : Step.Off;
  }

  /** A line of a task before its anchor: followed by depths and names, replayed. */
  private prefixStep(t: TaskLines, r: LineRecord): Step {
    const depths = t.depths;
    const n = depths.length;
    if (r.kind === RecordKind.Exit) {
      if (n === 0) t.frames.push({ pop: true, depth: r.depth, name: r.name });
      else if (depths[n - 1] !== r.depth || (r.name !== '' && r.name !== t.names[n - 1])) t.off = true;
      else {
        depths.pop();
        t.names.pop();
      }
      return Step.Replay;
    }
    // An entry or leaf: right under the prefix's open frame, or with none open, under the
    // seam's open frame (a depth-0 one is the anchor, taken before).
    if (n > 0 && r.depth !== depths[n - 1] + 1) t.off = true;
    else {
      if (n === 0) t.frames.push({ pop: false, depth: r.depth - 1, name: '' });
      if (r.kind === RecordKind.Entry) {
        depths.push(r.depth);
        t.names.push(r.funcId >= 0 ? this.funcs.get(r.funcId) : r.name || UNKNOWN_FUNCTION);
      }
    }
    return Step.Replay;
  }
}
