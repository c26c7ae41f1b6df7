/**
 * The one record shape every format parser fills, one line at a time.
 *
 * Parsers are hot paths: the builder hands each parser the SAME `LineRecord`
 * for every line and the parser overwrites it (call `resetRecord` first), so a
 * million lines allocate no records. Fields a line does not carry stay at their
 * "unknown" value (-1, NaN or '').
 */

/** What a line is. Plain object instead of an enum so it survives isolatedModules. */
export const RecordKind = {
  /** `#` header, legend, `##### CPU n buffer started ####`: never creates or closes a call. */
  Meta: 0,
  Blank: 1,
  /** `cpus=N`, `version = N`, `CPU N is empty` (trace-cmd preamble). `count` holds N for cpus=. */
  Preamble: 2,
  /** A function entered whose exit comes later (`f() {`, `funcgraph_entry: func=f depth=3`, `--> f (3)`). */
  Entry: 3,
  /** A folded call: entry and exit on one line (`f();` with a duration). */
  Leaf: 4,
  /** A function returned (`}`, `funcgraph_exit: …`, `<-- f (3) …`). `name` is '' when the line does not say. */
  Exit: 5,
  /** The plain function tracer: a call with no duration. `parentName` is the caller when printed. */
  FunctionCall: 6,
  /** Any other trace event (sched_switch, irq, print, kernel_stack, a `/* … *\/` comment line). */
  Event: 7,
  /** A continuation line of the previous event: a stack frame (`=> sym (addr)`, ` => sym`). `name` is the frame text. */
  StackFrame: 8,
  /** `CPU:N [M EVENTS DROPPED]`, `CPU:N [LOST M EVENTS]`: `cpu` and `count` (-1 when not printed). */
  Lost: 9,
  /** The kernel's context-switch banner (K-graph): on `cpu`, task `comm`/`pid` is replaced by `toComm`/`toPid`. */
  TaskSwitch: 10,
  /** A banner line that carries nothing by itself (the dashed rules and the blank line after them). */
  BannerPart: 11,
  /** ` (Overruns: N)` after an exit. */
  Overrun: 12,
  /** `==========>` / `<==========`: an interrupt marker that creates no call. */
  IrqMarker: 13,
  /** Nothing matched: kept verbatim (`text`) with its line number and reported. */
  Unknown: 14,
  /**
   * The next line of the event just before it (`text`): a trace_marker or trace_printk
   * message that held a newline, which the kernel and trace-cmd print as it is, so the rest
   * comes on lines of its own with no prefix (trace_output.c trace_print_print, a
   * function_graph comment: print_graph_comment; trace-cmd's trace-read.c strips only the
   * last newline). Never a call.
   */
  EventText: 15,
} as const;
export type RecordKind = (typeof RecordKind)[keyof typeof RecordKind];

/** Per-record bit flags: what the parser noticed about a line, and the form of some of its fields. */
export const RecordFlag = {
  /** The depth printed by `-O fgraph:depth` disagreed with the indentation (the suffix won). */
  DepthMismatch: 1,
  /** An odd number of indentation spaces (rounded down). */
  OddIndent: 2,
  /** The overhead mark disagreed with the duration. */
  MarkMismatch: 4,
  /** The return value was wider than a register and printed cut (`ret=0x1c2d3e4f(trunc)`). */
  RetvalTruncated: 8,
  /** `name` is a raw `0x…` address: the kernel had no symbol for the function. */
  Unresolved: 16,
  /**
   * The time was printed as a raw clock count (counter, uptime, x86-tsc clocks), not as
   * seconds: `tsNs` holds the count as printed, in unknown units.
   */
  RawTime: 32,
  /** The time is the latency format's offset from the buffer start (`8055us`), not a clock reading. */
  RelativeTime: 64,
} as const;

export interface LineRecord {
  kind: RecordKind;
  /** Task name as printed ('' when the line has none, e.g. K-graph without funcgraph-proc). */
  comm: string;
  /** -1 when the line has no pid. */
  pid: number;
  /** -1 when the line has no CPU column. */
  cpu: number;
  /** Timestamp in integer nanoseconds as printed, NaN when the line has none. */
  tsNs: number;
  /** Call depth (0 = outermost traced call), -1 when unknown. */
  depth: number;
  /** Function name as printed (`tcp_sendmsg`, `copy_strings.isra.0`), event name for events, '' if none. */
  name: string;
  /** Duration in integer nanoseconds, NaN when the line has none. */
  durNs: number;
  /**
   * Exact call time in ns when the line carries it (`-R` calltime, `-N` start), NaN otherwise.
   * Lets the builder place an exit's call exactly even when its entry was never seen.
   */
  callTimeNs: number;
  /** Caller name when printed (`<-parent`, `<-- parent`, retaddr comment), '' otherwise. */
  parentName: string;
  /** Event payload, comment text, or the verbatim line for Unknown. */
  text: string;
  /** Lost/dropped count, cpus=N, overrun count; -1 when not printed. */
  count: number;
  /** TaskSwitch: the task that takes over the CPU. */
  toComm: string;
  toPid: number;
  /** trace-cmd instance / input-file prefix ('' for the top-level buffer). */
  instance: string;
  /** Human-readable reason when the line is Unknown (what was expected). */
  problem: string;
  /** Bitwise RecordFlag. */
  flags: number;
  /**
   * String-table id of `name` when the parser interned it already (the byte fast path),
   * -1 otherwise. Saves the builder a lookup per line.
   */
  funcId: number;
  // ---- Decorations: rarely printed, so they stay at their "none" value on most lines.
  // The byte fast path (trace-cmd-fast.ts) fills the ones its lines can carry (flags, mark,
  // RawTime, Unresolved) exactly as the string parser does; a test holds them to that.
  /**
   * Irq/preempt flags as printed (`.....`, `d..2.`, `d..1`), or trace-cmd `-R`'s raw flag
   * bits (`[003]-0x1` → `0x1`); '' when the line has none.
   */
  flagsText: string;
  /** Overhead mark as printed (`+ ! # * @ $`): K-graph duration or latency-format time; '' when none. */
  mark: string;
  /** Thread-group id of a `(   4400)` group, -1 when absent or printed unknown `(-------)`. */
  tgid: number;
  /** Kernel module of the function (`kvm` from `kvm_mmu_page_fault [kvm]`), '' when built in. */
  module: string;
  /**
   * Return value text as printed (`0x0`, `-13`, `true`, `0x1c2d3e4f`; `(trunc)` is cut off
   * and sets RecordFlag.RetvalTruncated), '' when the line prints none. trace-cmd `-N`
   * prints bare hex (`retval: 5a8`): it gets a `0x` so it cannot read as decimal.
   */
  retval: string;
  /** Argument text inside the call's parentheses (`path=0x1, file=0x2`), '' for none or `()`. See args.ts. */
  args: string;
  /** Offset of the return site in the caller (`<-vfs_open+0x2c/0x40` → 0x2c), -1 when not printed. */
  callerOffset: number;
  /** Size of the caller function (`<-vfs_open+0x2c/0x40` → 0x40), -1 when not printed. */
  callerSize: number;
  /** Time of the last repetition (`(repeats: N, last_ts: T)`, trace-cmd `(count: N  last_ts: T)`) in ns, NaN otherwise. */
  lastTsNs: number;
}

export function createRecord(): LineRecord {
  return {
    kind: RecordKind.Unknown,
    comm: '',
    pid: -1,
    cpu: -1,
    tsNs: Number.NaN,
    depth: -1,
    name: '',
    durNs: Number.NaN,
    callTimeNs: Number.NaN,
    parentName: '',
    text: '',
    count: -1,
    toComm: '',
    toPid: -1,
    instance: '',
    problem: '',
    flags: 0,
    funcId: -1,
    flagsText: '',
    mark: '',
    tgid: -1,
    module: '',
    retval: '',
    args: '',
    callerOffset: -1,
    callerSize: -1,
    lastTsNs: Number.NaN,
  };
}

/** Puts every field back to "unknown". Parsers call this before filling a record. */
export function resetRecord(r: LineRecord): void {
  r.kind = RecordKind.Unknown;
  r.comm = '';
  r.pid = -1;
  r.cpu = -1;
  r.tsNs = Number.NaN;
  r.depth = -1;
  r.name = '';
  r.durNs = Number.NaN;
  r.callTimeNs = Number.NaN;
  r.parentName = '';
  r.text = '';
  r.count = -1;
  r.toComm = '';
  r.toPid = -1;
  r.instance = '';
  r.problem = '';
  r.flags = 0;
  r.funcId = -1;
  r.flagsText = '';
  r.mark = '';
  r.tgid = -1;
  r.module = '';
  r.retval = '';
  r.args = '';
  r.callerOffset = -1;
  r.callerSize = -1;
  r.lastTsNs = Number.NaN;
}

/** Two records alike in every field (NaN equals NaN): a parser's startsFresh compares them. */
export function sameRecord(a: LineRecord, b: LineRecord): boolean {
  for (const key of Object.keys(a) as (keyof LineRecord)[]) if (!Object.is(a[key], b[key])) return false;
  return true;
}

/**
 * After a message event (trace_marker, trace_printk), how many of the lines no record
 * shape reads are taken for the rest of its text (RecordKind.EventText). A message is at
 * most a page (a trace_marker write, TRACE_MARKER_MAX_SIZE; trace_printk's TRACE_BUF_SIZE
 * is 1 KiB): the bound keeps a file of garbage from piling up in one event.
 */
export const MAX_MESSAGE_LINES = 64;

/**
 * Where a message may go on: the line number of its last line so far and how many more it
 * may take. A parser whose lines can be such a message's keeps one; only the line right
 * after (by number, so that a line the parser never saw, the byte fast path's or an
 * over-long one, ends it) may be more of it.
 */
export class OpenMessage {
  line = -2;
  left = 0;

  /** Whether line `lineNo` may be more of the message; the message is closed either way. */
  take(lineNo: number): boolean {
    const open = lineNo === this.line + 1 && this.left > 0;
    this.line = -2;
    return open;
  }

  /**
   * Whether a line read as `kind` is more of the message, given what `take` said of it: a
   * line no record shape reads, a blank one, or a `#` line (a header only before the
   * records: after a message, it is the message's).
   */
  static continues(open: boolean, kind: RecordKind, line: string): boolean {
    return open && (kind === RecordKind.Unknown || kind === RecordKind.Blank || (kind === RecordKind.Meta && line.trimStart().charCodeAt(0) === 35));
  }

  /** A message begins, or goes on, at line `lineNo` with `left` lines more to take. */
  open(lineNo: number, left: number): void {
    this.line = lineNo;
    this.left = left;
  }

  /**
   * Whether `line` gives the same record and leaves the same message state read with this
   * message closed as with one open (a parser's startsFresh: a message's further lines are
   * those no record shape reads, so such a line never begins a range). The message is put
   * back as it was; the caller puts back any other state the two reads changed.
   */
  readsSameOpenOrClosed(line: string, parseLine: (line: string, lineNo: number, out: LineRecord) => void): boolean {
    const { line: messageLine, left } = this;
    const closed = createRecord();
    this.open(-2, 0);
    parseLine(line, 1, closed);
    const closedState = this.line;
    const open = createRecord();
    this.open(0, MAX_MESSAGE_LINES);
    parseLine(line, 1, open);
    const same = this.line === closedState && sameRecord(closed, open);
    this.open(messageLine, left);
    return same;
  }
}

/**
 * A line parser for one input format. It may keep state across lines (banners span
 * four lines, stack frames attach to the previous event), so create one per document.
 */
export interface LineParser {
  parseLine(line: string, lineNo: number, out: LineRecord): void;
  /**
   * For a parser with state across lines: whether `line` gets the same record, and leaves
   * the same state, whatever state the lines before it left (a range of the input may
   * begin there: parallel/range-parser.ts). Leaves the parser's state as it was. A parser
   * without it has no state across lines: every line may begin a range.
   */
  startsFresh?(line: string): boolean;
}

/** Stable ids of the input formats (also printed by the CLI as "format"). */
export type FormatId =
  | 'trace-cmd-report'
  /** trace-cmd's binary trace.dat, read by core/trace-dat. */
  | 'trace-cmd-dat'
  | 'tracefs-function-graph'
  | 'tracefs-function'
  | 'unknown';

/**
 * One detector per format. `score` looks at the first lines of a document (already
 * split, without line ends) and answers 0 (not this format) to 1 (certain).
 */
export interface FormatDetector {
  id: FormatId;
  score(firstLines: readonly string[]): number;
  create(): LineParser;
}
