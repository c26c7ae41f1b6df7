import { describe, expect, it } from 'vitest';
import type { Steps } from '../../core/query/steps';
import { runInSlices, yieldToEventLoop } from './event-loop';

/** Steps that log each part of their work, `parts` in all; the answer is their count. */
function* loggedSteps(log: string[], label: string, parts: number): Steps<number> {
  for (let k = 0; k < parts; k++) {
    log.push(`${label}${k}`);
    yield;
  }
  return parts;
}

describe('yieldToEventLoop', () => {
  it('gives every waiter its turn, in the order they asked, however many wait at once', async () => {
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3].map((k) => yieldToEventLoop().then(() => order.push(k))));
    expect(order).toEqual([0, 1, 2, 3]);
  });
});

describe('runInSlices', () => {
  it('runs the steps to their answer, pausing for the work queued meanwhile', async () => {
    const log: string[] = [];
    // A slice of 0 ms: a pause after every step.
    const answer = runInSlices(loggedSteps(log, 'a', 3), 0, () => log.push('pause'));
    // Queued while the first step ran: done at the first pause, before the steps end.
    const queued = yieldToEventLoop().then(() => log.push('queued'));
    expect(await answer).toBe(3);
    await queued;
    expect(log.indexOf('queued')).toBeGreaterThan(log.indexOf('a0'));
    expect(log.indexOf('queued')).toBeLessThan(log.indexOf('a2'));
    expect(log.filter((x) => x === 'pause')).toHaveLength(3);
  });

  it('two questions in slices at once both come to their answers, their steps interleaved', async () => {
    const log: string[] = [];
    const [a, b] = await Promise.all([runInSlices(loggedSteps(log, 'a', 3), 0), runInSlices(loggedSteps(log, 'b', 2), 0)]);
    expect([a, b]).toEqual([3, 2]);
    expect(log).toEqual(['a0', 'b0', 'a1', 'b1', 'a2']);
  });

  it('does not pause within a slice: a long slice takes every step at once', async () => {
    const log: string[] = [];
    const answer = runInSlices(loggedSteps(log, 'a', 5), 60_000, () => log.push('pause'));
    // Every step ran before runInSlices handed back its promise.
    expect(log).toEqual(['a0', 'a1', 'a2', 'a3', 'a4']);
    expect(await answer).toBe(5);
  });
});
