/**
 * Parses one byte range of a text trace into record batches (record-batch.ts), so that
 * ranges can be parsed at the same time and joined in order (range-join.ts) into the model
 * the one-pass loader (load.ts) builds.
 *
 * Where a range begins and ends is decided by the bytes alone, so that two neighbours
 * agree without talking: the input is cut at nominal offsets (plan.ts), and the seam at a
 * nominal offset `x` is the start of the first line that starts at or after `x` and that
 * the format's parser reads the same whatever came before (`isSeamLine`: every line for
 * trace-cmd reports; for kernel function_graph text not a banner's second rule or the
 * blank after it, nor the rest of an open comment). A range is the lines from the seam at
 * its nominal start to the seam at its nominal end. So its parser starts in its fresh state
 * exactly where the one-pass parser is in a state that makes the same records.
 *
 * Feeding: `push` the bytes from `nominalStart - 1` (the byte before, to see whether the
 * range begins on a line start; from 0 for the first range) to `nominalEnd`, then `endOwn()`,
 * then keep pushing the bytes after `nominalEnd` until `done` (the next seam was found) or
 * the input ends; then `finish()`. The last range calls `finish()` right after its bytes.
 */
import { ByteLineSplitter } from '../parse/byte-lines';
import { createFormatParsers, decodeLine, isSeamLine, MAX_LINE_LENGTH, parseLineText, takeFastLine } from '../parse/line-reading';
import { createRecord, type FormatId, type LineParser, type LineRecord } from '../parse/record';
import type { StringTable } from '../model/string-table';
import type { TraceCmdFastPath } from '../parse/trace-cmd-fast';
import { RecordBatchWriter, type RecordBatch } from './record-batch';
import { SplitRangeSink, type SplitPart } from './split-range';
import type { SharedRegion } from './shared-calls';

const LF = 10;
const CR = 13;

/** The gate's answer for a line. */
const Verdict = { Ours: 0, NotOurs: 1 } as const;
type Verdict = (typeof Verdict)[keyof typeof Verdict];

export interface RangeParserOptions {
  /** The format the input's first lines decided (plan.ts). */
  format: FormatId;
  /** Whether this range starts at the input's first byte. */
  first: boolean;
  /**
   * For the first range: how many lines the one-pass loader held to detect the format
   * (they are read by the string parser alone, never offered to the byte fast path).
   */
  headLines?: number;
  /**
   * Gets each batch of records, in order. Or, instead of batches, `sink` takes each record
   * as it is read (the first range, parsed where the model is built: range-join.ts).
   */
  onBatch?: (batch: RecordBatch) => void;
  sink?: RecordSink;
  /** Rows per batch. */
  batchRows?: number;
  /**
   * A later range builds the calls of its tasks itself where plain rules do (split-range.ts):
   * its batches then hold the other lines and a row per run of built ones, and `splitPart()`
   * what was built.
   */
  split?: boolean;
  /** The range's bytes, to size a split range's call table once (not by growing). */
  rangeBytes?: number;
  /** The shared rows a split range builds into (shared-calls.ts), when the load has them. */
  region?: SharedRegion;
}

/** Where a range's records go, one by one, in order: a batch writer, or the join's builder itself. */
export interface RecordSink {
  /** The string table the byte fast path interns function names into. */
  readonly funcs: StringTable;
  /** A record of the byte fast path (only its column fields are set). */
  addFast(r: LineRecord): void;
  add(r: LineRecord): void;
}

/** What a finished range tells the join besides its batches. */
export interface RangeSummary {
  /** Lines of the range (rows in its batches, or built in its split part). */
  lines: number;
  /** The kernel release its parser read from a latency banner, '' when none. */
  kernelRelease: string;
}

export class RangeParser {
  private readonly writer: RecordBatchWriter | undefined;
  private readonly sink: RecordSink;
  private readonly split: SplitRangeSink | undefined;
  private readonly splitter: ByteLineSplitter;
  private readonly decoder = new TextDecoder('utf-8', { fatal: false });
  private readonly record = createRecord();
  private readonly parser: LineParser | undefined;
  private readonly fast: TraceCmdFastPath | undefined;
  /** Lines still read by the string parser alone (the first range's detection head). */
  private slowLines: number;
  /** The first line seen is the end of the previous range's line: dropped. */
  private dropFirst: boolean;
  /** Still looking for this range's first line (the seam at its nominal start). */
  private seeking: boolean;
  /** `endOwn` was called: lines from here may start at or after the nominal end. */
  private tail = false;
  /** In the tail, lines left that started before the nominal end (0 or 1: the one the end cut). */
  private ownLinesLeft = 0;
  private lines = 0;
  /** The line being read was gated by takeFast, which left it to onLine. */
  private gated = false;
  private finished = false;
  /** The next seam was met: nothing more belongs to this range. */
  done = false;

  constructor(private readonly options: RangeParserOptions) {
    if (options.split && !options.sink && !options.first) {
      this.split = new SplitRangeSink(options.batchRows, () => this.flush(), options.rangeBytes, options.region);
      this.writer = this.split.writer;
      this.sink = this.split;
    } else {
      this.writer = options.sink ? undefined : new RecordBatchWriter(options.batchRows);
      this.sink = options.sink ?? this.writer!;
    }
    ({ parser: this.parser, fast: this.fast } = createFormatParsers(options.format, this.sink.funcs));
    this.slowLines = options.first ? (options.headLines ?? 0) : 0;
    this.dropFirst = !options.first;
    this.seeking = !options.first;
    this.splitter = new ByteLineSplitter(
      (buf, start, end) => this.onLine(buf, start, end),
      (buf, start, limit) => this.takeFast(buf, start, limit),
      MAX_LINE_LENGTH + 1,
    );
  }

  push(chunk: Uint8Array): void {
    if (this.done) return;
    this.splitter.push(chunk);
  }

  /** What a split range built (after `finish`), undefined when it does not build. */
  splitPart(): SplitPart | undefined {
    return this.split?.part();
  }

  /** Calls a split range has built so far (0 when it does not build): the app's memory limit counts them. */
  get builtCalls(): number {
    return this.split?.calls ?? 0;
  }

  /** A batch of this range the join is done with: its columns are written again (RecordBatchWriter.recycle). */
  recycle(batch: RecordBatch): void {
    this.writer?.recycle(batch);
  }

  /** The bytes up to the nominal end were all pushed. */
  endOwn(): void {
    this.tail = true;
    this.ownLinesLeft = this.splitter.pending ? 1 : 0;
  }

  /** Ends the range (at its seam, or at the input's end) and hands over the last batch. */
  finish(): RangeSummary {
    if (!this.finished) {
      this.finished = true;
      if (!this.done) this.splitter.end();
      this.split?.end();
      this.flush();
    }
    const release = (this.parser as { kernelRelease?: string } | undefined)?.kernelRelease ?? '';
    return { lines: this.lines, kernelRelease: release };
  }

  /**
   * Decides whether the next line is this range's, and counts it against the nominal end.
   * `text` decodes the line: only asked for where a seam may be.
   */
  private gate(text: () => string): Verdict {
    let inTail = false;
    if (this.tail) {
      if (this.ownLinesLeft > 0) this.ownLinesLeft--;
      else inTail = true;
    }
    if (this.dropFirst) {
      this.dropFirst = false;
      if (inTail) this.done = true; // the range lies inside one line: it has none
      return Verdict.NotOurs;
    }
    if (!this.seeking && !inTail) return Verdict.Ours;
    const seam = isSeamLine(this.parser, text());
    if (inTail) {
      // Past the nominal end, a seam is the next range's first line; a line that is not
      // one is still ours, unless this range found no first line of its own.
      if (!seam && !this.seeking) return Verdict.Ours;
      this.done = true;
      return Verdict.NotOurs;
    }
    if (!seam) return Verdict.NotOurs; // the previous range's line
    this.seeking = false;
    return Verdict.Ours;
  }

  /** The byte fast path's turn (see ByteLineTaker): lines are gated here first when they come whole. */
  private takeFast(buf: Uint8Array, start: number, limit: number): number {
    if (this.done) return buf.indexOf(LF, start); // nothing more is ours: skipped unread
    // Between the range's first line and its nominal end every line is ours (gate's answer
    // with no state to change): the line is not looked for nor a closure made for it, which
    // cost a range's parse about a fifth more per byte than the one-pass loader's.
    if (!this.gated && (this.seeking || this.tail || this.dropFirst)) {
      const nl = buf.indexOf(LF, start);
      const verdict = this.gate(() => decodeLine(this.decoder, buf, start, nl > start && buf[nl - 1] === CR ? nl - 1 : nl));
      if (verdict === Verdict.NotOurs) return nl;
      this.gated = true;
    }
    const fast = this.fast;
    if (fast === undefined || this.slowLines > 0) return -1;
    const end = takeFastLine(fast, buf, start, limit, this.record);
    if (end < 0) return -1; // read by onLine, gated already
    this.gated = false;
    this.lines++;
    this.sink.addFast(this.record);
    if (this.writer?.full) this.flush();
    return end;
  }

  private onLine(buf: Uint8Array, start: number, end: number): void {
    if (this.done) return;
    const line = decodeLine(this.decoder, buf, start, end);
    if (this.gated) this.gated = false;
    else if (this.gate(() => line) === Verdict.NotOurs) return;
    if (this.slowLines > 0) this.slowLines--;
    parseLineText(this.parser, line, this.lines + 1, this.record);
    this.add();
  }

  private add(): void {
    this.lines++;
    this.sink.add(this.record);
    if (this.writer?.full) this.flush();
  }

  private flush(): void {
    const writer = this.writer;
    if (writer && writer.rows > 0) this.options.onBatch?.(writer.take());
  }
}
