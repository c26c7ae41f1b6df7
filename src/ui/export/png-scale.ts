/**
 * The scale a PNG export draws a picture at: 2× as asked, unless its canvas would pass a
 * browser's canvas limit. Past it a canvas draws nothing: Chromium refuses a canvas over
 * 32,768 × 8,192 pixels of area or over its side limit (canvas_rendering_context_host.cc
 * IsValidImageSize: kMaxCanvasArea, kMaxSkiaDim), so its toBlob gives no PNG or an empty
 * one, Firefox one over 32,767 px a side, WebKit one over its maxCanvasArea
 * (CanvasBase.cpp: 4,096² on iOS through Safari 17). A flame graph's SVG is as tall as its
 * deepest stack (16 px a level), so a deep one (a recursion, a damaged trace's indentation)
 * made a blank PNG or 'the canvas made no PNG' at 2×; it is drawn smaller instead, within
 * the smallest of those limits.
 */

/** Pixels a side no browser refuses (Firefox's 32,767, halved for a margin). */
export const PNG_MAX_SIDE = 16_384;

/** Pixels of area every browser draws (iOS WebKit through Safari 17: 4,096²). */
export const PNG_MAX_AREA = 4_096 * 4_096;

/** The scale to draw a `width` × `height` picture at: `wanted`, or less to fit the limits. */
export function pngScale(width: number, height: number, wanted: number): number {
  if (!(width > 0 && height > 0)) return wanted;
  return Math.min(wanted, PNG_MAX_SIDE / width, PNG_MAX_SIDE / height, Math.sqrt(PNG_MAX_AREA / (width * height)));
}

/** The canvas's size in pixels at `scale`: whole pixels, at least one, never past the limits. */
export function pngCanvasSize(width: number, height: number, scale: number): { width: number; height: number } {
  return { width: Math.max(1, Math.floor(width * scale)), height: Math.max(1, Math.floor(height * scale)) };
}
