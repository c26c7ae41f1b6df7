/**
 * Flame chart viewport math: time on x (the shared math, base scale and rows, is in
 * ../chart/viewport.ts).
 *
 *   domain [d0, d1] ns  (explore.range, else the task's first start .. last end)
 *   base scale (d3-scale, k = 1):  d0 → 0 px,  d1 → W px
 *   zoomed = t.rescaleX(base):     visible ns = [zoomed.invert(0), zoomed.invert(W)]
 *
 *   rows as an icicle: top = d · ROW_H − scrollY (the task's outermost calls on top)
 *
 * The worker is asked for the calls overlapping the visible window widened by one visible
 * width on either side, longer than one pixel's worth of nanoseconds rounded down to a
 * power of two (../chart/refetcher.ts decides when that is needed again).
 */
import type { ScaleLinear } from 'd3-scale';
import { maxZoom, type Span } from '../chart/viewport';

/** Minimum call duration to ask for: one pixel's worth, rounded down to a power of two. */
export function minDurFor(visible: Span, width: number): number {
  const nsPerPx = (visible[1] - visible[0]) / Math.max(1, width);
  return nsPerPx > 0 ? 2 ** Math.floor(Math.log2(nsPerPx)) : 0;
}

/**
 * The zoomed scale `x` as a line (screen x = originX + (ns − t0) · pxPerNs), for drawing
 * thousands of frames without a d3 call each. Read from the scale's own domain and range,
 * never by placing a probe time: past 2^53 ns (a tai clock's 1.7e18 ns, trace-cmd
 * --date's epoch times) a double is a multiple of 256 ns, so `t0 + 1e6` was 999,936 ns
 * after t0 and the slope 6.4e-5 short, which put a call 1.5 s into the trace, zoomed to
 * 5 µs, 18,000 px left of where the ruler and the hover (which use the scale) had it.
 * The visible start as t0 keeps the offsets small.
 */
export function screenLine(x: ScaleLinear<number, number>): { t0: number; originX: number; pxPerNs: number } {
  const [d0, d1] = x.domain();
  const [r0, r1] = x.range();
  return { t0: d0, originX: r0, pxPerNs: d1 > d0 ? (r1 - r0) / (d1 - d0) : 0 };
}

/**
 * The flame chart's largest zoom: one ns per pixel. The kit's default cap (10^7) stopped a
 * 10 s domain at 1 µs across the canvas and a 3 h one at 1 ms, so a call of a few hundred
 * ns in a long trace could not be zoomed to at all. The axis is ns from the base scale's
 * domain, so the cap only keeps the screen x of the domain's far end (k · W px) below
 * 10^14, where a double still places a pixel to 0.02 px: one ns per pixel up to a 10^14 ns
 * (27 h) domain on 1,000 px.
 */
export function maxTimeZoom(spanNs: number, widthPx: number): number {
  return maxZoom(spanNs, widthPx, 1e14 / Math.max(1, widthPx));
}

export function widen(visible: Span): Span {
  const w = visible[1] - visible[0];
  return [visible[0] - w, visible[1] + w];
}

/** The transform that shows [a, b] ns centred, with a small margin (less zoom when capped). */
export function transformFor(
  a: number,
  b: number,
  base: ScaleLinear<number, number>,
  width: number,
  maxK: number,
): { k: number; x: number } {
  const pa = base(a);
  const pb = base(Math.max(b, a + 1e-3));
  const k = Math.max(1, Math.min(maxK, (0.96 * width) / Math.max(1e-9, pb - pa)));
  return { k, x: centredX(k, pa, pb, width) };
}

/** The x offset that centres [pa, pb] (px at k = 1) at zoom k, kept inside the zoomed domain. */
function centredX(k: number, pa: number, pb: number, width: number): number {
  return Math.min(0, Math.max(width - k * width, width / 2 - (k * (pa + pb)) / 2));
}

/**
 * The transform that shows exactly [a, b] ns across the width (a permalink's window, the
 * overview's dragged one), clamped to the domain: the part of [a, b] inside it, at most maxK
 * (then centred on it); a window wholly outside the domain shows the whole domain.
 */
export function transformForWindow(
  a: number,
  b: number,
  base: ScaleLinear<number, number>,
  width: number,
  maxK: number,
): { k: number; x: number } {
  const pa = Math.max(0, base(a));
  const pb = Math.min(width, base(b));
  if (!(pb > pa)) return { k: 1, x: 0 };
  const k = Math.max(1, Math.min(maxK, width / (pb - pa)));
  return { k, x: centredX(k, pa, pb, width) };
}

/** A stepped-to call narrower than this on screen is zoomed in on (`transformToShow`). */
export const MIN_SHOWN_PX = 12;
/** …to this share of the width, leaving its neighbours in sight for context. */
const SHOWN_SHARE = 1 / 6;

/**
 * The transform that brings [a, b] ns into sight, centred where the domain's edges allow.
 * The zoom `current` is kept when the call is already between MIN_SHOWN_PX and the width
 * (so stepping through calls of similar length only pans); a narrower call is zoomed in on,
 * a wider one out from, within [1, maxK].
 */
export function transformToShow(
  a: number,
  b: number,
  current: { k: number },
  base: ScaleLinear<number, number>,
  width: number,
  maxK: number,
): { k: number; x: number } {
  const pa = base(a);
  const pb = base(Math.max(b, a));
  const span = Math.max(1e-9, pb - pa);
  let k = current.k;
  if (span * k < MIN_SHOWN_PX) k = Math.max((SHOWN_SHARE * width) / span, MIN_SHOWN_PX / span);
  else if (span * k > 0.96 * width) k = (0.96 * width) / span;
  k = Math.max(1, Math.min(maxK, k));
  return { k, x: centredX(k, pa, pb, width) };
}

/** The vertical scroll that shows the row of `depth` (top = depth · rowH − scrollY), moving as little as needed. */
export function scrollToShowRow(depth: number, scrollY: number, height: number, rowH: number): number {
  const top = depth * rowH;
  // A row of margin above and below, when the canvas has room for it.
  const margin = height >= 3 * rowH ? rowH : 0;
  if (top - margin < scrollY) return Math.max(0, top - margin);
  if (top + rowH + margin > scrollY + height) return Math.max(0, top + rowH + margin - height);
  return scrollY;
}
