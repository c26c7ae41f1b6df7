import { describe, expect, it } from 'vitest';
import { changeIntensity, diffFill, oneSidedMarker, unknownFill } from './diff-colors';

const hsl = (s: string) => s.match(/[\d.]+/g)!.map(Number);

describe('differential colours', () => {
  it('red where B spends more, blue where less, pale where equal', () => {
    const more = hsl(diffFill({ delta: 5, maxAbsDelta: 10, dark: false, negated: false }));
    const less = hsl(diffFill({ delta: -5, maxAbsDelta: 10, dark: false, negated: false }));
    const equal = diffFill({ delta: 0, maxAbsDelta: 10, dark: false, negated: false });
    expect(more[0]).toBeLessThan(20);
    expect(less[0]).toBeGreaterThan(180);
    expect(equal).not.toBe(diffFill({ delta: 1, maxAbsDelta: 10, dark: false, negated: false }));
  });

  it('is more intense the larger the change, and negated swaps the hues', () => {
    const small = hsl(diffFill({ delta: 1, maxAbsDelta: 10, dark: false, negated: false }));
    const large = hsl(diffFill({ delta: 10, maxAbsDelta: 10, dark: false, negated: false }));
    expect(large[1]).toBeGreaterThan(small[1]);
    expect(large[2]).toBeLessThan(small[2]);
    expect(hsl(diffFill({ delta: 10, maxAbsDelta: 10, dark: false, negated: true }))[0]).toBeGreaterThan(180);
    expect(changeIntensity(20, 10)).toBe(1);
    expect(changeIntensity(5, 0)).toBe(0);
    expect(changeIntensity(Number.NaN, 10)).toBe(0);
  });

  it('an unknown change (NaN) is grey, not the pale of equal nor a hue', () => {
    for (const dark of [false, true]) {
      for (const negated of [false, true]) {
        const unknown = diffFill({ delta: Number.NaN, maxAbsDelta: 10, dark, negated });
        expect(unknown).toBe(unknownFill(dark));
        expect(unknown).not.toBe(diffFill({ delta: 0, maxAbsDelta: 10, dark, negated }));
        const [r, g, b] = hsl(unknown);
        expect(r === g && g === b).toBe(true);
      }
    }
  });

  it('marks paths present on one side only', () => {
    expect(oneSidedMarker(3, false, false)).toBeNull();
    expect(oneSidedMarker(1, false, false)).not.toBe(oneSidedMarker(2, false, false));
    expect(oneSidedMarker(1, false, true)).toBe(oneSidedMarker(2, false, false));
  });
});
