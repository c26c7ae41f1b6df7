/**
 * Flame graph viewport math, written down once.
 *
 *   frame x, a fraction of the zoom root    0 ──────────────────────────────── 1
 *   base scale (d3-scale, k = 1)            0 px ───────────────────────────── W px
 *   d3-zoom transform {k, x}:               screen x = t.x + t.k · base(frac)
 *   visible fractions:                      [base⁻¹(t.invertX(0)), base⁻¹(t.invertX(W))]
 *
 *   ┌──────────────────────────── canvas W × H (CSS px) ──────────────────────────┐
 *   │ flame (top-down tree): depth 0 on the BOTTOM row, callees grow upwards;      │
 *   │   scrollY > 0 moves the rows down to show deep rows cut off at the top.      │
 *   │ icicle (inverted tree): depth 0 on the TOP row, callers grow downwards;      │
 *   │   scrollY > 0 moves the rows up.                                             │
 *   │ every row is ROW_H px high; scrollY ∈ [0, max(0, rows · ROW_H − H)].         │
 *   └──────────────────────────────────────────────────────────────────────────────┘
 *
 * d3-zoom only moves x (its y stays 0: `constrain`); the vertical offset is our own.
 *
 * Detail: a frame narrower than MIN_FRAME_PX is not drawn, so the worker is asked for
 * frames wider than MIN_FRAME_PX / (W · k) of the zoom root, rounded DOWN to a power of
 * two: small zoom steps reuse one answer (and the worker's cached layout), and the answer
 * is never coarser than what is drawn. Frames are asked for a window three visible widths
 * wide, so a pan within a visible width on either side needs no new answer.
 *
 * Zoom is capped (MAX_ZOOM) where one pixel would be less than a nanosecond or the
 * fractions would lose precision (speedscope caps for the same reason).
 */
import type { ZoomTransform } from 'd3-zoom';

export const ROW_H = 18;
export const MIN_FRAME_PX = 0.5;
/** Frames narrower than this get no label. */
export const MIN_LABEL_PX = 22;

/** Largest zoom factor for a zoom root that spans `spanNs` on `widthPx` pixels. */
export function maxZoom(spanNs: number, widthPx: number): number {
  const byNs = spanNs > 0 && widthPx > 0 ? spanNs / widthPx : 1; // 1 ns per px
  return Math.max(1, Math.min(1e7, byNs));
}

/** The minWidth (fraction of the zoom root) to ask the worker for at zoom `k`. */
export function detailFor(widthPx: number, k: number): number {
  const exact = MIN_FRAME_PX / Math.max(1, widthPx * k);
  return 2 ** Math.floor(Math.log2(exact));
}

export type Window = readonly [number, number];

/** The fractions of the zoom root on screen. */
export function visibleWindow(t: ZoomTransform, widthPx: number): Window {
  if (widthPx <= 0) return [0, 1];
  return [Math.max(0, t.invertX(0) / widthPx), Math.min(1, t.invertX(widthPx) / widthPx)];
}

/** The window to ask for: the visible one and one visible width on either side. */
export function fetchWindow(visible: Window): Window {
  const w = visible[1] - visible[0];
  return [Math.max(0, visible[0] - w), Math.min(1, visible[1] + w)];
}

export type Orientation = 'flame' | 'icicle';

/** Top edge (CSS px) of the row of `depth`. */
export function rowTop(depth: number, orientation: Orientation, heightPx: number, scrollY: number): number {
  return orientation === 'icicle' ? depth * ROW_H - scrollY : heightPx - (depth + 1) * ROW_H + scrollY;
}

/** The row under a y coordinate (may be out of range). */
export function depthAt(y: number, orientation: Orientation, heightPx: number, scrollY: number): number {
  return orientation === 'icicle'
    ? Math.floor((y + scrollY) / ROW_H)
    : Math.floor((heightPx + scrollY - y) / ROW_H);
}

export function maxScroll(maxDepth: number, heightPx: number): number {
  return Math.max(0, (maxDepth + 1) * ROW_H - heightPx);
}

/**
 * Rows cut off by the canvas: `away` from the root side (the deep rows: above a flame, below
 * an icicle) and `toward` it (rows scrolled past, root included). Shown as hints so a deep
 * graph does not look shallower than it is.
 */
export function hiddenRows(maxDepth: number, heightPx: number, scrollY: number): { away: number; toward: number } {
  const rows = maxDepth + 1;
  return {
    away: Math.max(0, Math.ceil(rows - (scrollY + heightPx) / ROW_H - 1e-9)),
    toward: Math.max(0, Math.floor(scrollY / ROW_H + 1e-9)),
  };
}
