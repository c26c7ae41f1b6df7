/**
 * A function-graph entry or exit as a binary reader has it: numbers and interned ids, no
 * text. The builder's fast lane (TraceBuilder.addGraphRecord) takes it where the record
 * needs no repair; anything else goes through a LineRecord and `add` as from a text parser.
 * One object is reused for every record (fields overwritten; nothing per record allocated).
 */
import type { IndexIntoStringTable } from './string-table';

export interface GraphRecord {
  /** An exit (calltime, duration, retval below), else an entry. */
  exit: boolean;
  /** trace-cmd instance ('' for the top-level buffer). */
  instance: string;
  cpu: number;
  pid: number;
  /** The task's name as the reader knows it for this record. */
  comm: string;
  tsNs: number;
  depth: number;
  /** The function's id in the builder's string table (interned already). */
  func: IndexIntoStringTable;
  /** Exit: the kernel's calltime in ns, and rettime - calltime. */
  callTimeNs: number;
  durNs: number;
  /** Exit: the return value as `0x…`, '' when the kernel recorded none. */
  retval: string;
}

export function createGraphRecord(): GraphRecord {
  return { exit: false, instance: '', cpu: -1, pid: -1, comm: '', tsNs: 0, depth: 0, func: 0, callTimeNs: 0, durNs: 0, retval: '' };
}
