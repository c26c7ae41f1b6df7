/**
 * Scroll position and height of a scrolling element, for virtualized lists: only the rows
 * between scrollTop and scrollTop + height are rendered.
 */
import { useCallback, useEffect, useState, type RefObject } from 'react';

export interface Viewport {
  scrollTop: number;
  height: number;
}

export function useViewport(ref: RefObject<HTMLElement | null>): [Viewport, () => void] {
  const [vp, setVp] = useState<Viewport>({ scrollTop: 0, height: 400 });
  const measure = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    setVp((old) =>
      old.scrollTop === el.scrollTop && old.height === el.clientHeight
        ? old
        : { scrollTop: el.scrollTop, height: el.clientHeight },
    );
  }, [ref]);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    measure();
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
