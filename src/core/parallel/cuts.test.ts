/**
 * Where a parallel load cuts its input (cuts.ts): the joining thread's share balances its
 * work (its own range straight into the builder, then the join) with a worker's (its range
 * into batches, after its start-up), and any cut gives the one-pass model.
 */
import { describe, expect, it } from 'vitest';
import { mainShare, MAX_MAIN_SHARE, MEASURED_CUT_COSTS, nominalCuts, type CutCosts } from './cuts';
import { loadInRanges } from './load-ranges';
import { modelDifference } from '../../test-utils/model-difference';
import { traceCmdSeamTrace } from '../../test-utils/seam-traces';
import { loadBytes } from '../../test-utils/traces';

const GiB = 2 ** 30;
const NO_START: CutCosts = { ...MEASURED_CUT_COSTS, startBytes: 0 };

/** The time of each thread, in one-pass loads of the whole input, with `threads` and share `f`. */
function threadTimes(threads: number, f: number, size: number, c: CutCosts): { main: number; worker: number } {
  return { main: f * c.direct + (1 - f) * c.join, worker: c.startBytes / size + ((1 - f) * c.parse) / (threads - 1) };
}

describe('mainShare', () => {
  it('is the whole input for one thread', () => {
    expect(mainShare(1, GiB)).toBe(1);
  });

  it('balances the joining thread with a worker: their times are equal at the share it gives', () => {
    for (const threads of [2, 3, 4]) {
      for (const size of [GiB, 4 * GiB, 300e6]) {
        const f = mainShare(threads, size);
        const { main, worker } = threadTimes(threads, f, size, MEASURED_CUT_COSTS);
        expect([threads, size, Math.abs(main - worker) < 1e-9]).toEqual([threads, size, true]);
        // Moving the cut either way makes the longer thread longer.
        for (const g of [f - 0.02, f + 0.02]) {
          const t = threadTimes(threads, g, size, MEASURED_CUT_COSTS);
          expect(Math.max(t.main, t.worker)).toBeGreaterThan(Math.max(main, worker));
        }
      }
    }
  });

  it('gives 2 threads a near-even cut on a large input (the join is a quarter of a parse), less with more threads', () => {
    const two = mainShare(2, 4 * GiB);
    expect(two).toBeGreaterThan(0.38);
    expect(two).toBeLessThan(0.47);
    expect(mainShare(3, 4 * GiB)).toBeLessThan(two);
    expect(mainShare(4, 4 * GiB)).toBeLessThan(mainShare(3, 4 * GiB));
    // Joining alone keeps the joining thread busy: no range of its own.
    expect(mainShare(8, 4 * GiB)).toBe(0);
    expect(mainShare(16, GiB)).toBe(0);
  });

  it("gives the joining thread more of a small input, where a worker's start-up weighs more, never all of it", () => {
    expect(mainShare(2, 168e6)).toBeGreaterThan(mainShare(2, GiB));
    expect(mainShare(2, 4 << 20)).toBe(MAX_MAIN_SHARE);
    expect(mainShare(2, 168e6, NO_START)).toBeCloseTo(mainShare(2, Number.POSITIVE_INFINITY), 12);
  });
});

describe('nominalCuts', () => {
  it('puts the joining thread\'s share first and cuts the rest equally, in order, inside the input', () => {
    const size = 1e9;
    for (const threads of [2, 3, 7, 16]) {
      const cuts = nominalCuts(size, threads);
      expect(cuts).toHaveLength(threads - 1);
      expect(cuts[0]).toBe(Math.floor(size * mainShare(threads, size)));
      const bounds = [...cuts, size];
      const parts = bounds.slice(1).map((b, i) => b - bounds[i]);
      expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
      expect(cuts.every((c, i) => c >= 0 && c <= size && (i === 0 || c >= cuts[i - 1]))).toBe(true);
    }
  });

  it('cut as a load cuts it, 2, 3, 7 and 16 ranges give the one-pass model (seams where the bytes say)', () => {
    const { bytes } = traceCmdSeamTrace(5, 400);
    const one = loadBytes(bytes);
    for (const threads of [2, 3, 7, 16]) {
      for (const costs of [MEASURED_CUT_COSTS, NO_START]) {
        const cuts = nominalCuts(bytes.length, threads, costs);
        expect([threads, cuts, modelDifference(one, loadInRanges(bytes, cuts, 4096, 64, true))]).toEqual([threads, cuts, null]);
      }
    }
  });
});
