/**
 * Draws flame graph frames on a canvas from the columns the worker sent. Pure drawing:
 * no state, no DOM besides the context. Called from requestAnimationFrame with the
 * current zoom transform, so pan and zoom never wait for the worker.
 */
import type { FlameGraphFrames } from '../../state/flame-queries';
import { frameFill, type FramePalette } from '../chart/colors';
import { LABEL_FONT, LabelFitter } from '../chart/labels';
import { MIN_FRAME_PX, ROW_H, rowTop, type Orientation } from '../chart/viewport';
import { MATCH_MIN_PX, matchSpan, paintFrame, paintHover } from '../chart/paint-frame';
import type { DrawResult, DrawSteps } from '../chart/split-draw';

export interface FlameGraphScene {
  frames: FlameGraphFrames;
  /** Screen x of fraction 0 and pixels per unit fraction (d3-zoom's t.x and t.k · W). */
  originX: number;
  pxPerUnit: number;
  width: number;
  height: number;
  scrollY: number;
  orientation: Orientation;
  palette: FramePalette;
  /** Per entry of frames.names: 1 = matches the search. Null = no search active. */
  nameMatched: Uint8Array | null;
  /** Frame under the pointer, -1 for none. */
  hover: number;
  fitter: LabelFitter;
}

/** Draws the scene; returns how many frames were drawn and the deepest row in the visible x range. */
export function drawFlameGraph(ctx: CanvasRenderingContext2D, s: FlameGraphScene): DrawResult {
  return flameGraphSteps(ctx, s).step(() => false)!;
}

/** Frames looked at between two looks at the clock: a look costs more than a skipped frame. */
const FRAMES_PER_CHECK = 32;

/**
 * The scene drawn in steps (split-draw.ts): frames in their order (pre-order: the left of the
 * graph fills in first, every row of it), then the widened narrow matches and the hover
 * outline over them; the same canvas calls in the same order as one pass.
 */
export function flameGraphSteps(ctx: CanvasRenderingContext2D, s: FlameGraphScene): DrawSteps {
  const { frames: f, originX, pxPerUnit, width, height, scrollY, orientation, palette, nameMatched } = s;
  let k = 0;
  let drawn = 0;
  let deepest = -1; // deepest row with a frame in the visible time / x range
  let hoverBox: [number, number, number] | null = null; // left, top, right (clipped to the canvas)
  const late: number[] = []; // narrow matches (frame, row top), drawn widened over the rest
  const step = (stop: () => boolean): DrawResult | null => {
    if (k === 0) {
      ctx.fillStyle = palette.background;
      ctx.fillRect(0, 0, width, height);
    }
    // Set again on each step: the context is the canvas's, kept between frames.
    ctx.font = LABEL_FONT;
    ctx.textBaseline = 'middle';
    const first = k;
    for (; k < f.length; k++) {
      if (k > first && k % FRAMES_PER_CHECK === 0 && stop()) return null;
      const sx0 = originX + f.x0[k] * pxPerUnit;
      const sx1 = originX + f.x1[k] * pxPerUnit;
      if (sx1 < 0 || sx0 > width) continue;
      const w = sx1 - sx0;
      const j = f.name[k];
      const narrowMatch = nameMatched !== null && nameMatched[j] === 1 && w < MATCH_MIN_PX;
      if (w < MIN_FRAME_PX && !narrowMatch) continue;
      if (f.depth[k] > deepest) deepest = f.depth[k];
      const y = rowTop(f.depth[k], orientation, height, scrollY);
      if (y > height || y + ROW_H < 0) continue;
      const name = f.names[j];
      if (narrowMatch) {
        late.push(k, y);
        continue;
      }
      const dim = nameMatched !== null && nameMatched[j] === 0;
      paintFrame(ctx, dim ? palette.dimFill : f.func[k] < 0 ? palette.taskFill : frameFill(name, palette.dark), name, sx0, sx1, y, width, dim, palette, s.fitter);
      drawn++;
      if (k === s.hover) hoverBox = [Math.max(sx0, 0), y, Math.min(sx1, width)];
    }
    for (let i = 0; i < late.length; i += 2) {
      const q = late[i];
      const y = late[i + 1];
      const name = f.names[f.name[q]];
      const [sx0, sx1] = matchSpan(originX + f.x0[q] * pxPerUnit, originX + f.x1[q] * pxPerUnit);
      paintFrame(ctx, frameFill(name, palette.dark), name, sx0, sx1, y, width, false, palette, s.fitter);
      drawn++;
      if (q === s.hover) hoverBox = [Math.max(sx0, 0), y, Math.min(sx1, width)];
    }
    if (hoverBox) paintHover(ctx, hoverBox, palette);
    return { drawn, deepest };
  };
  return { step };
}
