import { useEffect, type RefObject } from 'react';

/**
 * Calls `onOutside` when a pointer goes down anywhere outside `ref`'s element while `active`:
 * what closes a menu lying over a view (the frame menu, the Export list). Listened for in the
 * capture phase, so a canvas that handles the press itself still closes it.
 */
export function usePressOutside(ref: RefObject<HTMLElement | null>, active: boolean, onOutside: () => void): void {
  useEffect(() => {
    if (!active) return;
    const onDown = (e: PointerEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) onOutside();
    };
    document.addEventListener('pointerdown', onDown, true);
    return () => document.removeEventListener('pointerdown', onDown, true);
  }, [ref, active, onOutside]);
}
