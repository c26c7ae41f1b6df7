/**
 * The flame chart's visible window on the overview strip (view.chartWindow, written by the
 * chart on every draw): a shaded rectangle. While the chart is zoomed in, dragging the
 * rectangle pans the chart (requestChartWindow); elsewhere the strip's brush picks the
 * time range as before. At the whole run the rectangle only shows where the chart is: it
 * takes no pointer, so the brush works across the strip.
 */
import type { ScaleLinear } from 'd3-scale';
import { useRef, type PointerEvent } from 'react';
import { requestChartWindow, useAppStore } from '../../state/store';

interface Props {
  /** The strip's time scale: absolute ns → px. */
  x: ScaleLinear<number, number>;
  height: number;
}

export function ChartWindow({ x, height }: Props) {
  const w = useAppStore((s) => s.view.chartWindow);
  const drag = useRef<{ pointer: number; startNs: number; endNs: number } | null>(null);
  if (!w) return null;
  const [r0, r1] = x.range();
  const left = Math.max(r0, Math.min(r1, x(w.startNs)));
  // At least 3 px wide, so a window of a few µs on a long trace still shows (and can be grabbed).
  const right = Math.max(left + 3, Math.min(r1, x(w.endNs)));

  const onPointerDown = (e: PointerEvent<SVGRectElement>) => {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { pointer: e.clientX, startNs: w.startNs, endNs: w.endNs };
    e.preventDefault();
  };
  const onPointerMove = (e: PointerEvent<SVGRectElement>) => {
    const d = drag.current;
    if (!d) return;
    // Pixels of the strip to nanoseconds of its scale.
    const dns = x.invert(e.clientX) - x.invert(d.pointer);
    requestChartWindow(d.startNs + dns, d.endNs + dns);
  };
  const onPointerUp = () => {
    drag.current = null;
  };

  return (
    <rect
      className={`overview-window${w.zoomed ? ' pannable' : ''}`}
      data-testid="overview-window"
      data-start={String(w.startNs)}
      data-end={String(w.endNs)}
      x={left}
      y={0}
      width={right - left}
      height={height}
      onPointerDown={w.zoomed ? onPointerDown : undefined}
      onPointerMove={w.zoomed ? onPointerMove : undefined}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
    >
      <title>{w.zoomed ? 'The flame chart’s window: drag to pan the chart' : 'The flame chart’s window'}</title>
    </rect>
  );
}
