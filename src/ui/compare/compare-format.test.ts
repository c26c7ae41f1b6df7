import { describe, expect, it } from 'vitest';
import { formatDelta, formatQuantity, formatRatio, normalisationSentence } from './compare-format';

describe('compare figures', () => {
  it('prints quantities, signed changes and ratios', () => {
    expect(formatQuantity(3, 'calls')).toBe('3');
    expect(formatQuantity(0.5, 'calls')).toBe('0.50');
    expect(formatQuantity(1500, 'self')).toBe('1.50 us');
    expect(formatDelta(-2000, 'total')).toBe('−2.00 us');
    expect(formatDelta(4, 'calls')).toBe('+4');
    expect(formatDelta(0, 'calls')).toBe('0');
    expect(formatRatio(1.5)).toBe('×1.50');
    expect(formatRatio(Number.POSITIVE_INFINITY)).toBe('new in B');
    expect(formatRatio(0)).toBe('gone in B');
  });

  it('says which normalisation is applied', () => {
    expect(normalisationSentence('self', { kind: 'raw' }, null)).toBe('Comparing self time: raw figures, as measured.');
    expect(normalisationSentence('total', { kind: 'scaled' }, { a: 1, b: 0.5, missing: [] })).toBe(
      "Comparing total time: B scaled to A's total (×0.500).",
    );
    expect(normalisationSentence('calls', { kind: 'perCall', root: 'sys' }, { a: 1, b: 0.25, missing: [] })).toBe(
      'Comparing calls: per call of sys on each side (A: 1 calls, B: 4 calls).',
    );
    expect(normalisationSentence('calls', { kind: 'perCall', root: 'sys' }, { a: 1, b: Number.NaN, missing: ['b'] })).toMatch(
      /B has no call of it/,
    );
  });
});
