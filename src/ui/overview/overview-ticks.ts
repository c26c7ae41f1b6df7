/**
 * Where the overview's tick labels stand: centred on their tick (text-anchor: middle), but
 * one near an edge was cut by the strip's edge, and what stayed read as another time (`45.4`
 * of `45.42440`, a second off; `.0` of relative time's `+0.0`). A label that would cross an
 * edge is written from it inwards instead: from the left edge rightwards, or ending at the
 * right edge.
 */
import type { TimeTick } from '../chart/time-ticks';

/** Width of a tick label's character (10.5 px digits, as the ruler's). */
export const OVERVIEW_CHAR_PX = 6.5;

export interface PlacedTick extends TimeTick {
  /** SVG text x and text-anchor of the label. */
  x: number;
  anchor: 'start' | 'middle' | 'end';
}

export function placeTicks(ticks: readonly TimeTick[], x: (ns: number) => number, width: number): PlacedTick[] {
  return ticks.map((t) => {
    const half = (t.label.length * OVERVIEW_CHAR_PX) / 2;
    const at = x(t.ns);
    if (at - half < 0) return { ...t, x: Math.max(0, at - half), anchor: 'start' };
    if (at + half > width) return { ...t, x: Math.min(width, at + half), anchor: 'end' };
    return { ...t, x: at, anchor: 'middle' };
  });
}
