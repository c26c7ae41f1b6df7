import { describe, expect, test } from 'vitest';
import { PNG_MAX_AREA, PNG_MAX_SIDE, pngCanvasSize, pngScale } from './png-scale';

describe('pngScale', () => {
  test('a flame graph of usual depth is drawn at 2×', () => {
    // 1200 px wide, 60 levels of 16 px: 2400 × 1,984 px.
    expect(pngScale(1200, 28 + 60 * 16 + 4, 2)).toBe(2);
  });

  test('a picture 100,000 px tall or wide gets a canvas within every browser limit, not an empty one', () => {
    for (const [w, h] of [
      [1200, 100_000],
      [100_000, 600],
      [100_000, 100_000],
      [1200, 4_000],
      [3, 1_000_000],
    ]) {
      const scale = pngScale(w, h, 2);
      const size = pngCanvasSize(w, h, scale);
      expect(scale).toBeGreaterThan(0);
      expect(scale).toBeLessThanOrEqual(2);
      expect(size.width).toBeLessThanOrEqual(PNG_MAX_SIDE);
      expect(size.height).toBeLessThanOrEqual(PNG_MAX_SIDE);
      expect(size.width * size.height).toBeLessThanOrEqual(PNG_MAX_AREA);
      expect(size.width).toBeGreaterThanOrEqual(1);
      expect(size.height).toBeGreaterThanOrEqual(1);
    }
    // As large as the limits let it be: a tall graph fills the side or the area.
    const tall = pngCanvasSize(1200, 100_000, pngScale(1200, 100_000, 2));
    expect(Math.max(tall.height / PNG_MAX_SIDE, (tall.width * tall.height) / PNG_MAX_AREA)).toBeGreaterThan(0.99);
  });
});
