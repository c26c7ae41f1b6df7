/**
 * The parse pool for an inflated gzip (piece-pool.ts) with workers run in this thread
 * (test-utils/fake-range-workers.ts): pieces dealt round-robin and joined in piece order
 * whatever order their batches arrive in give the one-pass model; the text in flight is
 * bounded; a failing worker and Cancel.
 */
import { describe, expect, it } from 'vitest';
import { cutPieces, planText } from '../../core/parallel/load-pieces';
import type { RangePlan } from '../../core/parallel/plan';
import { fakeRangeWorkers, type FakeWorkerPlan } from '../../test-utils/fake-range-workers';
import { modelDifference } from '../../test-utils/model-difference';
import { tracefsSeamTrace } from '../../test-utils/seam-traces';
import { loadBytes, traceBytes } from '../../test-utils/traces';
import { loadPiecesInPool, type PiecePool, type PiecePoolOptions } from './piece-pool';
import { PoolCancelled, startRangeWorkers } from './range-pool';

/** A few MB traces loaded several times per test: seconds on a busy machine. */
const SLOW = 120_000;

function planOf(text: Uint8Array): RangePlan {
  const plan = planText(text.subarray(0, 1 << 20), text.length <= 1 << 20);
  if (!plan) throw new Error('no plan');
  return plan;
}

/** Deals `text` cut in pieces of `pieceBytes` to a pool of `workers` fake workers; the pool, its workers and the deal's end. */
function dealText(text: Uint8Array, workers: number, pieceBytes: number, fakes: FakeWorkerPlan = {}, extra: Partial<PiecePoolOptions> = {}) {
  const plan = planOf(text);
  const { spawn, workers: spawned } = fakeRangeWorkers(fakes);
  const pool: PiecePool = loadPiecesInPool({ format: plan.format, headLines: plan.headLines, workers, spawn, batchRows: 300, ...extra });
  const dealing = (async () => {
    for (const piece of cutPieces(text, plan, pieceBytes, 100_003)) await pool.deal(piece, piece.start + piece.bytes);
    pool.end(text.length);
  })();
  return { pool, spawned, dealing };
}

describe('loadPiecesInPool', () => {
  for (const name of ['03-systemwide-sched-irq.report.txt.gz', '04-tracefs-funcgraph-proc.txt', '05-seed-report-latency.txt.gz']) {
    it(`${name}: 2, 3 and 7 workers, later pieces answering first, this thread parsing a share or none, give the one-pass model`, async () => {
      const all = traceBytes(name);
      // The first 4 MB (cut at a line end): seams matter, not length.
      const text = all.length <= 4e6 ? all : all.subarray(0, all.indexOf(10, 4e6) + 1);
      const one = loadBytes(text);
      for (const [workers, selfShare] of [
        [1, 0.42],
        [2, 0],
        [2, 0.18],
        [3, 0.5],
        [7, 0],
      ]) {
        // The last worker's messages come soonest, the first's last.
        const { pool, spawned, dealing } = dealText(text, workers, Math.ceil(text.length / 17), { delayMs: (k) => (workers - k) * 2 }, { selfShare });
        await dealing;
        expect([name, workers, selfShare, modelDifference(one, await pool.model)]).toEqual([name, workers, selfShare, null]);
        expect(spawned.map((w) => w.terminated)).toEqual(new Array(workers).fill(true));
        expect(spawned.every((w) => w.recycled > 0)).toBe(true);
      }
    }, SLOW);
  }

  it('pieces of one line each, and a text with no line end at its end, give the one-pass model', async () => {
    const text = tracefsSeamTrace(5, 20).bytes.subarray(0, -1);
    const { pool, dealing } = dealText(text, 3, 1, { delayMs: (k) => k % 2 }, { selfShare: 0.3 });
    await dealing;
    expect(modelDifference(loadBytes(text), await pool.model)).toBeNull();
  }, SLOW);

  it('holds at most `ahead` pieces dealt and not joined: deal waits for the join', async () => {
    const text = traceBytes('03-systemwide-sched-irq.report.txt.gz');
    const plan = planOf(text);
    const { spawn } = fakeRangeWorkers({ delayMs: () => 5 });
    let joinedBytes = 0;
    const pool = loadPiecesInPool({ format: plan.format, headLines: plan.headLines, workers: 2, spawn, ahead: 3, onProgress: (p) => (joinedBytes = p.bytes) });
    const pieces = cutPieces(text, plan, 200_000);
    expect(pieces.length).toBeGreaterThan(10);
    let worst = 0;
    for (const piece of pieces) {
      await pool.deal(piece, piece.start + piece.bytes);
      // What was dealt reaches at most 3 pieces past what was joined.
      const dealtEnd = piece.start + piece.bytes;
      const inFlight = pieces.filter((p) => p.start >= joinedBytes && p.start < dealtEnd).length;
      worst = Math.max(worst, inFlight);
    }
    pool.end(text.length);
    expect(modelDifference(loadBytes(text), await pool.model)).toBeNull();
    expect(worst).toBeLessThanOrEqual(3);
    expect(joinedBytes).toBe(text.length);
  }, SLOW);

  it('a failing worker fails the load with a message naming it and its piece, and the pool is terminated', async () => {
    const text = traceBytes('03-systemwide-sched-irq.report.txt.gz');
    for (const how of ['reported', 'uncaught'] as const) {
      const { pool, spawned, dealing } = dealText(text, 3, 500_000, { fail: { k: 2, how } });
      await dealing;
      await expect(pool.model).rejects.toThrow(/^piece 2 \(text bytes \d+–\d+\), range worker 2 of 3, could not be parsed: /);
      expect(spawned.every((w) => w.terminated)).toBe(true);
    }
  }, SLOW);

  it('cancel terminates every worker and rejects the load, even when no worker answers; deal then returns at once', async () => {
    const text = traceBytes('03-systemwide-sched-irq.report.txt.gz');
    const plan = planOf(text);
    const { spawn, workers } = fakeRangeWorkers({ silent: true });
    const pool = loadPiecesInPool({ format: plan.format, headLines: plan.headLines, workers: 2, spawn, ahead: 2 });
    const pieces = cutPieces(text, plan, 300_000);
    const dealing = (async () => {
      for (const piece of pieces) await pool.deal(piece, 0);
    })();
    setTimeout(() => pool.cancel(), 20);
    await dealing;
    await expect(pool.model).rejects.toBeInstanceOf(PoolCancelled);
    expect(workers.map((w) => w.terminated)).toEqual([true, true]);
  }, SLOW);

  it('a worker that failed before its first piece fails the load naming it alone', async () => {
    const text = traceBytes('04-tracefs-funcgraph-proc.txt');
    const plan = planOf(text);
    let n = 0;
    const terminated: boolean[] = [];
    const started = startRangeWorkers((events) => {
      const me = n++;
      terminated.push(false);
      if (me === 1) events.error('SyntaxError: the script could not be loaded');
      return { post: () => undefined, terminate: () => (terminated[me] = true) };
    }, 2);
    const pool = loadPiecesInPool({ format: plan.format, headLines: plan.headLines, workers: 2, spawn: () => started[0].handle, started });
    for (const piece of cutPieces(text, plan, 50_000)) await pool.deal(piece, 0);
    await expect(pool.model).rejects.toThrow('range worker 2 of 2 could not be started: SyntaxError: the script could not be loaded');
    expect(terminated).toEqual([true, true]);
  });
});
