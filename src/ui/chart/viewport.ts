/**
 * Viewport math of every canvas chart, written down once. A chart lays frames out on x in
 * a unit of its own (the flame graph: fractions of the zoom root; the flame chart:
 * nanoseconds) over a domain [d0, d1] of that unit, and on y in rows of ROW_H px.
 *
 *   frame x, in the view's unit           d0 ─────────────────────────────── d1
 *   base scale (d3-scale, k = 1)          0 px ───────────────────────────── W px
 *   d3-zoom transform {k, x}:             zoomed = t.rescaleX(base)
 *                                         screen x = t.x + t.k · base(u) = zoomed(u)
 *   visible span:                         [zoomed⁻¹(0), zoomed⁻¹(W)]
 *
 *   ┌──────────────────────────── canvas W × H (CSS px) ──────────────────────────┐
 *   │ flame (top-down tree): depth 0 on the BOTTOM row, callees grow upwards;      │
 *   │   scrollY > 0 moves the rows down to show deep rows cut off at the top.      │
 *   │ icicle (inverted tree, and the flame chart): depth 0 on the TOP row, deeper  │
 *   │   rows below; scrollY > 0 moves the rows up.                                 │
 *   │ every row is ROW_H px high; scrollY ∈ [0, max(0, rows · ROW_H − H)].         │
 *   └──────────────────────────────────────────────────────────────────────────────┘
 *
 * d3-zoom only moves x (its y stays 0: use-x-zoom.ts constrains it); the vertical offset is
 * the chart's own. A frame narrower than MIN_FRAME_PX is not drawn, so a view asks the
 * worker only for frames at least that wide at the current zoom (its detail level).
 *
 * Zoom is capped (maxZoom) where one pixel would be less than a nanosecond or the view's
 * units would lose precision (speedscope caps for the same reason).
 */
import type { ZoomTransform } from 'd3-zoom';
import { scaleLinear, type ScaleLinear } from 'd3-scale';

export const ROW_H = 18;
export const MIN_FRAME_PX = 0.5;
/** Frames narrower than this get no label. */
export const MIN_LABEL_PX = 22;

/** A range of the view's x unit (or of pixels), start ≤ end. */
export type Span = readonly [number, number];

/** The x scale at zoom 1: the domain (a zero-length one widened by one unit) onto [0, W] px. */
export function baseScale(domain: Span, width: number): ScaleLinear<number, number> {
  const [d0, d1] = domain;
  return scaleLinear()
    .domain([d0, d1 > d0 ? d1 : d0 + 1])
    .range([0, Math.max(1, width)]);
}

/** The part of the domain on screen under the zoom transform `t`. */
export function visibleSpan(t: ZoomTransform, base: ScaleLinear<number, number>, width: number): Span {
  const z = t.rescaleX(base);
  return [z.invert(0), z.invert(Math.max(1, width))];
}

/**
 * Largest zoom factor for a domain that spans `spanNs` on `widthPx` pixels: one ns per
 * pixel, at most `limit` (a view whose unit loses precision sooner passes a lower one).
 */
export function maxZoom(spanNs: number, widthPx: number, limit = 1e7): number {
  const byNs = spanNs > 0 && widthPx > 0 ? spanNs / widthPx : 1; // 1 ns per px
  return Math.max(1, Math.min(limit, byNs));
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
 * The scroll after rows are dragged by `dy` CSS px (positive = the content moves down),
 * kept within [0, maxScroll]: in a flame the scroll grows with the drag, in an icicle
 * against it.
 */
export function scrolledBy(
  scrollY: number,
  dy: number,
  orientation: Orientation,
  maxDepth: number,
  heightPx: number,
): number {
  const next = scrollY + (orientation === 'flame' ? dy : -dy);
  return Math.min(Math.max(next, 0), maxScroll(maxDepth, heightPx));
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
