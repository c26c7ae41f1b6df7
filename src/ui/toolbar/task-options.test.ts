import { describe, expect, it } from 'vitest';
import { boundedOptions } from './task-options';

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
