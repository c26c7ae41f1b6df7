import { describe, expect, test } from 'vitest';
import { grown } from './grown';

describe('grown', () => {
  test('keeps the kind and the contents, at least doubles, zero after the old end', () => {
    const a = Int32Array.of(3, -1, 7);
    const g = grown(a);
    expect(g).toBeInstanceOf(Int32Array);
    expect([...g]).toEqual([3, -1, 7, 0, 0, 0]);
    const f = grown(Float64Array.of(0.5, 2), 9);
    expect(f).toBeInstanceOf(Float64Array);
    expect(f.length).toBe(9);
    expect([...f.subarray(0, 2)]).toEqual([0.5, 2]);
    expect(grown(new Uint32Array(0)).length).toBe(1);
  });
});
