import { describe, expect, it } from 'vitest';
import { CallTable } from '../model/call-table';
import { StringTable } from '../model/string-table';
import { referenceFunctionStats } from '../../test-utils/reference/function-stats';
import { seededRandom } from '../../test-utils/seam-traces';
import { loadBytes, traceBytes } from '../../test-utils/traces';
import { computeFunctionStats } from './function-stats';
import { RADIX_FROM } from './select-ranks';

/**
 * A call table of `n` calls over `nFuncs` functions, a few of them with most of the calls
 * (far more than the radix selection starts from), durations of several shapes per function
 * (integer ns spread wide, few values, one value, fractions), some calls without a duration
 * or a self time.
 */
function randomCalls(seed: number, n: number, nFuncs: number): { calls: CallTable; strings: StringTable } {
  const r = seededRandom(seed);
  const strings = new StringTable();
  for (let f = 0; f < nFuncs; f++) strings.intern(`f${f}`);
  const calls = new CallTable(n);
  for (let i = 0; i < n; i++) {
    // Function 0 about a third of the calls, 1 a sixth, ...: a Zipf-like spread. (Without the
    // floor at 0, a draw above 1 - 1/nFuncs gave -1: a function id no table has, about 3% of
    // the calls, which every figure then left out unseen.)
    const f = Math.max(0, Math.min(nFuncs - 1, Math.floor(1 / (r() + 1 / nFuncs)) - 1));
    calls.add(f, -1, 0, 0, 0, i, 0, i + 1);
    const shape = f % 4;
    const d =
      r() < 0.03
        ? Number.NaN
        : shape === 0
          ? Math.round(Math.exp(5 + 3 * r() * r()))
          : shape === 1
            ? [120, 121, 5000][Math.floor(r() * 3)]
            : shape === 2
              ? 777
              : r() * 1e4;
    calls.duration[i] = d;
    calls.self[i] = r() < 0.05 ? Number.NaN : Math.floor(d / 2);
  }
  return { calls, strings };
}

describe('computeFunctionStats', () => {
  it('gives every function of a real trace the nearest-rank percentiles of its sorted durations', () => {
    const model = loadBytes(traceBytes('01-seed-curl-fgraph.report.txt.gz'));
    const { calls, strings } = model;
    const byFunc = new Map<number, number[]>();
    const count = new Map<number, number>();
    for (let i = 0; i < calls.length; i++) {
      const f = calls.func[i];
      count.set(f, (count.get(f) ?? 0) + 1);
      if (Number.isNaN(calls.duration[i])) continue;
      let list = byFunc.get(f);
      if (!list) byFunc.set(f, (list = []));
      list.push(calls.duration[i]);
    }
    const t = computeFunctionStats(calls, strings);
    expect(t.length).toBe(count.size);
    const rank = (sorted: number[], q: number) => sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1];
    let checked = 0;
    for (let r = 0; r < t.length; r++) {
      const f = t.func[r];
      expect(t.calls[r]).toBe(count.get(f));
      const sorted = (byFunc.get(f) ?? []).sort((a, b) => a - b);
      const got = [t.min[r], t.p50[r], t.p95[r], t.p99[r], t.max[r]];
      if (sorted.length === 0) {
        expect(got.every(Number.isNaN)).toBe(true);
        continue;
      }
      const want = [sorted[0], rank(sorted, 0.5), rank(sorted, 0.95), rank(sorted, 0.99), sorted[sorted.length - 1]];
      expect([strings.get(f), ...got]).toEqual([strings.get(f), ...want]);
      if (sorted.length > 40) checked++;
    }
    // The seed has functions with enough calls for the selection to partition, not only sort.
    expect(checked).toBeGreaterThan(20);
  });
  it('gives the same table when the durations are grouped in several passes, a few functions each', () => {
    const model = loadBytes(traceBytes('01-seed-curl-fgraph.report.txt.gz'));
    const { calls, strings } = model;
    const include = (i: number) => i % 3 !== 0;
    const irqInside = new Float64Array(calls.length).map((_, i) => (i % 7 === 0 ? i : 0));
    const onePass = computeFunctionStats(calls, strings, include, irqInside);
    let timed = 0;
    for (let i = 0; i < calls.length; i++) if (include(i) && !Number.isNaN(calls.duration[i])) timed++;
    // One function a pass (every function's durations over the limit), then a few a pass.
    for (const perPass of [1, 7, Math.ceil(timed / 5)]) {
      expect(computeFunctionStats(calls, strings, include, irqInside, perPass)).toEqual(onePass);
    }
    expect(onePass.length).toBeGreaterThan(5);
  });
  it('equals the plain way (sorted durations, nearest rank, call-order sums) on random calls, filtered, in any number of passes', () => {
    for (const seed of [1, 2, 3]) {
      const { calls, strings } = randomCalls(seed, 60_000, 40 + seed);
      const r = seededRandom(100 + seed);
      const irqInside = Float64Array.from({ length: calls.length }, () => (r() < 0.1 ? Math.floor(r() * 1000) : 0));
      const picked = Uint8Array.from({ length: calls.length }, () => (r() < 0.7 ? 1 : 0));
      const include = (i: number) => picked[i] === 1;
      const all = computeFunctionStats(calls, strings, undefined, irqInside);
      expect(all).toEqual(referenceFunctionStats(calls, strings.size, undefined, irqInside));
      // Every call is some function's: the table counts them all.
      expect(all.calls.reduce((a, b) => a + b, 0)).toBe(calls.length);
      const want = referenceFunctionStats(calls, strings.size, include);
      for (const perPass of [1, 1000, 20_000, 1 << 22]) {
        expect(computeFunctionStats(calls, strings, include, undefined, perPass)).toEqual(want);
      }
      // The busiest functions have enough timed calls for the radix selection, not only the quickselects.
      expect(all.timed[0]).toBeGreaterThan(4 * RADIX_FROM);
      expect(all.timed.filter((k) => k >= RADIX_FROM).length).toBeGreaterThan(4);
    }
  });

  it('counts a function whose every call lacks a duration, and leaves out functions no call picked', () => {
    const strings = new StringTable();
    for (const name of ['a', 'b', 'c']) strings.intern(name);
    const calls = new CallTable(4);
    for (const [f, d] of [[0, 5], [1, Number.NaN], [0, 7], [1, Number.NaN]]) {
      const i = calls.add(f, -1, 0, 0, 0, 0, 0);
      calls.duration[i] = d;
      calls.self[i] = d;
    }
    const t = computeFunctionStats(calls, strings);
    expect(t).toEqual(referenceFunctionStats(calls, strings.size));
    expect([...t.func]).toEqual([0, 1]);
    expect([t.min[1], t.p50[1], t.max[1]]).toEqual([Number.NaN, Number.NaN, Number.NaN]);
  });
});
