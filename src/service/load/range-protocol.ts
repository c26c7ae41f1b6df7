/**
 * The messages between the trace worker and a range worker of the parse pool
 * (range-pool.ts ↔ range-task.ts). A job carries the input `Blob` itself (a File is a
 * handle: structured-cloning it copies no bytes); batches come back with their columns
 * transferred, and go back the same way to be written again.
 */
import type { RangePlan } from '../../core/parallel/plan';
import type { RangeSummary } from '../../core/parallel/range-parser';
import type { PieceJob } from '../../core/parallel/piece-parse';
import type { RecordBatch } from '../../core/parallel/record-batch';
import type { SplitPart } from '../../core/parallel/split-range';

export interface RangeJob {
  /** The whole input: the worker reads its range with `slice()`. */
  blob: Blob;
  plan: RangePlan;
  /** The range's index in plan.offsets. */
  k: number;
  /** Rows per batch (RecordBatchWriter's default when absent). */
  batchRows?: number;
  /**
   * The range builds its own calls too (core/parallel/split-range.ts), posted with its
   * summary; meanwhile it tells how far it has read (`read` messages: its batches are few).
   */
  split?: boolean;
}

/**
 * To a range worker: its job (a range of a Blob), or the pieces of a text that cannot be
 * read at an offset (an inflated gzip: piece-pool.ts; core/parallel/piece-parse.ts's
 * PieceJob), which it parses one after the other, answering each in turn (batches, then its
 * summary); and the columns of each batch the join is done with.
 */
export type ToRangeWorker = { type: 'job'; job: RangeJob } | { type: 'piece'; piece: PieceJob } | { type: 'recycle'; batch: RecordBatch };

/**
 * From a range worker, in order: batches, then its summary (with what a split range built,
 * its columns transferred), or why it failed (for pieces: so for each piece in turn).
 * `bytesRead` counts the bytes of its range (or piece) read so far, and a split range's
 * `read` messages between them that and the calls it has built (for the load's progress
 * and memory limit).
 */
export type FromRangeWorker =
  | { type: 'batch'; batch: RecordBatch; bytesRead: number }
  | { type: 'read'; bytesRead: number; calls: number }
  | { type: 'done'; summary: RangeSummary; bytesRead: number; part?: SplitPart }
  | { type: 'failed'; message: string };
