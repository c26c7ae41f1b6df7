/**
 * Range workers for the parse pool's tests, run in this thread: each runs the real range
 * task (service/load/range-task.ts) and delivers its messages after a delay of its own (so
 * the ranges' messages interleave and later ranges may finish first), or fails, or stays
 * silent. Messages are structured-cloned on the way, as postMessage would.
 */
import type { RangeWorkerEvents, RangeWorkerHandle, SpawnRangeWorker } from '../service/load/range-pool';
import type { FromRangeWorker, ToRangeWorker } from '../service/load/range-protocol';
import { rangeTaskHandler } from '../service/load/range-task';

export interface FakeWorkerPlan {
  /** Milliseconds before each message of the k-th spawned worker (1-based, as its range) reaches the pool. */
  delayMs?: (k: number) => number;
  /** The worker that fails, and how: it reports a failure, or dies with an uncaught error. */
  fail?: { k: number; how: 'reported' | 'uncaught' };
  /** Workers that never answer (a load to cancel). */
  silent?: boolean;
}

export interface FakeWorker {
  k: number;
  terminated: boolean;
  /** Batches' columns given back to it. */
  recycled: number;
}

export function fakeRangeWorkers(plan: FakeWorkerPlan = {}): { spawn: SpawnRangeWorker; workers: FakeWorker[] } {
  const workers: FakeWorker[] = [];
  const spawn: SpawnRangeWorker = (events: RangeWorkerEvents): RangeWorkerHandle => {
    const me: FakeWorker = { k: workers.length + 1, terminated: false, recycled: 0 };
    workers.push(me);
    const delay = plan.delayMs?.(me.k) ?? 0;
    const deliver = (message: FromRangeWorker) => {
      const copy = structuredClone(message);
      setTimeout(() => {
        if (!me.terminated) events.message(copy);
      }, delay);
    };
    const handle = rangeTaskHandler(deliver);
    return {
      post: (message: ToRangeWorker) => {
        if (me.terminated || plan.silent) return;
        if (message.type === 'recycle') me.recycled++;
        if ((message.type === 'job' || message.type === 'piece') && plan.fail?.k === me.k) {
          if (plan.fail.how === 'reported') deliver({ type: 'failed', message: 'the range could not be read' });
          else setTimeout(() => events.error('Uncaught RangeError: out of memory'), delay);
          return;
        }
        handle(structuredClone(message));
      },
      terminate: () => {
        me.terminated = true;
      },
    };
  };
  return { spawn, workers };
}
