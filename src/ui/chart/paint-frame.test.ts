/** Painting one frame: its box, its label, the hover and current-match outlines. */
import { describe, expect, it } from 'vitest';
import { LIGHT } from './colors';
import { LabelFitter } from './labels';
import { MATCH_MIN_PX, matchSpan, paintCurrent, paintFrame, paintHover } from './paint-frame';
import { MIN_LABEL_PX, ROW_H } from './viewport';

/** Records fills, texts and strokes; every character is 7 px wide. */
function fakeContext() {
  const ops: { op: string; style: string; args: (number | string)[] }[] = [];
  const ctx = {
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    fillRect: (...args: number[]) => ops.push({ op: 'fillRect', style: String(ctx.fillStyle), args }),
    fillText: (...args: (number | string)[]) => ops.push({ op: 'fillText', style: String(ctx.fillStyle), args }),
    strokeRect: (...args: number[]) => ops.push({ op: 'strokeRect', style: String(ctx.strokeStyle), args }),
    measureText: (t: string) => ({ width: t.length * 7 }),
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, ops };
}

describe('matchSpan', () => {
  it('keeps a wide match as it is', () => {
    expect(matchSpan(10, 30)).toEqual([10, 30]);
  });
  it('widens a narrow match to MATCH_MIN_PX about its centre', () => {
    expect(matchSpan(100, 100.5)).toEqual([100.25 - MATCH_MIN_PX / 2, 100.25 + MATCH_MIN_PX / 2]);
    expect(MATCH_MIN_PX).toBeGreaterThanOrEqual(3);
  });
});

describe('paintFrame', () => {
  it('fills the box with a 1 px gap and writes the label inside it', () => {
    const { ctx, ops } = fakeContext();
    paintFrame(ctx, '#f80', 'vfs_read', 100, 300, 36, 1000, false, LIGHT, new LabelFitter(ctx));
    expect(ops[0]).toEqual({ op: 'fillRect', style: '#f80', args: [100, 36, 199, ROW_H - 1] });
    expect(ops[1]).toEqual({ op: 'fillText', style: LIGHT.text, args: ['vfs_read', 104, 36 + ROW_H / 2] });
  });

  it('keeps the label of a frame wider than the screen on screen, dimmed when the frame is', () => {
    const { ctx, ops } = fakeContext();
    paintFrame(ctx, LIGHT.dimFill, 'vfs_read', -500, 2000, 0, 1000, true, LIGHT, new LabelFitter(ctx));
    expect(ops[1]).toMatchObject({ op: 'fillText', style: LIGHT.dimText, args: ['vfs_read', 4, ROW_H / 2] });
  });

  it('writes no label on a frame narrower than MIN_LABEL_PX, and no gap on a thin one', () => {
    const { ctx, ops } = fakeContext();
    paintFrame(ctx, '#f80', 'vfs_read', 10, 10 + MIN_LABEL_PX - 1, 0, 1000, false, LIGHT, new LabelFitter(ctx));
    paintFrame(ctx, '#f80', 'vfs_read', 50, 52, 0, 1000, false, LIGHT, new LabelFitter(ctx));
    expect(ops.map((o) => o.op)).toEqual(['fillRect', 'fillRect']);
    expect(ops[1].args[2]).toBe(2);
  });
});

describe('outlines', () => {
  it('outlines the hovered frame inside its box', () => {
    const { ctx, ops } = fakeContext();
    paintHover(ctx, [100, 36, 300], LIGHT);
    expect(ops).toEqual([{ op: 'strokeRect', style: LIGHT.hover, args: [100.75, 36.75, 198, ROW_H - 2.5] }]);
  });

  it('gives a thin current match a ring wide enough to see, centred on it', () => {
    const { ctx, ops } = fakeContext();
    paintCurrent(ctx, [100, 0, 101], LIGHT);
    const [outer, inner] = ops;
    expect(outer.style).toBe(LIGHT.current);
    expect(inner.style).toBe(LIGHT.background);
    const left = outer.args[0] as number;
    const width = outer.args[2] as number;
    expect(width).toBeGreaterThanOrEqual(8);
    expect(left + width / 2).toBeCloseTo(100.5, 6);
  });
});
