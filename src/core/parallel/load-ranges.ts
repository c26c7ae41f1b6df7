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
import { RangeJoin } from './range-join';

/** One range's batches and summary. */
export interface ParsedRange {
  batches: RecordBatch[];
  summary: RangeSummary;
}

/**
 * Parses range `k` of `plan` from `bytes` (the whole input), pushed in `chunkSize` pieces,
 * into batches, or into `sink` when given (then `batches` stays empty).
 */
export function parseRange(bytes: Uint8Array, plan: RangePlan, k: number, chunkSize = 1 << 20, batchRows?: number, sink?: RecordSink): ParsedRange {
  const batches: RecordBatch[] = [];
  const parser = new RangeParser({ format: plan.format, first: k === 0, headLines: plan.headLines, onBatch: (b) => batches.push(b), sink, batchRows });
  const start = plan.offsets[k];
  const end = plan.offsets[k + 1];
  for (let i = k === 0 ? 0 : Math.max(0, start - 1); i < end; i += chunkSize) parser.push(bytes.subarray(i, Math.min(end, i + chunkSize)));
  if (end < bytes.length) {
    parser.endOwn();
    for (let i = end; i < bytes.length && !parser.done; i += chunkSize) parser.push(bytes.subarray(i, i + chunkSize));
  }
  return { batches, summary: parser.finish() };
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
 * thread reads it), not through batches.
 */
export function loadInRanges(
  bytes: Uint8Array,
  cuts: number | readonly number[],
  chunkSize = 1 << 20,
  batchRows?: number,
  firstDirect = false,
): TraceModel {
  const plan = planRanges(bytes.subarray(0, PLAN_HEAD_BYTES), bytes.length, cuts);
  if (!plan) {
    const loader = new TraceLoader(bytes.length);
    for (let i = 0; i < bytes.length; i += chunkSize) loader.pushBytes(bytes.subarray(i, i + chunkSize));
    return loader.finish();
  }
  if (!firstDirect) {
    const ranges = plan.offsets.slice(1).map((_, k) => parseRange(bytes, plan, k, chunkSize, batchRows));
    return joinRanges(plan, ranges, bytes.length);
  }
  const join = new RangeJoin(plan.format, bytes.length);
  join.startRange();
  join.endRange(parseRange(bytes, plan, 0, chunkSize, batchRows, join.directSink()).summary);
  for (let k = 1; k < plan.offsets.length - 1; k++) {
    const r = parseRange(bytes, plan, k, chunkSize, batchRows);
    join.startRange();
    for (const b of r.batches) join.add(b);
    join.endRange(r.summary);
  }
  return join.finish(bytes.length);
}
