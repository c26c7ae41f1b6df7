/**
 * Each node's children in name order (childRunsByRank: runs by parent, each sorted by rank
 * in place, by insertion or, for a wide node, by the engine's sort) against the plain
 * definition: every node's children filtered out of the parent column and sorted by rank,
 * ties by node index. Random forests with narrow and wide nodes and repeated ranks.
 */
import { describe, expect, test } from 'vitest';
import { childRunsByRank } from './joint-names';

/** A small seeded generator (xorshift32), so a failure names its seed. */
function rng(seed: number): (n: number) => number {
  let x = seed * 2654435761 || 1;
  return (n) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
}

function forest(seed: number, length: number, wide: boolean) {
  const next = rng(seed);
  const parent = new Int32Array(length);
  const func = new Int32Array(length);
  const funcs = 2 + next(40);
  const rankOf = Uint32Array.from({ length: funcs }, () => next(funcs)); // ties: several funcs, one rank
  for (let k = 0; k < length; k++) {
    // Parents come first; a wide forest hangs most nodes under its first few.
    parent[k] = k === 0 || next(10) === 0 ? -1 : wide && next(2) === 0 ? next(Math.min(k, 3)) : next(k);
    func[k] = parent[k] < 0 && next(3) === 0 ? -1 - next(4) : next(funcs); // task roots have no function
  }
  return { parent, func, rankOf };
}

describe('childRunsByRank', () => {
  test('each node’s run is its children by rank, ties by index', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const length = 1 + rng(seed + 999)(400);
      const { parent, func, rankOf } = forest(seed, length, seed % 2 === 0);
      const { start, list } = childRunsByRank(length, parent, func, rankOf);
      expect(start.length).toBe(length + 1);
      for (let p = 0; p < length; p++) {
        const want = [...parent.keys()].filter((k) => parent[k] === p).sort((x, y) => rankOf[func[x]] - rankOf[func[y]] || x - y);
        expect([...list.subarray(start[p], start[p + 1])]).toEqual(want);
      }
      expect(list.length).toBe(parent.filter((p) => p >= 0).length);
    }
  });

  test('a node wider than an insertion run is sorted the same way', () => {
    const length = 500;
    const parent = Int32Array.from({ length }, (_, k) => (k === 0 ? -1 : 0));
    const func = Int32Array.from({ length }, (_, k) => (k * 7919) % 13);
    const rankOf = Uint32Array.from({ length: 13 }, (_, f) => (f * 5) % 7);
    const { start, list } = childRunsByRank(length, parent, func, rankOf);
    const want = [...parent.keys()].slice(1).sort((x, y) => rankOf[func[x]] - rankOf[func[y]] || x - y);
    expect([...list.subarray(start[0], start[1])]).toEqual(want);
  });
});
