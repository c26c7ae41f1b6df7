/** `--workers`: without it, the pool's default rule (core/parallel/default-threads.ts) for os.availableParallelism(). */
import { describe, expect, it } from 'vitest';
import { MAX_POOL_THREADS } from '../core/parallel/default-threads';
import { takeWorkers } from './run';

describe('cli --workers default', () => {
  it('is one pass on 2 cores, a thread per core from 4 (no core spared: the CLI has no page), unless --workers says', () => {
    expect(takeWorkers(['summary', 'f'], 2)).toEqual({ workers: 1, rest: ['summary', 'f'] });
    expect(takeWorkers(['summary', 'f'], 8)?.workers).toBe(8);
    expect(takeWorkers(['summary', 'f'], 64)?.workers).toBe(MAX_POOL_THREADS);
    expect(takeWorkers(['--workers', '3', 'summary', 'f'], 64)?.workers).toBe(3);
    expect(takeWorkers(['--workers=1', 'summary', 'f'], 64)?.workers).toBe(1);
    expect(takeWorkers(['--workers', '0', 'summary', 'f'], 64)).toBeNull();
  });
});
