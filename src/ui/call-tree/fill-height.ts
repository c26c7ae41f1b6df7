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

/**
 * Whether changes of the page's elements (MutationObserver records) can move `view`'s top:
 * not those of the view itself or inside it (its rows; the flame graph's hover card,
 * breadcrumbs and summary change on every zoom and keystroke). The view's top is laid out
 * before its own contents, and a change of its own size is its ResizeObserver's. Each of
 * those changes forced the page's layout in an animation frame to measure a top that had
 * not moved.
 */
export function mayMoveTop<N>(view: { contains(node: N): boolean }, records: readonly { target: N }[]): boolean {
  return records.some((r) => !view.contains(r.target));
}
