/** A side question goes after the questions asked in the same commit's effects. */
import { describe, expect, it } from 'vitest';
import { askLater } from './ask-later';

describe('askLater', () => {
  it('asks after the synchronous code that follows it (the later effects of a commit)', async () => {
    const asked: string[] = [];
    askLater(() => asked.push('status'));
    asked.push('matched functions');
    expect(asked).toEqual(['matched functions']);
    await Promise.resolve();
    expect(asked).toEqual(['matched functions', 'status']);
  });

  it('never asks once cancelled', async () => {
    const asked: string[] = [];
    const cancel = askLater(() => asked.push('status'));
    cancel();
    await Promise.resolve();
    await Promise.resolve();
    expect(asked).toEqual([]);
  });
});
