import { describe, expect, it } from 'vitest';
import { listKeyTarget } from './list-keys';

describe('listKeyTarget', () => {
  it('moves a row, a page or to an end, clamped to the rows there are', () => {
    expect(listKeyTarget('ArrowDown', 3, 10, 50)).toBe(4);
    expect(listKeyTarget('ArrowUp', 0, 10, 50)).toBe(0);
    expect(listKeyTarget('PageDown', 45, 10, 50)).toBe(49);
    expect(listKeyTarget('PageUp', 4, 10, 50)).toBe(0);
    expect(listKeyTarget('Home', 30, 10, 50)).toBe(0);
    expect(listKeyTarget('End', 3, 10, 50)).toBe(49);
  });

  it('starts an arrow at the given row when none is active; other keys are not its', () => {
    expect(listKeyTarget('ArrowDown', -1, 10, 50, 20)).toBe(20);
    expect(listKeyTarget('ArrowUp', -1, 10, 50)).toBe(0);
    expect(listKeyTarget('Enter', 3, 10, 50)).toBeNull();
    expect(listKeyTarget('a', 3, 10, 50)).toBeNull();
  });
});
