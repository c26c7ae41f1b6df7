/** The parse pool's default size: one rule for the app (service/load/pool-size.ts) and the CLI (cli/run.ts). */
import { describe, expect, it } from 'vitest';
import { defaultParseThreads, MAX_POOL_THREADS, MIN_POOL_CORES } from './default-threads';

describe('defaultParseThreads', () => {
  it('is one pass below the pool cores, every core but the spare from them on, at most the cap', () => {
    expect([1, 2, 3].map((c) => defaultParseThreads(c, 0))).toEqual([1, 1, 1]);
    expect(defaultParseThreads(MIN_POOL_CORES, 0)).toBe(MIN_POOL_CORES);
    expect(defaultParseThreads(MIN_POOL_CORES, 1)).toBe(MIN_POOL_CORES - 1);
    expect(defaultParseThreads(8, 1)).toBe(7);
    expect(defaultParseThreads(64, 0)).toBe(MAX_POOL_THREADS);
    expect(defaultParseThreads(Number.NaN, 0)).toBe(1);
  });
});
