/**
 * The parse pool's coordination (range-pool.ts) with workers run in this thread
 * (test-utils/fake-range-workers.ts): batches joined in range order whatever order they
 * arrive in, the joined model equal to the one-pass model, Cancel and a failing worker; the
 * split build (later ranges build their own calls, stitched in or read again here) too.
 */
import { describe, expect, it } from 'vitest';
import { nominalCuts } from '../../core/parallel/cuts';
import { fakeRangeWorkers } from '../../test-utils/fake-range-workers';
import { loadBytes, traceBytes } from '../../test-utils/traces';
import { modelDifference } from '../../test-utils/model-difference';
import { busyTraceThen, busyTraceWithLateTask, fuzzedCuts, graphText, seededRandom, traceCmdBusyTrace, traceCmdSeamTrace, tracefsSeamTrace } from '../../test-utils/seam-traces';
import { loadInPool, PoolCancelled, poolCuts, startRangeWorkers, type PoolProgress } from './range-pool';
import { traceManifest } from '../../test-utils/traces';
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

const TEXT_TRACES = traceManifest()
  .files.map((f) => f.file)
  .filter((f) => !f.endsWith('.dat') && !f.endsWith('.dat.gz'));

/** Above this, a real trace is checked on its first bytes (cut at a line end): seams matter, not length. */
const WHOLE_UP_TO = 1 << 20;

/** The pool's model of `bytes` cut at `cuts`, later ranges answering first, with how its split build went. */
async function pooled(bytes: Uint8Array, cuts: number | number[], batchRows = 300, split = true) {
  const ranges = typeof cuts === 'number' ? cuts : cuts.length + 1;
  const { spawn, workers } = fakeRangeWorkers({ delayMs: (k) => (ranges - k) % 3 });
  const phases: string[] = [];
  const pool = loadInPool({ blob: blobOf(bytes), plan: planOf(bytes, cuts), spawn, batchRows, split, onPhase: (what) => phases.push(what) });
  const model = await pool.model;
  expect(workers.every((w) => w.terminated)).toBe(true);
  return { model, stats: pool.stats, phases };
}

describe('loadInPool with the split build', () => {
  it('real traces in 2, 3, 7 and 16 ranges give the one-pass model', async () => {
    let stitched = 0;
    for (const name of TEXT_TRACES) {
      const all = traceBytes(name);
      const bytes = all.length <= WHOLE_UP_TO ? all : all.subarray(0, all.indexOf(10, WHOLE_UP_TO) + 1);
      const one = loadBytes(bytes);
      for (const n of [2, 3, 7, 16]) {
        const { model, stats } = await pooled(bytes, n);
        expect([name, n, modelDifference(one, model)]).toEqual([name, n, null]);
        stitched += stats.stitched;
      }
    }
    // Some ranges of the real traces went the split way (not all replayed).
    expect(stitched).toBeGreaterThan(0);
  }, 300_000);

  it('traces with seams in the worst places, fuzzed cuts in 2, 3, 7 and 16 ranges, give the one-pass model', async () => {
    const rnd = seededRandom(1313);
    for (const make of [traceCmdSeamTrace, tracefsSeamTrace]) {
      for (let seed = 1; seed <= 3; seed++) {
        const trace = make(seed);
        const { bytes } = trace;
        const one = loadBytes(bytes);
        for (const n of [2, 3, 7, 16]) {
          const cuts = fuzzedCuts(rnd, trace, n - 1);
          const rows = [1, 7, 100, 1 << 16][Math.floor(rnd() * 4)];
          const { model } = await pooled(bytes, cuts, rows);
          expect([seed, cuts, modelDifference(one, model)]).toEqual([seed, cuts, null]);
        }
      }
    }
  }, 300_000);

  it('stitches the later ranges of a busy trace, in 2, 3 and 7 ranges of the pool\'s own cut', async () => {
    const bytes = traceCmdBusyTrace(3);
    const one = loadBytes(bytes);
    for (const n of [2, 3, 7]) {
      const { model, stats } = await pooled(bytes, poolCuts(bytes.length, n));
      expect([n, modelDifference(one, model)]).toEqual([n, null]);
      expect([n, stats.stitched, stats.fellBack]).toEqual([n, n - 1, 0]);
      expect(stats.built).toBeGreaterThan(0);
    }
    // Without it, every range is replayed.
    expect((await pooled(bytes, 3, 300, false)).stats).toEqual({ stitched: 0, fellBack: 0, built: 0, prefix: 0, tail: 0 });
  }, SLOW);

  it('reads a range again here where its seam is not what it assumed (a call still open there)', async () => {
    const { bytes, cut } = busyTraceWithLateTask(false);
    const { model, stats, phases } = await pooled(bytes, [cut]);
    expect(modelDifference(loadBytes(bytes), model)).toBeNull();
    expect([stats.stitched, stats.fellBack]).toEqual([0, 1]);
    expect(phases).toEqual(['range 1 parsed (this thread)', 'range 2 read again (its split part did not fit)']);
    // Where the prefix closes that call too, the range is stitched.
    const closing = busyTraceWithLateTask(true);
    const fits = await pooled(closing.bytes, [closing.cut]);
    expect(modelDifference(loadBytes(closing.bytes), fits.model)).toBeNull();
    expect([fits.stats.stitched, fits.stats.fellBack]).toEqual([1, 0]);
    expect(fits.phases).toEqual(['range 1 parsed (this thread)', 'range 2 joined']);
  }, SLOW);

  it('a cancel while a range is read again stops the read and rejects the load', async () => {
    // A late task's call still open at the seam, then a long range: read again in many chunks.
    const { entry, exit, leaf } = graphText;
    const late: [string, string][] = [entry(0, 'outer'), entry(1, 'inner'), exit(1, 20), leaf(0, 'after')].map((t) => ['late-999', t]);
    for (let i = 0; i < 30_000; i++) late.push(['late-999', leaf(0, `again_${i % 40}`)]);
    const { bytes, cut } = busyTraceThen(late, 2);
    const total = loadBytes(bytes).diagnostics.linesRead;
    const { spawn, workers } = fakeRangeWorkers();
    const seen: PoolProgress[] = [];
    let cancelledAt = -1;
    const pool: { cancel(): void; stats: { fellBack: number } } = { cancel: () => undefined, stats: { fellBack: 0 } };
    const load = loadInPool({
      blob: blobOf(bytes),
      plan: planOf(bytes, [cut]),
      spawn,
      onProgress: (p) => seen.push(p),
      // The first turn taken while the range is read again: the page's Cancel.
      yieldSometimes: async () => {
        if (cancelledAt < 0 && pool.stats.fellBack > 0) {
          cancelledAt = seen.length;
          pool.cancel();
        }
        await new Promise((r) => setTimeout(r, 0));
      },
    });
    Object.assign(pool, load);
    await expect(load.model).rejects.toBeInstanceOf(PoolCancelled);
    expect(cancelledAt).toBeGreaterThan(0);
    // Nothing more was read once cancelled, and far from all of it had been.
    expect(seen.length).toBe(cancelledAt);
    expect(seen[seen.length - 1].lines).toBeLessThan(total / 2);
    expect(workers.map((w) => w.terminated)).toEqual([true]);
  }, SLOW);

  it('while a split range waits for its worker, the progress counts the bytes it read and the calls it built', async () => {
    // About 20 MB, its second range built apart: several of its worker's notes.
    const bytes = traceCmdBusyTrace(5, 200_000);
    const plan = planOf(bytes, 2);
    const { spawn } = fakeRangeWorkers({ delayMs: () => 2 });
    const seen: PoolProgress[] = [];
    const pool = loadInPool({ blob: blobOf(bytes), plan, spawn, onProgress: (p) => seen.push(p) });
    const model = await pool.model;
    expect(modelDifference(loadBytes(bytes), model)).toBeNull();
    expect(pool.stats.stitched).toBe(1);
    expect(seen.every((p, i) => i === 0 || (p.bytes >= seen[i - 1].bytes && p.lines >= seen[i - 1].lines))).toBe(true);
    // Reports before the second range was joined (lines of the first range alone) with bytes of the second.
    let firstLines = 0;
    for (let i = 0; i < plan.offsets[1]; i++) if (bytes[i] === 10) firstLines++;
    const waiting = seen.filter((p) => p.lines <= firstLines + 1 && p.bytes > plan.offsets[1] + (1 << 20));
    expect(waiting.length).toBeGreaterThan(0);
    // Its calls too (the memory limit counts them): they grow between reports of the same lines joined.
    expect(waiting.some((p, i) => i > 0 && p.lines === waiting[i - 1].lines && p.calls > waiting[i - 1].calls)).toBe(true);
    expect(seen[seen.length - 1].bytes).toBe(bytes.length);
  }, SLOW);
});
