/**
 * A worker thread of the parallel CLI load (parallel-load.ts): started before the file's
 * head is read (its start-up overlaps the planning and the main thread's own range), it
 * waits for its job, then reads its own range of the file, and the bytes after it up to the
 * next seam (read-range.ts), parses them into record batches (core/parallel/range-parser.ts)
 * and posts each batch with its columns transferred. For a gzip (gzip-parallel-load.ts) it
 * is sent pieces of the inflated text instead (their bytes in the message), and parses them
 * one after the other the same way (core/parallel/piece-parse.ts).
 */
import { parentPort } from 'node:worker_threads';
import { RangeParser } from '../core/parallel/range-parser';
import { batchBuffers, type RecordBatch } from '../core/parallel/record-batch';
import type { RangePlan } from '../core/parallel/plan';
import { openPiece, type PieceJob } from '../core/parallel/piece-parse';
import { readRange } from './read-range';
import { splitBuffers, type SplitPart } from '../core/parallel/split-range';
import type { SharedRegion } from '../core/parallel/shared-calls';

export interface RangeJob {
  path: string;
  plan: RangePlan;
  /** The range's index in plan.offsets. */
  k: number;
  chunkSize: number;
  /** Rows per batch (RecordBatchWriter's default when absent). */
  batchRows?: number;
  /** The range builds its own calls too (core/parallel/split-range.ts), posted with its summary. */
  split?: boolean;
  /** Where a split range builds its rows: shared with the main thread (core/parallel/shared-calls.ts). */
  region?: SharedRegion;
}

/** To a range worker: its job or its pieces, then the columns of each batch the main thread has joined. */
export type ToRangeWorker = { type: 'job'; job: RangeJob } | { type: 'piece'; piece: PieceJob } | { type: 'recycle'; batch: RecordBatch };

/** What a range worker posts: batches in order, then its summary (and what a split range built). */
export type RangeMessage =
  | { type: 'batch'; batch: RecordBatch }
  | { type: 'done'; summary: import('../core/parallel/range-parser').RangeSummary; part?: SplitPart };

const port = parentPort!;
let parser: RangeParser | undefined;

async function run(job: RangeJob): Promise<void> {
  const { plan, k } = job;
  const own = new RangeParser({
    format: plan.format,
    first: k === 0,
    headLines: plan.headLines,
    batchRows: job.batchRows,
    split: job.split,
    rangeBytes: plan.offsets[k + 1] - plan.offsets[k],
    region: job.region,
    onBatch: (batch) => port.postMessage({ type: 'batch', batch } satisfies RangeMessage, batchBuffers(batch)),
  });
  parser = own;
  await readRange(job.path, plan, k, own, job.chunkSize);
  const summary = own.finish();
  const part = own.splitPart();
  port.postMessage({ type: 'done', summary, part } satisfies RangeMessage, part ? splitBuffers(part) : []);
}

/** A piece is all in its message: parsed at once, so a worker's pieces are answered in turn. */
function runPiece(job: PieceJob): void {
  const own = openPiece({
    format: job.format,
    headLines: job.headLines,
    first: job.index === 0,
    batchRows: job.batchRows,
    onBatch: (batch) => port.postMessage({ type: 'batch', batch } satisfies RangeMessage, batchBuffers(batch)),
  });
  parser = own;
  for (const chunk of job.chunks) own.push(chunk);
  port.postMessage({ type: 'done', summary: own.finish() } satisfies RangeMessage);
}

port.on('message', (message: ToRangeWorker) => {
  if (message.type === 'recycle') {
    parser?.recycle(message.batch);
    return;
  }
  if (message.type === 'piece') {
    runPiece(message.piece);
    return;
  }
  run(message.job).catch((err: unknown) => {
    throw err instanceof Error ? err : new Error(String(err));
  });
});
