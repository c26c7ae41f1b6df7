import { describe, expect, it } from 'vitest';
import { changeRatio, fractionText } from './change-ratio';

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

describe('fractionText', () => {
  it('prints two decimals, and two significant digits where those would print a figure that is not 0 as 0.00', () => {
    expect(fractionText(1.5)).toBe('1.50');
    expect(fractionText(0.0185)).toBe('0.02');
    expect(fractionText(0.004)).toBe('0.0040');
    expect(fractionText(1 / 300)).toBe('0.0033');
    expect(fractionText(-0.004)).toBe('-0.0040');
    expect(fractionText(0)).toBe('0.00');
  });
});
