/**
 * The other tables of a trace: tasks, instant events, and the diagnostics that the
 * repair policy (builder.ts) writes. Calls live in call-table.ts.
 */
import type { FormatId } from '../parse/record';
import type { CallNotes } from './call-notes';
import type { InterruptView } from './interrupt-mode';
import type { CallTable, IndexIntoCallTable, IndexIntoTaskTable, Nanoseconds } from './call-table';
import type { StringTable } from './string-table';

export interface Task {
  /** Name as printed (the last one seen for this pid). '' while unknown. */
  comm: string;
  /** -1 while unknown (kernel text without a TASK/PID column, before a context-switch banner). */
  pid: number;
  /** For pid 0, the CPU whose idle task this is; -1 otherwise. */
  idleCpu: number;
  /** trace-cmd instance name ('' for the top-level buffer). */
  instance: string;
  /** CPUs the task was seen on, ascending. */
  cpus: number[];
  calls: number;
  maxDepth: number;
}

/** Instant events (sched_switch, irq, print, kernel_stack, …) kept with their task and CPU. */
export class EventTable {
  task: IndexIntoTaskTable[] = [];
  cpu: number[] = [];
  ts: Nanoseconds[] = [];
  name: string[] = [];
  text: string[] = [];
  /** Line number of the event in the input (1-based). */
  line: number[] = [];
  /** Stack frames (innermost first) of kernel_stack / `<stack trace>` events, else null. */
  stack: (string[] | null)[] = [];

  get length(): number {
    return this.ts.length;
  }
}

/** One diagnostic the UI can list and jump to. */
export interface DiagnosticItem {
  /** 1-based input line. */
  line: number;
  kind: 'unparsed' | 'drop' | 'orphan' | 'unclosed' | 'depth-gap' | 'name-mismatch' | 'time-backwards' | 'input';
  message: string;
  /** The call this is about, -1 when none. */
  call: IndexIntoCallTable;
  /** The input line, cut to a readable length (unparsed lines). */
  text?: string;
}

export interface Diagnostics {
  /** Lines read = parsedLines + unparsedLines + headerLines. */
  linesRead: number;
  parsedLines: number;
  unparsedLines: number;
  /** Headers, comments, blank lines, preamble and banner decoration. */
  headerLines: number;
  orphanExits: number;
  unclosedCalls: number;
  dropMarkers: number;
  /** Sum of M over `[M EVENTS DROPPED]` / `[LOST M EVENTS]` (markers without a count add 0). */
  droppedEvents: number;
  depthGaps: number;
  nameMismatches: number;
  /** Lines whose time is before the previous line of the same CPU (nothing is reordered). */
  timeBackwards: number;
  /** Problems with the input as a whole (decompression, encoding, an over-long line). */
  inputErrors: string[];
  /** The first items of each kind, in input order (capped; counts above are exact). */
  items: DiagnosticItem[];
}

export function emptyDiagnostics(): Diagnostics {
  return {
    linesRead: 0,
    parsedLines: 0,
    unparsedLines: 0,
    headerLines: 0,
    orphanExits: 0,
    unclosedCalls: 0,
    dropMarkers: 0,
    droppedEvents: 0,
    depthGaps: 0,
    nameMismatches: 0,
    timeBackwards: 0,
    inputErrors: [],
    items: [],
  };
}

export interface TraceModel {
  format: FormatId;
  /** Function names (and event names) by id. */
  strings: StringTable;
  calls: CallTable;
  tasks: Task[];
  events: EventTable;
  /** Return values, arguments and callers the trace printed beside calls; empty for most traces. */
  notes: CallNotes;
  diagnostics: Diagnostics;
  /** Bytes of text read (after decompression). */
  textBytes: number;
  /** `cpus=N` from trace-cmd, or -1. */
  cpuCount: number;
  /** Kernel release named by a latency banner (`6.8.0-45-generic`), '' when unknown. */
  kernelRelease: string;
  /** Whether calls carry real timestamps (false for kernel text without abstime). */
  hasTimestamps: boolean;
  /** Set on a model made by applyIrqMode (interrupt-mode.ts): its mode and interrupt figures. */
  interrupts?: InterruptView;
}

/** `comm-pid`, the label users know a task by; idle tasks get their CPU. */
export function taskLabel(t: Task): string {
  const comm = t.comm || '?';
  const base = t.pid < 0 ? `${comm} (CPU ${t.idleCpu >= 0 ? t.idleCpu : '?'})` : `${comm}-${t.pid}`;
  const idle = t.pid === 0 && t.idleCpu >= 0 ? ` (CPU ${t.idleCpu})` : '';
  return (t.instance ? `${t.instance}:` : '') + base + idle;
}
