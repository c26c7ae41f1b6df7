/**
 * The flame graph drawn in steps paints what one pass paints, in the same order, each frame
 * once; a search's narrow matches are painted widened, over the rest.
 */
import { describe, expect, it } from 'vitest';
import type { FlameGraphFrames } from '../../state/flame-queries';
import { LIGHT } from '../chart/colors';
import { LabelFitter } from '../chart/labels';
import { MATCH_MIN_PX } from '../chart/paint-frame';
import { drawFlameGraph, flameGraphSteps, type FlameGraphScene } from './draw';

/** Records every fill, text and stroke with its style. */
function recordingContext() {
  const ops: string[] = [];
  const ctx = {
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    font: '',
    textBaseline: '',
    fillRect: (...a: number[]) => ops.push(`fillRect ${String(ctx.fillStyle)} ${a.join(' ')}`),
    fillText: (t: string, ...a: number[]) => ops.push(`fillText ${String(ctx.fillStyle)} ${t} ${a.join(' ')}`),
    strokeRect: (...a: number[]) => ops.push(`strokeRect ${String(ctx.strokeStyle)} ${a.join(' ')}`),
    measureText: (t: string) => ({ width: t.length * 7 }),
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, ops };
}

/** A pre-order tree: each frame's children share its width (some of them too narrow to see). */
function frames(): FlameGraphFrames {
  const x0: number[] = [];
  const x1: number[] = [];
  const depth: number[] = [];
  const parent: number[] = [];
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const add = (left: number, right: number, d: number, p: number) => {
    const k = x0.length;
    x0.push(left);
    x1.push(right);
    depth.push(d);
    parent.push(p);
    if (d === 6) return;
    const children = 2 + Math.floor(rand() * 3);
    let at = left;
    for (let c = 0; c < children; c++) {
      const w = (right - at) * (rand() < 0.25 ? 0.0004 : 0.2 + rand() * 0.5);
      add(at, at + w, d + 1, k);
      at += w;
    }
  };
  add(0, 1, 0, -1);
  const n = x0.length;
  return {
    length: n,
    x0: Float64Array.from(x0),
    x1: Float64Array.from(x1),
    depth: Uint32Array.from(depth),
    parent: Int32Array.from(parent),
    name: Int32Array.from({ length: n }, (_, k) => k % 9),
    func: Int32Array.from({ length: n }, (_, k) => (k === 0 ? -1 : k % 9)),
    total: new Float64Array(n),
    self: new Float64Array(n),
    calls: new Float64Array(n),
    maxDepth: Math.max(...depth),
    names: Array.from({ length: 9 }, (_, i) => `func_${i}`),
    nameFuncs: Int32Array.from({ length: 9 }, (_, i) => i),
    zoomNodeFound: true,
    zoomFound: 0,
    span: 1000,
    grandTotal: 1000,
    rootParentTotal: Number.NaN,
    untimed: false,
    untimedReason: '',
  };
}

function scene(ctx: CanvasRenderingContext2D, f: FlameGraphFrames, hover: number, matched: Uint8Array | null): FlameGraphScene {
  return {
    frames: f,
    originX: 0,
    pxPerUnit: 1200,
    width: 1200,
    height: 400,
    scrollY: 0,
    orientation: 'flame',
    palette: LIGHT,
    nameMatched: matched,
    hover,
    fitter: new LabelFitter(ctx),
  };
}

describe('flameGraphSteps', () => {
  for (const [label, matched] of [
    ['no search', null],
    ['a search with narrow matches widened', Uint8Array.from([1, 0, 0, 1, 0, 0, 1, 0, 0])],
  ] as const) {
    it(`paints what one pass paints, in its order, however it is cut (${label})`, () => {
      const f = frames();
      const one = recordingContext();
      const whole = drawFlameGraph(one.ctx, scene(one.ctx, f, 40, matched));
      expect(whole.drawn).toBeGreaterThan(100);
      expect(f.length).toBeGreaterThan(1000);
      for (const every of [1, 3, 17]) {
        const cut = recordingContext();
        const steps = flameGraphSteps(cut.ctx, scene(cut.ctx, f, 40, matched));
        let looks = 0;
        let stepsTaken = 0;
        let r = null;
        while (r === null) {
          stepsTaken++;
          r = steps.step(() => ++looks % every === 0);
        }
        expect(stepsTaken).toBeGreaterThan(1);
        expect(r).toEqual(whole);
        expect(cut.ops).toEqual(one.ops);
      }
    });
  }

  it('fills the background once, on the first step only', () => {
    const f = frames();
    const { ctx, ops } = recordingContext();
    const steps = flameGraphSteps(ctx, scene(ctx, f, -1, null));
    while (steps.step(() => true) === null);
    expect(ops.filter((o) => o === `fillRect ${LIGHT.background} 0 0 1200 400`)).toHaveLength(1);
  });

  it('paints the narrow matches of a search last, widened, in frame order; a search that matches none paints every frame where no search does', () => {
    const f = frames();
    const matched = Uint8Array.from([1, 0, 0, 1, 0, 0, 1, 0, 0]);
    const { ctx, ops } = recordingContext();
    drawFlameGraph(ctx, scene(ctx, f, -1, matched));
    const rects = ops.filter((o) => o.startsWith('fillRect '));
    const lastDim = rects.map((o) => o.startsWith(`fillRect ${LIGHT.dimFill} `)).lastIndexOf(true);
    const widened = rects.slice(lastDim + 1);
    // Each: MATCH_MIN_PX wide less the 1 px gap (paint-frame.ts), in a matched function's colour.
    expect(widened.length).toBeGreaterThan(3);
    for (const o of widened) expect(Number(o.split(' ').at(-2))).toBeCloseTo(MATCH_MIN_PX - 1, 9);
    // Frame order: their left edges are those of the narrow matches, in order.
    const lefts = widened.map((o) => Number(o.split(' ').at(-4)) + MATCH_MIN_PX / 2);
    const narrow: number[] = [];
    for (let k = 0; k < f.length; k++) {
      const sx0 = f.x0[k] * 1200;
      const sx1 = f.x1[k] * 1200;
      if (matched[f.name[k]] === 1 && sx1 - sx0 < MATCH_MIN_PX) narrow.push((sx0 + sx1) / 2);
    }
    expect(lefts.length).toBe(narrow.length);
    lefts.forEach((x, i) => expect(x).toBeCloseTo(narrow[i], 6));

    // Matching nothing: no frame widened or added, every frame as without a search, dimmed.
    const rectsOf = (m: Uint8Array | null) => {
      const r = recordingContext();
      drawFlameGraph(r.ctx, scene(r.ctx, f, -1, m));
      return r.ops.filter((o) => o.startsWith('fillRect ')).map((o) => o.split(' ').slice(-4).join(' '));
    };
    expect(rectsOf(new Uint8Array(9))).toEqual(rectsOf(null));
  });
});
