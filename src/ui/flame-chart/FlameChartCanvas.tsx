/**
 * The flame chart: one task's calls in time order on a canvas (x = time, y = depth), with
 * d3-zoom on the time axis (wheel zooms around the pointer, drag pans, use-x-zoom.ts), a
 * hover card with start and duration, click a call to fit it to the width, Escape to see
 * the whole domain again, and search highlighting. The search match stepped to with Enter
 * is brought into sight and outlined (use-show-match.ts); `data-current-call` names it.
 *
 * Like the flame graph, frames live in a ref and are redrawn in requestAnimationFrame; the
 * worker is asked for the visible window (widened) at one pixel's detail only when what it
 * sent does not cover the screen any more (refetcher.ts, time-viewport.ts).
 */
import type { ZoomTransform } from 'd3-zoom';
import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent as ReactMouseEvent,
} from 'react';
import { fetchFlameChart, type ChartTask, type FlameChartFrames } from '../../state/flame-queries';
import { exploreFilter } from '../../state/search-queries';
import { setExplore, useAppStore } from '../../state/store';
import { formatDuration, MISSING } from '../format';
import { frameSourceUrl } from '../source-link/frame-source-url';
import { beginFrameDraw, useDarkMode, useElementSize, useFrameScheduler } from '../flame-graph/canvas-hooks';
import { buildRows, frameAt } from '../flame-graph/frame-rows';
import { FrameTooltip, type TooltipRow } from '../flame-graph/FrameTooltip';
import { LabelFitter } from '../flame-graph/labels';
import { Refetcher, type Span } from '../flame-graph/refetcher';
import { updateRowHints } from '../flame-graph/row-hints';
import { formatShare } from '../flame-graph/share';
import { matchNames, useMatchedFuncs } from '../flame-graph/use-search-match';
import { useXZoom, zoomIdentity } from '../flame-graph/use-x-zoom';
import { maxScroll, maxZoom, ROW_H } from '../flame-graph/viewport';
import { drawFlameChart, type CurrentCall } from './draw';
import { baseScale, minDurFor, scrollToShowRow, transformFor, transformToShow, visibleTime, widen } from './time-viewport';
import { useCurrentMatch, useShowMatch } from './use-show-match';
import type { SearchMatch } from '../../state/slices/view';
import { frameHoverHandlers, type FrameTip } from '../flame-graph/frame-hover';

interface Props {
  task: ChartTask;
  /** Time domain at zoom 1 (explore.range, or the task's extent). */
  domain: Span;
  /** Reports whether the frames were laid out without timestamps. */
  onApproximate: (approximate: boolean) => void;
}

type Tip = FrameTip;

const DERIVED_START = 1;
const DERIVED_END = 2;

export function FlameChartCanvas({ task, domain, onApproximate }: Props) {
  const tasks = useAppStore((s) => s.explore.tasks);
  const cpus = useAppStore((s) => s.explore.cpus);
  const syscallsOnly = useAppStore((s) => s.explore.syscallsOnly);
  const search = useAppStore((s) => s.explore.search);
  // Only the hover card's source link depends on it: not part of the question.
  const kernelVersion = useAppStore((s) => s.explore.kernelVersion);
  // The chart has its own time window: the range only sets its initial domain.
  const filter = useMemo(() => exploreFilter({ tasks, cpus, range: null, syscallsOnly }), [tasks, cpus, syscallsOnly]);
  const question = useMemo(() => ({ filter, task: task.task }), [filter, task.task]);
  const questionKey = JSON.stringify(question);
  const domainKey = `${domain[0]}:${domain[1]}:${task.task}`;

  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const size = useElementSize(wrapRef);
  const dark = useDarkMode();
  const matched = useMatchedFuncs(filter, search);
  const current = useCurrentMatch(task.task);

  const [frames, setFrames] = useState<FlameChartFrames | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tip, setTip] = useState<Tip | null>(null);

  const live = useRef({
    t: zoomIdentity as ZoomTransform,
    scrollY: 0,
    hover: -1,
    overTip: false,
    size,
    domain,
    taskStart: task.startNs,
    frames: null as FlameChartFrames | null,
    rows: [] as Int32Array[],
    nameMatched: null as Uint8Array | null,
    current: null as CurrentCall | null,
    /** Row of a match to keep in sight when frames arrive (their depth bounds the scroll), -1 for none. */
    revealDepth: -1,
    dark,
    question,
    questionKey,
  });
  const L = live.current;
  L.size = size;
  L.domain = domain;
  L.taskStart = task.startNs;
  L.dark = dark;
  L.current = current;
  L.question = question;
  L.questionKey = questionKey;

  const base = () => baseScale(live.current.domain, live.current.size.width);

  // ---- drawing ----
  const awayRef = useRef<HTMLDivElement>(null);
  const towardRef = useRef<HTMLDivElement>(null);
  const windowRef = useRef<HTMLDivElement>(null);
  const fitterRef = useRef<LabelFitter | null>(null);
  const draw = useCallback(() => {
    const canvas = canvasRef.current;
    const s = live.current;
    if (!canvas || s.size.width <= 0 || s.size.height <= 0) return;
    const started = performance.now();
    const begun = beginFrameDraw(canvas, s.size, s.dark, Boolean(s.frames));
    if (!begun || !s.frames) return;
    const { ctx, palette } = begun;
    fitterRef.current ??= new LabelFitter(ctx);
    const z = s.t.rescaleX(baseScale(s.domain, s.size.width));
    // The zoomed scale as a line: screen x = z(t0) + (ns − t0) · pxPerNs.
    const t0 = s.domain[0];
    const pxPerNs = (z(t0 + 1e6) - z(t0)) / 1e6;
    const { drawn, deepest, currentBox } = drawFlameChart(ctx, {
      frames: s.frames,
      t0,
      originX: z(t0),
      pxPerNs,
      width: s.size.width,
      height: s.size.height,
      scrollY: s.scrollY,
      palette,
      nameMatched: s.nameMatched,
      hover: s.hover,
      current: s.current,
      fitter: fitterRef.current,
    });
    updateRowHints({ away: awayRef.current, toward: towardRef.current }, deepest, s.size.height, s.scrollY);
    const [v0, v1] = visibleTime(s.t, baseScale(s.domain, s.size.width), s.size.width);
    if (windowRef.current) {
      windowRef.current.textContent = `Showing +${formatDuration(v0 - s.taskStart)} to +${formatDuration(v1 - s.taskStart)} (${formatDuration(v1 - v0)})`;
    }
    const wrap = wrapRef.current;
    if (wrap) {
      wrap.dataset.drawnFrames = String(drawn);
      // Main-thread cost of this redraw (the perf probe and curious users read it).
      wrap.dataset.drawMs = (performance.now() - started).toFixed(1);
      wrap.dataset.visibleNs = String(Math.round(v1 - v0));
      // The visible window and whether the current match is outlined in it (tests read them).
      wrap.dataset.visibleStart = String(v0);
      wrap.dataset.visibleEnd = String(v1);
      wrap.dataset.currentDrawn = String(currentBox !== null);
      wrap.dataset.currentBox = currentBox ? currentBox.map((v) => v.toFixed(1)).join(',') : '';
      wrap.dataset.zoomK = s.t.k.toFixed(3);
    }
  }, []);
  const scheduleDraw = useFrameScheduler(draw);

  // ---- asking the worker ----
  const refetcher = useMemo(
    () =>
      new Refetcher<FlameChartFrames>({
        need: () => {
          const s = live.current;
          if (s.size.width <= 0) return null;
          const visible = visibleTime(s.t, baseScale(s.domain, s.size.width), s.size.width);
          return { key: s.questionKey, detail: minDurFor(visible, s.size.width), visible, fetch: widen(visible) };
        },
        ask: (need) =>
          fetchFlameChart({ ...live.current.question, startNs: need.fetch[0], endNs: need.fetch[1], minDurNs: need.detail }),
        answer: (a) => {
          setFrames(a);
          setError(null);
        },
        error: (err) => setError(err instanceof Error ? err.message : String(err)),
        busy: () => undefined,
      }),
    [],
  );

  // ---- zoom and pan ----
  const scrollRows = useCallback(
    (dy: number) => {
      const s = live.current;
      if (!s.frames) return;
      s.scrollY = clamp(s.scrollY - dy, 0, maxScroll(s.frames.maxDepth, s.size.height));
      scheduleDraw();
    },
    [scheduleDraw],
  );
  const xzoom = useXZoom(canvasRef, {
    onZoom: (t, byUser) => {
      const s = live.current;
      s.t = t;
      if (byUser && s.hover >= 0) {
        s.hover = -1;
        setTip(null);
      }
      scheduleDraw();
      refetcher.poke();
    },
    onScrollRows: scrollRows,
  });
  const maxK = () => maxZoom(live.current.domain[1] - live.current.domain[0], live.current.size.width);

  useEffect(() => {
    const s = live.current;
    s.frames = frames;
    s.rows = frames ? buildRows({ length: frames.length, x0: frames.start, x1: frames.end, depth: frames.depth }, frames.maxDepth) : [];
    s.nameMatched = frames ? matchNames(frames.nameFuncs, matched) : null;
    s.hover = -1;
    s.scrollY = Math.min(s.scrollY, frames ? maxScroll(frames.maxDepth, s.size.height) : 0);
    if (frames && s.revealDepth >= 0 && frames.maxDepth >= s.revealDepth) {
      s.scrollY = scrollToShowRow(s.revealDepth, s.scrollY, s.size.height, ROW_H);
      s.revealDepth = -1;
    }
    setTip(null);
    const wrap = wrapRef.current;
    if (wrap) {
      let n = 0;
      if (frames && s.nameMatched) for (let k = 0; k < frames.length; k++) n += s.nameMatched[frames.name[k]];
      wrap.dataset.frames = String(frames?.length ?? 0);
      wrap.dataset.matchedFrames = s.nameMatched ? String(n) : '';
    }
    if (frames) onApproximate(frames.approximate);
    scheduleDraw();
  }, [frames, matched, scheduleDraw, onApproximate]);

  // A new task or domain: the whole domain, rows from the top.
  useEffect(() => {
    live.current.scrollY = 0;
    live.current.t = zoomIdentity;
    xzoom.set(zoomIdentity);
    xzoom.setMaxZoom(maxK());
    refetcher.poke();
    // Runs only when the key above changes; xzoom and the refs are read at run time.
  }, [domainKey]);

  const lastWidth = useRef(0);
  useEffect(() => {
    if (size.width <= 0) return;
    xzoom.setExtent(size.width, size.height);
    xzoom.setMaxZoom(maxK());
    const s = live.current;
    const old = lastWidth.current;
    lastWidth.current = size.width;
    if (old > 0 && old !== size.width) {
      // Same times on screen after a resize.
      const x = s.t.x * (size.width / old);
      xzoom.set(zoomIdentity.translate(x, 0).scale(s.t.k));
    }
    scheduleDraw();
    // Runs only when the key above changes; xzoom and the refs are read at run time.
  }, [size, scheduleDraw]);

  useEffect(() => {
    refetcher.poke();
  }, [questionKey, size.width, refetcher]);

  useEffect(() => {
    scheduleDraw();
  }, [dark, current, scheduleDraw]);

  // ---- pointer ----
  const frameAtPointer = (clientX: number, clientY: number): number => {
    const canvas = canvasRef.current;
    const s = live.current;
    if (!canvas || !s.frames || s.size.width <= 0) return -1;
    const r = canvas.getBoundingClientRect();
    const depth = Math.floor((clientY - r.top + s.scrollY) / ROW_H);
    if (depth < 0 || depth >= s.rows.length) return -1;
    const z = s.t.rescaleX(base());
    const ns = z.invert(clientX - r.left);
    const halfPixel = Math.abs(z.invert(1) - z.invert(0)) / 2;
    return frameAt({ length: s.frames.length, x0: s.frames.start, x1: s.frames.end, depth: s.frames.depth }, s.rows, depth, ns, halfPixel);
  };

  const { onPointerMove, hideTip } = frameHoverHandlers(live, wrapRef, setTip, scheduleDraw, frameAtPointer);

  /** Click: fit the call to the width (and make its function the selected one). */
  const onClick = (e: ReactMouseEvent<HTMLCanvasElement>) => {
    const s = live.current;
    const k = frameAtPointer(e.clientX, e.clientY);
    if (!s.frames || k < 0) return;
    const { k: scale, x } = transformFor(s.frames.start[k], s.frames.end[k], base(), s.size.width, maxK());
    xzoom.set(zoomIdentity.translate(x, 0).scale(scale));
    setExplore({ selectedFunction: s.frames.names[s.frames.name[k]] });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLCanvasElement>) => {
    const step = live.current.size.width / 8;
    const actions: Record<string, () => boolean | void> = {
      Escape: () => {
        hideTip();
        if (live.current.t.k === 1 && live.current.t.x === 0) return false;
        xzoom.set(zoomIdentity);
      },
      '+': () => xzoom.scaleBy(1.5),
      '=': () => xzoom.scaleBy(1.5),
      '-': () => xzoom.scaleBy(1 / 1.5),
      '0': () => xzoom.set(zoomIdentity),
      ArrowLeft: () => xzoom.translateBy(step / live.current.t.k),
      ArrowRight: () => xzoom.translateBy(-step / live.current.t.k),
      ArrowUp: () => scrollRows(3 * ROW_H),
      ArrowDown: () => scrollRows(-3 * ROW_H),
    };
    const act = actions[e.key];
    if (act && act() !== false) e.preventDefault();
  };

  // A search step landed on this task: centre the call (zooming when it is too narrow to
  // see) and scroll its row into sight. After the effects above, which reset the zoom for a
  // new task or size.
  const showMatch = (m: SearchMatch) => {
    const s = live.current;
    const { k, x } = transformToShow(m.startNs, m.endNs, s.t, base(), s.size.width, maxK());
    xzoom.setMaxZoom(maxK());
    xzoom.set(zoomIdentity.translate(x, 0).scale(k));
    s.scrollY = scrollToShowRow(m.depth, s.scrollY, s.size.height, ROW_H);
    s.revealDepth = m.depth;
    hideTip();
    scheduleDraw();
  };
  useShowMatch(current, domainKey, size.width > 0 && size.height > 0, showMatch);

  const card = tip && frames && tip.frame < frames.length ? cardFor(frames, tip.frame, task, kernelVersion) : null;

  return (
    <div
      ref={wrapRef}
      className="flame-canvas-wrap"
      data-testid="flame-chart"
      data-task={task.label}
      data-current-call={current ? String(current.call) : undefined}
      data-current-start={current ? String(current.startNs) : undefined}
      data-current-end={current ? String(current.endNs) : undefined}
    >
      <canvas
        ref={canvasRef}
        className="flame-canvas"
        role="img"
        aria-label={`Flame chart of ${task.label}`}
        tabIndex={0}
        onPointerMove={onPointerMove}
        onPointerLeave={() =>
          requestAnimationFrame(() => {
            if (!live.current.overTip) hideTip();
          })
        }
        onClick={onClick}
        onKeyDown={onKeyDown}
      />
      <div ref={windowRef} className="flame-window" aria-live="off" data-testid="chart-window" />
      <div ref={awayRef} className="flame-more at-bottom" hidden />
      <div ref={towardRef} className="flame-more at-top" hidden />
      {card && tip && (
        <FrameTooltip
          x={tip.x}
          y={tip.y}
          bounds={size}
          {...card}
          onPointerEnter={() => {
            live.current.overTip = true;
          }}
          onPointerLeave={() => {
            live.current.overTip = false;
            hideTip();
          }}
        />
      )}
      {error && (
        <p className="flame-note flame-error flame-overlay" role="alert">
          {`The flame chart could not be computed: ${error}`}
        </p>
      )}
      {frames && frames.length === 0 && <p className="flame-note flame-overlay">No calls of this task in this window.</p>}
    </div>
  );
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
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

function cardFor(f: FlameChartFrames, k: number, task: ChartTask, kernelVersion: string) {
  const j = f.name[k];
  const dur = f.duration[k];
  const shown = Number.isNaN(dur) ? f.end[k] - f.start[k] : dur;
  const notes: string[] = [];
  if (f.derived[k] & DERIVED_START) notes.push('start laid out from durations (no timestamp)');
  if (f.derived[k] & DERIVED_END) notes.push('never returned in the trace: end inferred from its calls');
  return {
    name: f.names[j],
    rows: [
      { label: 'Start', value: `+${formatDuration(f.start[k] - task.startNs)}` },
      { label: 'Duration', value: Number.isNaN(dur) ? `${MISSING} (≥ ${formatDuration(shown)})` : formatDuration(dur) },
      { label: 'Self', value: formatDuration(f.self[k]) },
      { label: 'Share of parent', value: formatShare(dur, f.parentDuration[k]) },
      { label: 'Share of task', value: formatShare(dur, task.totalNs) },
      ...noteRows(f, k),
    ],
    link: frameSourceUrl(f, j, kernelVersion),
    note: notes.length ? `Approximate: ${notes.join('; ')}.` : undefined,
  };
}
