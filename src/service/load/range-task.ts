/**
 * A range worker's whole job (workers/range.worker.ts wires it to the worker's scope):
 * read its range of the input from the Blob (range-reader.ts), parse it into record batches
 * (core/parallel/range-parser.ts), post each batch with its columns transferred, then the
 * range's summary. A split job (`split`: the range builds its own calls, the split build of
 * core/parallel/split-range.ts) posts what it built with its summary, its columns
 * transferred, and says how far it has read every READ_NOTE_BYTES (it has few batches).
 * Or, for an inflated gzip, parse the pieces it is sent (their bytes in the message:
 * piece-parse.ts) one after the other, the same way. The trace worker hands the
 * columns of each batch it joined back, so a range writes into a few sets of columns
 * instead of fresh memory per batch.
 */
import { RangeParser } from '../../core/parallel/range-parser';
import { batchBuffers } from '../../core/parallel/record-batch';
import { openPiece, type PieceJob } from '../../core/parallel/piece-parse';
import type { FromRangeWorker, RangeJob, ToRangeWorker } from './range-protocol';
import { readBlobRange } from './range-reader';
import { splitBuffers } from '../../core/parallel/split-range';

export type PostToPool = (message: FromRangeWorker, transfer?: Transferable[]) => void;

/** How often a split range tells its progress: a bar step of a few pixels at most, a few hundred messages a GiB. */
export const READ_NOTE_BYTES = 4 << 20;

/** The handler of a range worker's incoming messages. */
export function rangeTaskHandler(post: PostToPool): (message: ToRangeWorker) => void {
  let parser: RangeParser | undefined;
  let bytesRead = 0;
  const run = async (job: RangeJob): Promise<void> => {
    const { plan, k } = job;
    // A kept worker (range-worker-keeper.ts) runs one job after another: its count starts over.
    bytesRead = 0;
    const own = new RangeParser({
      format: plan.format,
      first: k === 0,
      headLines: plan.headLines,
      batchRows: job.batchRows,
      split: job.split,
      rangeBytes: plan.offsets[k + 1] - plan.offsets[k],
      onBatch: (batch) => post({ type: 'batch', batch, bytesRead }, batchBuffers(batch)),
    });
    parser = own;
    let noted = 0;
    bytesRead = await readBlobRange(job.blob, plan, k, own, {
      afterChunk: (n) => {
        bytesRead = n;
        if (job.split && n - noted >= READ_NOTE_BYTES) {
          noted = n;
          post({ type: 'read', bytesRead: n, calls: own.builtCalls });
        }
      },
    });
    const summary = own.finish();
    const part = own.splitPart();
    post({ type: 'done', summary, bytesRead, part }, part ? splitBuffers(part) : undefined);
    // A kept worker waits idle for its next job holding none of this one's columns: the join's
    // late hand-backs are dropped.
    parser = undefined;
  };
  // A piece is all in the message: parsed at once, so a worker's pieces are answered in turn.
  const runPiece = (job: PieceJob): void => {
    let read = 0;
    parser = openPiece({
      format: job.format,
      headLines: job.headLines,
      first: job.index === 0,
      batchRows: job.batchRows,
      onBatch: (batch) => post({ type: 'batch', batch, bytesRead: read }, batchBuffers(batch)),
    });
    for (const chunk of job.chunks) {
      parser.push(chunk);
      read += chunk.length;
    }
    post({ type: 'done', summary: parser.finish(), bytesRead: read });
  };
  return (message) => {
    if (message.type === 'recycle') parser?.recycle(message.batch);
    else if (message.type === 'piece') {
      try {
        runPiece(message.piece);
      } catch (err) {
        post({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
      }
    } else {
      run(message.job).catch((err: unknown) => post({ type: 'failed', message: err instanceof Error ? err.message : String(err) }));
    }
  };
}
