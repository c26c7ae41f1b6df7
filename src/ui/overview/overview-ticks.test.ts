import { scaleLinear } from 'd3-scale';
import { describe, expect, it } from 'vitest';
import { ABSOLUTE, timeTicks } from '../chart/time-ticks';
import { OVERVIEW_CHAR_PX, placeTicks, type PlacedTick } from './overview-ticks';

/** The [left, right] px a label takes. */
function extent(t: PlacedTick): [number, number] {
  const w = t.label.length * OVERVIEW_CHAR_PX;
  return t.anchor === 'start' ? [t.x, t.x + w] : t.anchor === 'end' ? [t.x - w, t.x] : [t.x - w / 2, t.x + w / 2];
}

describe('placeTicks', () => {
  it('writes a label at an edge inwards, whole inside the strip; the others centred on their tick', () => {
    // 45.424192 s to 45.424400 s on 1,240 px: ticks every 50 µs, 45.42440 right at the edge.
    const [a, b, width] = [45_424_192_000, 45_424_400_000, 1240];
    const x = scaleLinear().domain([a, b]).range([0, width]);
    const all = timeTicks(a, b, Math.floor(width / 140), ABSOLUTE).ticks;
    const placed = placeTicks(all, x, width);
    expect(placed.map((t) => t.label)).toEqual(all.map((t) => t.label));
    expect(placed.at(-1)).toMatchObject({ label: '45.42440', anchor: 'end', x: width });
    for (const t of placed) {
      const [l, r] = extent(t);
      expect(l).toBeGreaterThanOrEqual(0);
      expect(r).toBeLessThanOrEqual(width);
      if (t.anchor === 'middle') expect(t.x).toBe(x(t.ns));
    }
  });

  it("relative time's +0 at the left edge starts there", () => {
    const x = scaleLinear().domain([0, 1e9]).range([0, 1000]);
    const placed = placeTicks(timeTicks(0, 1e9, 7, { kind: 'relative', origin: 0 }).ticks, x, 1000);
    expect(placed[0]).toMatchObject({ label: '+0.0', anchor: 'start', x: 0 });
  });
});
