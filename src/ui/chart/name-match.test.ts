/** Search highlighting: string table entries of matched functions, and the matched frames. */
import { describe, expect, it } from 'vitest';
import { countMatched, matchNames } from './name-match';

describe('matchNames', () => {
  // Names 0..3 belong to functions 10, 11, -1 (a task root) and 10 again.
  const nameFuncs = Int32Array.of(10, 11, -1, 10);

  it('marks every name of a matched function, and only those', () => {
    expect(Array.from(matchNames(nameFuncs, new Set([10])) ?? [])).toEqual([1, 0, 0, 1]);
    expect(Array.from(matchNames(nameFuncs, new Set([11, 99])) ?? [])).toEqual([0, 1, 0, 0]);
    expect(Array.from(matchNames(nameFuncs, new Set()) ?? [])).toEqual([0, 0, 0, 0]);
  });

  it('is null with no search, so nothing is dimmed', () => {
    expect(matchNames(nameFuncs, null)).toBeNull();
  });
});

describe('countMatched', () => {
  it('counts the frames whose name is matched', () => {
    const nameMatched = Uint8Array.of(1, 0, 0, 1);
    // Frames: names 0, 1, 3, 3, 2 (the last one is past `length` and not counted).
    expect(countMatched(Int32Array.of(0, 1, 3, 3, 2), 4, nameMatched)).toBe(3);
    expect(countMatched(Int32Array.of(0, 1), 2, null)).toBe(0);
  });
});
