/**
 * Pointer hover over canvas frames, shared by every canvas chart: which frame is outlined
 * (kept in the draw state, redrawn on change) and where the hover card sits. The card stays
 * put while the pointer is on the same frame, so it can be reached.
 */
import { useCallback, useState, type PointerEvent, type RefObject } from 'react';

export interface FrameTip {
  frame: number;
  /** Position in the canvas wrapper, CSS px. */
  x: number;
  y: number;
}

export interface FrameHover {
  /** The frame whose card is shown, and where; null for none. */
  tip: FrameTip | null;
  onPointerMove: (e: PointerEvent<HTMLCanvasElement>) => void;
  /** Hides the card and the hover outline. */
  hideTip: () => void;
  /** Hides the card only (a gesture moved the frames under the pointer). */
  clearTip: () => void;
}

export function useFrameHover(
  live: RefObject<{ hover: number }>,
  wrap: RefObject<HTMLElement | null>,
  scheduleDraw: () => void,
  frameAtPointer: (clientX: number, clientY: number) => number,
): FrameHover {
  const [tip, setTip] = useState<FrameTip | null>(null);

  const onPointerMove = useCallback(
    (e: PointerEvent<HTMLCanvasElement>) => {
      if (e.buttons) return; // a drag: d3-zoom pans
      const s = live.current;
      const k = frameAtPointer(e.clientX, e.clientY);
      if (k !== s.hover) {
        s.hover = k;
        scheduleDraw();
      }
      const box = wrap.current?.getBoundingClientRect();
      setTip((prev) =>
        k < 0 || !box ? null : prev && prev.frame === k ? prev : { frame: k, x: e.clientX - box.left, y: e.clientY - box.top },
      );
    },
    [live, wrap, scheduleDraw, frameAtPointer],
  );

  const hideTip = useCallback(() => {
    const s = live.current;
    if (s.hover >= 0) {
      s.hover = -1;
      scheduleDraw();
    }
    setTip(null);
  }, [live, scheduleDraw]);

  const clearTip = useCallback(() => setTip(null), []);

  return { tip, onPointerMove, hideTip, clearTip };
}
