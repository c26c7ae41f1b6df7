/**
 * Joins the record batches of ranges parsed apart (range-parser.ts), in input order, into
 * one model: the builder runs once over all the records, with the line numbers counted
 * across the ranges, so calls open at a seam, exits whose entries are in an earlier range,
 * banners and lost markers are settled exactly as in one pass (load.ts).
 *
 * A range that built its own calls (the split build: split-range.ts) is begun with
 * `startSplitRange`: when the one-pass state at its seam is what it assumed, its runs of built
 * lines are stitched in where their rows come in its batches (split-stitch.ts); otherwise the
 * caller reads the range again, in one pass, into `directSink()`.
 */
import { TraceBuilder } from '../model/builder';
import type { TraceModel } from '../model/tables';
import type { FormatId } from '../parse/record';
import { RecordBatchReader, type RecordBatch } from './record-batch';
import type { RangeSummary, RecordSink } from './range-parser';
import type { StringTable } from '../model/string-table';
import type { LineRecord } from '../parse/record';
import { BUILT_RUN, SPECULATION_END } from './record-batch';
import { SplitStitch, splitFits } from './split-stitch';
import type { SplitPart } from './split-range';
import { CallTable } from '../model/call-table';
import { sharedColumns, widenOnSpace, type SharedRows } from './shared-calls';

export class RangeJoin {
  private readonly builder: TraceBuilder;
  private reader: RecordBatchReader | undefined;
  private lineNo = 0;
  private kernelRelease = '';
  private stitch: SplitStitch | undefined;
  /** Later ranges whose split part was stitched in, and those read again in one pass instead. */
  stitched = 0;
  fellBack = 0;
  /** Rows of stitched ranges moved down in place within the shared rows (shared-calls.ts), not copied. */
  movedInPlace = 0;
  private readonly consume = (r: LineRecord) => {
    if (r.kind < SPECULATION_END) this.builder.add(r, ++this.lineNo);
    else if ((r.kind as number) === BUILT_RUN) this.lineNo += this.stitch!.appendRun();
    else this.stitch!.transfer();
  };
  /** The builder's plain lane first for rows without rare fields: no dispatch over every rule. */
  private readonly plain = (r: LineRecord) => {
    if (!this.builder.addPlain(r, this.lineNo + 1)) return false;
    this.lineNo++;
    return true;
  };

  /** The range being joined (its index in the plan), -1 before the first. */
  private range = -1;

  /**
   * `expectedTextBytes` sizes the call table as the one-pass loader does. `shared`: the
   * load's shared rows (shared-calls.ts): the first range is built into its region, and a
   * later range built into its own is moved down in place.
   */
  constructor(
    private readonly format: FormatId,
    expectedTextBytes = 0,
    private readonly shared?: SharedRows,
  ) {
    const expected = Math.min(expectedTextBytes / 150, 50_000_000);
    const calls = shared ? CallTable.over(sharedColumns(shared.space, 0, shared.starts[1]), expected) : undefined;
    this.builder = new TraceBuilder(expected, undefined, calls);
  }

  /**
   * Lets the table on the shared rows write up to row `end` (never fewer than it may now):
   * the rows before `end` are free, or are the range's own, moved down as they are stitched.
   */
  private mayWriteUpTo(end: number): void {
    if (this.shared) widenOnSpace(this.builder.calls, this.shared.space, end);
  }

  /** The end of the current range's region: its rows are free once it is replayed, read again or joined. */
  private regionEnd(): number {
    return this.shared ? this.shared.starts[Math.min(this.range + 1, this.shared.starts.length - 1)] : 0;
  }

  /** Lines joined so far. */
  get lines(): number {
    return this.lineNo;
  }

  /** Calls built so far. */
  get calls(): number {
    return this.builder.callCount;
  }

  /**
   * A sink for a range parsed right here, into the builder itself (range-parser.ts): the
   * first range, read by the thread that joins, costs no batches. Its byte fast path interns
   * into the model's table, as the one-pass loader's does.
   */
  directSink(): RecordSink {
    const builder = this.builder;
    const add = (r: LineRecord) => builder.add(r, ++this.lineNo);
    // The byte fast path's records have no rare field (it resets them): the plain lane first.
    const addFast = (r: LineRecord) => {
      const lineNo = ++this.lineNo;
      if (!builder.addPlain(r, lineNo)) builder.add(r, lineNo);
    };
    return {
      get funcs(): StringTable {
        return builder.strings;
      },
      add,
      addFast,
    };
  }

  /** The next range's batches follow (its string ids start over). */
  startRange(): void {
    this.range++;
    this.mayWriteUpTo(this.regionEnd());
    this.reader = new RecordBatchReader(this.builder.strings);
  }

  /**
   * The next range built its own calls (`part`), its batches follow: true when it is stitched
   * in; false when the one-pass state at its seam is not what it assumed, and then its batches
   * are not wanted: the caller reads the range again into `directSink()`, then `endRange`.
   */
  startSplitRange(part: SplitPart): boolean {
    this.range++;
    this.reader = new RecordBatchReader(this.builder.strings);
    // A range that built nothing (its speculation ended at once) is replayed as any range.
    if (part.built === 0) {
      this.mayWriteUpTo(this.regionEnd());
      this.stitch = new SplitStitch(this.builder, part, this.reader, this.lineNo);
      return true;
    }
    if (!splitFits(this.builder, part)) {
      this.fellBack++;
      this.mayWriteUpTo(this.regionEnd());
      return false;
    }
    this.stitched++;
    // Its rows are moved down where they lie in the shared rows; else copied from its own memory.
    const inPlace = this.shared && part.sharedAt >= 0 ? this.shared.space : undefined;
    this.stitch = new SplitStitch(this.builder, part, this.reader, this.lineNo, inPlace);
    return true;
  }

  add(batch: RecordBatch): void {
    this.reader ??= new RecordBatchReader(this.builder.strings);
    this.reader.replay(batch, this.consume, this.plain);
  }

  endRange(summary: RangeSummary): void {
    this.stitch?.transfer();
    this.movedInPlace += this.stitch?.moved ?? 0;
    this.stitch = undefined;
    this.mayWriteUpTo(this.regionEnd());
    // The one-pass parser keeps the last release a banner named.
    if (summary.kernelRelease) this.kernelRelease = summary.kernelRelease;
    this.reader = undefined;
  }

  finish(textBytes: number): TraceModel {
    const model = this.builder.finish(this.format);
    model.textBytes = textBytes;
    if (this.kernelRelease) model.kernelRelease = this.kernelRelease;
    return model;
  }
}
