import { describe, expect, it } from 'vitest';
import { nearestRankIndex, selectInPlace } from './select';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('selectInPlace', () => {
  it('puts the sorted value at k and partitions around it, on random, sorted, constant and few-valued input', () => {
    const r = rng(7);
    const shapes: [string, (i: number, n: number) => number][] = [
      ['random', () => Math.floor(r() * 1e6)],
      ['ascending', (i) => i],
      ['descending', (i, n) => n - i],
      ['constant', () => 211],
      ['three values', () => [211, 1000, 5][Math.floor(r() * 3)]],
    ];
    for (const [shape, gen] of shapes) {
      for (const n of [1, 2, 31, 32, 33, 100, 1000, 5000]) {
        const values = Float64Array.from({ length: n }, (_, i) => gen(i, n));
        const sorted = values.slice().sort();
        for (const k of new Set([0, n - 1, n >> 1, nearestRankIndex(n, 0.95), nearestRankIndex(n, 0.99)])) {
          const a = values.slice();
          selectInPlace(a, 0, n, k);
          expect([shape, n, k, a[k]]).toEqual([shape, n, k, sorted[k]]);
          for (let i = 0; i < k; i++) if (a[i] > a[k]) expect([shape, n, k, 'left', i]).toBe('partitioned');
          for (let i = k + 1; i < n; i++) if (a[i] < a[k]) expect([shape, n, k, 'right', i]).toBe('partitioned');
        }
      }
    }
  });

  it('works on a range of a larger array and leaves the rest alone', () => {
    const a = Float64Array.from([9, 9, 5, 1, 4, 2, 3, 9, 9]);
    selectInPlace(a, 2, 7, 4);
    expect(a[4]).toBe(3);
    expect([a[0], a[1], a[7], a[8]]).toEqual([9, 9, 9, 9]);
    expect([...a.subarray(2, 7)].sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('nearest rank: ceil(q·n), 1-based', () => {
    expect(nearestRankIndex(100, 0.5)).toBe(49);
    expect(nearestRankIndex(100, 0.95)).toBe(94);
    expect(nearestRankIndex(1, 0.99)).toBe(0);
    expect(nearestRankIndex(3, 0.5)).toBe(1);
  });
});
