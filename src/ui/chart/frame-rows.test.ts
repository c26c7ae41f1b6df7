/** Hit testing: the frame under a point, one binary search in its row. */
import { describe, expect, test } from 'vitest';
import { buildRows, frameAt } from './frame-rows';

describe('hit testing', () => {
  // Row 0: [0, 1]; row 1: [0, 0.5] and [0.6, 0.9].
  const f = {
    length: 3,
    x0: Float64Array.of(0, 0, 0.6),
    x1: Float64Array.of(1, 0.5, 0.9),
    depth: Uint32Array.of(0, 1, 1),
  };
  const rows = buildRows(f, 1);

  test('the frame under a point, none in a gap or past the last row', () => {
    expect(frameAt(f, rows, 0, 0.55)).toBe(0);
    expect(frameAt(f, rows, 1, 0.25)).toBe(1);
    expect(frameAt(f, rows, 1, 0.7)).toBe(2);
    expect(frameAt(f, rows, 1, 0.55)).toBe(-1);
    expect(frameAt(f, rows, 2, 0.1)).toBe(-1);
  });

  test('slack lets a pointer just off a thin frame still hit it', () => {
    expect(frameAt(f, rows, 1, 0.51)).toBe(-1);
    expect(frameAt(f, rows, 1, 0.51, 0.02)).toBe(1);
  });
});
