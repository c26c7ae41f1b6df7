/** The rehearsal's made-up search: which names match, and when there is nothing to rehearse. */
import { describe, expect, it } from 'vitest';
import { zoomIdentity } from 'd3-zoom';
import type { ChartFrames, ChartState } from './chart-types';
import { rehearsal, rehearsalMatches } from './search-rehearsal';

function chartState(frames: ChartFrames | null, nameMatched: Uint8Array | null = null): ChartState<ChartFrames> {
  return {
    t: zoomIdentity,
    scrollY: 0,
    hover: 3,
    overTip: false,
    size: { width: 800, height: 300 },
    frames,
    columns: null,
    rows: [],
    nameMatched,
    dark: false,
    orientation: 'flame',
  };
}

const frames = (names: number): ChartFrames => ({
  length: 0,
  maxDepth: 0,
  name: new Int32Array(0),
  names: Array.from({ length: names }, (_, j) => `f${j}`),
  nameFuncs: Int32Array.from({ length: names }, (_, j) => j),
});

describe('search rehearsal', () => {
  it('matches one name in seven, the first among them, and dims the rest', () => {
    const m = rehearsalMatches(15);
    expect([...m]).toEqual([1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1]);
    expect(rehearsalMatches(0)).toHaveLength(0);
  });

  it('draws the same view with the made-up search and no hover, leaving the chart state as it was', () => {
    const s = chartState(frames(10));
    const made = rehearsal(s);
    expect(made).not.toBeNull();
    expect(made!.frames).toBe(s.frames);
    expect([...made!.state.nameMatched!]).toEqual([...rehearsalMatches(10)]);
    expect(made!.state.hover).toBe(-1);
    expect(made!.state.t).toBe(s.t);
    expect(made!.state.size).toBe(s.size);
    expect(s.nameMatched).toBeNull();
    expect(s.hover).toBe(3);
  });

  it('has nothing to rehearse with no frames, no size, or a search already on', () => {
    expect(rehearsal(chartState(null))).toBeNull();
    expect(rehearsal({ ...chartState(frames(4)), size: { width: 0, height: 300 } })).toBeNull();
    expect(rehearsal(chartState(frames(4), new Uint8Array(4)))).toBeNull();
  });
});
