import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../test-utils/seam-traces';
import { nearestRankIndex } from './select';
import { RADIX_FROM, RankSelector } from './select-ranks';

describe('RankSelector', () => {
  it('gives the sorted values at the three ranks on every shape of values', () => {
    const r = seededRandom(13);
    const shapes: [string, (i: number, n: number) => number][] = [
      ['log-normal integer ns', () => Math.round(Math.exp(6 + 2 * Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r())))],
      ['uniform', () => Math.floor(r() * 1e6)],
      ['ascending', (i) => i],
      ['descending', (i, n) => n - i],
      ['constant', () => 211],
      ['three values', () => [211, 1000, 5][Math.floor(r() * 3)]],
      // Doubles whose high 32 bits are the same: one bucket of the histogram holds them all.
      ['one high word', () => 2 ** 45 + Math.floor(r() * 1000)],
      ['mostly one value, a few far', () => (r() < 0.97 ? 1000 : r() * 1e9)],
      ['negative and positive, fractions', () => (r() - 0.3) * 10 ** Math.floor(r() * 12)],
      ['with infinities and zeros', () => [-Infinity, Infinity, 0, 3, -7][Math.floor(r() * 5)]],
      ['one outlier past the others', (i) => (i === 17 ? 1e15 : Math.floor(r() * 100))],
    ];
    const selector = new RankSelector();
    const out = new Float64Array(3);
    for (const [shape, gen] of shapes) {
      for (const n of [1, 2, 31, 100, RADIX_FROM - 1, RADIX_FROM, RADIX_FROM + 1, 5000, 70_000]) {
        // The range inside a larger array, as a function's durations lie among the others'.
        const pad = 3;
        const a = new Float64Array(n + 2 * pad).fill(-1);
        for (let i = 0; i < n; i++) a[pad + i] = gen(i, n);
        const sorted = a.slice(pad, pad + n).sort();
        const ranks = [nearestRankIndex(n, 0.5), nearestRankIndex(n, 0.95), nearestRankIndex(n, 0.99)] as const;
        selector.select(a, pad, pad + n, ranks[0], ranks[1], ranks[2], sorted[0], sorted[n - 1], out);
        const want = [sorted[ranks[0]], sorted[ranks[1]], sorted[ranks[2]]];
        expect([shape, n, ...out.subarray(0, 3)]).toEqual([shape, n, ...want]);
        expect([...a.slice(pad, pad + n)].sort((x, y) => x - y)).toEqual([...sorted]);
        expect([...a.subarray(0, pad), ...a.subarray(pad + n)]).toEqual(new Array(2 * pad).fill(-1));
      }
    }
  });

  it('takes -0 and +0 as the one value they are, whichever the caller saw first as min or max', () => {
    const selector = new RankSelector();
    const out = new Float64Array(3);
    const n = 4 * RADIX_FROM;
    for (const [min, max] of [[0, 0], [-0, -0], [0, -0], [-0, 0]]) {
      // Zeros of both signs and a few larger values, so that the ranks fall among the zeros.
      const a = Float64Array.from({ length: n }, (_, i) => (i % 97 === 0 ? i : i % 2 ? -0 : 0));
      const sorted = a.slice().sort();
      const top = sorted[n - 1];
      const ranks = [nearestRankIndex(n, 0.5), nearestRankIndex(n, 0.95), nearestRankIndex(n, 0.99)] as const;
      selector.select(a, 0, n, ranks[0], ranks[1], ranks[2], min, top, out);
      // Equal values: which zero comes out is not defined (`+ 0` makes -0 +0 for toEqual).
      expect([...out.subarray(0, 3)].map((v) => v + 0)).toEqual(ranks.map((k) => sorted[k] + 0));
      // All zeros: the greatest is a zero too, of either sign.
      const zeros = Float64Array.from({ length: n }, (_, i) => (i % 2 ? -0 : 0));
      selector.select(zeros, 0, n, ranks[0], ranks[1], ranks[2], min, max, out);
      expect([...out.subarray(0, 3)].every((v) => v === 0)).toBe(true);
    }
  });

  it('gives any three ascending ranks, equal ones too', () => {
    const r = seededRandom(5);
    const selector = new RankSelector();
    const out = new Float64Array(3);
    for (let trial = 0; trial < 40; trial++) {
      const n = RADIX_FROM + Math.floor(r() * 20_000);
      const a = Float64Array.from({ length: n }, () => Math.floor(r() * (trial % 2 ? 50 : 1e7)));
      const sorted = a.slice().sort();
      const ranks = [0, 1, 2].map(() => Math.floor(r() * n)).sort((x, y) => x - y);
      if (trial % 5 === 0) ranks[1] = ranks[2] = ranks[0];
      selector.select(a, 0, n, ranks[0], ranks[1], ranks[2], sorted[0], sorted[n - 1], out);
      expect([...out.subarray(0, 3)]).toEqual(ranks.map((k) => sorted[k]));
    }
  });
});
