/** The flame chart's outline of the current search match, drawn on a recording fake canvas. */
import { describe, expect, it } from 'vitest';
import type { FlameChartFrames } from '../../state/flame-queries';
import { LIGHT } from '../chart/colors';
import { LabelFitter } from '../chart/labels';
import { ROW_H } from '../chart/viewport';
import { MATCH_MIN_PX } from '../chart/paint-frame';
import { drawFlameChart, TINY_FRAME_PX, type CurrentCall } from './draw';

/** Records every strokeRect with the stroke colour it was drawn in. */
function fakeContext() {
  const strokes: { style: string; x: number; y: number; w: number }[] = [];
  const ctx = {
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    font: '',
    textBaseline: '',
    fillRect() {},
    fillText() {},
    measureText: (t: string) => ({ width: t.length * 7 }),
    strokeRect(x: number, y: number, w: number) {
      strokes.push({ style: String(ctx.strokeStyle), x, y, w });
    },
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, strokes };
}

/** a (0..1000 ns, row 0) calling f twice: 100..300 and 500..900 (row 1). */
function frames(): FlameChartFrames {
  return {
    length: 3,
    start: Float64Array.from([0, 100, 500]),
    end: Float64Array.from([1000, 300, 900]),
    depth: Uint32Array.from([0, 1, 1]),
    name: Int32Array.from([0, 1, 1]),
    func: Int32Array.from([10, 11, 11]),
    self: Float64Array.from([400, 200, 400]),
    duration: Float64Array.from([1000, 200, 400]),
    parentDuration: Float64Array.from([Number.NaN, 1000, 1000]),
    derived: new Uint8Array(3),
    cpu: Int16Array.from([1, 1, 1]),
    call: Uint32Array.from([0, 1, 2]),
    line: Uint32Array.from([2, 3, 5]),
    approximate: false,
    maxDepth: 1,
    names: ['a', 'f'],
    nameFuncs: Int32Array.from([10, 11]),
    note: Int32Array.from([-1, -1, -1]),
    notes: [],
  };
}

function draw(current: CurrentCall | null) {
  const { ctx, strokes } = fakeContext();
  const out = drawFlameChart(ctx, {
    frames: frames(),
    t0: 0,
    originX: 0,
    pxPerNs: 1, // 1 px per ns: frame k spans [start, end] px
    width: 1000,
    height: 200,
    scrollY: 0,
    palette: LIGHT,
    nameMatched: null,
    hover: -1,
    current,
    fitter: new LabelFitter(ctx),
  });
  return { ...out, strokes };
}

describe('drawFlameChart current match', () => {
  it('outlines exactly the frame of the current call, in the current-match colour', () => {
    const r = draw({ func: 11, depth: 1, startNs: 500, endNs: 900 });
    expect(r.currentBox).toEqual([500, ROW_H, 900]);
    const outline = r.strokes.filter((s) => s.style === LIGHT.current);
    expect(outline).toHaveLength(1);
    expect(outline[0].x).toBeCloseTo(499.5, 6);
    expect(outline[0].y).toBeCloseTo(ROW_H - 0.5, 6);
    expect(outline[0].w).toBeCloseTo(401, 6);
  });

  it('draws no outline when the call is not among the frames', () => {
    const r = draw({ func: 11, depth: 1, startNs: 501, endNs: 900 });
    expect(r.currentBox).toBeNull();
    expect(r.strokes.filter((s) => s.style === LIGHT.current)).toHaveLength(0);
    expect(draw(null).currentBox).toBeNull();
  });
});

describe('drawFlameChart search matches', () => {
  it('draws a match too narrow to see at MATCH_MIN_PX, over its neighbours; a narrow non-match is left out', () => {
    const fills: { style: string; x: number; w: number }[] = [];
    const { ctx } = fakeContext();
    (ctx as unknown as { fillRect: (x: number, y: number, w: number) => void }).fillRect = (x, _y, w) =>
      fills.push({ style: ctx.fillStyle as string, x, w });
    const scene = {
      frames: frames(),
      t0: 0,
      originX: 0,
      pxPerNs: 0.001, // a is 1 px wide; the two calls of f 0.2 px and 0.4 px
      width: 1000,
      height: 200,
      scrollY: 0,
      palette: LIGHT,
      hover: -1,
      current: null,
      fitter: new LabelFitter(ctx),
    };
    const r = drawFlameChart(ctx, { ...scene, nameMatched: Uint8Array.from([0, 1]) });
    expect(r.drawn).toBe(3);
    const boxes = fills.slice(1); // after the background
    expect(boxes[0].style).toBe(LIGHT.dimFill); // a, dimmed, first
    expect(boxes.slice(1).map((b) => b.w)).toEqual([MATCH_MIN_PX - 1, MATCH_MIN_PX - 1]);
    expect(boxes[1].x + MATCH_MIN_PX / 2).toBeCloseTo(0.2, 6); // centred on f's first call (0.1..0.3 px)
    fills.length = 0;
    // Without a search, the two sub-pixel calls are drawn as markers TINY_FRAME_PX wide.
    expect(drawFlameChart(ctx, { ...scene, nameMatched: null }).drawn).toBe(3);
    expect(fills.slice(1).map((b) => b.w)).toEqual([1, TINY_FRAME_PX, TINY_FRAME_PX]);
    expect(fills[2].x).toBeCloseTo(0.1, 6);
  });
});
