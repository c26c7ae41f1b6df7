/**
 * The parse pool's coordination, in the trace worker: one range worker per range but the
 * first (range-task.ts, each reading its own bytes from the Blob), while this thread parses
 * the first range straight into the builder (range-join.ts's direct sink: no batches), then
 * joins the others strictly in range order, whatever order they arrive in. With the split
 * build (`split`, core/parallel/split-range.ts: on by default, as in the CLI) each later
 * range builds its own calls; once its worker is done, the range is stitched in when the
 * one-pass state at its seam is what it assumed, or else read again here from the Blob, in
 * one pass. Without it, the others' batches are replayed through the builder as they come.
 * Each joined batch's columns go back to their worker to be written again.
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
import { SPLIT_BUILD } from '../../core/parallel/split-range';
import { nominalCuts, SPLIT_CUT_COSTS } from '../../core/parallel/cuts';
import type { RangeLoadStats } from '../../core/parallel/load-ranges';
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

/** How far the load is, after each batch (and chunk of the first range, and note of a split range's worker). */
export interface PoolProgress {
  /**
   * Input bytes whose records are joined (a range's tail up to its seam counts too); of a
   * split range, the bytes its worker has read (it is joined at once when done).
   */
  bytes: number;
  /** Lines joined. */
  lines: number;
  /** Calls built: joined, and those split ranges' workers built and not yet stitched. */
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
  /** The later ranges build their own calls (the split build), stitched or read again here. */
  split?: boolean;
  /** Told each phase as it ends: "range 1 parsed (this thread)", "range 2 joined" (for benchmarks' timelines). */
  onPhase?: (what: string) => void;
}

export interface PoolLoad {
  /** The joined model; rejects with the first failure, or when cancelled. */
  model: Promise<TraceModel>;
  /** Terminates the pool; `model` rejects. */
  cancel(): void;
  /** How the split build went so far: ranges stitched and read again, lines built and replayed. */
  stats: RangeLoadStats;
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

/**
 * The nominal cuts of `size` bytes for the pool's `threads` threads (core/parallel/cuts.ts):
 * with the split build, a worker's byte costs more than this thread's own and no join
 * overlaps the workers (SPLIT_CUT_COSTS), so this thread's range is the bigger.
 */
export function poolCuts(size: number, threads: number, split = SPLIT_BUILD): number[] {
  return nominalCuts(size, threads, split ? SPLIT_CUT_COSTS : undefined);
}

export function loadInPool(options: PoolLoadOptions): PoolLoad {
  const { blob, plan, spawn } = options;
  const split = options.split ?? SPLIT_BUILD;
  const ranges = plan.offsets.length - 1;
  const join = new RangeJoin(plan.format, blob.size);
  const queues: FromRangeWorker[][] = Array.from({ length: ranges }, () => []);
  const workers: (RangeWorkerHandle | undefined)[] = [undefined];
  /** Bytes joined per range (of a split range not yet joined: the bytes its worker read). */
  const joinedBytes = new Array<number>(ranges).fill(0);
  /** Calls a split range's worker has built, until the range is joined. */
  const pendingCalls = new Array<number>(ranges).fill(0);
  const stats: RangeLoadStats = { stitched: 0, fellBack: 0, built: 0, prefix: 0, tail: 0 };
  /** The range being joined; 0 while this thread parses the first. */
  let current = 0;
  /** The range being joined has been begun (startRange, or startSplitRange once its part came). */
  let begun = false;
  let draining = false;
  let drainAgain = false;
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
    let calls = join.calls;
    for (const b of joinedBytes) bytes += b;
    for (const c of pendingCalls) calls += c;
    try {
      options.onProgress?.({ bytes: Math.min(bytes, blob.size), lines: join.lines, calls });
    } catch (err) {
      fail(err); // the memory limit: the load stops with the listener's own message
    }
  };
  /** Counts a range's bytes; never less than counted before (a range read again starts over). */
  const countBytes = (k: number, bytesRead: number) => {
    joinedBytes[k] = Math.max(joinedBytes[k], bytesRead);
  };
  const nextRange = () => {
    workers[current]?.terminate();
    workers[current] = undefined;
    pendingCalls[current] = 0;
    current++;
    begun = false;
  };

  /**
   * The range being joined, read again here in one pass into the builder (its split part did
   * not fit its seam): as the first range is read, a turn of the event loop between chunks.
   */
  const readAgain = async (): Promise<void> => {
    const k = current;
    queues[k].length = 0;
    const parser = new RangeParser({ format: plan.format, first: false, sink: join.directSink() });
    try {
      await readBlobRange(blob, plan, k, parser, {
        stopped: () => settled,
        afterChunk: async (bytesRead) => {
          countBytes(k, bytesRead);
          progress();
          await options.yieldSometimes?.();
        },
      });
    } catch (err) {
      throw new Error(`${rangeName(plan, k)} could not be read: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (settled) return;
    join.endRange(parser.finish());
    options.onPhase?.(`range ${k + 1} read again (its split part did not fit)`);
    nextRange();
  };

  /**
   * Begins the range being joined, once it can be: a split range when its worker is done
   * (its part comes with its summary). False while it waits.
   */
  const begin = async (): Promise<boolean> => {
    if (!split) {
      join.startRange();
      return true;
    }
    const queue = queues[current];
    const last = queue[queue.length - 1];
    if (last?.type !== 'done') return false;
    const part = last.part;
    // From here its calls are counted by the join (stitched or read again), not its worker's note.
    pendingCalls[current] = 0;
    if (!part) {
      join.startRange();
      return true;
    }
    stats.built += part.built;
    stats.prefix += part.prefix;
    stats.tail += part.tail;
    if (join.startSplitRange(part)) {
      if (part.built > 0) stats.stitched++;
      return true;
    }
    stats.fellBack++;
    await readAgain();
    return false;
  };

  /** Joins what has come of the range being joined, moving on as each range is done. */
  const drain = async (): Promise<void> => {
    if (current === 0 || settled) return;
    if (draining) {
      // A message came while this drain was yielding: looked at once it ends.
      drainAgain = true;
      return;
    }
    draining = true;
    drainAgain = false;
    try {
      while (!settled && current < ranges && queues[current].length > 0) {
        if (!begun) {
          const k = current;
          begun = await begin();
          // Waiting for its worker's summary; or read again and done (the next range's turn).
          if (!begun && current === k) break;
          continue;
        }
        const message = queues[current].shift()!;
        if (message.type === 'failed') throw new Error(`${rangeName(plan, current)} could not be parsed: ${message.message}`);
        if (message.type === 'batch') {
          join.add(message.batch);
          countBytes(current, message.bytesRead);
          // Its columns go back to be written again: the worker allocates no fresh memory for them.
          const columns = recycled(message.batch);
          workers[current]?.post({ type: 'recycle', batch: columns }, batchBuffers(columns));
          progress();
        } else if (message.type === 'done') {
          join.endRange(message.summary);
          countBytes(current, message.bytesRead);
          options.onPhase?.(`range ${current + 1} joined`);
          nextRange();
          progress();
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
    // Messages that came while this drain was yielding (not while a split range waits for its
    // summary: its batches alone start nothing).
    if (drainAgain) void drain();
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
        // A split range's worker says how far it is: the bar moves while its range waits.
        if (message.type === 'read') {
          if (k < current) return;
          countBytes(k, message.bytesRead);
          pendingCalls[k] = message.calls;
          progress();
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
    worker.post({ type: 'job', job: { blob, plan, k, batchRows: options.batchRows, split } });
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
      options.onPhase?.('range 1 parsed (this thread)');
      current = 1;
      begun = false;
      void drain();
    },
    (err: unknown) => fail(new Error(`${rangeName(plan, 0)} could not be read: ${err instanceof Error ? err.message : String(err)}`)),
  );

  return { model: joined.promise, cancel: () => fail(new PoolCancelled()), stats };
}

/** A joined batch's columns, without its strings (the worker keeps its own), to go back. */
export function recycled(batch: RecordBatch): RecordBatch {
  return { ...batch, funcs: [], texts: [], internRows: [], internUpTo: [], extraRows: [], extras: [] };
}
