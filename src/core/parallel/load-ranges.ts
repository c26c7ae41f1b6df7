/**
 * The range-parallel load run in one thread over bytes in memory: what the workers of the
 * CLI (and the tests) do, one range after the other. Each range is fed as a worker feeds it
 * (range-parser.ts), in chunks, so the tests see the seams the workers see.
 */
import { TraceLoader } from '../load';
import type { TraceModel } from '../model/tables';
import { PLAN_HEAD_BYTES, planRanges, type RangePlan } from './plan';
import { RangeParser, type RangeSummary, type RecordSink } from './range-parser';
import type { RecordBatch } from './record-batch';
import { SPLIT_BUILD } from './split-range';
import { RangeJoin } from './range-join';
import type { SplitPart } from './split-range';
import { regionOf, sharedRowsAt, type SharedRegion } from './shared-calls';

/** One range's batches and summary (and what it built, for a split range). */
export interface ParsedRange {
  batches: RecordBatch[];
  summary: RangeSummary;
  part?: SplitPart;
}

/** How a load in ranges went: the later ranges stitched (split build) and read again in one pass. */
export interface RangeLoadStats {
  stitched: number;
  fellBack: number;
  /** Lines of the later ranges built where they were parsed, replayed before their speculation ended, and after. */
  built: number;
  prefix: number;
  tail: number;
  /** Rows of stitched ranges moved down in place within shared rows (SharedRowsGuess), not copied. */
  moved?: number;
}

/** Shared rows for loadInRanges, as the CLI lays them out (shared-calls.ts), at a guess the tests choose. */
export interface SharedRowsGuess {
  rowsPerByte: number;
  slackRows?: number;
}

/**
 * Parses range `k` of `plan` from `bytes` (the whole input), pushed in `chunkSize` pieces,
 * into batches, or into `sink` when given (then `batches` stays empty). `split`: a later
 * range builds its own calls too (split-range.ts).
 */
export function parseRange(
  bytes: Uint8Array,
  plan: RangePlan,
  k: number,
  chunkSize = 1 << 20,
  batchRows?: number,
  sink?: RecordSink,
  split = false,
  region?: SharedRegion,
): ParsedRange {
  const batches: RecordBatch[] = [];
  const parser = new RangeParser({ format: plan.format, first: k === 0, headLines: plan.headLines, onBatch: (b) => batches.push(b), sink, batchRows, split, rangeBytes: plan.offsets[k + 1] - plan.offsets[k], region });
  const start = plan.offsets[k];
  const end = plan.offsets[k + 1];
  for (let i = k === 0 ? 0 : Math.max(0, start - 1); i < end; i += chunkSize) parser.push(bytes.subarray(i, Math.min(end, i + chunkSize)));
  if (end < bytes.length) {
    parser.endOwn();
    for (let i = end; i < bytes.length && !parser.done; i += chunkSize) parser.push(bytes.subarray(i, i + chunkSize));
  }
  const summary = parser.finish();
  return { batches, summary, part: parser.splitPart() };
}

/** Joins parsed ranges in order. */
export function joinRanges(plan: RangePlan, ranges: readonly ParsedRange[], textBytes: number): TraceModel {
  const join = new RangeJoin(plan.format, textBytes);
  for (const r of ranges) {
    join.startRange();
    for (const b of r.batches) join.add(b);
    join.endRange(r.summary);
  }
  return join.finish(textBytes);
}

/**
 * The model of `bytes` parsed in ranges: `cuts` equal parts, or cut at the given nominal
 * offsets. An input only a one-pass load reads (binary, undecided head) is loaded so.
 * `firstDirect`: the first range goes straight into the join's builder (as the CLI's main
 * thread reads it), not through batches. `split`: the later ranges build their own calls
 * (split-range.ts), stitched where they fit, read again in one pass where not; `stats` is
 * told how that went.
 */
export function loadInRanges(
  bytes: Uint8Array,
  cuts: number | readonly number[],
  chunkSize = 1 << 20,
  batchRows?: number,
  firstDirect = false,
  split = SPLIT_BUILD,
  stats?: RangeLoadStats,
  shared?: SharedRowsGuess,
): TraceModel {
  const plan = planRanges(bytes.subarray(0, PLAN_HEAD_BYTES), bytes.length, cuts);
  if (!plan) {
    const loader = new TraceLoader(bytes.length);
    for (let i = 0; i < bytes.length; i += chunkSize) loader.pushBytes(bytes.subarray(i, i + chunkSize));
    return loader.finish();
  }
  if (!firstDirect && !split) {
    const ranges = plan.offsets.slice(1).map((_, k) => parseRange(bytes, plan, k, chunkSize, batchRows));
    return joinRanges(plan, ranges, bytes.length);
  }
  const rows = shared && split ? sharedRowsAt(plan.offsets, shared.rowsPerByte, shared.slackRows) : undefined;
  const join = new RangeJoin(plan.format, bytes.length, rows);
  const ranges = plan.offsets
    .slice(1)
    .map((_, k) => (k === 0 && firstDirect ? undefined : parseRange(bytes, plan, k, chunkSize, batchRows, undefined, split, rows && k > 0 ? regionOf(rows, k) : undefined)));
  for (let k = 0; k < ranges.length; k++) {
    const r = ranges[k];
    if (r === undefined) {
      join.startRange();
      join.endRange(parseRange(bytes, plan, 0, chunkSize, batchRows, join.directSink()).summary);
      continue;
    }
    if (r.part) {
      if (stats) {
        stats.built += r.part.built;
        stats.prefix += r.part.prefix;
        stats.tail += r.part.tail;
      }
      if (!join.startSplitRange(r.part)) {
        // The seam is not what the range assumed: it is read again, in one pass.
        join.endRange(parseRange(bytes, plan, k, chunkSize, batchRows, join.directSink()).summary);
        continue;
      }
    } else join.startRange();
    for (const b of r.batches) join.add(b);
    join.endRange(r.summary);
  }
  if (stats) {
    stats.stitched += join.stitched;
    stats.fellBack += join.fellBack;
    stats.moved = (stats.moved ?? 0) + join.movedInPlace;
  }
  return join.finish(bytes.length);
}
