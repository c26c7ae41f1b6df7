/** The field-by-field compare behind useSameFields (the filter selectors' answers). */
import { describe, expect, it } from 'vitest';
import { sameFields } from './use-same-fields';

describe('sameFields', () => {
  const tasks = [1, 2];
  it('is true for the same values field by field, and for the same object', () => {
    const a = { tasks, range: null, irq: 'in-place', search: '' };
    expect(sameFields(a, { tasks, range: null, irq: 'in-place', search: '' })).toBe(true);
    expect(sameFields(a, a)).toBe(true);
    expect(sameFields({ x: NaN }, { x: NaN })).toBe(true);
  });
  it('is false when a field differs, even an array of equal contents, or when one has a field more', () => {
    const a = { tasks, range: null as [number, number] | null };
    expect(sameFields(a, { tasks: [1, 2], range: null })).toBe(false);
    expect(sameFields(a, { tasks, range: [0, 1] })).toBe(false);
    expect(sameFields({ x: 0 }, { x: -0 })).toBe(false);
    // A field more on either side (the objects of one selector always have the same fields; the helper does not rely on it).
    const one: { x: number; y?: number } = { x: 1 };
    const two: { x: number; y?: number } = { x: 1, y: 2 };
    expect(sameFields(two, one)).toBe(false);
    expect(sameFields(one, two)).toBe(false);
    const undefinedX: { x?: number; y?: number } = { x: undefined };
    expect(sameFields(undefinedX, { y: undefined })).toBe(false);
  });
  it('is false with nothing before', () => {
    expect(sameFields(undefined, {})).toBe(false);
  });
});
