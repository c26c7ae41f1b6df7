/**
 * A height that fills the window below an element's top (less a bottom margin), for views
 * whose rows scroll inside them rather than with the page: the shell's header and toolbars
 * above can be any height. Re-measured on window resize and when the layout above changes.
 * Measured only where the layout is already done (fill-height.ts says why).
 */
import { useLayoutEffect, useState, type RefObject } from 'react';
import { mayMoveTop, fillHeight, rememberTop, startHeight } from './fill-height';

export function useFillHeight(ref: RefObject<HTMLElement | null>, bottomMargin = 24, minHeight = 360): number {
  const [height, setHeight] = useState(() => startHeight(window.innerHeight, bottomMargin, minHeight));
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const top = el.getBoundingClientRect().top + window.scrollY;
      rememberTop(top);
      const h = fillHeight(top, window.innerHeight, bottomMargin, minHeight);
      setHeight((old) => (old === h ? old : h));
    };
    window.addEventListener('resize', measure);
    // The first measure, after the first layout (the read there costs nothing); then banners
    // and toolbars above that appear or wrap.
    const ro = new ResizeObserver(measure);
    ro.observe(document.body);
    ro.observe(el);
    // ...or go away, which the body's size does not show (the shell is at least 100vh
    // high): a change of the page's elements that can move the view's top re-measures,
    // once a frame.
    let queued = 0;
    const mo = new MutationObserver((records) => {
      if (queued === 0 && mayMoveTop(el, records)) queued = requestAnimationFrame(() => ((queued = 0), measure()));
    });
    mo.observe(document.body, { childList: true, subtree: true });
    return () => {
      window.removeEventListener('resize', measure);
      ro.disconnect();
      mo.disconnect();
      cancelAnimationFrame(queued);
    };
  }, [ref, bottomMargin, minHeight]);
  return height;
}
