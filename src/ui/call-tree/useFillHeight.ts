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
    return () => {
      window.removeEventListener('resize', measure);
      ro.disconnect();
    };
  }, [ref, bottomMargin, minHeight]);
  return height;
}
