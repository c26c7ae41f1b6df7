/** Bringing a stepped-to call into sight on the flame chart: zoom, centre and row scroll. */
import { zoomIdentity } from 'd3-zoom';
import { describe, expect, it } from 'vitest';
import { baseScale, visibleSpan } from '../chart/viewport';
import { maxTimeZoom, MIN_SHOWN_PX, minDurFor, screenLine, scrollToShowRow, transformForWindow, transformToShow, widen } from './time-viewport';

const W = 1000;
/** A 1 ms domain on 1000 px: 1 µs per pixel at zoom 1. */
const base = baseScale([0, 1_000_000], W);
const MAX_K = 1_000_000 / W; // 1 ns per pixel

/** The call's on-screen [left, right] under the transform. */
function onScreen(t: { k: number; x: number }, a: number, b: number): [number, number] {
  const z = zoomIdentity.translate(t.x, 0).scale(t.k).rescaleX(base);
  return [z(a), z(b)];
}

describe('transformToShow', () => {
  it('zooms in on a call too narrow to see and centres it', () => {
    // 2 µs: 2 px at zoom 1.
    const t = transformToShow(500_000, 502_000, zoomIdentity, base, W, MAX_K);
    const [l, r] = onScreen(t, 500_000, 502_000);
    expect(r - l).toBeGreaterThanOrEqual(MIN_SHOWN_PX);
    expect(r - l).toBeLessThan(W);
    expect((l + r) / 2).toBeCloseTo(W / 2, 6);
    const [v0, v1] = visibleSpan(zoomIdentity.translate(t.x, 0).scale(t.k), base, W);
    expect(v0).toBeLessThanOrEqual(500_000);
    expect(v1).toBeGreaterThanOrEqual(502_000);
  });

  it('keeps the zoom when the call is already wide enough, and only pans', () => {
    const current = { k: 50, x: 0 };
    // 10 µs at k = 50: 500 px.
    const t = transformToShow(700_000, 710_000, current, base, W, MAX_K);
    expect(t.k).toBe(50);
    const [l, r] = onScreen(t, 700_000, 710_000);
    expect((l + r) / 2).toBeCloseTo(W / 2, 6);
  });

  it('zooms out from a call wider than the screen', () => {
    const t = transformToShow(100_000, 900_000, { k: 10 }, base, W, MAX_K);
    const [l, r] = onScreen(t, 100_000, 900_000);
    expect(l).toBeGreaterThanOrEqual(0);
    expect(r).toBeLessThanOrEqual(W);
  });

  it('stays inside the domain at its edges (the call is still in sight, not centred)', () => {
    const t = transformToShow(0, 1_000, zoomIdentity, base, W, MAX_K);
    expect(t.x).toBeLessThanOrEqual(0);
    const [l, r] = onScreen(t, 0, 1_000);
    expect(l).toBeCloseTo(0, 6);
    expect(r - l).toBeGreaterThanOrEqual(MIN_SHOWN_PX);
  });

  it('never zooms past the cap, even for a 0 ns call', () => {
    const t = transformToShow(300_000, 300_000, zoomIdentity, base, W, MAX_K);
    expect(t.k).toBe(MAX_K);
    const [l] = onScreen(t, 300_000, 300_000);
    expect(l).toBeCloseTo(W / 2, 6);
  });
});

describe('scrollToShowRow', () => {
  it('scrolls as little as needed, with a row of margin', () => {
    expect(scrollToShowRow(2, 0, 180, 18)).toBe(0); // already in sight
    expect(scrollToShowRow(20, 0, 180, 18)).toBe(21 * 18 + 18 - 180);
    expect(scrollToShowRow(3, 200, 180, 18)).toBe(2 * 18);
    expect(scrollToShowRow(0, 50, 180, 18)).toBe(0);
  });
});

describe('what the flame chart asks for', () => {
  it('calls at least a pixel long, the pixel rounded down to a power of two', () => {
    expect(minDurFor([0, 1_000_000], 1000)).toBe(512); // 1000 ns per px → 512
    expect(minDurFor([0, 1024], 1024)).toBe(1);
    expect(minDurFor([5, 5], 1000)).toBe(0);
  });

  it('a window one visible width wider on either side', () => {
    expect(widen([100, 300])).toEqual([-100, 500]);
  });
});

describe('screenLine', () => {
  /** The zoomed scale of `domain` on W px showing [a, b] ns (the ruler and the hover read it). */
  function zoomedOn(domain: [number, number], a: number, b: number) {
    const s = baseScale(domain, W);
    const k = W / (s(b) - s(a));
    return zoomIdentity.translate(-k * s(a), 0).scale(k).rescaleX(s);
  }

  it('places times where the scale does, past 2^53 ns zoomed to a few µs', () => {
    // A tai clock: 2 s of trace from 1.7e18 ns, zoomed to the 5 µs about 1.5 s in.
    const d0 = 1_733_400_000_123_456_789;
    const mid = d0 + 1_500_000_000;
    const x = zoomedOn([d0, d0 + 2e9], mid - 2500, mid + 2500);
    const { t0, originX, pxPerNs } = screenLine(x);
    for (const u of [mid - 2500, mid - 1024, mid, mid + 2048]) {
      expect(originX + (u - t0) * pxPerNs).toBeCloseTo(x(u), 3);
    }
    expect(x(mid)).toBeCloseTo(W / 2, 0);
  });

  it('places times where the scale does on a boot clock, zoomed far from the start', () => {
    const x = zoomedOn([5_000_000_000, 6_000_000_000], 5_900_000_000, 5_900_001_000);
    const { t0, originX, pxPerNs } = screenLine(x);
    for (const u of [5_900_000_000, 5_900_000_500, 5_900_001_000]) expect(originX + (u - t0) * pxPerNs).toBeCloseTo(x(u), 3);
  });
});

describe('maxTimeZoom', () => {
  /** ns across W px at the largest zoom of a domain of `spanNs`. */
  const narrowest = (spanNs: number) => {
    const b = baseScale([1_000_000_000, 1_000_000_000 + spanNs], W);
    const [v0, v1] = visibleSpan(zoomIdentity.scale(maxTimeZoom(spanNs, W)), b, W);
    return v1 - v0;
  };

  it('zooms a long trace to one ns per pixel', () => {
    // 10 s and 3 hours of trace: W ns on screen, a 200 ns call 200 px wide.
    expect(narrowest(10e9)).toBeCloseTo(W, 3);
    expect(narrowest(3 * 3600e9)).toBeCloseTo(W, 3);
  });

  it('never zooms past one ns per pixel, nor below the whole domain', () => {
    expect(narrowest(500_000)).toBeCloseTo(W, 6);
    expect(maxTimeZoom(500, W)).toBe(1);
  });
});

describe('transformForWindow', () => {
  it('shows exactly the window across the width', () => {
    const t = transformForWindow(200_000, 202_000, base, W, MAX_K);
    const [v0, v1] = visibleSpan(zoomIdentity.translate(t.x, 0).scale(t.k), base, W);
    expect(v0).toBeCloseTo(200_000, 6);
    expect(v1).toBeCloseTo(202_000, 6);
  });

  it('clamps a window reaching out of the domain to the part inside it', () => {
    const t = transformForWindow(-500_000, 250_000, base, W, MAX_K);
    const [v0, v1] = visibleSpan(zoomIdentity.translate(t.x, 0).scale(t.k), base, W);
    expect(v0).toBeCloseTo(0, 6);
    expect(v1).toBeCloseTo(250_000, 6);
    const end = transformForWindow(990_000, 5_000_000, base, W, MAX_K);
    const [e0, e1] = visibleSpan(zoomIdentity.translate(end.x, 0).scale(end.k), base, W);
    expect(e0).toBeCloseTo(990_000, 6);
    expect(e1).toBeCloseTo(1_000_000, 6);
  });

  it('shows the whole domain for a window wholly outside it, and centres one narrower than the largest zoom', () => {
    expect(transformForWindow(2_000_000, 3_000_000, base, W, MAX_K)).toEqual({ k: 1, x: 0 });
    expect(transformForWindow(-3, -1, base, W, MAX_K)).toEqual({ k: 1, x: 0 });
    // 100 ns: narrower than 1 ns a pixel across 1000 px.
    const t = transformForWindow(500_000, 500_100, base, W, MAX_K);
    expect(t.k).toBe(MAX_K);
    const [v0, v1] = visibleSpan(zoomIdentity.translate(t.x, 0).scale(t.k), base, W);
    expect((v0 + v1) / 2).toBeCloseTo(500_050, 3);
  });

  it('places a window of a tai clock (past 2^53 ns) where it was', () => {
    const d0 = 1_733_000_000_000_000_000;
    const big = baseScale([d0, d0 + 10_000_000_000], W);
    const a = d0 + 1_234_567_936;
    const b = a + 2_000_128;
    const t = transformForWindow(a, b, big, W, maxTimeZoom(10_000_000_000, W));
    const [v0, v1] = visibleSpan(zoomIdentity.translate(t.x, 0).scale(t.k), big, W);
    expect(Math.abs(Math.round(v0) - a)).toBeLessThanOrEqual(256);
    expect(Math.abs(Math.round(v1) - b)).toBeLessThanOrEqual(256);
  });
});
