import { describe, expect, it } from 'vitest';
import { boundedOptions, splitByCalls } from './task-options';

describe('boundedOptions', () => {
  const tasks = Array.from({ length: 10 }, (_, i) => ({ id: i }));

  it('keeps a short list whole', () => {
    expect(boundedOptions(tasks, () => false, 10)).toEqual({ shown: tasks, hidden: 0 });
  });

  it('shows the first ones, and a selected one from further down', () => {
    const r = boundedOptions(tasks, (t) => t.id === 8, 3);
    expect(r.shown.map((t) => t.id)).toEqual([0, 1, 2, 8]);
    expect(r.hidden).toBe(6);
  });
});

describe('splitByCalls', () => {
  it('puts the tasks without calls apart, each part in its order', () => {
    const tasks = [
      { id: 3, calls: 9 },
      { id: 1, calls: 0 },
      { id: 0, calls: 2 },
      { id: 2, calls: 0 },
    ];
    const r = splitByCalls(tasks);
    expect(r.withCalls.map((t) => t.id)).toEqual([3, 0]);
    expect(r.noCalls.map((t) => t.id)).toEqual([1, 2]);
  });
});
