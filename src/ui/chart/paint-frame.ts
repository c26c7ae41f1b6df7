/**
 * Painting one frame box, its label and the hover outline: the same in the flame graph
 * and the flame chart (only where the boxes go differs), so both draw through here.
 */
import type { FramePalette } from './colors';
import type { LabelFitter } from './labels';
import { MIN_LABEL_PX, ROW_H } from './viewport';

/**
 * A search match is never thinner than this on screen: a 1-2 px sliver among wide frames is
 * missed, so a narrow match is widened about its centre and drawn over its neighbours.
 */
export const MATCH_MIN_PX = 4;

/** The screen span [sx0, sx1) of a search match, widened to MATCH_MIN_PX about its centre when narrower. */
export function matchSpan(sx0: number, sx1: number): [number, number] {
  if (sx1 - sx0 >= MATCH_MIN_PX) return [sx0, sx1];
  const mid = (sx0 + sx1) / 2;
  return [mid - MATCH_MIN_PX / 2, mid + MATCH_MIN_PX / 2];
}

/**
 * Fills the box [sx0, sx1) of row top `y` and writes its label when it is wide enough.
 * Labels of frames wider than the screen stay on screen.
 */
export function paintFrame(
  ctx: CanvasRenderingContext2D,
  fill: string,
  name: string,
  sx0: number,
  sx1: number,
  y: number,
  width: number,
  dim: boolean,
  palette: FramePalette,
  fitter: LabelFitter,
): void {
  const w = sx1 - sx0;
  ctx.fillStyle = fill;
  // A 1 px gap on the right and bottom separates neighbours once frames are wide enough.
  ctx.fillRect(sx0, y, w > 3 ? w - 1 : w, ROW_H - 1);
  if (w < MIN_LABEL_PX) return;
  const left = Math.max(sx0, 0);
  const right = Math.min(sx1, width);
  const label = fitter.fit(name, right - left - 8);
  if (label !== null) {
    ctx.fillStyle = dim ? palette.dimText : palette.text;
    ctx.fillText(label, left + 4, y + ROW_H / 2);
  }
}

/** The outline of the hovered frame ([left, top, right] on screen), drawn over the rest. */
export function paintHover(ctx: CanvasRenderingContext2D, box: [number, number, number], palette: FramePalette): void {
  const [left, y, right] = box;
  ctx.strokeStyle = palette.hover;
  ctx.lineWidth = 1.5;
  ctx.strokeRect(left + 0.75, y + 0.75, Math.max(1, right - left - 2), ROW_H - 2.5);
}

/** Narrowest outline of the current match: a call of a pixel or two still gets a visible ring. */
const MIN_CURRENT_PX = 8;

/**
 * The outline of the search match stepped to ([left, top, right] on screen): thicker than
 * the hover one and in its own colour, with a ring of background inside it so it reads on
 * any frame colour.
 */
export function paintCurrent(ctx: CanvasRenderingContext2D, box: [number, number, number], palette: FramePalette): void {
  let [left, , right] = box;
  const y = box[1];
  if (right - left < MIN_CURRENT_PX) {
    const mid = (left + right) / 2;
    left = mid - MIN_CURRENT_PX / 2;
    right = mid + MIN_CURRENT_PX / 2;
  }
  ctx.lineWidth = 3;
  ctx.strokeStyle = palette.current;
  ctx.strokeRect(left - 0.5, y - 0.5, right - left + 1, ROW_H);
  ctx.lineWidth = 1;
  ctx.strokeStyle = palette.background;
  ctx.strokeRect(left + 1.5, y + 1.5, Math.max(1, right - left - 3), ROW_H - 4);
}
