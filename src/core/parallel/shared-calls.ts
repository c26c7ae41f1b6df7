/**
 * One call table's memory for every thread of a parallel load (the CLI's worker threads;
 * docs/split-build.md, "Shared rows"): each column a SharedArrayBuffer, cut into one region
 * of rows per range. The joining thread builds its own range into the first region; each
 * later range's worker builds into its own. Stitching a range then moves its rows down
 * within the same memory (to where the rows before it end) instead of copying them into
 * rows of the joined table never touched before: on a machine that charges for each page
 * first touched (this VM, 2.9 ms a MiB), that copy was most of the stitch's time.
 *
 * A region is a guess (the range's bytes at the rows a byte samples of its text show, with
 * slack); a table that outgrows its region moves to memory of its own (CallTable.over's
 * capacity), and the range is then copied as before. A region never sees another thread's writes: the joining
 * thread's table is viewed only up to the rows it may write (rows not yet moved lie past
 * them), and grows off the shared memory at that bound. The memory past the rows in use is
 * never touched, and a SharedArrayBuffer's pages are only made when first touched.
 */
import type { CallColumns, CallTable } from '../model/call-table';

/** The columns' SharedArrayBuffers and how many rows they hold (structured-cloneable). */
export interface SharedCallSpace {
  capacity: number;
  func: SharedArrayBuffer;
  parent: SharedArrayBuffer;
  task: SharedArrayBuffer;
  depth: SharedArrayBuffer;
  cpu: SharedArrayBuffer;
  flags: SharedArrayBuffer;
  start: SharedArrayBuffer;
  duration: SharedArrayBuffer;
  self: SharedArrayBuffer;
  line: SharedArrayBuffer;
}

/** A range's rows in a space: [from, to). */
export interface SharedRegion {
  space: SharedCallSpace;
  from: number;
  to: number;
}

/** A parallel load's shared rows: the space and where each range's region starts (then the capacity). */
export interface SharedRows {
  space: SharedCallSpace;
  starts: number[];
}

/** Above this the space is not made (a guess that far off is no guess); the load copies as before. */
const MAX_SHARED_ROWS = 100_000_000;

/** A space of `capacity` rows, or undefined where there is no SharedArrayBuffer (a page not cross-origin isolated). */
export function sharedCallSpace(capacity: number): SharedCallSpace | undefined {
  if (typeof SharedArrayBuffer === 'undefined' || !(capacity > 0) || capacity > MAX_SHARED_ROWS) return undefined;
  const n = Math.ceil(capacity);
  const sab = (bytes: number) => new SharedArrayBuffer(n * bytes);
  try {
    return { capacity: n, func: sab(4), parent: sab(4), task: sab(4), depth: sab(2), cpu: sab(2), flags: sab(1), start: sab(8), duration: sab(8), self: sab(8), line: sab(4) };
  } catch {
    return undefined; // no address space for it: the load copies as before
  }
}

/** Views of rows [from, to) of `space`. */
export function sharedColumns(space: SharedCallSpace, from: number, to: number): CallColumns {
  const n = to - from;
  return {
    func: new Uint32Array(space.func, from * 4, n),
    parent: new Int32Array(space.parent, from * 4, n),
    task: new Uint32Array(space.task, from * 4, n),
    depth: new Uint16Array(space.depth, from * 2, n),
    cpu: new Int16Array(space.cpu, from * 2, n),
    flags: new Uint8Array(space.flags, from, n),
    start: new Float64Array(space.start, from * 8, n),
    duration: new Float64Array(space.duration, from * 8, n),
    self: new Float64Array(space.self, from * 8, n),
    line: new Uint32Array(space.line, from * 4, n),
  };
}

/** Whether `columns` are still views of `space` from its first row (a table that grew has its own memory). */
export function viewsSpaceFromStart(columns: CallColumns, space: SharedCallSpace): boolean {
  return columns.func.buffer === space.func && columns.func.byteOffset === 0;
}

/**
 * Lets `calls`, while it still builds on `space` from its first row, write up to row `end`
 * (its view is widened; never narrowed); false when it has left the space for memory of its own.
 */
export function widenOnSpace(calls: CallTable, space: SharedCallSpace, end: number): boolean {
  if (!viewsSpaceFromStart(calls, space)) return false;
  if (end > calls.func.length) calls.useColumns(sharedColumns(space, 0, end));
  return true;
}

/** Whether `columns` are still views of `region` (the range's table did not outgrow it). */
export function viewsRegion(columns: CallColumns, region: SharedRegion): boolean {
  return columns.func.buffer === region.space.func && columns.func.byteOffset === region.from * 4;
}

/**
 * Region starts for ranges of `bytes` bytes each (the last entry the space's capacity): each
 * range's rows guessed at `rowsPerByte` (one figure for all, or one a range), with an eighth
 * more and `slackRows`. A region too small costs that range a copy (its table outgrows it);
 * one too large, fresh rows where the next range's are moved down to.
 */
export function regionStarts(bytes: readonly number[], rowsPerByte: number | readonly number[], slackRows = 4096): number[] {
  const starts = [0];
  bytes.forEach((b, k) => {
    const rate = typeof rowsPerByte === 'number' ? rowsPerByte : rowsPerByte[k];
    starts.push(starts[starts.length - 1] + Math.ceil(b * rate * 1.125) + slackRows);
  });
  return starts;
}

/**
 * Rows a byte of a function_graph text, from samples of it: lines that open a call (`{`) or
 * are one (`;`) at their end, per byte. Undefined when the samples have too few lines to
 * tell, or too few of them are calls to be function_graph lines (the load then copies as
 * before).
 */
export function rowsPerByteOf(samples: Uint8Array | readonly Uint8Array[]): number | undefined {
  let lines = 0;
  let calls = 0;
  let bytes = 0;
  for (const sample of samples instanceof Uint8Array ? [samples] : samples) {
    bytes += sample.length;
    let last = 0x0a;
    for (let i = 0; i < sample.length; i++) {
      const c = sample[i];
      if (c === 0x0a) {
        lines++;
        if (last === 0x7b || last === 0x3b) calls++;
        last = 0x0a;
      } else if (c !== 0x20 && c !== 0x0d) last = c;
    }
  }
  return lines < 1000 || calls < lines / 8 ? undefined : calls / bytes;
}

/**
 * The shared rows of a load cut at `offsets` (plan.ts), each range's rows guessed from
 * samples of its own text (`samples[k]`; a range whose samples tell nothing takes the rate of
 * all of them); undefined when no sample tells the rows a byte, or there is no SharedArrayBuffer.
 */
export function sharedRowsFor(offsets: readonly number[], samples: readonly (readonly Uint8Array[])[]): SharedRows | undefined {
  const overall = rowsPerByteOf(samples.flat());
  if (overall === undefined) return undefined;
  const rates = samples.map((own) => rowsPerByteOf(own) ?? overall);
  return sharedRowsAt(offsets, rates);
}

/** The shared rows of a load cut at `offsets`, its ranges' rows guessed at `rowsPerByte` (regionStarts). */
export function sharedRowsAt(offsets: readonly number[], rowsPerByte: number | readonly number[], slackRows?: number): SharedRows | undefined {
  const starts = regionStarts(offsets.slice(1).map((end, k) => end - offsets[k]), rowsPerByte, slackRows);
  const space = sharedCallSpace(starts[starts.length - 1]);
  return space && { space, starts };
}

/** Range `k`'s region of `rows`. */
export function regionOf(rows: SharedRows, k: number): SharedRegion {
  return { space: rows.space, from: rows.starts[k], to: rows.starts[k + 1] };
}
