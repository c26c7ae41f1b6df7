/**
 * Draws flame chart frames (one task's calls on a time axis, roots on the top row) from
 * the columns the worker sent. Pure drawing, called from requestAnimationFrame.
 */
import type { FlameChartFrames } from '../../state/flame-queries';
import { frameFill, type FramePalette } from '../chart/colors';
import { LABEL_FONT, type LabelFitter } from '../chart/labels';
import { ROW_H } from '../chart/viewport';
import { MATCH_MIN_PX, matchSpan, paintCurrent, paintFrame, paintHover } from '../chart/paint-frame';

/**
 * The search match stepped to. Frames carry no call index, so it is found by what puts it
 * on screen: function, row, start and end (two calls equal in all four would be drawn on
 * the same pixels anyway).
 */
export interface CurrentCall {
  func: number;
  depth: number;
  startNs: number;
  endNs: number;
}

export interface FlameChartScene {
  frames: FlameChartFrames;
  /** Screen x of time t0 and pixels per nanosecond (the zoomed d3 scale, as a line). */
  t0: number;
  originX: number;
  pxPerNs: number;
  width: number;
  height: number;
  scrollY: number;
  palette: FramePalette;
  nameMatched: Uint8Array | null;
  hover: number;
  /** Outlined as the current search match; null for none. */
  current: CurrentCall | null;
  fitter: LabelFitter;
}

/**
 * The narrowest a call is drawn: the worker sends one call per row and per pixel's worth of
 * time among those too short to see (core flameChart's `tinyMarkers`), drawn this wide, so
 * a task of tiny calls shows where they are at any zoom.
 */
export const TINY_FRAME_PX = 1;

const isCurrent = (f: FlameChartFrames, k: number, c: CurrentCall): boolean =>
  f.func[k] === c.func && f.depth[k] === c.depth && f.start[k] === c.startNs && f.end[k] === c.endNs;

/** Top edge of a row: depth 0 at the top. */
function chartRowTop(depth: number, scrollY: number): number {
  return depth * ROW_H - scrollY;
}

export function drawFlameChart(
  ctx: CanvasRenderingContext2D,
  s: FlameChartScene,
): { drawn: number; deepest: number; currentBox: [number, number, number] | null } {
  const { frames: f, t0, originX, pxPerNs, width, height, scrollY, palette, nameMatched } = s;
  ctx.fillStyle = palette.background;
  ctx.fillRect(0, 0, width, height);
  ctx.font = LABEL_FONT;
  ctx.textBaseline = 'middle';
  let drawn = 0;
  let deepest = -1; // deepest row with a frame in the visible time / x range
  let hoverBox: [number, number, number] | null = null;
  let currentBox: [number, number, number] | null = null;
  const late: number[] = []; // narrow matches (frame, row top), drawn widened over the rest
  for (let k = 0; k < f.length; k++) {
    const sx0 = originX + (f.start[k] - t0) * pxPerNs;
    let sx1 = originX + (f.end[k] - t0) * pxPerNs;
    if (sx1 < 0 || sx0 > width) continue;
    const j = f.name[k];
    const narrowMatch = nameMatched !== null && nameMatched[j] === 1 && sx1 - sx0 < MATCH_MIN_PX;
    // A call too short to see is drawn TINY_FRAME_PX wide: a marker that calls are there.
    if (sx1 - sx0 < TINY_FRAME_PX) sx1 = sx0 + TINY_FRAME_PX;
    if (f.depth[k] > deepest) deepest = f.depth[k];
    const y = chartRowTop(f.depth[k], scrollY);
    if (y > height || y + ROW_H < 0) continue;
    const name = f.names[j];
    if (narrowMatch) {
      late.push(k, y);
      continue;
    }
    const dim = nameMatched !== null && nameMatched[j] === 0;
    paintFrame(ctx, dim ? palette.dimFill : frameFill(name, palette.dark), name, sx0, sx1, y, width, dim, palette, s.fitter);
    drawn++;
    if (k === s.hover) hoverBox = [Math.max(sx0, 0), y, Math.min(sx1, width)];
    if (s.current && isCurrent(f, k, s.current)) currentBox = [Math.max(sx0, 0), y, Math.min(sx1, width)];
  }
  for (let i = 0; i < late.length; i += 2) {
    const k = late[i];
    const y = late[i + 1];
    const name = f.names[f.name[k]];
    const [sx0, sx1] = matchSpan(originX + (f.start[k] - t0) * pxPerNs, originX + (f.end[k] - t0) * pxPerNs);
    paintFrame(ctx, frameFill(name, palette.dark), name, sx0, sx1, y, width, false, palette, s.fitter);
    drawn++;
    if (k === s.hover) hoverBox = [Math.max(sx0, 0), y, Math.min(sx1, width)];
    if (s.current && isCurrent(f, k, s.current)) currentBox = [Math.max(sx0, 0), y, Math.min(sx1, width)];
  }
  // Outlines last, over every box; the current match over the hover one.
  if (hoverBox) paintHover(ctx, hoverBox, palette);
  if (currentBox) paintCurrent(ctx, currentBox, palette);
  return { drawn, deepest, currentBox };
}
