/** What the flame graph asks for: detail level and windows of fractions (no DOM needed). */
import { zoomIdentity } from 'd3-zoom';
import { describe, expect, test } from 'vitest';
import { detailFor, fetchWindow, visibleWindow } from './graph-viewport';

describe('flame graph windows', () => {
  test('detail is half a pixel as a fraction, rounded down to a power of two', () => {
    expect(detailFor(1000, 1)).toBe(2 ** -11); // 0.0005 -> 1/2048
    expect(detailFor(1000, 4)).toBe(2 ** -13);
    // Never coarser than half a pixel at any zoom.
    for (const k of [1, 1.7, 33, 1e4]) expect(detailFor(1234, k)).toBeLessThanOrEqual(0.5 / (1234 * k));
  });

  test('visible window of a zoom transform and the wider window to fetch', () => {
    const t = zoomIdentity.translate(-500, 0).scale(4); // 1000 px wide: x in [0.125, 0.375]
    expect(visibleWindow(t, 1000)).toEqual([0.125, 0.375]);
    expect(fetchWindow([0.125, 0.375])).toEqual([0, 0.625]);
    expect(fetchWindow([0.9, 1])).toEqual([0.8, 1]);
  });
});
