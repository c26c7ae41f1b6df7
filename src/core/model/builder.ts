/**
 * Turns parsed line records into per-task call trees: an enter/leave builder with a
 * written repair policy for everything real traces throw at it. docs/formats.md §7.
 *
 * REPAIR POLICY (each repair flags the call, counts it in the diagnostics, and keeps it):
 *  1. Entry at depth d: open frames at depth >= d never returned in the trace; they are
 *     closed as Unclosed (no duration invented), then the entry is pushed. An entry deeper
 *     than top + 1 (or deeper than 0 with nothing open) is a DepthGap: entries are missing.
 *  2. Leaf at depth d: the same closing rule, then a closed child with the line's duration.
 *  3. Exit at depth d: frames deeper than d are closed as Unclosed; the frame at depth d
 *     is closed with the exit's duration. A named exit that matches an open frame lower in
 *     the stack closes everything above it as Unclosed (names beat a wrong depth only then);
 *     otherwise a name that differs from the frame's is flagged NameMismatch.
 *  4. Exit with no open frame at its depth (the trace began inside the call, or its entry
 *     was lost): an Orphan call is created, named from the exit if it says, else `(unknown)`.
 *     It adopts, as children, the immediately preceding calls of the same task that sit at
 *     the same level with a depth greater than d and ran inside it: with times, those whose
 *     interval lies in its own; without, the latest ones while their durations fit in its
 *     own (orphanReach). Its start is the exact call time when printed (-R, -N), else exit
 *     time minus duration, else unknown.
 *  5. Lost-events marker for CPU n: open frames of the task last seen on CPU n are flagged
 *     AfterLoss (possibly incomplete); the marker and its count go to the diagnostics.
 *  6. End of input: every frame still open is Unclosed (no return in the trace).
 *  7. An Unclosed call did not return in the trace (do_exit, a task still running when the
 *     trace stopped, an exit that was lost). It keeps the flag — every view can say "did not
 *     return" — and gets ONE duration in the model, so that every view counts the same time
 *     for it: from its start to the line that closed it (a shallower entry or exit), or to
 *     the last time its task was seen (end of input), never past its parent's end. Without
 *     times it lasts as long as its children (self 0); in a trace with no duration at all
 *     it has none, as every call there. Self times are then duration minus the children's
 *     durations as for any call (see timeUnclosed).
 *  8. Entries and leaves printed right after deeper calls adopt them when the times say
 *     those calls ran inside, or without times when their duration holds them (see
 *     adoptPrinted).
 *  9. An exit with no open frame at its depth first tries the calls of its level that were
 *     recently closed as Unclosed: when name, depth, parent and times fit, it is their late
 *     exit (an interrupt came between return and exit record) and the call is closed, not
 *     orphaned (see lateExit). The interval rule then settles the nesting: a call's parent
 *     is the innermost call whose [calltime, rettime] holds it, at a smaller depth or at the
 *     same depth, so the same-depth calls that displaced it and lie inside its interval
 *     become its children (adoptDisplaced), and every nanosecond is counted once: per task
 *     the self times add up to the outermost calls' durations.
 * 10. A time earlier than the previous line of the same CPU (one ring buffer, so it cannot
 *     go back) is reported as a `time-backwards` item; nothing is reordered. Times going
 *     back between CPUs are normal (per-CPU clocks) and say nothing.
 * 11. A call whose children last longer than itself takes, as children of one of them, the
 *     interrupt calls printed at that child's depth right before or after it, when that
 *     child's own time holds them (untimed text; see settleOverfull).
 * 12. When every call has its duration, no call holds more than its interval and its
 *     duration, and with exact call times a call inside a sibling's interval is that
 *     sibling's child, whatever the record order: a child printed as ending after its parent started earlier than printed
 *     (text: an entry time is a bound of the call time); a child timed on its parent's CPU
 *     outside the parent's interval moves up to the ancestor that holds it; children that
 *     add up to more than their parent move up until the rest fits. Each move is a
 *     `depth-gap` item (settle-intervals.ts). So every self time lies in [0, duration].
 * 13. A leaf or exit with a time no call can have (a duration past 2^53 ns, a return before
 *     the call time, a call time past 2^53 ns) is damage: the line is reported, not used.
 * 14. A named exit at the depth of the open frame that names another function and returned
 *     before that frame began (its exact return time, else its own printed time, before the
 *     frame's printed entry time) is not that frame's exit, whatever rule 3 says: an entry
 *     record is written before its call returns. It is the late exit (rule 9) of the call of
 *     its name that the open frame displaced when one fits (an interrupt delayed the exit
 *     record past the next entry), else an orphan (rule 4) beside the open frame, under the
 *     same parent, whose item says why. The open frame stays open. Only a line the plain
 *     lanes refuse (they take no exit naming another function than its frame's).
 *
 * Task identity: (instance, pid), except pid 0, which is one idle task per CPU. Kernel
 * text without a TASK/PID column keys lines by CPU and follows the context-switch banners.
 *
 * INPUT API (for every reader, text parsers and binary readers alike): `add(record, lineNo)`
 * once per record in the order the trace holds them (per CPU buffer, merged by time), then
 * `finish(format)` once. The record fields read per kind (record.ts): all kinds use
 * comm/pid/cpu/instance/tsNs (ns; NaN when unknown); Entry: depth, name (or funcId), args,
 * parentName; Leaf: the same plus durNs, retval; Exit: depth, name ('' when unnamed), durNs,
 * callTimeNs (the exact calltime when the record has it, as -R/-N and trace.dat do: then
 * durNs = rettime - calltime and the nesting follows the interval rule exactly), retval;
 * FunctionCall: name, count; Event: name, text; Lost: cpu, count; TaskSwitch: toComm/toPid.
 * `lineNo` (1-based) is only used to point diagnostics at the input.
 * A binary reader may hand an entry record and its exit, when nothing came between them,
 * to `addExactPair` instead: one call for two records, the model `add` twice would make. A
 * reader whose record has no rare field (the byte fast path's, most of the parse pool's
 * replayed rows) may offer it to `addPlain` first, and `add` it only when that refuses.
 */
import { createRecord, RecordFlag, RecordKind, type FormatId, type LineRecord } from '../parse/record';
import type { GraphRecord } from './graph-record';
import { contextOfFlags } from './irq-context';
import { CallNotes, NoteKind } from './call-notes';
import { entrylessNote } from './entry-less';
import { InputFileNames } from './input-files';
import { InterruptKind, interruptKind } from './interrupt-frames';
import { CallFlag, CallTable, MAX_CALL_CPU, MAX_CALL_DEPTH, type IndexIntoCallTable, type IndexIntoTaskTable } from './call-table';
import { RawClockCheck } from './raw-clock';
import { settleIntervals } from './settle-intervals';
import { findSleepLeftOut, sleepLeftOutNote } from './sleep-left-out';
import { StringTable } from './string-table';
import { emptyDiagnostics, EventTable, type DiagnosticItem, type Task, type TraceModel } from './tables';

/** Each diagnostic kind keeps at most this many items; the counters stay exact. */
export const MAX_ITEMS_PER_KIND = 500;
const MAX_TEXT = 300;
/** Printed times are rounded to the microsecond: comparisons of two of them allow this much. */
const TIME_TOLERANCE_NS = 1000;
/** How many recently Unclosed calls per task may still receive a late exit. */
const RECENT_UNCLOSED = 8;
export const UNKNOWN_FUNCTION = '(unknown)';
/**
 * The longest duration taken as printed: 2^53 ns (104 days), past which nanoseconds are no
 * longer exact in a double and sums of them round. A longer one is damage, reported, not used.
 */
const MAX_DURATION_NS = Number.MAX_SAFE_INTEGER;
/**
 * The latest time any clock prints: a 64-bit count of nanoseconds (or of cycles, raw). A
 * later one (`1e40`, or digits enough to make Infinity) is damage: as a time it would
 * stretch the trace's span past anything a view or the time axis can place.
 */
const MAX_CLOCK_NS = 2 ** 64;

/** 2^64: the kernel's and trace-cmd's durations are unsigned 64-bit counts of ns. */
const U64_NS = 2 ** 64;

/**
 * How long before its call time a leaf's or exit's return time was read (ns, below zero), or
 * NaN when it was not. calltime and rettime are trace_clock_local() readings, per CPU and not
 * kept in step across CPUs (a task that returns on another CPU than it called on, and with
 * nosleep-time a call time moved on by sleep measured on two CPUs, can be past the return):
 * the trace.dat reader's rettime - calltime is then below zero, and the kernel and trace-cmd,
 * which subtract unsigned (`unsigned long long duration = rettime - calltime`,
 * trace_functions_graph.c print_graph_return; trace-ftrace.c fgraph_ret_handler), print 2^64
 * less a little (`$ 18446744073709551 us`). Further back than 2^53 ns is damage, not a clock.
 */
function returnBeforeCallNs(durNs: number): number {
  if (durNs < 0 && durNs >= -MAX_DURATION_NS) return durNs;
  if (durNs >= U64_NS - MAX_DURATION_NS && durNs <= U64_NS) return durNs - U64_NS;
  return Number.NaN;
}

/**
 * A user stack's slot past its last frame: the record holds eight, 0 after the last, which
 * its print format shows as `=> 0x0` (libtraceevent print_function) where the kernel's own
 * text stops (trace_output.c trace_user_stack_print: `if (!ip) break`).
 */
function isUnusedUserFrame(event: string, frame: string): boolean {
  return frame === '0x0' && event === 'user_stack';
}

/** Why a leaf's or exit's times cannot be a call's (damage: the line is reported, not used), or ''. */
function impossibleTime(r: LineRecord): string {
  if (r.durNs > MAX_DURATION_NS) return `a duration of ${r.durNs.toExponential(3)} ns: longer than any trace (over 104 days, past exact nanoseconds)`;
  if (r.durNs < 0) return 'a return time before the call time';
  if (r.callTimeNs > MAX_DURATION_NS) return `a call time of ${r.callTimeNs.toExponential(3)} ns: past exact nanoseconds (104 days of clock)`;
  return '';
}

/** The line counts of a range's own builder (split build), added where it is stitched in. */
export interface SeamCounts {
  linesRead: number;
  parsedLines: number;
  headerLines: number;
  sawTimestamp: boolean;
}

/** A task's state while its lines are added (exported for the split build's seam: core/parallel/split-*.ts). */
export interface TaskState {
  id: IndexIntoTaskTable;
  /** Calls recently closed as Unclosed by a shallower line, with their returned children's time. */
  recentUnclosed: { call: IndexIntoCallTable; childSum: number; closedAt: number }[];
  /** Open calls, outermost first. */
  stack: IndexIntoCallTable[];
  /**
   * Per stack level (0 = no open frame), the calls added at that level that are deeper
   * than a normal child would be: candidates for adoption by a later orphan exit.
   */
  deepChildren: (IndexIntoCallTable[] | undefined)[];
  cpuSet: Set<number>;
  /** The CPU last added to cpuSet: consecutive lines of a task mostly share one. */
  lastCpu: number;
  /** The latest time any line of the task showed (an exit's return time counts): -Infinity until one. */
  lastSeen: number;
}

/** plainFrame's answer for a line a repair rule has something to do with. */
const NOT_PLAIN = -2;

/** CPUs numbered below this are kept in arrays (per line, hot); others in a Map. */
const CPU_SLOTS = 4096;

/** A map from CPU number to a value, an array for the usual small numbers (per line, hot). */
class CpuSlots<T> {
  private readonly slots: (T | undefined)[] = [];
  private readonly other = new Map<number, T>();

  get(cpu: number): T | undefined {
    return cpu >= 0 && cpu < CPU_SLOTS ? this.slots[cpu] : this.other.get(cpu);
  }

  set(cpu: number, value: T): void {
    if (cpu >= 0 && cpu < CPU_SLOTS) this.slots[cpu] = value;
    else this.other.set(cpu, value);
  }
}

/**
 * The last time per CPU (rule 10), NaN for none: a Float64Array for the usual small CPU
 * numbers, so that storing a time per line never makes a heap number of it (a plain array
 * whose store is shared with object values holds numbers boxed).
 */
class CpuTimes {
  private readonly slots = new Float64Array(CPU_SLOTS).fill(Number.NaN);
  private readonly other = new Map<number, number>();

  get(cpu: number): number {
    return cpu >= 0 && cpu < CPU_SLOTS ? this.slots[cpu] : (this.other.get(cpu) ?? Number.NaN);
  }

  set(cpu: number, ts: number): void {
    if (cpu >= 0 && cpu < CPU_SLOTS) this.slots[cpu] = ts;
    else this.other.set(cpu, ts);
  }
}

export class TraceBuilder {
  readonly strings: StringTable;
  readonly calls: CallTable;
  readonly events = new EventTable();
  /** Return values, arguments and callers printed beside calls (empty for most traces). */
  readonly notes = new CallNotes();
  /** keepContext's last flags token and its context byte. */
  private lastFlagsText = '';
  private lastContext = 0;
  readonly tasks: Task[] = [];
  readonly diagnostics = emptyDiagnostics();
  private readonly states: TaskState[] = [];
  private readonly byKey = new Map<string, TaskState>();
  /** Top-level-buffer tasks with pid > 0, by pid (same objects as in byKey). */
  private readonly byPid = new Map<number, TaskState>();
  /** The task last seen on each CPU (for lost markers and for lines without a pid). */
  private readonly cpuTask = new CpuSlots<TaskState>();
  private readonly itemCounts = new Map<DiagnosticItem['kind'], number>();
  private lastEvent = -1;
  /** The call of the last exit line and that line's number, for a ` (Overruns: N)` after it. */
  private lastExit = -1;
  private lastExitLine = -1;
  /** The line of the last ` (Overruns: N)`, which comes between an exit and its closing arrow. */
  private overrunLine = -1;
  /**
   * The instance (or input file) of the last drop marker that named one, and its line:
   * trace-cmd prints an instance's prefix, then `CPU:1 [3 EVENTS DROPPED]`, then the record
   * on the next line without it (trace-read.c: print_handle_file, trace_show_data).
   */
  private lostInstance = '';
  private lostInstanceLine = -1;
  /** The line being added: every call row it makes records it (calls.line). */
  private lineNo = 0;
  /** Orphan exits that named no function, and the line of the first orphan (entrylessNote). */
  private unnamedOrphans = 0;
  private firstOrphanLine = -1;
  /**
   * CPUs inside tracefs's interrupt arrows (`==========>` … `<==========`): the depth of
   * the first call entered there (-1 until one is), whose level and deeper calls are
   * flagged IrqArrow. A shallower line ends it too, should the closing arrow be missing.
   */
  private readonly irqArrow = new Map<number, number>();
  /** Time of the last line per CPU of the top-level buffer, and per instance (rule 10). */
  private readonly cpuTime = new CpuTimes();
  private instanceTimes: Map<string, CpuTimes> | undefined;
  private lastTask: TaskState | undefined;
  private lastPid = -2;
  private lastCpu = -2;
  private lastInstance = '';
  private lastComm = '';
  /** Entries that adopted earlier deeper calls, until their exit confirms it (adoptPrinted). */
  private readonly provisional = new Map<IndexIntoCallTable, IndexIntoCallTable[]>();
  /**
   * Per deepChildren list: how many of its first calls an entry of that level has handed
   * back (confirmAdoption) or a leaf of that level refused (adoptPrinted). They began before
   * that call, so before any later entry or leaf of the level too, which adopt from here on. Without it, each later entry took them all
   * and gave them back: a trace that begins inside a loop of n leaf calls made every later
   * call of the level cost n (a sort of n at each exit). Gone with its list.
   */
  private readonly refused = new WeakMap<IndexIntoCallTable[], number>();
  /** Rows settleOverfull may still scan (rule 11 is rare: a generous cap for the whole trace). */
  private settleBudget = 1 << 26;
  /** Where each call closed as Unclosed ended at the latest (rule 7), until finish gives it a duration. */
  private readonly unclosedEnd = new Map<IndexIntoCallTable, number>();
  private sawTimestamp = false;
  /** An exit carried its exact call time (-R, -N, trace.dat): starts are exact, not bounds. */
  private sawCallTime = false;
  /** Whether the raw clock counts of the records are nanoseconds (raw-clock.ts). */
  private readonly rawClock = new RawClockCheck();
  /** The same for times printed as seconds, told for the kernel's function_graph text and trace-cmd report (raw-clock.ts). */
  private readonly secondsClock = new RawClockCheck();
  /** The `NAME: cpus=N` lines' names of a report of several input files (input-files.ts). */
  private readonly inputFiles = new InputFileNames();
  cpuCount = -1;
  kernelRelease = '';
  private readonly unknownFunc: number;
  /** The task fields of a graph record, as taskFor reads them from a line record. */
  private readonly graphKey = createRecord();
  /** Per CPU, the top-level task the last graph record or plain line there was taken for, and its pid (memoTask). */
  private readonly graphTasks: (TaskState | undefined)[] = [];
  private readonly graphTaskPids = new Int32Array(CPU_SLOTS).fill(-1);

  /**
   * `expectedCalls`: a guess of the number of calls, to size the call table once. `strings`:
   * the table names are interned into (a range's own builder shares its parser's: split-range.ts).
   * `calls`: the table to build into, when not a new one (a parallel load's shared memory).
   */
  constructor(expectedCalls = 0, strings = new StringTable(), calls?: CallTable) {
    this.strings = strings;
    this.calls = calls ?? new CallTable(expectedCalls);
    this.unknownFunc = this.strings.intern(UNKNOWN_FUNCTION);
  }

  /** Records a problem with the input as a whole (a broken gzip stream, a read error, a damaged trace.dat section), at the line or record reached. */
  addInputError(message: string, lineNo: number): void {
    this.diagnostics.inputErrors.push(message);
    this.diagnostics.items.push({ line: lineNo, kind: 'input', message, call: -1 });
  }

  /** Applies one parsed line. `lineNo` is 1-based. */
  add(r: LineRecord, lineNo: number): void {
    this.lineNo = lineNo;
    const d = this.diagnostics;
    d.linesRead++;
    if (this.lostInstanceLine >= 0) {
      if (lineNo === this.lostInstanceLine + 1 && r.instance === '') r.instance = this.lostInstance;
      this.lostInstanceLine = -1;
    }
    // A header line with an instance is --debug's `net: CPU:1 [SUBBUFFER START]`: its record
    // follows on the next line without the prefix, as after a drop marker.
    if (r.kind === RecordKind.Meta && r.instance !== '') {
      this.lostInstance = r.instance;
      this.lostInstanceLine = lineNo;
    }
    if (r.depth > MAX_CALL_DEPTH && (r.kind === RecordKind.Entry || r.kind === RecordKind.Leaf || r.kind === RecordKind.Exit)) {
      r.kind = RecordKind.Unknown;
      r.problem = `depth ${r.depth}: deeper than any kernel's function graph (this tool keeps up to ${MAX_CALL_DEPTH})`;
    }
    if (r.cpu > MAX_CALL_CPU && (r.kind === RecordKind.Entry || r.kind === RecordKind.Leaf || r.kind === RecordKind.Exit)) {
      r.kind = RecordKind.Unknown;
      r.problem = `CPU ${r.cpu}: past any kernel's CPUs (NR_CPUS is at most 8192; this tool keeps up to ${MAX_CALL_CPU})`;
    }
    if (r.tsNs > MAX_CLOCK_NS && r.kind !== RecordKind.Unknown) {
      r.kind = RecordKind.Unknown;
      r.problem = `a time of ${r.tsNs.toExponential(3)} ns: later than any 64-bit clock counts`;
    }
    if (r.kind === RecordKind.Leaf || r.kind === RecordKind.Exit) {
      const back = returnBeforeCallNs(r.durNs);
      if (!Number.isNaN(back)) this.returnedBeforeCall(r, back, lineNo);
      const problem = impossibleTime(r);
      if (problem) {
        r.kind = RecordKind.Unknown;
        r.problem = problem;
      }
    }
    switch (r.kind) {
      case RecordKind.Meta:
      case RecordKind.Blank:
      case RecordKind.BannerPart:
        d.headerLines++;
        return;
      case RecordKind.Preamble:
        d.headerLines++;
        // `report -i host.dat -i guest.dat` prints a `FILE: cpus=N` line per file (trace-read.c
        // read_data_info), and the records of all share the CPU numbers: the most of them counts.
        if (r.count > this.cpuCount) this.cpuCount = r.count;
        if (r.count >= 0) {
          const sameName = this.inputFiles.cpusLine(r.instance);
          if (sameName) this.addInputError(sameName, lineNo);
        }
        return;
      case RecordKind.Unknown:
        d.unparsedLines++;
        this.item({
          line: lineNo,
          kind: 'unparsed',
          message: r.problem || 'unrecognised line',
          call: -1,
          text: r.text.length > MAX_TEXT ? r.text.slice(0, MAX_TEXT) + '…' : r.text,
        });
        return;
    }
    d.parsedLines++;
    if (!Number.isNaN(r.tsNs)) {
      this.sawTimestamp = true;
      if (r.cpu >= 0) this.checkTime(r, lineNo);
    }
    switch (r.kind) {
      case RecordKind.Entry:
        this.entry(r, lineNo);
        return;
      case RecordKind.Leaf:
        this.leaf(r, lineNo);
        return;
      case RecordKind.Exit: {
        const c = this.exit(r, lineNo);
        if (r.retval !== '' || r.parentName !== '') this.note(c, r);
        this.lastExit = c;
        this.lastExitLine = lineNo;
        return;
      }
      case RecordKind.Overrun:
        // The kernel prints ` (Overruns: N)` on the line right after the exit it belongs to.
        if (lineNo === this.lastExitLine + 1 && r.count >= 0) this.notes.add(this.lastExit, NoteKind.Overruns, String(r.count));
        this.overrunLine = lineNo;
        return;
      case RecordKind.FunctionCall:
        this.functionCall(r);
        return;
      case RecordKind.Event:
        this.event(r, lineNo);
        return;
      case RecordKind.EventText:
        // The parsers give it only on the line right after its event (or its text before).
        if (this.lastEvent >= 0) this.events.text[this.lastEvent] += '\n' + r.text;
        return;
      case RecordKind.StackFrame:
        if (this.lastEvent >= 0) {
          const ev = this.events;
          if (!isUnusedUserFrame(ev.name[this.lastEvent], r.name)) (ev.stack[this.lastEvent] ??= []).push(r.name);
        }
        return;
      case RecordKind.Lost:
        // The closing arrow is printed with the exit of the interrupt's entry function
        // (print_graph_irq after print_graph_return): lost with it, it would leave every later
        // call of the CPU inside the arrows. A call after the gap is not known to be in one.
        this.irqArrow.delete(r.cpu);
        this.lost(r, lineNo);
        return;
      case RecordKind.TaskSwitch:
        // No task switch happens inside a hard interrupt, which runs in the task it interrupted
        // (verif_pid prints the banner when the CPU's pid changes): the closing arrow was lost.
        this.irqArrow.delete(r.cpu);
        this.taskSwitch(r);
        return;
      case RecordKind.IrqMarker:
        if (r.name === '==========>') this.irqArrow.set(r.cpu, -1);
        else {
          this.irqArrow.delete(r.cpu);
          // The closing arrow follows the exit of the function in __irqentry_text (print_graph_return
          // prints the exit, its ` (Overruns: N)`, then print_graph_irq). A trace that begins
          // inside an interrupt (a wrapped buffer, a trace_pipe read) has that exit with no entry
          // nor opening arrow: its call is the interrupt's outermost frame all the same.
          const after = lineNo - this.lastExitLine;
          if (this.lastExit >= 0 && (after === 1 || (after === 2 && this.overrunLine === lineNo - 1))) {
            this.calls.flags[this.lastExit] |= CallFlag.IrqArrow;
          }
        }
        return;
      default:
        return;
    }
  }

  /**
   * An entry record and the exit record right after it in the trace (nothing between them:
   * same task, CPU, depth and function), with its exact call time and duration: the two
   * `add` calls (`lineNo`, `lineNo + 1`) in one, as the text's one-line leaf is one. Only
   * for the plain case, where the line-by-line rules have nothing to repair or adopt: the
   * entry closes no frame, sits right under the open one, no deeper call waits for a
   * parent, and neither time goes back. Then it returns true having done exactly what the
   * two records would; otherwise false, having changed nothing the two `add` calls would
   * not change the same way (the caller then adds them).
   */
  addExactPair(entry: LineRecord, exit: LineRecord, lineNo: number): boolean {
    if (
      entry.kind !== RecordKind.Entry ||
      exit.kind !== RecordKind.Exit ||
      !(entry.depth >= 0 && entry.depth <= MAX_CALL_DEPTH) ||
      exit.depth !== entry.depth ||
      exit.name !== entry.name ||
      entry.name === '' ||
      exit.pid !== entry.pid ||
      exit.cpu !== entry.cpu ||
      !(entry.cpu >= 0 && entry.cpu <= MAX_CALL_CPU) ||
      exit.instance !== entry.instance ||
      exit.comm !== entry.comm ||
      !(exit.tsNs >= entry.tsNs) ||
      Number.isNaN(exit.callTimeNs) ||
      Number.isNaN(exit.durNs) ||
      impossibleTime(exit) !== '' ||
      entry.args !== '' ||
      entry.parentName !== '' ||
      exit.parentName !== '' ||
      this.irqArrow.size !== 0
    ) {
      return false;
    }
    // The entry's time check (rule 10) would say nothing.
    const times = this.cpuTimes(entry.instance);
    // NaN (no time yet) compares false.
    if (entry.tsNs < times.get(entry.cpu)) return false;
    // What add(entry) does first after the time check; done again by it if this returns false.
    const st = this.taskFor(entry);
    const stack = st.stack;
    const level = stack.length;
    const calls = this.calls;
    const parent = level > 0 ? stack[level - 1] : -1;
    const expected = parent >= 0 ? calls.depth[parent] + 1 : 0;
    // Nothing to close (rule 1), no depth gap, no deeper calls of this level to adopt (rule 8).
    if (entry.depth !== expected) return false;
    const deep = st.deepChildren[level];
    if (deep && deep.length > 0) return false;

    const d = this.diagnostics;
    d.linesRead += 2;
    d.parsedLines += 2;
    this.sawTimestamp = true;
    this.sawCallTime = true;
    times.set(entry.cpu, exit.tsNs);
    const ret = exit.callTimeNs + exit.durNs;
    let seen = st.lastSeen;
    if (entry.tsNs > seen) seen = entry.tsNs;
    if (exit.tsNs > seen) seen = exit.tsNs;
    if (ret > seen) seen = ret;
    st.lastSeen = seen;
    const func = entry.funcId >= 0 ? entry.funcId : this.strings.intern(entry.name);
    // The call's line is its entry's (calls.line), as add(entry) would record it.
    this.lineNo = lineNo;
    const c = this.pushRow(st, func, parent, entry.depth, entry.cpu, entry.tsNs, 0);
    if (entry.flagsText !== '') this.keepContext(c, entry.flagsText);
    // The entry's push and the exit's pop leave the levels above as add() leaves them.
    st.deepChildren[level + 1] = undefined;
    calls.start[c] = exit.callTimeNs;
    this.close(c, exit.durNs);
    if (exit.retval !== '') this.note(c, exit);
    this.lastExit = c;
    this.lastExitLine = lineNo + 1;
    return true;
  }

  /**
   * `add` of an entry, leaf or exit line whose rare fields (record-batch.ts's RecordExtras:
   * instance, args, caller, return value, call time, text…) all hold their "none" value, as
   * the parse pool's replay knows of most of its rows; the caller vouches for that. Only
   * for the plain case, as addGraphRecord: an entry or leaf right under its task's open
   * frame (nothing to close, no depth gap, no deeper calls of its level to adopt), an
   * unnamed exit closing the open frame of its depth, with a time that does not go back on
   * its CPU, a duration a call can have, and no interrupt arrow or drop marker pending.
   * Then it does exactly what `add(r, lineNo)` does and returns true, leaving `r` as it was;
   * otherwise it returns false having changed nothing `add` would not change the same way
   * (the task lookup, which `add` repeats), and the caller adds the record.
   */
  addPlain(r: LineRecord, lineNo: number): boolean {
    const kind = r.kind;
    const depth = r.depth;
    const cpu = r.cpu;
    const ts = r.tsNs;
    const dur = r.durNs;
    if (
      !(kind === RecordKind.Entry || kind === RecordKind.Leaf || (kind === RecordKind.Exit && r.name === '' && r.funcId < 0)) ||
      !(depth >= 0 && depth <= MAX_CALL_DEPTH) ||
      !(cpu >= 0 && cpu <= MAX_CALL_CPU) ||
      !(ts <= MAX_CLOCK_NS) ||
      (kind !== RecordKind.Entry && !(dur >= 0 && dur <= MAX_DURATION_NS)) ||
      this.lostInstanceLine >= 0 ||
      this.irqArrow.size !== 0
    ) {
      return false;
    }
    // Rule 10's check would say nothing (NaN, no time yet, compares false).
    const times = this.cpuTime;
    if (ts < times.get(cpu)) return false;
    const st = this.taskOfPlain(r);
    const top = this.plainFrame(st, kind === RecordKind.Exit, depth);
    if (top === NOT_PLAIN) return false;
    const stack = st.stack;
    const level = stack.length;
    const calls = this.calls;
    this.countPlainLine(lineNo);
    times.set(cpu, ts);
    if (kind === RecordKind.Exit) {
      // exit and finishCall, for an unnamed exit without a call time.
      if (ts > st.lastSeen) st.lastSeen = ts;
      stack.pop();
      st.deepChildren[level] = undefined;
      this.confirmAdoption(st, top, ts - dur, false);
      if (r.flags & RecordFlag.RawTime) this.rawClock.add(ts - calls.start[top], dur, lineNo);
      else this.secondsClock.add(ts - calls.start[top], dur, lineNo);
      this.close(top, dur);
      this.lastExit = top;
      this.lastExitLine = lineNo;
      return true;
    }
    // entry or leaf, then addCall, for a call at its expected depth.
    const end = kind === RecordKind.Leaf ? ts + dur : ts;
    if (end > st.lastSeen) st.lastSeen = end;
    const func = r.funcId >= 0 ? r.funcId : this.strings.intern(r.name || UNKNOWN_FUNCTION);
    const c = this.pushRow(st, func, top, depth, cpu, ts, 0);
    if (r.flagsText !== '') this.keepContext(c, r.flagsText);
    if (kind === RecordKind.Leaf) {
      this.close(c, dur);
      return true;
    }
    stack.push(c);
    st.deepChildren[stack.length] = undefined;
    return true;
  }

  /**
   * The frame a plain line of task `st` at `depth` closes (an exit: the open frame, of that
   * depth, with nothing above it to close (rule 3) and no orphan (rule 4)) or goes right under
   * (an entry or leaf: the open frame, or -1 for none, with no depth gap and no deeper calls of
   * its level waiting to be adopted: rules 1 and 8 have nothing to do); NOT_PLAIN otherwise.
   */
  private plainFrame(st: TaskState, exit: boolean, depth: number): number {
    const stack = st.stack;
    const level = stack.length;
    const calls = this.calls;
    const top = level > 0 ? stack[level - 1] : -1;
    if (exit) return top >= 0 && calls.depth[top] === depth ? top : NOT_PLAIN;
    if (depth !== (top >= 0 ? calls.depth[top] + 1 : 0)) return NOT_PLAIN;
    const deep = st.deepChildren[level];
    return deep && deep.length > 0 ? NOT_PLAIN : top;
  }

  /** What `add` counts of a line that a plain lane takes (addPlain, addGraphRecord). */
  private countPlainLine(lineNo: number): void {
    this.lineNo = lineNo;
    const d = this.diagnostics;
    d.linesRead++;
    d.parsedLines++;
    this.sawTimestamp = true;
  }

  /**
   * A binary reader's function-graph entry or exit in numbers (graph-record.ts): exactly
   * what `add` does with the same record, for the plain case only, without a LineRecord.
   * An entry: its task's open frame is its parent (no frame to close, no depth gap, no
   * deeper calls of its level to adopt). An exit: it closes its task's open frame of the
   * same depth and function, with an exact call time and a possible duration. For both:
   * the CPU's time does not go back and no interrupt arrows are open. Otherwise it returns
   * false, having changed nothing `add` would not change the same way (the task lookup,
   * which `add` repeats), and the caller adds the record as a LineRecord.
   */
  addGraphRecord(g: GraphRecord, lineNo: number): boolean {
    const depth = g.depth;
    const ts = g.tsNs;
    if (!(depth >= 0 && depth <= MAX_CALL_DEPTH) || !(g.cpu >= 0 && g.cpu <= MAX_CALL_CPU) || Number.isNaN(ts) || this.irqArrow.size !== 0) return false;
    // Rule 10's check would say nothing.
    const times = this.cpuTimes(g.instance);
    if (ts < times.get(g.cpu)) return false;
    if (g.exit && !(g.durNs >= 0 && g.durNs <= MAX_DURATION_NS && g.callTimeNs <= MAX_DURATION_NS)) return false;
    const st = this.taskOfGraph(g);
    const top = this.plainFrame(st, g.exit, depth);
    const calls = this.calls;
    // An exit's entry is the open frame: no name to mismatch either.
    if (top === NOT_PLAIN || (g.exit && calls.func[top] !== g.func)) return false;
    const stack = st.stack;
    const level = stack.length;
    this.countPlainLine(lineNo);
    times.set(g.cpu, ts);
    if (ts > st.lastSeen) st.lastSeen = ts;
    // No time below is handed to a call as a number: V8 would allocate a box for it on every
    // record (even for a call in a branch rarely taken); they go through the table's columns.
    if (!g.exit) {
      const c = this.pushRow(st, g.func, top, depth, g.cpu, 0, 0);
      calls.start[c] = ts;
      stack.push(c);
      st.deepChildren[stack.length] = undefined;
      return true;
    }
    const ret = g.callTimeNs + g.durNs;
    if (ret > st.lastSeen) st.lastSeen = ret;
    this.sawCallTime = true;
    // finishCall's steps for a frame of the exit's own name.
    stack.pop();
    st.deepChildren[level] = undefined;
    if (this.provisional.size !== 0) this.confirmGraphAdoption(st, top, g);
    calls.start[top] = g.callTimeNs;
    calls.duration[top] = g.durNs;
    this.closeAtDuration(top);
    if (g.retval !== '') this.notes.add(top, NoteKind.Retval, g.retval);
    this.lastExit = top;
    this.lastExitLine = lineNo;
    return true;
  }

  /**
   * taskFor of a graph record's task fields, with the same effects. The streams of a
   * trace.dat take turns record by record, so taskFor's one-task memo misses at most CPU
   * switches: a memo per CPU (graphTasks) answers first (memoTask).
   */
  private taskOfGraph(g: GraphRecord): TaskState {
    const memo = this.memoTask(g.pid, g.cpu, g.comm, g.instance);
    if (memo !== undefined) return memo;
    const k = this.graphKey;
    k.kind = g.exit ? RecordKind.Exit : RecordKind.Entry;
    k.pid = g.pid;
    k.cpu = g.cpu;
    k.instance = g.instance;
    k.comm = g.comm;
    const found = this.taskFor(k);
    this.rememberTask(g.pid, g.cpu, g.instance, found);
    return found;
  }

  /**
   * taskFor of a plain line (addPlain), with the same effects: a report's lines come from
   * its CPUs' buffers merged by time, so consecutive lines are often other CPUs' tasks and
   * taskFor's one-task memo misses; the memo per CPU answers first, as for a trace.dat.
   */
  private taskOfPlain(r: LineRecord): TaskState {
    const memo = this.memoTask(r.pid, r.cpu, r.comm, r.instance);
    if (memo !== undefined) return memo;
    const found = this.taskFor(r);
    this.rememberTask(r.pid, r.cpu, r.instance, found);
    return found;
  }

  /**
   * The per-CPU memo's task (graphTasks) when taskFor's answer is known to be it with
   * nothing else to change (the task's pid, comm and CPU as on the line, the CPU's task
   * unchanged) but taskFor's own memo, which is then set as taskFor sets it; else undefined.
   */
  private memoTask(pid: number, cpu: number, comm: string, instance: string): TaskState | undefined {
    const st = cpu < CPU_SLOTS ? this.graphTasks[cpu] : undefined;
    if (
      st !== undefined &&
      pid > 0 &&
      instance === '' &&
      this.graphTaskPids[cpu] === pid &&
      st.lastCpu === cpu &&
      comm !== '' &&
      comm !== '<...>' &&
      this.tasks[st.id].comm === comm &&
      this.cpuTask.get(cpu) === st
    ) {
      this.lastTask = st;
      this.lastPid = pid;
      this.lastCpu = cpu;
      this.lastInstance = '';
      this.lastComm = comm;
      return st;
    }
    return undefined;
  }

  /** Sets the per-CPU memo to taskFor's answer; only a top-level pid's task is the one byPid gives that pid from now on. */
  private rememberTask(pid: number, cpu: number, instance: string, found: TaskState): void {
    if (pid > 0 && instance === '' && cpu >= 0 && cpu < CPU_SLOTS) {
      this.graphTasks[cpu] = found;
      this.graphTaskPids[cpu] = pid;
    }
  }

  // ---- the split build's seam (core/parallel/split-range.ts, split-stitch.ts) ---------------

  /** The state of the task taskFor keys `key` (`:PID`, `0::CPU` for the top-level buffer), if it has one. */
  seamTask(key: string): TaskState | undefined {
    return this.byKey.get(key);
  }

  /** Every task's key and state (a range's own builder, where each task has one key). */
  seamTasks(): { key: string; state: TaskState }[] {
    return [...this.byKey].map(([key, state]) => ({ key, state }));
  }

  /** A task of the top-level buffer made as its first line (taskFor) would make it. */
  seamNewTask(key: string, comm: string, pid: number, idleCpu: number): TaskState {
    const st = this.newTask(key, comm, pid, idleCpu, '');
    if (pid > 0) this.byPid.set(pid, st);
    return st;
  }

  /**
   * Whether nothing but the tasks' own states and the CPUs' times differs here from a fresh
   * builder in what a plain line reads: no interrupt arrows open, no drop marker's instance
   * waiting for the next line, no task named by CPU only (a new pid could take it over:
   * nameCpuTask), and the clock check full (a call measured later changes nothing).
   */
  seamQuiet(): boolean {
    return this.irqArrow.size === 0 && this.lostInstanceLine < 0 && this.secondsClock.full && !this.tasks.some((t) => t.pid < 0);
  }

  /** The last time of `cpu` in the top-level buffer (NaN before any). */
  seamCpuTime(cpu: number): number {
    return this.cpuTime.get(cpu);
  }

  /** Sets what the last line of `cpu` leaves behind: its time and its task. */
  seamSetCpu(cpu: number, ts: number, st: TaskState): void {
    this.cpuTime.set(cpu, ts);
    this.cpuTask.set(cpu, st);
  }

  /** Lines were added elsewhere since the last: taskFor's one-task memo no longer holds. */
  seamForgetLastTask(): void {
    this.lastTask = undefined;
  }

  /** Whether call `c` holds calls it adopted until its exit confirms them. */
  seamProvisional(c: IndexIntoCallTable): boolean {
    return this.provisional.has(c);
  }

  /** The last exit line was `line`, closing `c` (for an ` (Overruns: N)` or a closing arrow after it). */
  seamSetLastExit(c: IndexIntoCallTable, line: number): void {
    this.lastExit = c;
    this.lastExitLine = line;
  }

  /** The last event is `e` (for a stack frame or text line after it). */
  seamSetLastEvent(e: number): void {
    this.lastEvent = e;
  }

  /**
   * Whether this builder (a range's own) applied only the plain rules: no repair, diagnostic,
   * adoption, interrupt arrow, exact call time or overfull call (rule 11) anywhere.
   */
  seamClean(): boolean {
    const d = this.diagnostics;
    return (
      d.items.length === 0 &&
      d.inputErrors.length === 0 &&
      d.unparsedLines === 0 &&
      d.orphanExits === 0 &&
      d.unclosedCalls === 0 &&
      d.dropMarkers === 0 &&
      d.depthGaps === 0 &&
      d.nameMismatches === 0 &&
      d.timeBackwards === 0 &&
      this.provisional.size === 0 &&
      this.settleBudget === 1 << 26 &&
      !this.sawCallTime &&
      this.irqArrow.size === 0 &&
      this.instanceTimes === undefined
    );
  }

  /** What this builder (a range's own) counted of its lines, for the one it is stitched into. */
  seamCounts(): SeamCounts {
    const d = this.diagnostics;
    return { linesRead: d.linesRead, parsedLines: d.parsedLines, headerLines: d.headerLines, sawTimestamp: this.sawTimestamp };
  }

  /** Adds the line counts of a range built apart and stitched in (seamCounts). */
  seamAddCounts(c: SeamCounts): void {
    const d = this.diagnostics;
    d.linesRead += c.linesRead;
    d.parsedLines += c.parsedLines;
    d.headerLines += c.headerLines;
    if (c.sawTimestamp) this.sawTimestamp = true;
  }

  /** Calls built so far. */
  get callCount(): number {
    return this.calls.length;
  }

  finish(format: FormatId): TraceModel {
    for (const st of this.states) {
      while (st.stack.length > 0) this.closeUnclosed(st, -1);
    }
    if (this.diagnostics.unclosedCalls > 0) this.timeUnclosed();
    const rawClock = this.rawClock.message();
    if (rawClock) this.addInputError(rawClock, this.rawClock.line);
    // The kernel's function_graph text prints any clock as seconds (print_graph_abs_time),
    // trace-cmd report the uptime clock's jiffies too (raw-clock.ts); a trace.dat's times are
    // the records' own.
    const seconds =
      format === 'tracefs-function-graph' ? this.secondsClock.message('graph-seconds') : format === 'trace-cmd-report' ? this.secondsClock.message('report-seconds') : undefined;
    if (seconds) this.addInputError(seconds, this.secondsClock.line);
    const entryless = entrylessNote(this.calls.length, this.diagnostics.orphanExits, this.unnamedOrphans, format === 'trace-cmd-report');
    if (entryless) this.addInputError(entryless, this.firstOrphanLine);
    // Before the interval rule: a call whose duration leaves out a sleep keeps its children.
    const slept = findSleepLeftOut(this.calls, this.sawCallTime);
    const sleptNote = sleepLeftOutNote(this.calls, (c) => this.strings.get(this.calls.func[c]), slept);
    if (sleptNote) {
      this.diagnostics.inputErrors.push(sleptNote);
      this.diagnostics.items.push({ line: -1, kind: 'input', message: sleptNote, call: slept.parent });
    }
    settleIntervals({
      calls: this.calls,
      strings: this.strings,
      diagnostics: this.diagnostics,
      item: (it) => this.item(it),
      exactStarts: this.sawCallTime,
      sleepLeftOut: slept.calls,
    });
    for (const st of this.states) {
      this.tasks[st.id].cpus = [...st.cpuSet].sort((a, b) => a - b);
    }
    this.calls.trim();
    const flags = this.calls.flags;
    // Repairs undone later (a gap whose parent turned up, a late exit) leave no item.
    this.diagnostics.items = this.diagnostics.items.filter(
      (it) =>
        (it.kind !== 'depth-gap' || (flags[it.call] & CallFlag.DepthGap) !== 0) &&
        (it.kind !== 'unclosed' || (flags[it.call] & CallFlag.Unclosed) !== 0),
    );
    return {
      format,
      strings: this.strings,
      calls: this.calls,
      tasks: this.tasks,
      events: this.events,
      notes: this.notes,
      diagnostics: this.diagnostics,
      textBytes: 0,
      cpuCount: this.cpuCount,
      kernelRelease: this.kernelRelease,
      hasTimestamps: this.sawTimestamp,
    };
  }

  // ---- tasks -------------------------------------------------------------------------

  private taskFor(r: LineRecord): TaskState {
    // Consecutive lines are usually the same task: skip the key building and lookup.
    const last = this.lastTask;
    if (last && r.pid === this.lastPid && r.pid > 0 && r.cpu === this.lastCpu && r.instance === this.lastInstance) {
      if (r.comm !== this.lastComm && r.comm && r.comm !== '<...>') this.tasks[last.id].comm = this.lastComm = r.comm;
      return last;
    }
    const st = this.lookupTask(r);
    this.lastTask = st;
    this.lastPid = r.pid;
    this.lastCpu = r.cpu;
    this.lastInstance = r.instance;
    this.lastComm = r.comm;
    return st;
  }

  private lookupTask(r: LineRecord): TaskState {
    // The common case (a pid of the top-level buffer) needs no string key.
    if (r.pid > 0 && r.instance === '') {
      let st = this.byPid.get(r.pid);
      if (!st) {
        st = this.lookupTaskByKey(r);
        this.byPid.set(r.pid, st);
      } else {
        if (r.comm && r.comm !== '<...>' && r.comm !== this.tasks[st.id].comm) this.tasks[st.id].comm = r.comm;
        if (r.cpu >= 0) {
          this.cpuTask.set(r.cpu, st);
          if (st.lastCpu !== r.cpu) {
            st.lastCpu = r.cpu;
            st.cpuSet.add(r.cpu);
          }
        }
      }
      return st;
    }
    return this.lookupTaskByKey(r);
  }

  private lookupTaskByKey(r: LineRecord): TaskState {
    let st: TaskState | undefined;
    if (r.pid < 0) {
      // No pid on the line: whoever the banners say runs on this CPU.
      st = this.cpuTask.get(r.cpu);
      if (!st) {
        st = this.newTask(`cpu:${r.instance}:${r.cpu}`, '', -1, r.cpu, r.instance);
        this.cpuTask.set(r.cpu, st);
      }
    } else {
      const key = r.pid === 0 ? `0:${r.instance}:${r.cpu}` : `${r.instance}:${r.pid}`;
      st = this.byKey.get(key) ?? this.nameCpuTask(r, key);
      if (!st) st = this.newTask(key, r.comm, r.pid, r.pid === 0 ? r.cpu : -1, r.instance);
      else if (r.comm && r.comm !== '<...>') this.tasks[st.id].comm = r.comm;
      if (r.cpu >= 0) this.cpuTask.set(r.cpu, st);
    }
    if (r.cpu >= 0) st.cpuSet.add(r.cpu);
    return st;
  }

  private newTask(key: string, comm: string, pid: number, cpu: number, instance: string): TaskState {
    const id = this.tasks.length;
    this.tasks.push({ comm, pid, idleCpu: pid <= 0 ? cpu : -1, instance, cpus: [], calls: 0, maxDepth: 0 });
    const st: TaskState = {
      id,
      recentUnclosed: [],
      stack: [],
      deepChildren: [],
      cpuSet: new Set(),
      lastCpu: -2,
      lastSeen: Number.NEGATIVE_INFINITY,
    };
    this.states.push(st);
    this.byKey.set(key, st);
    return st;
  }

  /**
   * Kernel function_graph text without a proc column keys its lines by CPU, and the task
   * running there has no pid until a banner names it. A line of a new pid on that CPU that
   * is not a banner (a context-format stack trace or function record printed inside the
   * graph, checklist 41) is a line of that very task: name it, and return it. Otherwise the
   * pid would get a task of its own that takes the CPU over, and the graph lines after it
   * would land on a second, empty stack. Returns undefined when there is nothing to name.
   */
  private nameCpuTask(r: LineRecord, key: string): TaskState | undefined {
    // A banner's new task is not the one that ran before it (taskSwitch names that one).
    if (r.cpu < 0 || r.kind === RecordKind.TaskSwitch) return undefined;
    const current = this.cpuTask.get(r.cpu);
    if (!current) return undefined;
    const t = this.tasks[current.id];
    if (t.pid >= 0 || t.instance !== r.instance) return undefined;
    t.pid = r.pid;
    t.comm = r.comm;
    t.idleCpu = r.pid === 0 ? r.cpu : -1;
    this.byKey.set(key, current);
    return current;
  }

  /** A context-switch banner: `from` ran on the CPU until now, `to` runs from here on. */
  private taskSwitch(r: LineRecord): void {
    this.lastTask = undefined;
    const current = this.cpuTask.get(r.cpu);
    if (current && this.tasks[current.id].pid < 0) {
      // Lines read before the first banner of this CPU belong to the task it names first.
      const t = this.tasks[current.id];
      const key = r.pid === 0 ? `0:${r.instance}:${r.cpu}` : `${r.instance}:${r.pid}`;
      if (!this.byKey.has(key)) {
        t.pid = r.pid;
        t.comm = r.comm;
        t.idleCpu = r.pid === 0 ? r.cpu : -1;
        this.byKey.set(key, current);
      }
    }
    const to: LineRecord = { ...r, comm: r.toComm, pid: r.toPid };
    this.taskFor(to);
  }

  // ---- calls -------------------------------------------------------------------------

  private entry(r: LineRecord, lineNo: number): void {
    const st = this.taskFor(r);
    if (r.tsNs > st.lastSeen) st.lastSeen = r.tsNs;
    this.closeAtOrBelow(st, r.depth, lineNo, r.tsNs);
    const c = this.addCall(st, r, lineNo);
    this.markIrqArrow(c, r);
    if (r.args !== '' || r.parentName !== '') this.note(c, r);
    st.stack.push(c);
    st.deepChildren[st.stack.length] = undefined;
  }

  private leaf(r: LineRecord, lineNo: number): void {
    const st = this.taskFor(r);
    const end = Number.isNaN(r.durNs) ? r.tsNs : r.tsNs + r.durNs;
    if (end > st.lastSeen) st.lastSeen = end;
    this.closeAtOrBelow(st, r.depth, lineNo, r.tsNs);
    const c = this.addCall(st, r, lineNo);
    this.markIrqArrow(c, r);
    if (r.args !== '' || r.parentName !== '' || r.retval !== '') this.note(c, r);
    this.close(c, r.durNs);
  }

  /**
   * Keeps the interrupt context the flags of call `c`'s own entry (or leaf) line print
   * (irq-context.ts); a line whose flags say none leaves the column unmade.
   */
  private keepContext(c: IndexIntoCallTable, flagsText: string): void {
    // A few dozen distinct tokens in a trace, most lines repeating the last one's.
    if (flagsText !== this.lastFlagsText) {
      this.lastFlagsText = flagsText;
      this.lastContext = contextOfFlags(flagsText);
    }
    if (this.lastContext !== 0) this.calls.setContext(c, this.lastContext);
  }

  /** Flags a call entered inside tracefs's interrupt arrows on its CPU (see irqArrow). */
  private markIrqArrow(c: IndexIntoCallTable, r: LineRecord): void {
    const at = this.irqArrow.get(r.cpu);
    if (at === undefined) return;
    if (at < 0) this.irqArrow.set(r.cpu, r.depth);
    else if (r.depth < at) {
      this.irqArrow.delete(r.cpu);
      return;
    }
    this.calls.flags[c] |= CallFlag.IrqArrow;
  }

  /** Applies an exit line; returns the call it closed (or the orphan it created). */
  private exit(r: LineRecord, lineNo: number): IndexIntoCallTable {
    const at = this.irqArrow.get(r.cpu);
    if (at !== undefined && at >= 0 && r.depth < at) this.irqArrow.delete(r.cpu);
    const st = this.taskFor(r);
    if (r.tsNs > st.lastSeen) st.lastSeen = r.tsNs;
    // The exact return time can be later than the printed time (rounded down to the µs).
    const ret = r.callTimeNs + r.durNs;
    if (ret > st.lastSeen) st.lastSeen = ret;
    if (!Number.isNaN(r.callTimeNs)) this.sawCallTime = true;
    const calls = this.calls;
    const stack = st.stack;
    const depth = r.depth;
    if (r.name) {
      // Names second: a named exit matching a frame lower in the stack closes what is above.
      const top = stack.length > 0 ? stack[stack.length - 1] : -1;
      if (top >= 0 && calls.depth[top] === depth && this.strings.get(calls.func[top]) !== r.name) {
        const fid = this.strings.find(r.name);
        let k = stack.length - 2;
        while (k >= 0 && calls.func[stack[k]] !== fid) k--;
        if (fid !== undefined && k >= 0) {
          while (stack.length > k + 1) this.closeUnclosed(st, lineNo);
          return this.finishCall(st, r, lineNo);
        }
        // Rule 14: it returned before that frame began, so it is not the frame's exit.
        if (this.returnedBefore(r, top)) return this.orphan(st, r, lineNo, stack.length - 1);
      }
    }
    while (stack.length > 0 && calls.depth[stack[stack.length - 1]] > depth) this.closeUnclosed(st, lineNo, r.tsNs);
    if (stack.length > 0 && calls.depth[stack[stack.length - 1]] === depth) return this.finishCall(st, r, lineNo);
    return this.orphan(st, r, lineNo);
  }

  /** Closes the top frame of `st` with the exit `r` and returns it. */
  private finishCall(st: TaskState, r: LineRecord, lineNo: number): IndexIntoCallTable {
    const calls = this.calls;
    const c = st.stack.pop()!;
    st.deepChildren[st.stack.length + 1] = undefined;
    if (r.name && this.strings.get(calls.func[c]) !== r.name) {
      calls.flags[c] |= CallFlag.NameMismatch;
      this.diagnostics.nameMismatches++;
      this.item({
        line: lineNo,
        kind: 'name-mismatch',
        message: `exit names ${r.name} but ${this.strings.get(calls.func[c])} was open at depth ${r.depth}`,
        call: c,
      });
    }
    if (!Number.isNaN(r.callTimeNs)) {
      this.confirmAdoption(st, c, r.callTimeNs, true);
      calls.start[c] = r.callTimeNs;
    } else if (!Number.isNaN(r.tsNs) && !Number.isNaN(r.durNs)) {
      this.confirmAdoption(st, c, r.tsNs - r.durNs, false);
    } else if (Number.isNaN(r.tsNs) && !Number.isNaN(r.durNs)) {
      this.confirmUntimedAdoption(st, c, r.durNs);
    } else {
      this.provisional.delete(c);
    }
    if (r.flags & RecordFlag.RawTime) this.rawClock.add(r.tsNs - calls.start[c], r.durNs, lineNo);
    else if (Number.isNaN(r.callTimeNs)) this.secondsClock.add(r.tsNs - calls.start[c], r.durNs, lineNo);
    let dur = r.durNs;
    if (Number.isNaN(dur) && !Number.isNaN(r.tsNs) && !Number.isNaN(calls.start[c])) {
      dur = r.tsNs - calls.start[c];
      if (dur < 0) {
        this.exitBeforeEntry(c, -dur, lineNo);
        dur = Number.NaN;
      }
    }
    this.close(c, dur);
    return c;
  }

  /**
   * An exit that prints no duration, printed `backNs` before its call's entry: its duration
   * (the exit's time less the entry's) would be below zero. Left unknown, as a return time
   * read before its call time is (returnedBeforeCall).
   */
  private exitBeforeEntry(c: IndexIntoCallTable, backNs: number, lineNo: number): void {
    this.diagnostics.timeBackwards++;
    this.item({
      line: lineNo,
      kind: 'time-backwards',
      message: `${this.strings.get(this.calls.func[c])}: its exit was printed ${backNs} ns before its entry (the kernel's clock is per CPU: a return on another CPU; or lines out of order); its duration is left unknown`,
      call: c,
    });
  }

  /**
   * Whether exit `r` returned before open call `c` began (rule 14): its exact return time,
   * else its own printed time (the exit record is written after the return), is before c's
   * printed entry time. An entry record is written after its call time and before its
   * return, and a printed time is rounded down as the entry's was, so no rounding allowance
   * is due. False when either time is unknown.
   */
  private returnedBefore(r: LineRecord, c: IndexIntoCallTable): boolean {
    const ret = Number.isNaN(r.callTimeNs) ? r.tsNs : r.callTimeNs + r.durNs;
    return ret < this.calls.start[c];
  }

  /**
   * Returns the orphan call, or the call that `r` turned out to be the late exit of. `level`:
   * the stack level the exit's call sits at (its parent is the frame below it), the open
   * frames' count but for rule 14's exit, which sits beside the open frame at its depth.
   */
  private orphan(st: TaskState, r: LineRecord, lineNo: number, level = st.stack.length): IndexIntoCallTable {
    const late = this.lateExit(st, r, level);
    if (late >= 0) return late;
    const calls = this.calls;
    const func = r.funcId >= 0 ? r.funcId : r.name ? this.strings.intern(r.name) : this.unknownFunc;
    let start = r.callTimeNs;
    if (Number.isNaN(start) && !Number.isNaN(r.tsNs) && !Number.isNaN(r.durNs)) start = r.tsNs - r.durNs;
    const parent = level > 0 ? st.stack[level - 1] : -1;
    const c = this.pushRow(st, func, parent, r.depth, r.cpu, start, CallFlag.Orphan);
    this.diagnostics.orphanExits++;
    if (r.funcId < 0 && !r.name) this.unnamedOrphans++;
    if (this.firstOrphanLine < 0) this.firstOrphanLine = lineNo;
    this.item({
      line: lineNo,
      kind: 'orphan',
      message: `exit of ${r.name || 'an unnamed function'} at depth ${r.depth} with no entry in the trace${level < st.stack.length ? `: it returned before ${this.strings.get(calls.func[st.stack[level]])}, open at that depth, began` : ''}`,
      call: c,
    });
    const childSum = this.adoptDeep(st, c, level, r.depth, this.orphanReach(st, level, r.depth, start, r.durNs));
    if (!Number.isNaN(start)) calls.start[c] = start; // its own, not its adoptees' (they lie inside it)
    else calls.flags[c] |= CallFlag.StartUnknown;
    this.trackDeep(st, c, level);
    calls.self[c] = childSum;
    // The orphan's row comes after its adopted children; its subtree is still in the table.
    this.close(c, r.durNs);
    return c;
  }

  /**
   * An exit whose call was already closed as Unclosed: the function returned, then an
   * interrupt came before the kernel wrote the exit record, and the interrupt's entries
   * (at the same depth) closed it. The -R reports show its return time before them. Taken
   * as its late exit when name, depth and parent agree and the times say so: its entry was
   * written between the exact call time and return time, or its start plus the duration is
   * not after the line that closed it (the exit record was written late), or lands on the
   * exit's own time (the interrupt came between the kernel's depth decrement and its
   * return-time read, so the interrupt ran at the call's depth). Without times (tracefs's
   * default text: no abstime, and no funcgraph-tail, so every `}` is unnamed) a named exit
   * matches, and an unnamed one whose duration holds the call's children: nothing but that
   * exit can follow those same-depth calls at this depth, the kernel lowering the depth
   * before the return-time read (fgraph.c ftrace_pop_return_trace: `curr_ret_depth--`,
   * "we still want to trace interrupts coming in"), and a call's children never outlast it.
   * `level`: as for orphan. Returns the call it closed, -1 when none fits.
   */
  private lateExit(st: TaskState, r: LineRecord, level: number): IndexIntoCallTable {
    const calls = this.calls;
    const parent = level > 0 ? st.stack[level - 1] : -1;
    const recent = st.recentUnclosed;
    const exact = !Number.isNaN(r.callTimeNs);
    let found = -1;
    for (let k = recent.length - 1; k >= 0; k--) {
      const { call: c, closedAt } = recent[k];
      if (calls.depth[c] !== r.depth || calls.parent[c] !== parent) continue;
      if (r.name && this.strings.get(calls.func[c]) !== r.name) continue;
      const start = calls.start[c];
      let fits: boolean;
      // The entry record was written after the call time (its printed time is rounded down
      // to the µs), often more than a µs after it (1% of the real traces' calls; an interrupt
      // before the record, more), and before the return. The first such entry is the call's:
      // with exact times the oldest that fits wins.
      if (exact) fits = start >= r.callTimeNs - TIME_TOLERANCE_NS && start <= r.callTimeNs + r.durNs;
      else if (!Number.isNaN(start) && !Number.isNaN(r.durNs)) {
        const end = start + r.durNs;
        fits = end <= closedAt + TIME_TOLERANCE_NS || Math.abs(end - r.tsNs) <= 2 * TIME_TOLERANCE_NS;
      } else fits = r.name !== '' || (Number.isNaN(start) && r.durNs + TIME_TOLERANCE_NS >= recent[k].childSum);
      if (!fits) continue;
      found = k;
      if (!exact) break;
    }
    if (found >= 0) {
      const k = found;
      const { call: c, childSum } = recent[k];
      recent.splice(k, 1);
      this.unclosedEnd.delete(c);
      calls.flags[c] &= ~CallFlag.Unclosed;
      this.diagnostics.unclosedCalls--;
      if (parent >= 0) calls.self[parent] -= childSum;
      if (!Number.isNaN(r.callTimeNs)) calls.start[c] = r.callTimeNs;
      calls.self[c] = childSum + this.adoptDisplaced(st, c, level, parent, r.durNs, childSum);
      this.close(c, r.durNs);
      return c;
    }
    return -1;
  }

  /**
   * The calls that displaced `c` (closed it as Unclosed by arriving at its depth) before its
   * late exit came: an interrupt taken after c's last child and before its return time was
   * read, written at c's own depth (irq_enter_rcu, the handler, irq_exit_rcu and the
   * softirqs it ran, on preemptible kernels a switch away and back). c's duration holds
   * them, so by the interval rule they are its children, not its parent's: every sibling
   * of c at `level` added after it whose interval lies inside c's moves under c. Without
   * times, siblings move in order while their durations fit in `room` (c's duration less
   * its children's, `childSum`). Returns the sum of the moved durations.
   */
  private adoptDisplaced(
    st: TaskState,
    c: IndexIntoCallTable,
    level: number,
    parent: IndexIntoCallTable,
    dur: number,
    childSum: number,
  ): number {
    if (Number.isNaN(dur)) return 0;
    const calls = this.calls;
    const start = calls.start[c];
    const end = start + dur;
    const room = dur - childSum;
    const timed = !Number.isNaN(end);
    let moved = 0;
    const n = calls.length;
    for (let i = c + 1; i < n; i++) {
      if (calls.parent[i] !== parent || calls.task[i] !== st.id) continue;
      const d = calls.duration[i];
      const s = calls.start[i];
      if (timed && s > end + TIME_TOLERANCE_NS) break; // this task's later calls start later still
      if (Number.isNaN(d)) continue; // unclosed or untimed: its time is settled at finish
      if (timed ? !(s >= start - TIME_TOLERANCE_NS && s + d <= end + TIME_TOLERANCE_NS) : moved + d > room) continue;
      calls.parent[i] = c;
      moved += d;
      if (parent >= 0) calls.self[parent] -= d;
    }
    if (moved > 0) {
      const deep = st.deepChildren[level];
      if (deep) st.deepChildren[level] = deep.filter((k) => calls.parent[k] !== c);
    }
    return moved;
  }

  private functionCall(r: LineRecord): void {
    const st = this.taskFor(r);
    if (r.tsNs > st.lastSeen) st.lastSeen = r.tsNs;
    const func = this.strings.intern(r.name);
    const repeats = r.count > 1 ? Math.min(r.count, 1_000_000) : 1;
    const noted = r.args !== '' || r.parentName !== '';
    // A func_repeats record is written when the next different call comes (kernel
    // trace_functions.c process_repeats), so its time is that call's; its repeats ran by
    // last_ts (trace_func_repeats_print: the record's time less its delta). They are put
    // there: a time range that ends before the next call holds them.
    const last = r.lastTsNs;
    const at = r.count >= 1 && last <= r.tsNs ? last : r.tsNs;
    for (let k = 0; k < repeats; k++) {
      const c = this.pushRow(st, func, -1, 0, r.cpu, at, CallFlag.NoDuration);
      this.calls.self[c] = Number.NaN;
      if (noted) this.note(c, r);
    }
  }

  /**
   * Keeps what `r` printed beside call `c`: its arguments and caller (entry, leaf, function
   * call) and its return value (leaf, exit). Only called for records that carry one.
   */
  private note(c: IndexIntoCallTable, r: LineRecord): void {
    const notes = this.notes;
    if (r.retval !== '') notes.add(c, r.flags & RecordFlag.RetvalTruncated ? NoteKind.RetvalTruncated : NoteKind.Retval, r.retval);
    if (r.args !== '') notes.add(c, NoteKind.Args, r.args);
    if (r.parentName !== '') {
      const site = r.callerOffset >= 0 ? `+0x${r.callerOffset.toString(16)}/0x${r.callerSize.toString(16)}` : '';
      notes.add(c, NoteKind.Caller, r.parentName + site);
    }
  }

  private addCall(st: TaskState, r: LineRecord, lineNo: number): IndexIntoCallTable {
    const level = st.stack.length;
    const parent = level > 0 ? st.stack[level - 1] : -1;
    const expected = parent >= 0 ? this.calls.depth[parent] + 1 : 0;
    let flags = 0;
    if (r.depth > expected) {
      flags = CallFlag.DepthGap;
      this.diagnostics.depthGaps++;
    }
    const func = r.funcId >= 0 ? r.funcId : this.strings.intern(r.name || UNKNOWN_FUNCTION);
    const c = this.pushRow(st, func, parent, r.depth, r.cpu, r.tsNs, flags);
    if (r.flagsText !== '') this.keepContext(c, r.flagsText);
    this.adoptPrinted(st, c, level, r);
    if (flags && parent >= 0) {
      this.item({
        line: lineNo,
        kind: 'depth-gap',
        message: `${r.name} entered at depth ${r.depth} inside a depth-${expected - 1} call: entries are missing`,
        call: c,
      });
    }
    this.trackDeep(st, c, level);
    return c;
  }

  /**
   * An entry or leaf printed right after deeper calls of the same level may have been
   * entered before them: an interrupt arrived after the kernel counted the new depth but
   * before it wrote the entry record (fgraph.c function_graph_enter), so the interrupt's
   * calls were printed first (the -R reports show their call times inside the late entry's).
   * Or an untraced function sat between, and they are not ours. With timestamps, time
   * decides: a leaf adopts them when its earliest possible start (printed time minus
   * duration) is not after the first of them; an entry adopts them provisionally and
   * `confirmAdoption` checks when its exit gives its start. Without timestamps (tracefs's
   * default text) the duration decides, a call's children never outlasting it (the real
   * 04-tracefs-default: kfree_skbmem's 4630 µs hold the 504 µs of interrupt printed before
   * it): a leaf at once, an entry at its exit (`confirmUntimedAdoption`).
   */
  private adoptPrinted(st: TaskState, c: IndexIntoCallTable, level: number, r: LineRecord): void {
    const deep = st.deepChildren[level];
    if (!deep || deep.length === 0) return;
    const calls = this.calls;
    const from = Math.min(this.refused.get(deep) ?? 0, deep.length);
    let k = deep.length;
    while (k > from && calls.depth[deep[k - 1]] > r.depth) k--;
    if (k === deep.length) return;
    const timed = !Number.isNaN(r.tsNs);
    if (r.kind === RecordKind.Leaf) {
      const holdsThem = timed ? r.tsNs - r.durNs <= calls.start[deep[k]] + TIME_TOLERANCE_NS : r.durNs + TIME_TOLERANCE_NS >= durationsFrom(calls, deep, k);
      if (!holdsThem) {
        // They began before this leaf, so before every later call of the level: not looked
        // at again (each later leaf walked back over all of them).
        this.refused.set(deep, deep.length);
        return;
      }
      calls.self[c] = this.adoptDeep(st, c, level, r.depth, from);
      return;
    }
    const adopted = deep.slice(k);
    calls.self[c] = this.adoptDeep(st, c, level, r.depth, from);
    if (timed) calls.start[c] = r.tsNs; // the printed entry time, until the exit tells better
    this.provisional.set(c, adopted);
  }

  /**
   * Undoes a provisional adoption when the call's real start is after its adoptees began.
   * `c` has just left `st`'s stack, so `st.stack.length` is its level.
   */
  private confirmAdoption(st: TaskState, c: IndexIntoCallTable, start: number, exact: boolean): void {
    if (this.provisional.size === 0) return; // nearly always: skip the lookup per exit
    const adopted = this.provisional.get(c);
    if (!adopted) return;
    this.provisional.delete(c);
    const calls = this.calls;
    if (Number.isNaN(start)) return;
    if (start <= calls.start[adopted[0]] + (exact ? 0 : TIME_TOLERANCE_NS)) {
      // Confirmed: it began before them, so its printed entry time (written after them) is
      // no start. Without the exact call time, exit time minus duration is the closer bound.
      if (start < calls.start[c]) calls.start[c] = start;
      return;
    }
    this.giveBack(st, c, adopted);
    calls.start[c] = start;
  }

  /**
   * An untimed call's exit with its duration: it keeps the calls it adopted provisionally
   * (adoptPrinted) when its duration holds its children, theirs included.
   */
  private confirmUntimedAdoption(st: TaskState, c: IndexIntoCallTable, dur: number): void {
    if (this.provisional.size === 0) return;
    const adopted = this.provisional.get(c);
    if (!adopted) return;
    this.provisional.delete(c);
    if (!(dur + TIME_TOLERANCE_NS >= this.calls.self[c])) this.giveBack(st, c, adopted);
  }

  /** Gives the calls `c` adopted provisionally back to its parent (c is off the stack). */
  private giveBack(st: TaskState, c: IndexIntoCallTable, adopted: IndexIntoCallTable[]): void {
    const calls = this.calls;
    const grand = calls.parent[c];
    const expected = grand >= 0 ? calls.depth[grand] + 1 : 0;
    for (const child of adopted) {
      calls.parent[child] = grand;
      if (calls.depth[child] > expected && !(calls.flags[child] & CallFlag.DepthGap)) {
        calls.flags[child] |= CallFlag.DepthGap;
        this.diagnostics.depthGaps++;
      }
      if (calls.depth[child] === calls.depth[c] + 1) this.interruptBeforeEntry(child, c);
      const dur = calls.duration[child];
      const moved = Number.isNaN(dur) ? this.unclosedCredit(st, child) : dur;
      calls.self[c] -= moved;
      if (grand >= 0) calls.self[grand] += moved;
    }
    // They are again what they were before c's entry: deeper calls of c's level waiting for
    // a parent, which a later orphan exit of that level may adopt (rule 4), when the trace
    // began inside the call that holds them. The list is kept in row order.
    const level = st.stack.length;
    const deep = (st.deepChildren[level] ??= []);
    // One push each, not push(...adopted): a spread passes every call as an argument, and
    // past about 120,000 (a trace that begins inside a loop of leaf calls) the JS stack
    // overflows and the whole load fails.
    for (const child of adopted) deep.push(child);
    deep.sort((a, b) => a - b);
    this.refused.set(deep, deep.length);
  }

  /**
   * Says why `child` sits one level deeper than its parent's children when `c`, entered
   * right after it at the depth between, began after it: no entry is missing. The kernel
   * counts a call's depth before it reads the call time (fgraph.c function_graph_enter:
   * `trace.depth = ++current->curr_ret_depth`, then ftrace_push_return_trace and the entry
   * callback), so an interrupt (an NMI even) taken there runs one level deeper and ends
   * before the call begins. Its depth-gap item, said when it was
   * entered ("entries are missing"), is reworded; one past the item cap has none to reword.
   */
  private interruptBeforeEntry(child: IndexIntoCallTable, c: IndexIntoCallTable): void {
    const calls = this.calls;
    const items = this.diagnostics.items;
    for (let k = items.length - 1; k >= 0; k--) {
      const it = items[k];
      if (it.call !== child || it.kind !== 'depth-gap') continue;
      const name = this.strings.get(calls.func[child]);
      const next = this.strings.get(calls.func[c]);
      it.message = `${name} entered at depth ${calls.depth[child]}, one level below ${next} (depth ${calls.depth[c]}), and ended before ${next} began: an interrupt taken as ${next} was being called (the kernel counts its depth before it reads its call time), no entry missing; counted in ${next}'s caller`;
      return;
    }
  }

  /**
   * Makes the trailing calls of `level` that are deeper than `depth` children of `c`
   * and returns the sum of their durations. They ran inside `c`: either its entry was
   * never seen (an orphan exit), or an interrupt arrived after the kernel counted the
   * new depth but before it wrote the entry record, so the interrupt's calls were
   * printed first (their call times lie inside `c`'s; see the -R reports).
   */
  private adoptDeep(st: TaskState, c: IndexIntoCallTable, level: number, depth: number, from = 0): number {
    const deep = st.deepChildren[level];
    if (!deep || deep.length === 0) return 0;
    const calls = this.calls;
    const parent = level > 0 ? st.stack[level - 1] : -1;
    let k = deep.length;
    while (k > from && calls.depth[deep[k - 1]] > depth) k--;
    let childSum = 0;
    for (let j = k; j < deep.length; j++) {
      const child = deep[j];
      calls.parent[child] = c;
      if (calls.flags[child] & CallFlag.DepthGap && calls.depth[child] === depth + 1) {
        // The gap is closed: its missing parent turned up.
        calls.flags[child] &= ~CallFlag.DepthGap;
        this.diagnostics.depthGaps--;
      }
      const dur = calls.duration[child];
      // An unclosed child's children count as its parent's children (closeUnclosed): c's now.
      const moved = Number.isNaN(dur) ? this.unclosedCredit(st, child) : dur;
      childSum += moved;
      if (parent >= 0) calls.self[parent] -= moved; // moved down a level
      // A child's start bounds the parent's from above (entry printed late, or unknown).
      const childStart = calls.start[child];
      if (!(calls.start[c] <= childStart) && !Number.isNaN(childStart)) calls.start[c] = childStart;
    }
    deep.length = k;
    // Calls pushed from here on were never handed back.
    if ((this.refused.get(deep) ?? 0) > k) this.refused.set(deep, k);
    return childSum;
  }

  /**
   * What an unclosed call `u` added to its parent's children's time when it was closed
   * (closeUnclosed: its children's durations, as it has none of its own), which moves with
   * it when it changes parents; its late exit (lateExit) takes that much back from the
   * parent it has then. Only a call still among the recent unclosed can have a late exit;
   * one that is not stays unclosed, and finish then counts every self time anew
   * (timeUnclosed), so 0 is right for it.
   */
  private unclosedCredit(st: TaskState, u: IndexIntoCallTable): number {
    if (!(this.calls.flags[u] & CallFlag.Unclosed)) return 0;
    const recent = st.recentUnclosed;
    for (let k = recent.length - 1; k >= 0; k--) if (recent[k].call === u) return recent[k].childSum;
    return 0;
  }

  /**
   * How far back an orphan exit of `depth` (its call began at `start`, lasted `dur`) may
   * adopt the trailing deeper calls of its level: only those that ran inside it. With times,
   * those whose interval lies in its own; without, the latest ones while their durations
   * add up to no more than its own. Returns the index in deepChildren[level] to adopt from.
   */
  private orphanReach(st: TaskState, level: number, depth: number, start: number, dur: number): number {
    const deep = st.deepChildren[level];
    if (!deep) return 0;
    const calls = this.calls;
    const end = start + dur;
    let sum = 0;
    let k = deep.length;
    for (; k > 0 && calls.depth[deep[k - 1]] > depth; k--) {
      const child = deep[k - 1];
      const s = calls.start[child];
      const d = calls.duration[child];
      if (!Number.isNaN(end) && !Number.isNaN(s)) {
        if (s < start - TIME_TOLERANCE_NS || (!Number.isNaN(d) && s + d > end + TIME_TOLERANCE_NS)) break;
      } else if (!Number.isNaN(d) && !Number.isNaN(dur)) {
        if (sum + d > dur + TIME_TOLERANCE_NS) break;
        sum += d;
      }
    }
    return k;
  }

  private trackDeep(st: TaskState, c: IndexIntoCallTable, level: number): void {
    const parent = level > 0 ? st.stack[level - 1] : -1;
    const expected = parent >= 0 ? this.calls.depth[parent] + 1 : 0;
    if (this.calls.depth[c] > expected) (st.deepChildren[level] ??= []).push(c);
  }

  private pushRow(
    st: TaskState,
    func: number,
    parent: number,
    depth: number,
    cpu: number,
    start: number,
    flags: number,
  ): IndexIntoCallTable {
    const c = this.calls.add(func, parent, st.id, depth < 0 ? 0 : depth, cpu, start, flags, this.lineNo);
    this.calls.self[c] = 0; // accumulates children's durations until the call closes
    const t = this.tasks[st.id];
    t.calls++;
    if (depth > t.maxDepth) t.maxDepth = depth;
    return c;
  }

  /** confirmAdoption of a graph exit's call (its exact call time). */
  private confirmGraphAdoption(st: TaskState, c: IndexIntoCallTable, g: GraphRecord): void {
    // confirmAdoption does nothing for a call that adopted nothing: no time handed over then.
    if (this.provisional.has(c)) this.confirmAdoption(st, c, g.callTimeNs, true);
  }

  /** Sets the duration and self time of `c` and adds it to its parent's children sum. */
  private close(c: IndexIntoCallTable, dur: number): void {
    this.calls.duration[c] = dur;
    this.closeAtDuration(c);
  }

  /** `close` of a call whose duration is in the table already. */
  private closeAtDuration(c: IndexIntoCallTable): void {
    const calls = this.calls;
    const dur = calls.duration[c];
    const self = Number.isNaN(dur) ? Number.NaN : dur - calls.self[c];
    calls.self[c] = self;
    if (self < -TIME_TOLERANCE_NS) this.settleOverfull(c);
    const p = calls.parent[c];
    if (p >= 0 && !Number.isNaN(dur)) calls.self[p] += dur;
  }

  /**
   * Rule 11: `c`'s children last longer than `c` itself, which cannot be: interrupt calls
   * that the kernel wrote at the depth of one of them, before its entry (an entry written
   * late) or before its exit (a late exit without a name), are counted as c's children
   * while that child's duration holds them too. Times would settle it (rules 8 and 9);
   * without them the durations do: a run of interrupt frames (interrupt-frames.ts) right
   * before a child, else right after it, moves under that child when the child's own self
   * time holds the run. Runs only for a negative self time, so never on a sound trace.
   */
  private settleOverfull(c: IndexIntoCallTable): void {
    const calls = this.calls;
    const kids: IndexIntoCallTable[] = [];
    // Its rows: after it, and before it for an orphan (whose row follows its adoptees). The
    // scans share one budget, so that damaged input cannot make this quadratic.
    const from = calls.flags[c] & CallFlag.Orphan ? Math.max(0, c - (this.settleBudget >> 1)) : c + 1;
    const to = Math.min(calls.length, c + 1 + this.settleBudget);
    this.settleBudget -= to - from;
    if (this.settleBudget < 0) return;
    for (let i = from; i < to; i++) if (calls.parent[i] === c) kids.push(i);
    const irq = kids.map((k) => interruptKind(this.strings.get(calls.func[k])) !== InterruptKind.None);
    const runSum = (from: number, to: number) => {
      let sum = 0;
      for (let j = from; j < to; j++) sum += calls.duration[kids[j]];
      return sum;
    };
    const move = (from: number, to: number, x: IndexIntoCallTable) => {
      const sum = runSum(from, to);
      for (let j = from; j < to; j++) calls.parent[kids[j]] = x;
      calls.self[x] -= sum;
      calls.self[c] += sum;
      for (let j = from; j < to; j++) irq[j] = false; // taken
    };
    for (let k = 0; k < kids.length && calls.self[c] < -TIME_TOLERANCE_NS; k++) {
      const x = kids[k];
      if (irq[k] || !(calls.self[x] > 0)) continue;
      let b = k;
      while (b > 0 && irq[b - 1]) b--;
      if (b < k && runSum(b, k) <= calls.self[x] + TIME_TOLERANCE_NS) {
        move(b, k, x);
        continue;
      }
      let a = k + 1;
      while (a < kids.length && irq[a]) a++;
      if (a > k + 1 && runSum(k + 1, a) <= calls.self[x] + TIME_TOLERANCE_NS) move(k + 1, a, x);
    }
  }

  private closeAtOrBelow(st: TaskState, depth: number, lineNo: number, closedAt: number): void {
    const calls = this.calls;
    while (st.stack.length > 0 && calls.depth[st.stack[st.stack.length - 1]] >= depth) {
      this.closeUnclosed(st, lineNo, closedAt);
    }
  }

  private closeUnclosed(st: TaskState, lineNo: number, closedAt = Number.NaN): void {
    const c = st.stack.pop()!;
    st.deepChildren[st.stack.length + 1] = undefined;
    this.provisional.delete(c);
    const calls = this.calls;
    calls.flags[c] |= CallFlag.Unclosed;
    // With no duration of its own, its children's time is not its parent's self time.
    const p = calls.parent[c];
    if (p >= 0) calls.self[p] += calls.self[c];
    if (lineNo >= 0) {
      st.recentUnclosed.push({ call: c, childSum: calls.self[c], closedAt });
      if (st.recentUnclosed.length > RECENT_UNCLOSED) st.recentUnclosed.shift();
    }
    calls.self[c] = Number.NaN;
    // It ended by the line that closed it (a shallower entry or exit), else by the last time
    // its task was seen; finish clamps this to the parent's end (timeUnclosed).
    const seen = st.lastSeen;
    this.unclosedEnd.set(c, closedAt > seen ? closedAt : seen);
    this.diagnostics.unclosedCalls++;
    this.item({
      line: lineNo,
      kind: 'unclosed',
      message: `${this.strings.get(this.calls.func[c])} never returned in the trace: counted until ${lineNo >= 0 ? 'the line that closed it' : 'the last time its task was seen'}`,
      call: c,
    });
  }

  /**
   * Rule 7: gives every call that did not return a duration, so that every view counts
   * the same time for it. Timed traces: from its start to where it ended at the latest —
   * the line that closed it, or the last time its task was seen — but never past its
   * parent's end. Traces without times: the sum of its children's durations (self 0).
   * Then the self times of the whole table are recomputed from the durations (each call's
   * duration minus its children's), since the calls around these ones counted them out.
   * Runs once, only when some call did not return.
   */
  private timeUnclosed(): void {
    const calls = this.calls;
    const n = calls.length;
    const { parent, start, duration, flags, self } = calls;
    const unclosed: IndexIntoCallTable[] = [];
    for (let i = 0; i < n; i++) if (flags[i] & CallFlag.Unclosed) unclosed.push(i);
    // Outermost first (ancestor counts; a guard against a parent cycle in broken input).
    const level = new Map<IndexIntoCallTable, number>();
    for (const u of unclosed) {
      let d = 0;
      for (let p = parent[u]; p >= 0 && d <= n; p = parent[p]) d++;
      level.set(u, d);
    }
    unclosed.sort((a, b) => level.get(a)! - level.get(b)! || a - b);
    const untimed: IndexIntoCallTable[] = [];
    for (const u of unclosed) {
      let end = this.unclosedEnd.get(u) ?? Number.NaN;
      const p = parent[u];
      if (p >= 0) {
        const parentEnd = start[p] + duration[p];
        if (parentEnd < end) end = parentEnd;
      }
      if (Number.isFinite(end) && !Number.isNaN(start[u])) duration[u] = end > start[u] ? end - start[u] : 0;
      else untimed.push(u);
    }
    // A trace without any duration (nofuncgraph-duration; nocontext-info, which hides the
    // duration column too: trace_functions_graph.c print_graph_duration) has no children's
    // time to last as long as: 0 would read as "took no time", where every other call's
    // time is unknown. The untimed ones keep no duration, as every call there.
    if (untimed.length > 0 && !this.anyDuration(duration, flags)) untimed.length = 0;
    // Self = duration minus the children's durations, for every call.
    for (let i = 0; i < n; i++) self[i] = duration[i];
    for (const u of untimed) self[u] = 0;
    for (let i = 0; i < n; i++) {
      const p = parent[i];
      const d = duration[i];
      if (p >= 0 && !Number.isNaN(d)) self[p] -= d;
    }
    // Untimed ones last as long as their children, innermost first so that nested ones add up.
    for (let k = untimed.length - 1; k >= 0; k--) {
      const u = untimed[k];
      const d = -self[u];
      duration[u] = d;
      self[u] = 0;
      const p = parent[u];
      if (p >= 0) self[p] -= d;
    }
    this.unclosedEnd.clear();
  }

  /** Whether any call that returned in the trace has a duration (timeUnclosed). */
  private anyDuration(duration: Float64Array, flags: Uint8Array): boolean {
    for (let i = 0; i < this.calls.length; i++) if (!(flags[i] & CallFlag.Unclosed) && !Number.isNaN(duration[i])) return true;
    return false;
  }

  // ---- events and losses ---------------------------------------------------------------

  /**
   * A leaf or exit whose return time was read before its call time (returnBeforeCallNs): the
   * call did return there, so the line still closes it, with its duration unknown, and the
   * clocks' disagreement is reported with the times going back.
   */
  private returnedBeforeCall(r: LineRecord, backNs: number, lineNo: number): void {
    this.diagnostics.timeBackwards++;
    const what = r.name === '' ? 'the call this line closes' : r.name;
    // A printed value near 2^64 is not exact in a double: only that it wrapped is known.
    const how =
      r.durNs < 0
        ? `its return time was read ${-backNs} ns before its call time`
        : `its duration was printed as ${r.durNs.toExponential(3)} ns, an unsigned rettime - calltime below zero: its return time was read before its call time`;
    this.item({
      line: lineNo,
      kind: 'time-backwards',
      message: `${what}: ${how} (the kernel's clock is per CPU: a return on another CPU, or nosleep-time); its duration is left unknown`,
      call: -1,
    });
    r.durNs = Number.NaN;
    r.callTimeNs = Number.NaN;
  }

  /** Rule 10: reports a line whose time is before the previous line of its CPU. */
  private checkTime(r: LineRecord, lineNo: number): void {
    const times = this.cpuTimes(r.instance);
    const last = times.get(r.cpu);
    times.set(r.cpu, r.tsNs);
    // NaN (no time yet) compares false.
    if (!(r.tsNs < last)) return;
    this.diagnostics.timeBackwards++;
    this.item({
      line: lineNo,
      kind: 'time-backwards',
      message: `CPU ${r.cpu}: the time goes back ${last - r.tsNs} ns from the previous line of this CPU`,
      call: -1,
    });
  }

  /** The last time per CPU of the top-level buffer or of an instance (rule 10). */
  private cpuTimes(instance: string): CpuTimes {
    if (instance === '') return this.cpuTime;
    const all = (this.instanceTimes ??= new Map<string, CpuTimes>());
    let t = all.get(instance);
    if (!t) all.set(instance, (t = new CpuTimes()));
    return t;
  }

  private event(r: LineRecord, lineNo: number): void {
    const st = r.pid >= 0 || r.cpu >= 0 ? this.taskFor(r) : undefined;
    if (st && r.tsNs > st.lastSeen) st.lastSeen = r.tsNs;
    const ev = this.events;
    ev.task.push(st ? st.id : -1);
    ev.cpu.push(r.cpu);
    ev.ts.push(r.tsNs);
    ev.name.push(r.name);
    ev.text.push(r.text);
    ev.line.push(lineNo);
    // `trace-cmd report -N` prints kernel_stack by the kernel's own format, `\t=> %ps\n` per
    // frame (trace_entries.h FTRACE_ENTRY(kernel_stack)), so the first frame is on the
    // record's line (the plugin's `<stack trace >` puts none there): it is the first frame.
    // user_stack, which no plugin prints, is always in that format (FTRACE_ENTRY(user_stack)).
    const frameOnLine = (r.name === 'kernel_stack' || r.name === 'user_stack') && r.text.startsWith('=> ');
    const first = frameOnLine ? r.text.slice(3).trim() : '';
    ev.stack.push(frameOnLine ? (isUnusedUserFrame(r.name, first) ? [] : [first]) : null);
    this.lastEvent = ev.length - 1;
  }

  private lost(r: LineRecord, lineNo: number): void {
    const d = this.diagnostics;
    d.dropMarkers++;
    if (r.instance !== '') {
      this.lostInstance = r.instance;
      this.lostInstanceLine = lineNo;
    }
    if (r.count > 0) d.droppedEvents += r.count;
    const st = this.cpuTask.get(r.cpu);
    if (st) for (const c of st.stack) this.calls.flags[c] |= CallFlag.AfterLoss;
    this.item({
      line: lineNo,
      kind: 'drop',
      message: `CPU ${r.cpu}: ${r.count >= 0 ? r.count : 'an unknown number of'} events lost here`,
      call: -1,
    });
  }

  private item(it: DiagnosticItem): void {
    const n = this.itemCounts.get(it.kind) ?? 0;
    if (n >= MAX_ITEMS_PER_KIND) return;
    this.itemCounts.set(it.kind, n + 1);
    this.diagnostics.items.push(it);
  }
}

/** The known durations of `deep[k..]` summed (an untimed leaf holds them when its duration is no less). */
function durationsFrom(calls: CallTable, deep: readonly IndexIntoCallTable[], k: number): number {
  let sum = 0;
  for (let j = k; j < deep.length; j++) if (!Number.isNaN(calls.duration[deep[j]])) sum += calls.duration[deep[j]];
  return sum;
}
