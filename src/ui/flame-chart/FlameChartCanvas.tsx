/**
 * The flame chart: one task's calls in time order (x = time, y = depth, the outermost calls
 * on top), a canvas chart (../chart: zoom and pan on the time axis, refetch, hover card,
 * search dimming) configured to ask for the task's calls. A click pins a call's card (its
 * CPU, absolute start and end, input line and "Show the lines": InputLinesDialog.tsx), a
 * double click fits the call to the width, Escape unpins, clears a measure, then shows the
 * whole domain again. Above the canvas, the time ruler (time-ruler.ts, ../chart/time-ticks.ts:
 * absolute trace time, or relative to the overview's origin on request); Shift+drag
 * measures (use-measure.ts); W A S D zoom and pan (wasd-keys.ts); the visible window is
 * reported to the overview (view.chartWindow, which the permalink carries as `cw`), which may ask for another (a drag
 * there); a link's window is shown once the chart has its width (use-linked-window.ts). The search match stepped to with Enter is
 * brought into sight and outlined (use-show-match.ts); `data-current-call` names it.
 *
 * The worker is asked for the visible window (widened) at one pixel's detail only when what
 * it sent does not cover the screen any more (time-viewport.ts).
 */
import type { ScaleLinear } from 'd3-scale';
import { useEffect, useMemo, useRef, useState } from 'react';
import { fetchFlameChart, type ChartTask, type FlameChartFrames } from '../../state/flame-queries';
import { useViewFilter } from '../use-view-filter';
import { frameSourceUrl } from '../source-link/frame-source-url';
import type { SearchMatch } from '../../state/slices/view';
import { setChartWindow, setExplore, setHookCandidatesOf, useAppStore } from '../../state/store';
import { ChartCanvas } from '../chart/ChartCanvas';
import type { TooltipRow } from '../chart/FrameTooltip';
import { useCanvasChart } from '../chart/use-canvas-chart';
import { zoomIdentity } from '../chart/use-x-zoom';
import { baseScale, ROW_H, visibleSpan, type Span } from '../chart/viewport';
import { formatCount, formatDuration, formatShare, MISSING } from '../format';
import { useMatchedFuncs } from '../use-matched-funcs';
import { ABSOLUTE, decimalsFor, formatClock, rulerTicks, windowDecimals, type TimeClock } from '../chart/time-ticks';
import { drawFlameChart } from './draw';
import { InputLinesDialog } from './InputLinesDialog';
import { paintRuler } from './time-ruler';
import { isMeasurePress, paintMeasure, useMeasure, type Measured } from './use-measure';
import { wasdKeys } from './wasd-keys';
import { maxTimeZoom, minDurFor, screenLine, scrollToShowRow, transformFor, transformForWindow, transformToShow, widen } from './time-viewport';
import { useCurrentMatch, useShowMatch } from './use-show-match';
import { useTimeJump } from './use-time-jump';
import { useLinkedWindow } from './use-linked-window';
import { useFrameMenu } from '../context-menu/FrameMenu';
import { chartFrameAt, chartFrameStack } from './frame-stack';
import { cardNotes } from './card-notes';

interface Props {
  task: ChartTask;
  /** The start of the calls in view (the overview's origin): zero of relative time; null until known. */
  origin: number | null;
  /** Time domain at zoom 1 (explore.range, or the task's extent). */
  domain: Span;
  /** Reports whether the frames were laid out without timestamps. */
  onApproximate: (approximate: boolean) => void;
  /** Receives the chart's snapshot (the view drawn again at a scale: the PNG export). */
  snapshotRef?: { current: ((scale: number) => HTMLCanvasElement | null) | null };
  /** The event marker lane's window (ui/events): set to the visible window on every draw. */
  laneWindow?: { set: (a: number, b: number) => void };
}

/** Room a ruler label needs at least (`1234.567890` and a gap); longer labels get more (rulerTicks). */
const RULER_LABEL_PX = 110;


export function FlameChartCanvas({ task, origin, domain, onApproximate, snapshotRef, laneWindow }: Props) {
  const search = useAppStore((s) => s.explore.search);
  // Only the hover card's source link depends on it: not part of the question.
  const kernelVersion = useAppStore((s) => s.explore.kernelVersion);
  const relative = useAppStore((s) => s.view.relativeTime);
  // Relative time needs its origin; until it is known the labels stay absolute.
  const clock: TimeClock = relative && origin !== null ? { kind: 'relative', origin } : ABSOLUTE;
  // The chart has its own time window: the range only sets its initial domain.
  const filter = useViewFilter({ range: false });
  const question = useMemo(() => ({ filter, task: task.task }), [filter, task.task]);
  const domainKey = `${domain[0]}:${domain[1]}:${task.task}`;
  const matched = useMatchedFuncs(filter, search);
  const current = useCurrentMatch(task.task);

  /** Row of a match to keep in sight when frames arrive (their depth bounds the scroll), -1 for none. */
  const revealDepth = useRef(-1);
  const windowRef = useRef<HTMLDivElement>(null);
  const rulerRef = useRef<HTMLDivElement>(null);
  const measureRef = useRef<HTMLDivElement>(null);
  const measured = useRef<Measured | null>(null);
  const spanNs = domain[1] - domain[0];

  const chart = useCanvasChart<FlameChartFrames>({
    question,
    // A new task or domain: the whole domain, rows from the top.
    resetKey: domainKey,
    orientation: 'icicle',
    domain,
    matched,
    ownsPress: isMeasurePress,
    need: (t, width) => {
      const visible = visibleSpan(t, baseScale(domain, width), width);
      return { detail: minDurFor(visible, width), visible, fetch: widen(visible) };
    },
    ask: (need) => fetchFlameChart({ ...question, startNs: need.fetch[0], endNs: need.fetch[1], minDurNs: need.detail, tinyMarkers: true }),
    columns: (f) => ({ length: f.length, x0: f.start, x1: f.end, depth: f.depth }),
    maxZoom: (_f, width) => maxTimeZoom(spanNs, width),
    draw: ({ ctx, palette, fitter, frames, x, state: s, wrap }) => {
      // The zoomed scale as a line: screen x = originX + (ns − t0) · pxPerNs.
      const { drawn, deepest, currentBox } = drawFlameChart(ctx, {
        frames,
        ...screenLine(x),
        width: s.size.width,
        height: s.size.height,
        scrollY: s.scrollY,
        palette,
        nameMatched: s.nameMatched,
        hover: s.hover,
        current,
        fitter,
      });
      const v0 = x.invert(0);
      const v1 = x.invert(Math.max(1, s.size.width));
      laneWindow?.set(v0, v1);
      if (windowRef.current) {
        const d = windowDecimals(v1 - v0);
        windowRef.current.textContent = `Showing ${formatClock(v0, clock, d)} s to ${formatClock(v1, clock, d)} s (${formatDuration(v1 - v0)})`;
      }
      if (wrap) {
        // The ruler and the overview's window describe the canvas on screen (not a snapshot's).
        if (rulerRef.current) {
          const { ticks } = rulerTicks(v0, v1, s.size.width, RULER_LABEL_PX, clock);
          paintRuler(rulerRef.current, ticks, x);
        }
        setChartWindow({ startNs: v0, endNs: v1, zoomed: s.t.k > 1.0001 });
        wrap.dataset.visibleNs = String(Math.round(v1 - v0));
        // The visible window and whether the current match is outlined in it (tests read them).
        wrap.dataset.visibleStart = String(v0);
        wrap.dataset.visibleEnd = String(v1);
        wrap.dataset.currentDrawn = String(currentBox !== null);
        wrap.dataset.currentBox = currentBox ? currentBox.map((v) => v.toFixed(1)).join(',') : '';
      }
      paintMeasured(ctx, x, s.size.height, palette.current, wrap ? measureRef.current : null, clock, measured.current);
      return { drawn, deepest };
    },
    onFrames: (frames, s) => {
      if (frames && revealDepth.current >= 0 && frames.maxDepth >= revealDepth.current) {
        s.scrollY = scrollToShowRow(revealDepth.current, s.scrollY, s.size.height, ROW_H);
        revealDepth.current = -1;
      }
    },
  });
  useEffect(() => {
    if (!snapshotRef) return;
    snapshotRef.current = chart.snapshot;
    return () => {
      snapshotRef.current = null;
    };
  }, [snapshotRef, chart.snapshot]);
  const { frames, error, xzoom, state, scheduleDraw, hideTip, base } = chart;
  // "Show the lines" of a pinned card: the dialog's line and call, null when closed.
  const traceDat = useAppStore((s) => s.session.info?.format === 'trace-cmd-dat');
  const [linesOf, setLinesOf] = useState<{ line: number; name: string } | null>(null);
  const lines: CardLines = { open: traceDat ? null : (line, name) => setLinesOf({ line, name }) };
  const nsAt = (clientX: number): number => {
    const canvas = chart.canvasRef.current;
    const left = canvas ? canvas.getBoundingClientRect().left : 0;
    return state.current.t.rescaleX(base()).invert(clientX - left);
  };
  const measure = useMeasure(chart.canvasRef, nsAt, scheduleDraw, measured);
  // The pointer over the canvas (CSS px), for W / S to zoom about; null when it is elsewhere.
  const pointerX = useRef<number | null>(null);
  useEffect(() => {
    const canvas = chart.canvasRef.current;
    if (!canvas) return;
    const move = (e: PointerEvent) => {
      pointerX.current = e.clientX - canvas.getBoundingClientRect().left;
    };
    const leave = () => {
      pointerX.current = null;
    };
    canvas.addEventListener('pointermove', move);
    canvas.addEventListener('pointerleave', leave);
    return () => {
      canvas.removeEventListener('pointermove', move);
      canvas.removeEventListener('pointerleave', leave);
    };
  }, [chart.canvasRef]);

  useEffect(() => {
    if (frames) onApproximate(frames.approximate);
  }, [frames, onApproximate]);

  // The outline of the current match moves with it; the labels with the clock.
  useEffect(() => {
    scheduleDraw();
  }, [current, scheduleDraw, clock.kind, origin]);

  // Off screen, the overview draws no window.
  useEffect(() => () => setChartWindow(null), []);

  // The window dragged on the overview: shown at the same width (a pan), within the domain.
  const windowRequest = useAppStore((s) => s.view.chartWindowRequest);
  const seenRequest = useRef(windowRequest?.seq ?? 0);
  useEffect(() => {
    if (!windowRequest || windowRequest.seq === seenRequest.current) return;
    seenRequest.current = windowRequest.seq;
    const width = state.current.size.width;
    if (width <= 0) return;
    const b = base();
    const pa = b(windowRequest.startNs);
    const pb = b(windowRequest.endNs);
    const k = Math.max(1, Math.min(maxTimeZoom(spanNs, width), width / Math.max(1e-9, pb - pa)));
    xzoom.set(zoomIdentity.translate(-k * pa, 0).scale(k));
  }, [windowRequest, base, xzoom, state, spanNs]);

  const maxK = () => maxTimeZoom(spanNs, state.current.size.width);

  /** Click: fit the call to the width (and make its function the selected one). */
  /** Double click: fit the call to the width (and make its function the selected one). */
  const fitCall = (k: number) => {
    const f = state.current.frames;
    if (!f) return;
    const { k: scale, x } = transformFor(f.start[k], f.end[k], base(), state.current.size.width, maxK());
    xzoom.set(zoomIdentity.translate(x, 0).scale(scale));
    setExplore({ selectedFunction: f.names[f.name[k]] });
  };

  /** Click: its function becomes the selected one and its card is pinned (ChartCanvas). */
  const selectCall = (k: number): boolean => {
    if (measure.takeClick()) return false; // the end of a Shift+drag, not a click on the call
    const f = state.current.frames;
    if (f) setExplore({ selectedFunction: f.names[f.name[k]] });
    return true;
  };

  /** Escape: the whole domain again; false when it is already shown. */
  const showAll = (): boolean => {
    if (measure.clear()) return true;
    const t = state.current.t;
    if (t.k === 1 && t.x === 0) return false;
    xzoom.set(zoomIdentity);
    return true;
  };

  // A search step landed on this task: centre the call (zooming when it is too narrow to
  // see) and scroll its row into sight. After the chart's effects, which reset the zoom for
  // a new task or size.
  const showMatch = (m: SearchMatch) => {
    const s = state.current;
    const { k, x } = transformToShow(m.startNs, m.endNs, s.t, base(), s.size.width, maxK());
    xzoom.setMaxZoom(maxK());
    xzoom.set(zoomIdentity.translate(x, 0).scale(k));
    s.scrollY = scrollToShowRow(m.depth, s.scrollY, s.size.height, ROW_H);
    revealDepth.current = m.depth;
    hideTip();
    scheduleDraw();
  };
  useShowMatch(current, domainKey, chart.size.width > 0 && chart.size.height > 0, showMatch);
  // A jump from the Events view: that time's window, fitted to the width.
  useTimeJump(task.task, domainKey, chart.size.width > 0 && chart.size.height > 0, (a, b) => {
    const { k, x } = transformFor(a, b, base(), state.current.size.width, maxK());
    xzoom.setMaxZoom(maxK());
    xzoom.set(zoomIdentity.translate(x, 0).scale(k));
    hideTip();
  });

  // A permalink's window (its `cw` part): shown exactly, within the domain.
  useLinkedWindow(task.task, domainKey, chart.size.width > 0 && chart.size.height > 0, (a, b) => {
    const { k, x } = transformForWindow(a, b, base(), state.current.size.width, maxK());
    xzoom.setMaxZoom(maxK());
    xzoom.set(zoomIdentity.translate(x, 0).scale(k));
    hideTip();
  });

  // The context menu of a call: its stack is the calls around it.
  const frameMenu = useFrameMenu();
  const openMenu = (k: number, x: number, y: number) => {
    const f = state.current.frames;
    if (!f) return;
    const name = f.names[f.name[k]];
    const hooks = () => {
      setExplore({ selectedFunction: name });
      setHookCandidatesOf(name, chartFrameAt(f, k, task.label));
    };
    frameMenu.open({ name, stack: chartFrameStack(f, k), x, y, onHookPoints: hooks });
  };

  return (
    <div className="flame-chart-box">
      <div ref={rulerRef} className="time-ruler" data-testid="time-ruler" data-clock={clock.kind} aria-hidden="true" />
      <ChartCanvas
        chart={chart}
        testId="flame-chart"
        label={`Flame chart of ${task.label}`}
        data={{
          'data-task': task.label,
          'data-current-call': current ? String(current.call) : undefined,
          'data-current-start': current ? String(current.startNs) : undefined,
          'data-current-end': current ? String(current.endNs) : undefined,
        }}
        card={(f, k) => cardFor(f, k, task, kernelVersion, clock, lines)}
        onFrameClick={selectCall}
        onFrameDoubleClick={fitCall}
        onFrameContextMenu={openMenu}
        pinOnClick
        pinKey={domainKey}
        onEscape={showAll}
        keys={wasdKeys({
          zoom: (factor) => xzoom.scaleBy(factor, pointerX.current === null ? undefined : [pointerX.current, 0]),
          pan: (dir) => xzoom.translateBy((-dir * state.current.size.width) / 8 / state.current.t.k),
        })}
      >
        {frameMenu.menu}
        <div ref={measureRef} className="flame-measure" data-testid="chart-measure" hidden />
        <div ref={windowRef} className="flame-window" aria-live="off" data-testid="chart-window" />
        {error && (
          <p className="flame-note flame-error flame-overlay" role="alert">
            {`The flame chart could not be computed: ${error}`}
          </p>
        )}
        {frames && frames.length === 0 && <p className="flame-note flame-overlay">No calls of this task in this window.</p>}
        {linesOf && <InputLinesDialog line={linesOf.line} name={linesOf.name} onClose={() => setLinesOf(null)} />}
      </ChartCanvas>
    </div>
  );
}

/**
 * The measured interval `m` (null for none): its band on the canvas and, on screen
 * (`label`, null for a snapshot), its duration, start and end over it; data-* attributes
 * for the tests.
 */
function paintMeasured(
  ctx: CanvasRenderingContext2D,
  x: ScaleLinear<number, number>,
  height: number,
  color: string,
  label: HTMLDivElement | null,
  clock: TimeClock,
  m: Measured | null,
): void {
  if (m) paintMeasure(ctx, x(m.a), x(m.b), height, color);
  if (!label) return;
  label.hidden = m === null;
  if (!m) return;
  const a = Math.min(m.a, m.b);
  const b = Math.max(m.a, m.b);
  // Three significant digits of the interval: 123 µs → 7 decimals of seconds.
  const digits = decimalsFor((b - a) / 1000);
  label.textContent = `${formatDuration(b - a)}: ${formatClock(a, clock, digits)} s to ${formatClock(b, clock, digits)} s`;
  label.style.left = `${((x(a) + x(b)) / 2).toFixed(1)}px`;
  label.dataset.start = String(a);
  label.dataset.end = String(b);
  label.dataset.ns = String(b - a);
}

/** What the trace printed beside the call (funcgraph-retval, -args, -retaddr, -overrun). */
function noteRows(f: FlameChartFrames, k: number): TooltipRow[] {
  const n = f.note[k] >= 0 ? f.notes[f.note[k]] : undefined;
  if (!n) return [];
  const rows: TooltipRow[] = [];
  if (n.returned) rows.push({ label: 'Returned', value: n.returned });
  if (n.args) rows.push({ label: 'Arguments', value: n.args, wrap: true });
  if (n.caller) rows.push({ label: 'Called from', value: n.caller });
  if (n.overruns) rows.push({ label: 'Overruns', value: n.overruns });
  return rows;
}

/** What the card says of the call's input line, and how it opens the lines (null: a trace.dat). */
interface CardLines {
  open: ((line: number, name: string) => void) | null;
}

function lineRow(line: number, lines: CardLines): TooltipRow {
  if (!lines.open) return { label: 'Input line', value: `record ${formatCount(line)} (a trace.dat has no text lines)`, wrap: true };
  return { label: 'Input line', value: line > 0 ? formatCount(line) : MISSING };
}

function cardFor(f: FlameChartFrames, k: number, task: ChartTask, kernelVersion: string, clock: TimeClock, lines: CardLines) {
  const j = f.name[k];
  const dur = f.duration[k];
  const shown = Number.isNaN(dur) ? f.end[k] - f.start[k] : dur;
  const notes = cardNotes(f.derived[k]);
  return {
    name: f.names[j],
    rows: [
      { label: 'CPU', value: f.cpu[k] >= 0 ? String(f.cpu[k]) : MISSING },
      { label: 'Start', value: `${formatClock(f.start[k], clock, 9)} s` },
      { label: 'End', value: `${formatClock(f.end[k], clock, 9)} s` },
      { label: 'Duration', value: Number.isNaN(dur) ? `${MISSING} (≥ ${formatDuration(shown)})` : formatDuration(dur) },
      { label: 'Self', value: formatDuration(f.self[k]) },
      { label: 'Share of parent', value: formatShare(dur, f.parentDuration[k]) },
      { label: 'Share of task', value: formatShare(dur, task.totalNs) },
      ...noteRows(f, k),
      lineRow(f.line[k], lines),
    ],
    link: frameSourceUrl(f, j, kernelVersion),
    note: notes.length ? `Approximate: ${notes.join('; ')}.` : undefined,
    action: {
      label: 'Hook candidates under it',
      onClick: () => {
        setExplore({ selectedFunction: f.names[j] });
        setHookCandidatesOf(f.names[j], chartFrameAt(f, k, task.label));
      },
    },
    actions: lines.open && f.line[k] > 0 ? [{ label: 'Show the lines', onClick: () => lines.open?.(f.line[k], f.names[j]) }] : [],
  };
}
