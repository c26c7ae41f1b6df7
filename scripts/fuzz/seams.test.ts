/**
 * The seams property can fail: a join that stitches a later range without checking the seam
 * state, or that loses a range's lines, is caught at the case's cuts; the real join is not.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Rng } from '../../bench/rng';
import { busyTraceWithLateTask, traceCmdBusyTrace } from '../../src/test-utils/seam-traces';
import { loadBytes } from '../../src/test-utils/traces';
import { RangeJoin } from '../../src/core/parallel/range-join';
import { makeCase } from './cases';
import { DEFAULT_SCALE } from './mutators';
import { runCase } from './run-case';
import { checkSeams, randomSeams, seamOffsets, type SeamPlacement } from './seams';

/** A join that trusts every range's speculation: splitFits's answer is replaced by "fits". */
const wrong = vi.hoisted(() => ({ stitchAlways: false }));
vi.mock('../../src/core/parallel/split-stitch', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/core/parallel/split-stitch')>();
  return { ...real, splitFits: (...args: Parameters<typeof real.splitFits>) => wrong.stitchAlways || real.splitFits(...args) };
});

afterEach(() => {
  wrong.stitchAlways = false;
  vi.restoreAllMocks();
});

/** One placement: 2 ranges cut exactly at `cut`, the later one built apart (split) or replayed. */
const at = (bytes: Uint8Array, cut: number, split = true): SeamPlacement => ({ cuts: [cut / bytes.length], snap: [null], chunk: 4096, rows: 100, direct: false, split });

describe('seams property', () => {
  it('places cuts at the same share of a shrunk input, snapped to line starts where asked', () => {
    const bytes = new TextEncoder().encode('aaaa\nbbbb\ncccc\n');
    expect(seamOffsets(bytes, { cuts: [0.1, 0.5], snap: [null, 0], chunk: 1, rows: 1, direct: false, split: true })).toEqual([1, 10]);
    expect(seamOffsets(bytes, { cuts: [0.5], snap: [-1], chunk: 1, rows: 1, direct: false, split: true })).toEqual([9]);
    const seams = randomSeams(new Rng(3));
    expect(randomSeams(new Rng(3))).toEqual(seams);
    expect(makeCase(5, 1, DEFAULT_SCALE).seams).toEqual(makeCase(5, 1, DEFAULT_SCALE).seams);
  });

  it('holds where the join reads a range again because its seam does not fit', () => {
    const { bytes, cut } = busyTraceWithLateTask(false);
    expect(checkSeams(bytes, [at(bytes, cut)], loadBytes(bytes))).toEqual([]);
  });

  it('finds a join that stitches a range whose seam does not fit', () => {
    const { bytes, cut } = busyTraceWithLateTask(false);
    wrong.stitchAlways = true;
    const failures = checkSeams(bytes, [at(bytes, cut)], loadBytes(bytes));
    expect(failures.map((f) => f.property)).toEqual(['seams']);
    expect(failures[0].message).toMatch(/^2 ranges cut at \[\d+\]/);
  });

  it('finds a join that loses the lines of a later range, built apart or replayed', () => {
    const bytes = traceCmdBusyTrace(4, 3000);
    const one = loadBytes(bytes);
    const half = bytes.length >> 1;
    expect(checkSeams(bytes, [at(bytes, half), at(bytes, half, false)], one)).toEqual([]);
    vi.spyOn(RangeJoin.prototype, 'add').mockImplementation(() => {});
    const failures = checkSeams(bytes, [at(bytes, half), at(bytes, half, false)], one);
    expect(failures.map((f) => f.message.match(/split build|replayed/)?.[0])).toEqual(['split build', 'replayed']);
  });

  it('is checked by the campaign on each text case, and names the case\'s cuts', async () => {
    const { bytes, cut } = busyTraceWithLateTask(false);
    const c = { ...makeCase(1, 0, DEFAULT_SCALE), mutations: [], bytes, chunkings: [[bytes.length]], serviceChunks: null, serviceGzip: 0 as const, seams: [at(bytes, cut)] };
    expect((await runCase(c, { selfSum: false })).failures.filter((f) => f.property === 'seams')).toEqual([]);
    wrong.stitchAlways = true;
    expect((await runCase(c, { selfSum: false })).failures.filter((f) => f.property === 'seams')).toHaveLength(1);
  }, 60_000);
});
