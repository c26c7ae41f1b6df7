/**
 * Range workers kept between loads (the trace worker's one spawner; the bench's too): a
 * load's pool "terminates" a worker once its range is joined, and a worker that was given
 * no job or answered every job it was given (nothing failed, nothing still running) is kept
 * idle instead, for the next load to take at once. A fresh worker costs a load its start
 * and its parser run cold before the optimising compiler has seen it: in Chromium, 256 MiB,
 * its first batch came 150–500 ms after its job where a warm one sends it after about 50
 * (bench/browser-bench.ts's timeline, 2026-12-06). A worker still busy (a cancelled load, a
 * failed one) is terminated for real: its job cannot be stopped otherwise.
 *
 * Each load gets a handle of its own: after its `terminate()` it posts nothing and hears
 * nothing more, whatever becomes of the worker.
 */
import { MAX_POOL_THREADS } from '../../core/parallel/default-threads';
import type { RangeWorkerEvents, RangeWorkerHandle, SpawnRangeWorker } from './range-pool';

interface Kept {
  worker: RangeWorkerHandle;
  /** The load's events, while a load holds it. */
  target: RangeWorkerEvents | undefined;
  /** Jobs and pieces posted and not yet answered (done or failed). */
  outstanding: number;
  /** It failed (a job or the worker itself): never kept. */
  broken: boolean;
}

/** `spawn` with up to `maxIdle` workers kept between loads (as many as a pool may have, by default). */
export function keptRangeWorkers(spawn: SpawnRangeWorker, maxIdle = MAX_POOL_THREADS): SpawnRangeWorker {
  const idle: Kept[] = [];
  const open = (): Kept => {
    const kept: Kept = { worker: undefined as unknown as RangeWorkerHandle, target: undefined, outstanding: 0, broken: false };
    kept.worker = spawn({
      message: (message) => {
        if (message.type === 'done' || message.type === 'failed') kept.outstanding--;
        if (message.type === 'failed') kept.broken = true;
        kept.target?.message(message);
      },
      error: (message) => {
        kept.broken = true;
        if (kept.target) kept.target.error(message);
        else {
          // Died idle: not handed to a load.
          const at = idle.indexOf(kept);
          if (at >= 0) idle.splice(at, 1);
          kept.worker.terminate();
        }
      },
    });
    return kept;
  };
  return (events) => {
    const kept = idle.pop() ?? open();
    kept.target = events;
    let released = false;
    return {
      post(message, transfer) {
        if (released) return;
        if (message.type === 'job' || message.type === 'piece') kept.outstanding++;
        kept.worker.post(message, transfer);
      },
      terminate() {
        if (released) return;
        released = true;
        kept.target = undefined;
        if (!kept.broken && kept.outstanding === 0 && idle.length < maxIdle) idle.push(kept);
        else kept.worker.terminate();
      },
    };
  };
}
