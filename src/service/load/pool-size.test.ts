/** The app's parse threads: `?workers=N`, else the pool's default rule for navigator.hardwareConcurrency, one core left for the page. */
import { describe, expect, it } from 'vitest';
import { MIN_POOL_BYTES, parseThreads } from './pool-size';

describe('parseThreads', () => {
  it('leaves a core for the page from 4 cores, reads small or 2-core inputs in one pass, and takes an asked count', () => {
    expect(parseThreads(MIN_POOL_BYTES, undefined, 8)).toBe(7);
    expect(parseThreads(MIN_POOL_BYTES, undefined, 4)).toBe(3);
    expect(parseThreads(MIN_POOL_BYTES, undefined, 2)).toBe(1);
    expect(parseThreads(MIN_POOL_BYTES, undefined, undefined)).toBe(1);
    expect(parseThreads(MIN_POOL_BYTES - 1, undefined, 8)).toBe(1);
    expect(parseThreads(1, 3, 2)).toBe(3);
  });
});
