/**
 * A lane of event markers under a time axis (the overview's, the flame chart's): the
 * trace's sched_switch, wakeup and irq entry / exit events of the lane's tasks and CPUs as
 * thin ticks, one row per kind (../chart/event-markers.ts draws them). Hover names the
 * event, its task and its absolute time. The worker sends one tick per pixel column and
 * kind for the window (widened, so a pan redraws from what is there and asks again later).
 * Nothing is drawn, and no space taken, for a trace without such events.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { fetchEventMarkers, type EventFilter, type EventMarkers } from '../../state/event-queries';
import type { IrqMode } from '../../core/model/interrupt-mode';
import { useAppStore } from '../../state/store';
import { useElementSize, useFrameScheduler } from '../chart/canvas-hooks';
import { drawEventTicks, KIND_COLORS, KIND_LABELS, LANE_H, markerAt, markerText } from '../chart/event-markers';
import { formatTraceTime } from './event-format';
import type { LaneWindow, Span } from './lane-window';

interface Props {
  /** Tasks and CPUs whose events are drawn (none: every one). */
  filter: EventFilter;
  /**
   * The Interrupts mode of the axis under the lane: in apart and hidden the calls are laid
   * out without interrupts, and the worker places the ticks on that axis too.
   */
  irq: IrqMode | undefined;
  window: LaneWindow;
  /** Names the lane (its role="img" label). */
  label: string;
}

interface Fetched {
  filter: EventFilter;
  irq: IrqMode | undefined;
  span: Span;
  buckets: number;
  markers: EventMarkers;
}

const REFETCH_MS = 80;

export function EventMarkerLane({ filter, irq, window: lane, label }: Props) {
  const trace = useAppStore((s) => s.session.traceId);
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const { width } = useElementSize(wrapRef);
  const [fetched, setFetched] = useState<Fetched | null>(null);
  const [hover, setHover] = useState<{ x: number; i: number } | null>(null);
  const asked = useRef<string>('');

  const toX = useCallback(
    (ns: number): number => {
      const span = lane.get();
      if (!span || span[1] <= span[0]) return -10;
      return ((ns - span[0]) / (span[1] - span[0])) * width;
    },
    [lane, width],
  );

  const draw = useCallback(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || width <= 0) return;
    const dpr = globalThis.devicePixelRatio || 1;
    if (canvas.width !== Math.round(width * dpr)) canvas.width = Math.round(width * dpr);
    if (canvas.height !== Math.round(LANE_H * dpr)) canvas.height = Math.round(LANE_H * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, LANE_H);
    const drawn = fetched ? drawEventTicks(ctx, fetched.markers, toX, width) : 0;
    canvas.dataset.ticks = String(drawn);
    const first = fetched && fetched.markers.ts.length > 0 ? toX(fetched.markers.ts[0]) : -1;
    canvas.dataset.firstX = first >= 0 && first <= width ? first.toFixed(1) : '';
    canvas.dataset.firstKind = first >= 0 && fetched ? String(fetched.markers.kind[0]) : '';
  }, [fetched, toX, width]);
  const scheduleDraw = useFrameScheduler(draw);

  // Ask again when the window leaves what was fetched, or is zoomed in or out past it.
  const maybeFetch = useCallback(() => {
    const span = lane.get();
    if (!trace || !span || width <= 0 || !(span[1] > span[0])) return;
    const w = span[1] - span[0];
    const f = fetched;
    const covered =
      f !== null && f.filter === filter && f.irq === irq && span[0] >= f.span[0] && span[1] <= f.span[1] && (f.span[1] - f.span[0]) / w < 4.5 && (f.span[1] - f.span[0]) / w > 2;
    if (covered) return;
    const want: Span = [span[0] - w, span[1] + w];
    const buckets = Math.min(8192, width * 3);
    const key = `${want[0]}:${want[1]}:${buckets}:${irq ?? ''}:${JSON.stringify(filter)}`;
    if (asked.current === key) return;
    asked.current = key;
    fetchEventMarkers({ filter, irq, startNs: want[0], endNs: want[1], buckets }).then(
      (markers) => {
        if (markers && asked.current === key) setFetched({ filter, irq, span: want, buckets, markers });
      },
      () => undefined,
    );
  }, [lane, trace, width, filter, irq, fetched]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onWindow = () => {
      scheduleDraw();
      clearTimeout(timer);
      timer = setTimeout(maybeFetch, REFETCH_MS);
    };
    onWindow();
    const off = lane.subscribe(onWindow);
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [lane, scheduleDraw, maybeFetch]);

  // New ticks, a new width: drawn again.
  useEffect(() => scheduleDraw(), [draw, scheduleDraw]);

  const onMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (!fetched) return;
    const r = e.currentTarget.getBoundingClientRect();
    const x = e.clientX - r.left;
    const i = markerAt(fetched.markers, toX, x, e.clientY - r.top);
    setHover(i >= 0 ? { x, i } : null);
  };

  const none = fetched !== null && fetched.filter === filter && fetched.irq === irq && fetched.markers.ts.length === 0;
  const text = hover && fetched ? markerText(fetched.markers, hover.i) : null;
  return (
    <div ref={wrapRef} className={`ev-lane${none ? ' ev-lane-empty' : ''}`} data-testid="event-lane">
      <canvas
        ref={canvasRef}
        className="ev-lane-canvas"
        style={{ width: Math.max(1, width), height: LANE_H }}
        role="img"
        aria-label={`${label}: ${KIND_LABELS.slice(1).join(', ')} as ticks`}
        onPointerMove={onMove}
        onPointerLeave={() => setHover(null)}
      />
      {hover && text && fetched && (
        <div className="ev-lane-tip" role="tooltip" data-testid="event-lane-tip" style={{ left: Math.min(Math.max(0, width - 260), hover.x + 8) }}>
          <span className="ev-lane-swatch" style={{ background: KIND_COLORS[fetched.markers.kind[hover.i]] }} aria-hidden="true" />
          <strong>{text.event}</strong>
          {` ${text.task} at ${formatTraceTime(fetched.markers.traceTs[hover.i])} s`}
          {text.more && <span className="muted">{` (${text.more})`}</span>}
        </div>
      )}
    </div>
  );
}
