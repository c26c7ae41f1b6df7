/**
 * Pointer hover over canvas frames, shared by every canvas chart: which frame is outlined
 * (kept in the draw state, redrawn on change) and where the hover card sits. The card stays
 * put while the pointer is on the same frame, so it can be reached, and a new answer from the
 * worker (a finer one after a zoom) shows the card of whatever frame is now under the resting
 * pointer instead of dropping it.
 */
import { useCallback, useRef, useState, type PointerEvent, type RefObject } from 'react';

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
  /** New frames: the card and outline of the frame under the pointer where it rests, if any. */
  rehover: () => void;
  /** Where the pointer rests over the canvas (client px, as precise as its moves), null when it is elsewhere. */
  restingPointer: () => { x: number; y: number } | null;
}

export function useFrameHover(
  live: RefObject<{ hover: number }>,
  wrap: RefObject<HTMLElement | null>,
  scheduleDraw: () => void,
  frameAtPointer: (clientX: number, clientY: number) => number,
): FrameHover {
  const [tip, setTip] = useState<FrameTip | null>(null);
  /** Where the pointer rests over the canvas (client px), null when it is elsewhere. */
  const pointer = useRef<{ x: number; y: number } | null>(null);

  const hoverAt = useCallback(
    (clientX: number, clientY: number, keep: boolean) => {
      const s = live.current;
      const k = frameAtPointer(clientX, clientY);
      if (k !== s.hover) {
        s.hover = k;
        scheduleDraw();
      }
      const box = wrap.current?.getBoundingClientRect();
      setTip((prev) =>
        k < 0 || !box ? null : keep && prev && prev.frame === k ? prev : { frame: k, x: clientX - box.left, y: clientY - box.top },
      );
    },
    [live, wrap, scheduleDraw, frameAtPointer],
  );

  const onPointerMove = useCallback(
    (e: PointerEvent<HTMLCanvasElement>) => {
      if (e.buttons) return; // a drag: d3-zoom pans
      pointer.current = { x: e.clientX, y: e.clientY };
      hoverAt(e.clientX, e.clientY, true);
    },
    [hoverAt],
  );

  const rehover = useCallback(() => {
    const at = pointer.current;
    if (at) hoverAt(at.x, at.y, false);
    else setTip(null);
  }, [hoverAt]);

  const hideTip = useCallback(() => {
    pointer.current = null;
    const s = live.current;
    if (s.hover >= 0) {
      s.hover = -1;
      scheduleDraw();
    }
    setTip(null);
  }, [live, scheduleDraw]);

  const clearTip = useCallback(() => setTip(null), []);
  const restingPointer = useCallback(() => pointer.current, []);

  return { tip, onPointerMove, hideTip, clearTip, rehover, restingPointer };
}
