/**
 * Pointer hover over canvas frames, shared by the flame graph and the flame chart: which
 * frame is outlined (kept in the draw state, redrawn on change) and where the hover card
 * sits. The card stays put while the pointer is on the same frame, so it can be reached.
 */
import type { Dispatch, PointerEvent, RefObject, SetStateAction } from 'react';

export interface FrameTip {
  frame: number;
  /** Position in the canvas wrapper, CSS px. */
  x: number;
  y: number;
}

export function frameHoverHandlers(
  live: RefObject<{ hover: number }>,
  wrap: RefObject<HTMLElement | null>,
  setTip: Dispatch<SetStateAction<FrameTip | null>>,
  scheduleDraw: () => void,
  frameAtPointer: (clientX: number, clientY: number) => number,
) {
  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => {
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
  };

  const hideTip = () => {
    const s = live.current;
    if (s.hover >= 0) {
      s.hover = -1;
      scheduleDraw();
    }
    setTip(null);
  };

  return { onPointerMove, hideTip };
}
