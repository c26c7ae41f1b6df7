import { describe, expect, it } from 'vitest';
import { FIRST_STEP_ROWS, rowsAfterStep } from './use-rows-in-steps';

/** The row counts a table of `total` rows goes through, from the first frame's. */
function steps(total: number): number[] {
  const out = [Math.min(total, FIRST_STEP_ROWS)];
  while (out[out.length - 1] < total) out.push(rowsAfterStep(out[out.length - 1], total));
  return out;
}

describe('rowsAfterStep', () => {
  it('puts the Summary\'s 100 top functions in the DOM in four frames, each adding at most 40 rows', () => {
    expect(steps(100)).toEqual([20, 40, 80, 100]);
  });

  it('doubles, so a long list is whole in a few frames rather than one per 20 rows', () => {
    expect(steps(5000)).toEqual([20, 40, 80, 160, 320, 640, 1280, 2560, 5000]);
  });

  it('never goes past the total, and starts from no rows', () => {
    expect(rowsAfterStep(0, 7)).toBe(7);
    expect(rowsAfterStep(0, 500)).toBe(FIRST_STEP_ROWS);
    expect(rowsAfterStep(480, 500)).toBe(500);
  });
});
