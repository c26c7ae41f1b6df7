/** The canvas charts' shared viewport math: x scales under a zoom, rows, scroll and zoom cap. */
import { zoomIdentity } from 'd3-zoom';
import { describe, expect, test } from 'vitest';
import { baseScale, depthAt, hiddenRows, maxScroll, maxZoom, ROW_H, rowTop, scrolledBy, visibleSpan } from './viewport';

describe('viewport', () => {
  test('rows: flame from the bottom, icicle from the top; depthAt inverts rowTop', () => {
    expect(rowTop(0, 'flame', 400, 0)).toBe(400 - ROW_H);
    expect(rowTop(0, 'icicle', 400, 0)).toBe(0);
    for (const o of ['flame', 'icicle'] as const) {
      for (const scroll of [0, 37]) {
        for (const d of [0, 3, 20]) expect(depthAt(rowTop(d, o, 400, scroll) + 1, o, 400, scroll)).toBe(d);
      }
    }
  });

  test('hidden rows on either side of the canvas', () => {
    expect(hiddenRows(9, 10 * ROW_H, 0)).toEqual({ away: 0, toward: 0 });
    expect(hiddenRows(29, 10 * ROW_H, 0)).toEqual({ away: 20, toward: 0 });
    expect(hiddenRows(29, 10 * ROW_H, 5 * ROW_H)).toEqual({ away: 15, toward: 5 });
  });

  test('zoom cap: one nanosecond per pixel', () => {
    expect(maxZoom(1e6, 1000)).toBe(1000);
    expect(maxZoom(10, 1000)).toBe(1);
  });
});


describe('x scales under a zoom', () => {
  test('the base scale maps the domain onto the width; a zero-length domain is one unit wide', () => {
    const base = baseScale([1000, 3000], 500);
    expect(base(1000)).toBe(0);
    expect(base(3000)).toBe(500);
    expect(baseScale([7, 7], 100).domain()).toEqual([7, 8]);
    expect(baseScale([0, 1], 0).range()).toEqual([0, 1]);
  });

  test('the visible span under a zoom transform', () => {
    const base = baseScale([1000, 3000], 500); // 4 units per px at k = 1
    expect(visibleSpan(zoomIdentity, base, 500)).toEqual([1000, 3000]);
    // k = 4 with the left edge at px 250 of the base: units 2000 .. 2500.
    const [a, b] = visibleSpan(zoomIdentity.translate(-1000, 0).scale(4), base, 500);
    expect(a).toBeCloseTo(2000, 9);
    expect(b).toBeCloseTo(2500, 9);
  });
});

describe('row scrolling', () => {
  // 30 rows on a canvas 10 rows high: scroll ∈ [0, 20 rows].
  const H = 10 * ROW_H;
  test('a flame scrolls with the drag, an icicle against it', () => {
    expect(scrolledBy(0, 36, 'flame', 29, H)).toBe(36);
    expect(scrolledBy(100, 36, 'icicle', 29, H)).toBe(64);
  });

  test('the scroll stays within [0, maxScroll]', () => {
    expect(maxScroll(29, H)).toBe(20 * ROW_H);
    expect(scrolledBy(0, -50, 'flame', 29, H)).toBe(0);
    expect(scrolledBy(0, -1000, 'icicle', 29, H)).toBe(20 * ROW_H);
    // Rows that fit: no scroll at all.
    expect(scrolledBy(0, 500, 'flame', 3, H)).toBe(0);
  });
});
