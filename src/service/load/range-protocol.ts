/**
 * The messages between the trace worker and a range worker of the parse pool
 * (range-pool.ts ↔ range-task.ts). A job carries the input `Blob` itself (a File is a
 * handle: structured-cloning it copies no bytes); batches come back with their columns
 * transferred, and go back the same way to be written again.
 */
import type { RangePlan } from '../../core/parallel/plan';
import type { RangeSummary } from '../../core/parallel/range-parser';
import type { RecordBatch } from '../../core/parallel/record-batch';

export interface RangeJob {
  /** The whole input: the worker reads its range with `slice()`. */
  blob: Blob;
  plan: RangePlan;
  /** The range's index in plan.offsets. */
  k: number;
  /** Rows per batch (RecordBatchWriter's default when absent). */
  batchRows?: number;
}

/** To a range worker: its job, then the columns of each batch the join is done with. */
export type ToRangeWorker = { type: 'job'; job: RangeJob } | { type: 'recycle'; batch: RecordBatch };

/**
 * From a range worker, in order: batches, then its summary, or why it failed. `bytesRead`
 * counts the bytes of its range read so far (for the load's progress).
 */
export type FromRangeWorker =
  | { type: 'batch'; batch: RecordBatch; bytesRead: number }
  | { type: 'done'; summary: RangeSummary; bytesRead: number }
  | { type: 'failed'; message: string };
