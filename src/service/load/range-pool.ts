/**
 * The parse pool's coordination, in the trace worker: one range worker per range but the
 * first (range-task.ts, each reading its own bytes from the Blob), while this thread parses
 * the first range straight into the builder (range-join.ts's direct sink: no batches), then
 * joins the others' batches strictly in range order, whatever order they arrive in. Each
 * joined batch's columns go back to their worker to be written again.
 *
 * No worker API in here: workers come from `spawn`, so the tests drive it with fake ones.
 * A worker that fails (an error it reports, an uncaught error, a message it cannot send)
 * fails the load with a message naming its range, and the pool is terminated; `cancel()`
 * terminates it too.
 */
import type { TraceModel } from '../../core/model/tables';
import { deferred } from '../../lib/deferred';
import type { RangePlan } from '../../core/parallel/plan';
import { RangeJoin } from '../../core/parallel/range-join';
import { RangeParser } from '../../core/parallel/range-parser';
import { batchBuffers, type RecordBatch } from '../../core/parallel/record-batch';
import type { FromRangeWorker, ToRangeWorker } from './range-protocol';
import { readBlobRange } from './range-reader';

/** What the pool hears from one range worker. */
export interface RangeWorkerEvents {
  message(message: FromRangeWorker): void;
  /** The worker failed outside its job (an uncaught error, a message that could not be read). */
  error(message: string): void;
}

/** One range worker, as the pool drives it. */
export interface RangeWorkerHandle {
  post(message: ToRangeWorker, transfer?: Transferable[]): void;
  /** The load is done with it: stopped, or, idle, kept for the next load (range-worker-keeper.ts). */
  terminate(): void;
}

export type SpawnRangeWorker = (events: RangeWorkerEvents) => RangeWorkerHandle;

/**
 * A range worker started before its load is planned (warm start: its script loads while
 * the trace worker reads the head and parses the first range); its events go to the load
 * that takes it. It posts nothing before its job; a failure before then is kept for the load.
 */
export interface StartedRangeWorker {
  handle: RangeWorkerHandle;
  take(events: RangeWorkerEvents): void;
}

export function startRangeWorkers(spawn: SpawnRangeWorker, count: number): StartedRangeWorker[] {
  return Array.from({ length: count }, () => {
    let target: RangeWorkerEvents | undefined;
    let earlyError: string | undefined;
    const handle = spawn({
      message: (message) => target?.message(message),
      error: (message) => {
        if (target) target.error(message);
        else earlyError ??= message;
      },
    });
    return {
      handle,
      take(events) {
        target = events;
        if (earlyError !== undefined) events.error(earlyError);
      },
    };
  });
}

/** How far the join is, after each batch (and chunk of the first range). */
export interface PoolProgress {
  /** Input bytes whose records are joined (a range's tail up to its seam counts too). */
  bytes: number;
  lines: number;
  calls: number;
}

export interface PoolLoadOptions {
  blob: Blob;
  plan: RangePlan;
  spawn: SpawnRangeWorker;
  /** Rows per batch (the core's default when absent). */
  batchRows?: number;
  /** After each batch joined; an error it throws fails the load with that error (the memory limit). */
  onProgress?: (progress: PoolProgress) => void;
  /** A turn of the event loop (so a cancel gets through), taken between chunks and batches. */
  yieldSometimes?: () => Promise<void>;
  /** Range workers started before the plan (startRangeWorkers), taken in range order; more are spawned if needed, the rest terminated. */
  started?: readonly StartedRangeWorker[];
}

export interface PoolLoad {
  /** The joined model; rejects with the first failure, or when cancelled. */
  model: Promise<TraceModel>;
  /** Terminates the pool; `model` rejects. */
  cancel(): void;
}

/** The range's place in the input, for messages: "range 2 of 3 (bytes 1,048,576–2,097,152)". */
export function rangeName(plan: RangePlan, k: number): string {
  const n = plan.offsets.length - 1;
  return `range ${k + 1} of ${n} (bytes ${plan.offsets[k]}–${plan.offsets[k + 1]})`;
}

/** Thrown into `model` by `cancel()`. */
export class PoolCancelled extends Error {
  constructor() {
    super('the load was cancelled');
  }
}

export function loadInPool(options: PoolLoadOptions): PoolLoad {
  const { blob, plan, spawn } = options;
  const ranges = plan.offsets.length - 1;
  const join = new RangeJoin(plan.format, blob.size);
  const queues: FromRangeWorker[][] = Array.from({ length: ranges }, () => []);
  const workers: (RangeWorkerHandle | undefined)[] = [undefined];
  /** Bytes joined per range. */
  const joinedBytes = new Array<number>(ranges).fill(0);
  /** The range being joined; 0 while this thread parses the first. */
  let current = 0;
  let draining = false;
  let settled = false;
  const joined = deferred<TraceModel>();

  const started = options.started ?? [];
  const stopAll = () => {
    for (const w of workers) w?.terminate();
    for (const w of started) w.handle.terminate();
  };
  const fail = (err: unknown) => {
    if (settled) return;
    settled = true;
    stopAll();
    joined.reject(err instanceof Error ? err : new Error(String(err)));
  };
  const progress = () => {
    let bytes = 0;
    for (const b of joinedBytes) bytes += b;
    try {
      options.onProgress?.({ bytes: Math.min(bytes, blob.size), lines: join.lines, calls: join.calls });
    } catch (err) {
      fail(err); // the memory limit: the load stops with the listener's own message
    }
  };

  /** Joins what has come of the range being joined, moving on as each range is done. */
  const drain = async (): Promise<void> => {
    if (draining || current === 0 || settled) return;
    draining = true;
    try {
      while (!settled && current < ranges && queues[current].length > 0) {
        const message = queues[current].shift()!;
        if (message.type === 'failed') throw new Error(`${rangeName(plan, current)} could not be parsed: ${message.message}`);
        if (message.type === 'batch') {
          join.add(message.batch);
          joinedBytes[current] = message.bytesRead;
          // Its columns go back to be written again: the worker allocates no fresh memory for them.
          const columns = recycled(message.batch);
          workers[current]?.post({ type: 'recycle', batch: columns }, batchBuffers(columns));
          progress();
        } else {
          join.endRange(message.summary);
          joinedBytes[current] = message.bytesRead;
          workers[current]?.terminate();
          workers[current] = undefined;
          current++;
          join.startRange();
        }
        await options.yieldSometimes?.();
      }
      if (!settled && current === ranges) {
        settled = true;
        joined.resolve(join.finish(blob.size));
      }
    } catch (err) {
      fail(err);
    } finally {
      draining = false;
    }
    // Messages that came while this drain was yielding.
    if (!settled && current < ranges && queues[current].length > 0) void drain();
  };

  for (let k = 1; k < ranges; k++) {
    const events: RangeWorkerEvents = {
      message: (message) => {
        if (settled) return;
        // A failure is reported at once, not when its range's turn comes: the load stops now.
        if (message.type === 'failed') {
          fail(new Error(`${rangeName(plan, k)} could not be parsed: ${message.message}`));
          return;
        }
        queues[k].push(message);
        if (k === current) void drain();
      },
      error: (message) => fail(new Error(`${rangeName(plan, k)} could not be parsed: ${message || 'its worker stopped'}`)),
    };
    const warm = started[k - 1];
    const worker = warm ? warm.handle : spawn(events);
    workers.push(worker);
    warm?.take(events);
    if (settled) break;
    worker.post({ type: 'job', job: { blob, plan, k, batchRows: options.batchRows } });
  }
  // Workers started for ranges the plan does not have.
  for (const w of started.slice(Math.max(0, ranges - 1))) w.handle.terminate();

  // The first range, parsed here straight into the builder while the workers parse theirs.
  join.startRange();
  const first = new RangeParser({ format: plan.format, first: true, headLines: plan.headLines, sink: join.directSink() });
  readBlobRange(blob, plan, 0, first, {
    stopped: () => settled,
    afterChunk: async (bytesRead) => {
      joinedBytes[0] = bytesRead;
      progress();
      await options.yieldSometimes?.();
    },
  }).then(
    (bytesRead) => {
      if (settled) return;
      join.endRange(first.finish());
      joinedBytes[0] = bytesRead;
      current = 1;
      join.startRange();
      void drain();
    },
    (err: unknown) => fail(new Error(`${rangeName(plan, 0)} could not be read: ${err instanceof Error ? err.message : String(err)}`)),
  );

  return { model: joined.promise, cancel: () => fail(new PoolCancelled()) };
}

/** A joined batch's columns, without its strings (the worker keeps its own), to go back. */
export function recycled(batch: RecordBatch): RecordBatch {
  return { ...batch, funcs: [], texts: [], internRows: [], internUpTo: [], extraRows: [], extras: [] };
}
