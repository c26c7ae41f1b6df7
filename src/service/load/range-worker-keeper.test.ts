/**
 * Range workers kept between loads (range-worker-keeper.ts), driven by the parse pool
 * (range-pool.ts) over workers run in this thread (test-utils/fake-range-workers.ts): a
 * worker that answered its job serves the next load, with the same model as one pass; a
 * busy or failed one is terminated for real.
 */
import { describe, expect, it } from 'vitest';
import { fakeRangeWorkers } from '../../test-utils/fake-range-workers';
import { loadBytes, traceBytes } from '../../test-utils/traces';
import { modelDifference } from '../../test-utils/model-difference';
import { loadInPool, PoolCancelled, startRangeWorkers, type PoolProgress } from './range-pool';
import { keptRangeWorkers } from './range-worker-keeper';
import { blobOf, planOf } from '../../test-utils/range-plans';

/** A 6 MB trace loaded more than once per test: seconds on a busy machine. */
const SLOW = 120_000;


describe('keptRangeWorkers', () => {
  it('a worker that answered its job parses the next load too, which is still the one-pass model with growing progress', async () => {
    const bytes = traceBytes('03-systemwide-sched-irq.report.txt.gz');
    const one = loadBytes(bytes);
    const { spawn: fake, workers } = fakeRangeWorkers({ delayMs: (k) => k });
    const spawn = keptRangeWorkers(fake, 4);
    // The kept worker's second range is much shorter than its first: a count carried over from
    // the first would show as progress going back.
    const at = (f: number) => Math.floor(bytes.length * f);
    const cuts = [[at(0.5)], [at(0.1), at(0.2)], [at(0.7)]];
    for (const [n, c] of cuts.entries()) {
      const seen: PoolProgress[] = [];
      const pool = loadInPool({ blob: blobOf(bytes), plan: planOf(bytes, c), spawn, started: startRangeWorkers(spawn, c.length), batchRows: 500, onProgress: (p) => seen.push(p) });
      expect([n, modelDifference(one, await pool.model)]).toEqual([n, null]);
      expect([n, seen.every((p, i) => i === 0 || p.bytes >= seen[i - 1].bytes)]).toEqual([n, true]);
    }
    // 1 worker for the first load, a second one for the second's two ranges, both kept for the third.
    expect(workers).toHaveLength(2);
    expect(workers.map((w) => w.terminated)).toEqual([false, false]);
  }, SLOW);

  it('keeps no more than maxIdle', async () => {
    const bytes = traceBytes('03-systemwide-sched-irq.report.txt.gz');
    const { spawn: fake, workers } = fakeRangeWorkers();
    const spawn = keptRangeWorkers(fake, 1);
    const pool = loadInPool({ blob: blobOf(bytes), plan: planOf(bytes, 4), spawn });
    expect(modelDifference(loadBytes(bytes), await pool.model)).toBeNull();
    expect(workers.map((w) => w.terminated).sort()).toEqual([false, true, true]);
  }, SLOW);

  it('terminates the busy workers of a cancelled load, and the next load starts new ones', async () => {
    const bytes = traceBytes('03-systemwide-sched-irq.report.txt.gz');
    const silent = fakeRangeWorkers({ silent: true });
    const spawn = keptRangeWorkers(silent.spawn, 4);
    const pool = loadInPool({ blob: blobOf(bytes), plan: planOf(bytes, 3), spawn });
    setTimeout(() => pool.cancel(), 20);
    await expect(pool.model).rejects.toBeInstanceOf(PoolCancelled);
    expect(silent.workers.map((w) => w.terminated)).toEqual([true, true]);
    startRangeWorkers(spawn, 1);
    expect(silent.workers).toHaveLength(3);
  }, SLOW);

  for (const how of ['reported', 'uncaught'] as const) {
    it(`terminates a worker whose job failed (${how})`, async () => {
      const bytes = traceBytes('03-systemwide-sched-irq.report.txt.gz');
      const { spawn: fake, workers } = fakeRangeWorkers({ fail: { k: 2, how }, delayMs: () => 2 });
      const spawn = keptRangeWorkers(fake, 4);
      const pool = loadInPool({ blob: blobOf(bytes), plan: planOf(bytes, 3), spawn });
      await expect(pool.model).rejects.toThrow('range 3 of 3');
      expect(workers[1].terminated).toBe(true);
      // The next load does not get it.
      startRangeWorkers(spawn, 2);
      expect(workers.length).toBeGreaterThanOrEqual(3);
    }, SLOW);
  }

  it('a released handle posts nothing more and hears nothing more', () => {
    const heard: string[] = [];
    const posted: string[] = [];
    const spawn = keptRangeWorkers((events) => {
      setTimeout(() => events.message({ type: 'failed', message: 'late' }), 0);
      return { post: (m) => posted.push(m.type), terminate: () => posted.push('terminate') };
    }, 4);
    const handle = spawn({ message: (m) => heard.push(m.type), error: (m) => heard.push(m) });
    handle.terminate();
    handle.post({ type: 'recycle', batch: undefined as never });
    return new Promise<void>((resolve) => {
      setTimeout(() => {
        expect(heard).toEqual([]);
        expect(posted).toEqual([]);
        resolve();
      }, 5);
    });
  });
});
