import { describe, expect, it } from 'vitest';
import { changeRatio } from './change-ratio';

describe('changeRatio', () => {
  it('is B / A, Infinity for a figure new in B, NaN for none on either side', () => {
    expect(changeRatio(2, 3)).toBe(1.5);
    expect(changeRatio(4, 0)).toBe(0);
    expect(changeRatio(0, 5)).toBe(Number.POSITIVE_INFINITY);
    expect(changeRatio(0, 0)).toBeNaN();
  });

  it('is unknown (NaN) where either figure is unknown, not "new in B"', () => {
    // Per call of a function B never calls: B's figures are NaN; A's may be 0.
    expect(changeRatio(0, Number.NaN)).toBeNaN();
    expect(changeRatio(Number.NaN, 0)).toBeNaN();
    expect(changeRatio(Number.NaN, 5)).toBeNaN();
    expect(changeRatio(3, Number.NaN)).toBeNaN();
  });
});
