/**
 * What the flame graph asks the worker for (the shared viewport math is in
 * ../chart/viewport.ts). Frame x is a fraction of the zoom root: the domain is [0, 1].
 *
 *   visible fractions:   [t.invertX(0) / W, t.invertX(W) / W], within [0, 1]
 *
 * Detail: a frame narrower than MIN_FRAME_PX is not drawn, so the worker is asked for
 * frames wider than MIN_FRAME_PX / (W · k) of the zoom root, rounded DOWN to a power of
 * two: small zoom steps reuse one answer (and the worker's cached layout), and the answer
 * is never coarser than what is drawn. Frames are asked for a window three visible widths
 * wide, so a pan within a visible width on either side needs no new answer.
 */
import type { ZoomTransform } from 'd3-zoom';
import { MIN_FRAME_PX, type Span } from '../chart/viewport';

/** The flame graph's x domain: fractions of the zoom root. */
export const FRACTIONS: Span = [0, 1];

/** The minWidth (fraction of the zoom root) to ask the worker for at zoom `k`. */
export function detailFor(widthPx: number, k: number): number {
  const exact = MIN_FRAME_PX / Math.max(1, widthPx * k);
  return 2 ** Math.floor(Math.log2(exact));
}

/** The fractions of the zoom root on screen. */
export function visibleWindow(t: ZoomTransform, widthPx: number): Span {
  if (widthPx <= 0) return [0, 1];
  return [Math.max(0, t.invertX(0) / widthPx), Math.min(1, t.invertX(widthPx) / widthPx)];
}

/** The window to ask for: the visible one and one visible width on either side. */
export function fetchWindow(visible: Span): Span {
  const w = visible[1] - visible[0];
  return [Math.max(0, visible[0] - w), Math.min(1, visible[1] + w)];
}
