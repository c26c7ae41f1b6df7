/**
 * The arithmetic of useFillHeight, and what it remembers between views: where the last
 * view's top was. A view's height is never read from the layout before its first paint:
 * that read forced the whole page's layout inside React's commit, 11-22 ms of the task that
 * shows the views at ready or switches a tab (issue 13). The view's ResizeObserver measures
 * it after the layout, where the read costs nothing. Until then a view starts at the height
 * the last top gives (the views share one panel: a tab switch keeps it), the page's first
 * one at its minimum height for one frame (its canvas is still empty then: the worker has
 * not answered yet).
 */

/** The height that fills the window below a top (document px) less a bottom margin, at least `minHeight`. */
export function fillHeight(top: number, innerHeight: number, bottomMargin: number, minHeight: number): number {
  return Math.max(minHeight, Math.floor(innerHeight - top - bottomMargin));
}

/** The top last measured of any view, in document px; null before the first. */
let lastTop: number | null = null;

export function rememberTop(top: number): void {
  lastTop = top;
}

/** A view's height before its first measure: what the last top gives, else the minimum. */
export function startHeight(innerHeight: number, bottomMargin: number, minHeight: number): number {
  return lastTop === null ? minHeight : fillHeight(lastTop, innerHeight, bottomMargin, minHeight);
}

/** Forgets the top (tests). */
export function forgetTop(): void {
  lastTop = null;
}
