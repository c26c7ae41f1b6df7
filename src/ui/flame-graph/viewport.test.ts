/** The flame graph's viewport math, hit testing and refetch policy (no DOM needed). */
import { zoomIdentity } from 'd3-zoom';
import { describe, expect, test } from 'vitest';
import { buildRows, frameAt } from './frame-rows';
import { Refetcher, type Need } from './refetcher';
import { depthAt, detailFor, fetchWindow, hiddenRows, maxZoom, ROW_H, rowTop, visibleWindow } from './viewport';

describe('viewport', () => {
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

describe('Refetcher', () => {
  function setup() {
    let need: Need | null = { key: 'a', detail: 1 / 1024, visible: [0.2, 0.3], fetch: [0.1, 0.4] };
    const asked: Need[] = [];
    const answered: string[] = [];
    const pending: ((v: string | null) => void)[] = [];
    const r = new Refetcher<string>({
      need: () => need,
      ask: (n) => {
        asked.push(n);
        return new Promise((resolve) => pending.push(resolve));
      },
      answer: (a) => answered.push(a),
      error: () => undefined,
      busy: () => undefined,
    });
    return { r, asked, answered, pending, setNeed: (n: Need | null) => (need = n) };
  }
  const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

  test('asks once, then not while the answer covers the view', async () => {
    const s = setup();
    s.r.poke();
    s.r.poke(); // in flight: only marks "again"
    expect(s.asked).toHaveLength(1);
    s.pending[0]('first');
    await flush();
    expect(s.answered).toEqual(['first']);
    // The "again" poke found the need covered: no second request.
    expect(s.asked).toHaveLength(1);
    // A pan inside the fetched window and a coarser detail are covered too.
    s.setNeed({ key: 'a', detail: 1 / 512, visible: [0.3, 0.4], fetch: [0.2, 0.5] });
    s.r.poke();
    expect(s.asked).toHaveLength(1);
  });

  test('asks again for finer detail, another window or another key; drops answers for an old key', async () => {
    const s = setup();
    s.r.poke();
    s.pending[0]('first');
    await flush();
    s.setNeed({ key: 'a', detail: 1 / 4096, visible: [0.2, 0.3], fetch: [0.1, 0.4] });
    s.r.poke();
    expect(s.asked).toHaveLength(2);
    // The key changes while that request is in flight: its answer is dropped, and the new key is asked.
    s.setNeed({ key: 'b', detail: 1 / 4096, visible: [0.2, 0.3], fetch: [0.1, 0.4] });
    s.r.poke();
    s.pending[1]('stale');
    await flush();
    expect(s.answered).toEqual(['first']);
    expect(s.asked.map((n) => n.key)).toEqual(['a', 'a', 'b']);
    s.pending[2]('b answer');
    await flush();
    expect(s.answered).toEqual(['first', 'b answer']);
  });
});
