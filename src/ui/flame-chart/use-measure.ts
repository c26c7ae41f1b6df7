/**
 * Shift+drag on the flame chart measures an interval: the chart kit leaves such a press
 * to the view (config.ownsPress), and this hook follows the pointer (captured, so the drag
 * may leave the canvas) from the press to the release, in nanoseconds. The interval stays
 * until the next measure, a Shift+click or Escape. A plain drag still pans.
 *
 * The click that ends a measuring drag is not a click on a call: `takeClick()` says so once.
 */
import { useCallback, useEffect, useRef, type RefObject } from 'react';

/** A measured interval in ns: `a` where the drag began, `b` where it is (either may be the larger). */
export interface Measured {
  a: number;
  b: number;
}

/** Below this many px of movement a Shift+press is a click (it clears the interval). */
const MIN_DRAG_PX = 3;

export const isMeasurePress = (e: MouseEvent): boolean => e.shiftKey && e.button === 0;

export function useMeasure(
  canvasRef: RefObject<HTMLCanvasElement | null>,
  /** Time (ns) under a pointer's clientX at the current zoom. */
  nsAt: (clientX: number) => number,
  scheduleDraw: () => void,
  /** Where the interval is kept (the chart's draw reads it). */
  measured: RefObject<Measured | null>,
): { takeClick: () => boolean; clear: () => boolean } {
  const drag = useRef<{ x: number; moved: boolean } | null>(null);
  const swallowClick = useRef(false);
  const nsAtRef = useRef(nsAt);
  nsAtRef.current = nsAt;
  const drawRef = useRef(scheduleDraw);
  drawRef.current = scheduleDraw;

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const down = (e: PointerEvent) => {
      swallowClick.current = false;
      if (!isMeasurePress(e)) return;
      canvas.setPointerCapture(e.pointerId);
      drag.current = { x: e.clientX, moved: false };
      const at = nsAtRef.current(e.clientX);
      measured.current = { a: at, b: at };
      drawRef.current();
    };
    const move = (e: PointerEvent) => {
      const d = drag.current;
      if (!d || !measured.current) return;
      if (Math.abs(e.clientX - d.x) >= MIN_DRAG_PX) d.moved = true;
      measured.current = { a: measured.current.a, b: nsAtRef.current(e.clientX) };
      drawRef.current();
    };
    const up = () => {
      const d = drag.current;
      if (!d) return;
      drag.current = null;
      if (d.moved) swallowClick.current = true;
      else measured.current = null; // a Shift+click clears the interval
      drawRef.current();
    };
    canvas.addEventListener('pointerdown', down);
    canvas.addEventListener('pointermove', move);
    canvas.addEventListener('pointerup', up);
    canvas.addEventListener('pointercancel', up);
    return () => {
      canvas.removeEventListener('pointerdown', down);
      canvas.removeEventListener('pointermove', move);
      canvas.removeEventListener('pointerup', up);
      canvas.removeEventListener('pointercancel', up);
    };
  }, [canvasRef, measured]);

  const takeClick = useCallback((): boolean => {
    const swallow = swallowClick.current;
    swallowClick.current = false;
    return swallow;
  }, []);

  const clear = useCallback((): boolean => {
    if (!measured.current) return false;
    measured.current = null;
    drawRef.current();
    return true;
  }, [measured]);

  return { takeClick, clear };
}

/** The interval's band over the frames: [x0, x1] CSS px, the whole height. */
export function paintMeasure(ctx: CanvasRenderingContext2D, x0: number, x1: number, height: number, color: string): void {
  const left = Math.min(x0, x1);
  const w = Math.max(1, Math.abs(x1 - x0));
  ctx.save();
  ctx.globalAlpha = 0.16;
  ctx.fillStyle = color;
  ctx.fillRect(left, 0, w, height);
  ctx.globalAlpha = 1;
  ctx.fillStyle = color;
  ctx.fillRect(left - 0.5, 0, 1, height);
  ctx.fillRect(left + w - 0.5, 0, 1, height);
  ctx.restore();
}
