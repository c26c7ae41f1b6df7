/**
 * Calls as a structure of typed arrays: one row per traced call, in the order their
 * entries (or leaf / orphan exit lines) were read. Mostly parents come before their
 * children, but not always: an orphan exit, or an entry printed after an interrupt it
 * contains, adopts calls read before it (builder.ts), so never assume parent < child.
 *
 * Worked example: `a() {` `b();` `}` by task 0 on CPU 1 gives
 *   row 0: func=a parent=-1 depth=0 start=t0 dur=D self=D-d
 *   row 1: func=b parent=0  depth=1 start=t1 dur=d self=d
 *
 * Units: times and durations are integer nanoseconds stored in Float64Array (exact
 * below 2^53 ns, about 104 days). NaN means "not in the trace".
 */
import type { IndexIntoStringTable } from './string-table';

export type IndexIntoCallTable = number;
export type IndexIntoTaskTable = number;
export type Nanoseconds = number;

/** Bit flags of a call: how it was reconstructed. */
export const CallFlag = {
  /** The exit came with no entry: the trace started inside this call (or its entry was lost). */
  Orphan: 1,
  /** Never returned in the trace (the trace ended, or a shallower exit closed it). */
  Unclosed: 2,
  /** Its entry was printed deeper than its parent's depth + 1: entries are missing between them. */
  DepthGap: 4,
  /** A lost-events marker on its CPU fell inside this call: it may be incomplete. */
  AfterLoss: 8,
  /** Plain function tracer: a call with no duration at all. */
  NoDuration: 16,
  /** Start time is unknown (orphan without a timestamp) or derived. */
  StartUnknown: 32,
  /** The exit named another function than the one open at that depth. */
  NameMismatch: 64,
  /**
   * Entered between tracefs's `==========>` and `<==========` arrows on its CPU: interrupt
   * context by the kernel's own word (funcgraph-irqs), whatever its name.
   */
  IrqArrow: 128,
} as const;

const INITIAL_CAPACITY = 1024;

/**
 * The deepest call the depth column holds. Kernels stop function_graph at a few hundred
 * levels; deeper lines can only come from damaged or made-up input (the builder reports
 * them instead of nesting them wrongly).
 */
export const MAX_CALL_DEPTH = 65535;

/**
 * The highest CPU number the cpu column holds (an Int16Array). No kernel has nearly so many:
 * NR_CPUS is at most 8192 on every architecture (x86 MAXSMP, powerpc; 4096 on arm64). A
 * higher one comes from damaged or made-up input, which the builder reports, as it would
 * otherwise be stored wrapped (99999 as -31073, 65535 as -1, "no CPU").
 */
export const MAX_CALL_CPU = 32767;

/**
 * The columns of a table's rows, all of one capacity: a CallTable's own, or views of memory
 * several threads build into at once (core/parallel/shared-calls.ts).
 */
export type CallColumns = Pick<CallTable, 'func' | 'parent' | 'task' | 'depth' | 'cpu' | 'flags' | 'start' | 'duration' | 'self' | 'line'>;

export class CallTable {
  length = 0;
  func: Uint32Array;
  parent: Int32Array;
  task: Uint32Array;
  depth: Uint16Array;
  cpu: Int16Array;
  flags: Uint8Array;
  start: Float64Array;
  duration: Float64Array;
  /** Duration minus the durations of direct children that returned; NaN when the call did not. */
  self: Float64Array;
  /**
   * 1-based input line of the call's first line (its entry, leaf, or an orphan's exit); for
   * a trace.dat, the record's number; 0 for a row no line made (the `[interrupts]` roots).
   */
  line: Uint32Array;
  /**
   * The interrupt context each call's line printed in its irq/preempt flags (irq-context.ts
   * IrqContext bits; 0: no flags). Undefined until the first line with flags: most formats
   * print none, and their calls pay no byte for it.
   */
  context: Uint8Array | undefined = undefined;

  /**
   * `capacity` is a guess of the final row count (from the input size): a good guess
   * saves the copies of growing, which dominate building a multi-million-call table.
   */
  constructor(capacity = INITIAL_CAPACITY) {
    const n = Math.max(INITIAL_CAPACITY, Math.floor(capacity));
    this.func = new Uint32Array(n);
    this.parent = new Int32Array(n);
    this.task = new Uint32Array(n);
    this.depth = new Uint16Array(n);
    this.cpu = new Int16Array(n);
    this.flags = new Uint8Array(n);
    this.start = new Float64Array(n);
    this.duration = new Float64Array(n);
    this.self = new Float64Array(n);
    this.line = new Uint32Array(n);
  }

  /**
   * The capacity a table over given columns (`over`) takes at least when it outgrows them:
   * the whole input's guess, so that one copy leaves the shared memory, not one per step of growth.
   */
  private outgrowTo = 0;

  /**
   * An empty table that builds into `columns` (views of shared memory) until it outgrows them,
   * then into memory of its own of `capacity` rows at least (the guess a new table is sized by).
   */
  static over(columns: CallColumns, capacity = 0): CallTable {
    const table = new CallTable(0);
    table.useColumns(columns);
    table.outgrowTo = Math.floor(capacity);
    return table;
  }

  /**
   * Takes `columns` as the table's own: views of the same memory as the columns now held, at
   * the same rows, only of another capacity (at least `length`). Nothing is copied.
   */
  useColumns(columns: CallColumns): void {
    if (columns.func.length < this.length) throw new Error('CallTable.useColumns: fewer rows than the table holds');
    this.func = columns.func;
    this.parent = columns.parent;
    this.task = columns.task;
    this.depth = columns.depth;
    this.cpu = columns.cpu;
    this.flags = columns.flags;
    this.start = columns.start;
    this.duration = columns.duration;
    this.self = columns.self;
    this.line = columns.line;
    // The context column is the table's own memory always. It grows by half at least, as a
    // table grows: a stitch widens the view run by run, and a copy a run would be quadratic.
    const n = columns.func.length;
    if (this.context && this.context.length < n) this.context = copyInto(new Uint8Array(Math.max(n, Math.ceil(this.context.length * 1.5))), this.context, this.length);
  }

  add(
    func: IndexIntoStringTable,
    parent: IndexIntoCallTable,
    task: IndexIntoTaskTable,
    depth: number,
    cpu: number,
    start: Nanoseconds,
    flags: number,
    line = 0,
  ): IndexIntoCallTable {
    if (this.length === this.func.length) this.grow();
    const i = this.length++;
    this.func[i] = func;
    this.parent[i] = parent;
    this.task[i] = task;
    this.depth[i] = depth > MAX_CALL_DEPTH ? MAX_CALL_DEPTH : depth;
    this.cpu[i] = cpu;
    this.flags[i] = flags;
    this.start[i] = start;
    this.duration[i] = Number.NaN;
    this.self[i] = Number.NaN;
    this.line[i] = line;
    return i;
  }

  /** Sets call `i`'s context byte (irq-context.ts), making the column on the first. */
  setContext(i: IndexIntoCallTable, context: number): void {
    (this.context ??= new Uint8Array(this.func.length))[i] = context;
  }

  /** Bytes held by the columns (capacity, not just length). */
  get byteSize(): number {
    return (
      this.func.byteLength +
      this.parent.byteLength +
      this.task.byteLength +
      this.depth.byteLength +
      this.cpu.byteLength +
      this.flags.byteLength +
      this.start.byteLength +
      this.duration.byteLength +
      this.self.byteLength +
      this.line.byteLength +
      (this.context?.byteLength ?? 0)
    );
  }

  /**
   * Makes room for `capacity` rows when there is less: a reader that learns the input's
   * size late (a trace.dat's CPU data, after its headers) sizes the table once, not by growing.
   */
  reserve(capacity: number): void {
    const n = Math.floor(capacity);
    if (n > this.func.length) this.resize(n);
  }

  /**
   * Drops unused capacity once building is done. Slack under a quarter is kept: trimming
   * copies every column into freshly touched memory, which costs more than it frees.
   */
  trim(): void {
    if (this.func.length <= this.length * 1.25 + INITIAL_CAPACITY) return;
    // Shared memory (shared-calls.ts) is cut to its rows instead: the rows past them were
    // never touched, or hold what was moved down, and copying would touch the rows afresh.
    if (typeof SharedArrayBuffer !== 'undefined' && this.func.buffer instanceof SharedArrayBuffer) {
      const n = this.length;
      this.useColumns({
        func: this.func.subarray(0, n),
        parent: this.parent.subarray(0, n),
        task: this.task.subarray(0, n),
        depth: this.depth.subarray(0, n),
        cpu: this.cpu.subarray(0, n),
        flags: this.flags.subarray(0, n),
        start: this.start.subarray(0, n),
        duration: this.duration.subarray(0, n),
        self: this.self.subarray(0, n),
        line: this.line.subarray(0, n),
      });
      if (this.context && this.context.length > n) this.context = this.context.slice(0, n);
    } else this.resize(this.length);
  }

  private grow(): void {
    // 1.5x keeps the copy spike (old + new columns) well below 2x of the final size.
    this.resize(Math.max(INITIAL_CAPACITY, Math.ceil(this.func.length * 1.5)));
  }

  private resize(wanted: number): void {
    // Leaving columns it was given (over): at once to the whole input's guess, whichever way
    // it grows (a row added, or a stitch's reserve), so that one copy leaves them.
    const capacity = Math.max(wanted, this.outgrowTo);
    this.outgrowTo = 0;
    const n = this.length;
    this.func = copyInto(new Uint32Array(capacity), this.func, n);
    this.parent = copyInto(new Int32Array(capacity), this.parent, n);
    this.task = copyInto(new Uint32Array(capacity), this.task, n);
    this.depth = copyInto(new Uint16Array(capacity), this.depth, n);
    this.cpu = copyInto(new Int16Array(capacity), this.cpu, n);
    this.flags = copyInto(new Uint8Array(capacity), this.flags, n);
    this.start = copyInto(new Float64Array(capacity), this.start, n);
    this.duration = copyInto(new Float64Array(capacity), this.duration, n);
    this.self = copyInto(new Float64Array(capacity), this.self, n);
    this.line = copyInto(new Uint32Array(capacity), this.line, n);
    if (this.context) this.context = copyInto(new Uint8Array(capacity), this.context, n);
  }
}

function copyInto<T extends { set(a: ArrayLike<number>): void }>(
  dst: T,
  src: { subarray(a: number, b: number): ArrayLike<number> },
  n: number,
): T {
  dst.set(src.subarray(0, n));
  return dst;
}
