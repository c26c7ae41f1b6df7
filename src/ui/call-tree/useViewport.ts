/**
 * Scroll position and height of a scrolling element, for virtualized lists: only the rows
 * between scrollTop and scrollTop + height are rendered.
 */
import { useCallback, useEffect, useState, type RefObject } from 'react';

export interface Viewport {
  scrollTop: number;
  height: number;
}

/**
 * The height a list mounts with before its first measure: the last one measured (the lists
 * fill one panel, so a tab switch keeps it; rows of margin cover a small difference).
 */
let lastHeight = 400;

/** A list's viewport before its first measure. */
export function initialViewport(): Viewport {
  return { scrollTop: 0, height: lastHeight };
}

/** A list's viewport measured: what the next list mounts with. */
export function noteViewport(vp: Viewport): void {
  if (vp.height > 0) lastHeight = vp.height;
}

/**
 * The viewport of `ref`'s element, measured by its ResizeObserver and on scroll: never read in
 * the effect that mounts it, which forced the page's whole layout inside React's commit of a
 * tab switch (17 ms of CPU at the Functions tab, issue 13); the observer's first callback
 * comes after the first layout, where the read costs nothing.
 */
export function useViewport(ref: RefObject<HTMLElement | null>): [Viewport, () => void] {
  const [vp, setVp] = useState<Viewport>(initialViewport);
  const measure = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    const next = { scrollTop: el.scrollTop, height: el.clientHeight };
    noteViewport(next);
    setVp((old) => (old.scrollTop === next.scrollTop && old.height === next.height ? old : next));
  }, [ref]);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    el.addEventListener('scroll', measure, { passive: true });
    return () => {
      ro.disconnect();
      el.removeEventListener('scroll', measure);
    };
  }, [ref, measure]);
  return [vp, measure];
}

/** The first and last (exclusive) row index to render, with some rows of margin. */
export function visibleRange(vp: Viewport, rowHeight: number, rowCount: number, overscan = 8): [number, number] {
  const first = Math.max(0, Math.floor(vp.scrollTop / rowHeight) - overscan);
  const last = Math.min(rowCount, Math.ceil((vp.scrollTop + vp.height) / rowHeight) + overscan);
  return [first, Math.max(first, last)];
}

/** Scrolls `el` the least so that row `index` is fully visible (below a sticky header of `headerHeight`). */
export function scrollRowIntoView(el: HTMLElement, index: number, rowHeight: number, headerHeight = 0): void {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  const viewTop = el.scrollTop;
  const viewBottom = el.scrollTop + el.clientHeight - headerHeight;
  if (top < viewTop) el.scrollTop = top;
  else if (bottom > viewBottom) el.scrollTop = bottom - (el.clientHeight - headerHeight);
}
