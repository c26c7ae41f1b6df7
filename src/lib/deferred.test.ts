import { describe, expect, it } from 'vitest';
import { deferred } from './deferred';

describe('deferred', () => {
  it('settles its promise from outside: resolved with the value given', async () => {
    const d = deferred<number>();
    d.resolve(42);
    await expect(d.promise).resolves.toBe(42);
  });

  it('rejected with the error given; later calls change nothing', async () => {
    const d = deferred<number>();
    const err = new Error('stopped');
    d.reject(err);
    d.resolve(1);
    await expect(d.promise).rejects.toBe(err);
  });
});
