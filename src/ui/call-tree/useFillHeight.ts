/**
 * A height that fills the window below an element's top (less a bottom margin), for views
 * whose rows scroll inside them rather than with the page: the shell's header and toolbars
 * above can be any height. Re-measured on window resize and when the layout above changes.
 */
import { useLayoutEffect, useState, type RefObject } from 'react';

export function useFillHeight(ref: RefObject<HTMLElement | null>, bottomMargin = 24, minHeight = 360): number {
  const [height, setHeight] = useState(minHeight);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const top = el.getBoundingClientRect().top + window.scrollY;
      const h = Math.max(minHeight, Math.floor(window.innerHeight - top - bottomMargin));
      setHeight((old) => (old === h ? old : h));
    };
    measure();
    window.addEventListener('resize', measure);
    // Banners and toolbars above may appear or wrap after the first paint.
    const ro = new ResizeObserver(measure);
    ro.observe(document.body);
    // ...or go away, which the body's size does not show (the shell is at least 100vh
    // high): any change of the page's elements re-measures, once a frame.
    let queued = 0;
    const mo = new MutationObserver(() => {
      if (queued === 0) queued = requestAnimationFrame(() => ((queued = 0), measure()));
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
