import { describe, expect, it } from 'vitest';
import { loadBytes, traceBytes } from '../../test-utils/traces';
import { computeFunctionStats } from './function-stats';

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
});
