/**
 * Draws the differential flame graph's frames (compare mode) from the worker's columns:
 * boxes coloured by the change (lib/diff-colors.ts), a marker on the root of every subtree
 * present on one side only (its descendants are on that side only too: their colour says
 * so), drawn at least ONE_SIDED_MIN_PX wide so a thin one stays visible. Frames the
 * legend's filter or the search leave out are dimmed. Pure drawing, no state.
 */
import type { DiffFlameFrames } from '../../state/compare-queries';
import type { FramePalette } from '../chart/colors';
import { LABEL_FONT, type LabelFitter } from '../chart/labels';
import { paintFrame, paintHover } from '../chart/paint-frame';
import { MIN_FRAME_PX, ROW_H, rowTop, type Orientation } from '../chart/viewport';
import { diffFill, oneSidedMarker } from '../../lib/diff-colors';

/** A path on one side only is never drawn narrower than this (px). */
export const ONE_SIDED_MIN_PX = 3;
/** Height of the one-sided marker stripe at the bottom of the box (px). */
const MARKER_H = 4;

export interface DiffScene {
  frames: DiffFlameFrames;
  originX: number;
  pxPerUnit: number;
  width: number;
  height: number;
  scrollY: number;
  orientation: Orientation;
  palette: FramePalette;
  /** Presences kept by the legend's filter (others dimmed); null = all. */
  presence: readonly number[] | null;
  negated: boolean;
  hover: number;
  fitter: LabelFitter;
}

export function drawDiffFlame(ctx: CanvasRenderingContext2D, s: DiffScene): { drawn: number; deepest: number } {
  const { frames: f, originX, pxPerUnit, width, height, scrollY, orientation, palette } = s;
  ctx.fillStyle = palette.background;
  ctx.fillRect(0, 0, width, height);
  ctx.font = LABEL_FONT;
  ctx.textBaseline = 'middle';
  let drawn = 0;
  let deepest = -1;
  let hoverBox: [number, number, number] | null = null;
  const keep = s.presence && s.presence.length > 0 ? new Set(s.presence) : null;
  for (let k = 0; k < f.length; k++) {
    const sx0 = originX + f.x0[k] * pxPerUnit;
    let sx1 = originX + f.x1[k] * pxPerUnit;
    if (sx1 < 0 || sx0 > width) continue;
    const presence = f.presence[k];
    const p = f.parent[k];
    const oneSidedRoot = presence !== 3 && (p < 0 || f.presence[p] !== presence);
    const marker = oneSidedRoot ? oneSidedMarker(presence, palette.dark, s.negated) : null;
    if (marker && sx1 - sx0 < ONE_SIDED_MIN_PX) sx1 = sx0 + ONE_SIDED_MIN_PX;
    else if (sx1 - sx0 < MIN_FRAME_PX) continue;
    if (f.depth[k] > deepest) deepest = f.depth[k];
    const y = rowTop(f.depth[k], orientation, height, scrollY);
    if (y > height || y + ROW_H < 0) continue;
    const j = f.name[k];
    const name = f.names[j];
    // (a frame B names apart, a clone of another build, is matched by either name)
    const jb = f.nameB[k];
    const unmatched = f.nameMatched !== null && f.nameMatched[j] === 0 && (jb < 0 || f.nameMatched[jb] === 0);
    const dim = (keep !== null && !keep.has(presence)) || unmatched;
    const fill = dim ? palette.dimFill : diffFill({ delta: f.delta[k], maxAbsDelta: f.maxAbsDelta, dark: palette.dark, negated: s.negated });
    paintFrame(ctx, fill, name, sx0, sx1, y, width, dim, palette, s.fitter);
    if (marker && !dim) {
      ctx.fillStyle = marker;
      const w = sx1 - sx0;
      ctx.fillRect(sx0, y + ROW_H - 1 - MARKER_H, w > 3 ? w - 1 : w, MARKER_H);
    }
    drawn++;
    if (k === s.hover) hoverBox = [Math.max(sx0, 0), y, Math.min(sx1, width)];
  }
  if (hoverBox) paintHover(ctx, hoverBox, palette);
  return { drawn, deepest };
}
