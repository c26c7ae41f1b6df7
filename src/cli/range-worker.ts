/**
 * A worker thread of the parallel CLI load (parallel-load.ts): reads its own range of the
 * file, and the bytes after it up to the next seam (read-range.ts), parses them into record batches
 * (core/parallel/range-parser.ts) and posts each batch with its columns transferred.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { RangeParser } from '../core/parallel/range-parser';
import { batchBuffers, type RecordBatch } from '../core/parallel/record-batch';
import type { RangePlan } from '../core/parallel/plan';
import { readRange } from './read-range';

export interface RangeJob {
  path: string;
  plan: RangePlan;
  /** The range's index in plan.offsets. */
  k: number;
  chunkSize: number;
  /** Rows per batch (RecordBatchWriter's default when absent). */
  batchRows?: number;
}

/** What a range worker posts: batches in order, then its summary. */
export type RangeMessage =
  | { type: 'batch'; batch: RecordBatch }
  | { type: 'done'; summary: import('../core/parallel/range-parser').RangeSummary };

async function run(job: RangeJob): Promise<void> {
  const port = parentPort!;
  const { plan, k } = job;
  const parser = new RangeParser({
    format: plan.format,
    first: k === 0,
    headLines: plan.headLines,
    batchRows: job.batchRows,
    onBatch: (batch) => port.postMessage({ type: 'batch', batch } satisfies RangeMessage, batchBuffers(batch)),
  });
  // The main thread hands back the columns of each batch it has joined.
  port.on('message', (batch: RecordBatch) => parser.recycle(batch));
  await readRange(job.path, plan, k, parser, job.chunkSize);
  port.postMessage({ type: 'done', summary: parser.finish() } satisfies RangeMessage);
}

run(workerData as RangeJob).catch((err: unknown) => {
  throw err instanceof Error ? err : new Error(String(err));
});
