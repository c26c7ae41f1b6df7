/**
 * The parse pool's coordination (range-pool.ts) with workers run in this thread
 * (test-utils/fake-range-workers.ts): batches joined in range order whatever order they
 * arrive in, the joined model equal to the one-pass model, Cancel and a failing worker.
 */
import { describe, expect, it } from 'vitest';
import { nominalCuts } from '../../core/parallel/cuts';
import { fakeRangeWorkers } from '../../test-utils/fake-range-workers';
import { loadBytes, traceBytes } from '../../test-utils/traces';
import { modelDifference } from '../../test-utils/model-difference';
import { traceCmdSeamTrace } from '../../test-utils/seam-traces';
import { loadInPool, PoolCancelled, startRangeWorkers } from './range-pool';
import { blobOf, planOf } from '../../test-utils/range-plans';

/** A 6 MB trace loaded once or more per test: seconds on a busy machine. */
const SLOW = 120_000;


describe('loadInPool', () => {
  it('joins a real trace read by 2, 3 and 7 threads into the one-pass model, later ranges arriving first', async () => {
    const bytes = traceBytes('03-systemwide-sched-irq.report.txt.gz');
    const one = loadBytes(bytes);
    for (const threads of [2, 3, 7]) {
      // The last range's messages come soonest, the first worker's last.
      const { spawn, workers } = fakeRangeWorkers({ delayMs: (k) => (threads - k) * 3 });
      const pool = loadInPool({ blob: blobOf(bytes), plan: planOf(bytes, nominalCuts(bytes.length, threads)), spawn, batchRows: 500 });
      expect([threads, modelDifference(one, await pool.model)]).toEqual([threads, null]);
      expect(workers.map((w) => w.terminated)).toEqual(new Array(threads - 1).fill(true));
      // Each worker got its joined batches' columns back.
      expect(workers.every((w) => w.recycled > 0)).toBe(true);
    }
  }, SLOW);

  it('joins ranges cut at the worst places (inside a deep call, on a banner, on a lost-events line)', async () => {
    const { bytes, spots } = traceCmdSeamTrace(11, 300);
    const cuts = [spots[5].offset, spots[50].offset + 1, spots[120].offset, spots[121].offset + 3];
    const { spawn } = fakeRangeWorkers({ delayMs: (k) => (k % 2) * 5 });
    const pool = loadInPool({ blob: blobOf(bytes), plan: planOf(bytes, cuts), spawn, batchRows: 40 });
    expect(modelDifference(loadBytes(bytes), await pool.model)).toBeNull();
  }, SLOW);

  it('reports progress that grows to the input size, with the lines joined', async () => {
    const bytes = traceBytes('03-systemwide-sched-irq.report.txt.gz');
    const { spawn } = fakeRangeWorkers();
    const seen: { bytes: number; lines: number }[] = [];
    const pool = loadInPool({ blob: blobOf(bytes), plan: planOf(bytes, 3), spawn, batchRows: 1000, onProgress: (p) => seen.push(p) });
    const model = await pool.model;
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.every((p, i) => i === 0 || (p.bytes >= seen[i - 1].bytes && p.lines >= seen[i - 1].lines))).toBe(true);
    expect(seen[seen.length - 1].bytes).toBe(bytes.length);
    expect(seen[seen.length - 1].lines).toBe(model.diagnostics.linesRead);
  }, SLOW);

  it('cancel terminates every worker and rejects the load, even when no worker ever answers', async () => {
    const bytes = traceBytes('03-systemwide-sched-irq.report.txt.gz');
    const { spawn, workers } = fakeRangeWorkers({ silent: true });
    const pool = loadInPool({ blob: blobOf(bytes), plan: planOf(bytes, 4), spawn });
    setTimeout(() => pool.cancel(), 20);
    await expect(pool.model).rejects.toBeInstanceOf(PoolCancelled);
    expect(workers.map((w) => w.terminated)).toEqual([true, true, true]);
  }, SLOW);

  for (const how of ['reported', 'uncaught'] as const) {
    it(`a worker's ${how} failure fails the load naming its range, and stops the others`, async () => {
      const bytes = traceBytes('03-systemwide-sched-irq.report.txt.gz');
      const p = planOf(bytes, 3);
      const { spawn, workers } = fakeRangeWorkers({ fail: { k: 2, how }, delayMs: () => 2 });
      const pool = loadInPool({ blob: blobOf(bytes), plan: p, spawn });
      const err = await pool.model.then(
        () => new Error('the load succeeded'),
        (e: unknown) => e as Error,
      );
      expect(err.message).toContain(`range 3 of 3 (bytes ${p.offsets[2]}–${p.offsets[3]}) could not be parsed`);
      expect(workers.map((w) => w.terminated)).toEqual([true, true]);
    }, SLOW);
  }

  it('a memory limit thrown by the progress listener fails the load with its own error', async () => {
    const bytes = traceBytes('03-systemwide-sched-irq.report.txt.gz');
    const { spawn, workers } = fakeRangeWorkers();
    const tooBig = new Error('too big');
    const pool = loadInPool({
      blob: blobOf(bytes),
      plan: planOf(bytes, 2),
      spawn,
      onProgress: ({ calls }) => {
        if (calls > 100) throw tooBig;
      },
    });
    await expect(pool.model).rejects.toBe(tooBig);
    expect(workers[0].terminated).toBe(true);
  }, SLOW);

  it('takes workers started before the plan (warm start), terminating the ones the plan has no range for', async () => {
    const { bytes, spots } = traceCmdSeamTrace(12, 200);
    const { spawn, workers } = fakeRangeWorkers({ delayMs: (k) => k });
    const warm = startRangeWorkers(spawn, 4);
    expect(workers).toHaveLength(4);
    // 3 ranges: two of the four started workers get one, the others are let go.
    const pool = loadInPool({ blob: blobOf(bytes), plan: planOf(bytes, [spots[20].offset, spots[60].offset]), spawn, started: warm, batchRows: 50 });
    expect(modelDifference(loadBytes(bytes), await pool.model)).toBeNull();
    // No worker spawned beside them: ranges 2 and 3 were parsed by the first two started.
    expect(workers).toHaveLength(4);
    expect(workers.map((w) => w.terminated)).toEqual([true, true, true, true]);
  }, SLOW);

  it('a started worker that failed before its job fails the load that takes it, naming its range', async () => {
    const bytes = traceBytes('03-systemwide-sched-irq.report.txt.gz');
    const p = planOf(bytes, 2);
    let failEarly: ((message: string) => void) | undefined;
    const { spawn: fakeSpawn, workers } = fakeRangeWorkers();
    const warm = startRangeWorkers((events) => {
      failEarly = (message) => events.error(message);
      return fakeSpawn(events);
    }, 1);
    failEarly?.('its script could not be loaded');
    const pool = loadInPool({ blob: blobOf(bytes), plan: p, spawn: fakeSpawn, started: warm });
    await expect(pool.model).rejects.toThrow(`range 2 of 2 (bytes ${p.offsets[1]}–${p.offsets[2]}) could not be parsed: its script could not be loaded`);
    expect(workers.map((w) => w.terminated)).toEqual([true]);
  }, SLOW);
});
