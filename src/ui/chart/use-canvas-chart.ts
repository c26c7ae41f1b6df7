/**
 * One canvas chart (the flame graph, the flame chart, and whatever canvas comes next): all
 * that such a view shares, behind one hook. A view gives its configuration (what to ask
 * the worker, where its x domain is, which columns place a frame, how to draw) and gets a
 * chart to render with <ChartCanvas> (what a click and the hover card mean go there).
 *
 * What the hook owns:
 *   - sizing: the wrapper's CSS size (ResizeObserver); the canvas backing store follows the
 *     device pixel ratio on every draw (canvas-hooks.ts);
 *   - frame scheduling: `scheduleDraw()` draws once in the next animation frame, from the
 *     frames at hand, so pan and zoom never wait for the worker;
 *   - x-zoom and pan: d3-zoom on the canvas (use-x-zoom.ts) over the view's domain
 *     (viewport.ts has the diagram), row scrolling by drag and Shift+wheel, the zoom reset
 *     when `resetKey` changes, the same part of the domain kept on screen on a resize;
 *   - refetch on viewport change: the worker is asked again only when its last answer does
 *     not cover the view or the question changed (refetcher.ts);
 *   - hit testing (frame-rows.ts), search dimming (name-match.ts), labels and colours (the
 *     view's draw gets a LabelFitter and the palette of the theme), the hover state.
 *
 * Imperative state (the transform, the scroll, the frames, the hover) lives in a ref read by
 * the draw loop, the gestures and the refetcher; React re-renders only for a new answer and
 * the hover card. The configuration is kept in a ref too (synced after each render), so the
 * draw and the refetcher always use the latest one.
 */
import type { ScaleLinear } from 'd3-scale';
import type { ZoomTransform } from 'd3-zoom';
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type PointerEvent,
  type RefObject,
} from 'react';
import { beginFrameDraw, useDarkMode, useElementSize, useFrameScheduler, type CssSize } from './canvas-hooks';
import type { FramePalette } from './colors';
import { useFrameHover, type FrameTip } from './frame-hover';
import { buildRows, frameAt, type FrameColumns } from './frame-rows';
import { LabelFitter } from './labels';
import { countMatched, matchNames } from './name-match';
import { Refetcher, type Need } from './refetcher';
import { updateRowHints } from './row-hints';
import { useXZoom, zoomIdentity, type XZoomHandle } from './use-x-zoom';
import { baseScale, depthAt, maxScroll, scrolledBy, type Orientation, type Span } from './viewport';

/** What every answer a chart draws has: frames in rows, names in a string table. */
export interface ChartFrames {
  length: number;
  maxDepth: number;
  /** Index into `names`, per frame. */
  name: Int32Array;
  names: readonly string[];
  /** Model function id per entry of `names` (for search highlighting). */
  nameFuncs: Int32Array;
}

/** The imperative state of a chart, read by the draw loop, the gestures and the refetcher. */
export interface ChartState<F> {
  t: ZoomTransform;
  scrollY: number;
  /** Frame under the pointer, -1 for none. */
  hover: number;
  /** The pointer is on the hover card (it stays open). */
  overTip: boolean;
  size: CssSize;
  frames: F | null;
  /** The frames' x extents and rows, for hit testing. */
  columns: FrameColumns | null;
  rows: Int32Array[];
  /** Per entry of frames.names: 1 = matches the search. Null = no search active. */
  nameMatched: Uint8Array | null;
  dark: boolean;
  orientation: Orientation;
}

/** Everything a view needs to draw one frame of its chart. */
export interface ChartDraw<F> {
  ctx: CanvasRenderingContext2D;
  palette: FramePalette;
  fitter: LabelFitter;
  frames: F;
  /** The zoomed x scale: the view's unit → screen px (`t.rescaleX(base)`). */
  x: ScaleLinear<number, number>;
  state: ChartState<F>;
  /** The wrapper, for the data attributes a view writes on each draw. */
  wrap: HTMLElement | null;
}

export interface CanvasChartConfig<F extends ChartFrames> {
  /** The question to the worker (filter, zoom root, task…); its JSON is the refetch key. */
  question: unknown;
  /** A change of this key shows the whole domain again (zoom and row scroll reset). */
  resetKey: string;
  orientation: Orientation;
  /** The x domain at zoom 1, in the view's unit. */
  domain: Span;
  /** Function ids the search matches (their frames stay bright), null for no search. */
  matched: ReadonlySet<number> | null;
  /** What to ask for at this transform and width: the visible span, a detail level, the span to fetch. */
  need(t: ZoomTransform, width: number): Omit<Need, 'key'>;
  /** Asks the worker for `need` (null = a stale answer, dropped). */
  ask(need: Need): Promise<F | null>;
  /** Each frame's x extent (in the view's unit) and row, for hit testing. */
  columns(frames: F): FrameColumns;
  /** The zoom cap for these frames and width; null leaves it as it is. */
  maxZoom(frames: F | null, width: number): number | null;
  /** Draws the frames; returns how many were drawn and the deepest row in the visible x range. */
  draw(d: ChartDraw<F>): { drawn: number; deepest: number };
  /** A new answer was taken (before it is drawn): a view's own bookkeeping. */
  onFrames?(frames: F | null, state: ChartState<F>, wrap: HTMLElement | null): void;
  /** An answer arrived for `need` (it will be drawn). */
  onAnswer?(need: Need, wrap: HTMLElement | null): void;
}

export interface CanvasChart<F extends ChartFrames> {
  wrapRef: RefObject<HTMLDivElement | null>;
  canvasRef: RefObject<HTMLCanvasElement | null>;
  /** The "N more rows" hints: away from the root, toward it. */
  awayRef: RefObject<HTMLDivElement | null>;
  towardRef: RefObject<HTMLDivElement | null>;
  state: RefObject<ChartState<F>>;
  size: CssSize;
  orientation: Orientation;
  frames: F | null;
  error: string | null;
  /** A request is in flight. */
  loading: boolean;
  tip: FrameTip | null;
  xzoom: XZoomHandle;
  scheduleDraw(): void;
  /** Scrolls the rows by `dy` CSS px (positive = the content moves down). */
  scrollRows(dy: number): void;
  /** The base x scale (zoom 1) at the current size. */
  base(): ScaleLinear<number, number>;
  /** The frame under a pointer position, -1 for none. */
  frameAtPointer(clientX: number, clientY: number): number;
  onPointerMove(e: PointerEvent<HTMLCanvasElement>): void;
  /** Hides the card and the hover outline. */
  hideTip(): void;
}

export function useCanvasChart<F extends ChartFrames>(config: CanvasChartConfig<F>): CanvasChart<F> {
  const { resetKey, orientation, matched } = config;
  const questionKey = JSON.stringify(config.question);

  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const awayRef = useRef<HTMLDivElement>(null);
  const towardRef = useRef<HTMLDivElement>(null);
  const size = useElementSize(wrapRef);
  const dark = useDarkMode();

  const [frames, setFrames] = useState<F | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  const state = useRef<ChartState<F>>({
    t: zoomIdentity,
    scrollY: 0,
    hover: -1,
    overTip: false,
    size,
    frames: null,
    columns: null,
    rows: [],
    nameMatched: null,
    dark,
    orientation,
  });
  const cfg = useRef({ config, questionKey });
  // The latest render's values, before any effect, draw or gesture reads them.
  useLayoutEffect(() => {
    cfg.current = { config, questionKey };
    const s = state.current;
    s.size = size;
    s.dark = dark;
    s.orientation = orientation;
  });

  // ---- drawing ----
  const fitterRef = useRef<LabelFitter | null>(null);
  const draw = useCallback(() => {
    const canvas = canvasRef.current;
    const s = state.current;
    if (!canvas || s.size.width <= 0 || s.size.height <= 0) return;
    const started = performance.now();
    const begun = beginFrameDraw(canvas, s.size, s.dark, Boolean(s.frames));
    if (!begun || !s.frames) return;
    const { ctx, palette } = begun;
    fitterRef.current ??= new LabelFitter(ctx);
    const { config: c } = cfg.current;
    const wrap = wrapRef.current;
    const x = s.t.rescaleX(baseScale(c.domain, s.size.width));
    const { drawn, deepest } = c.draw({ ctx, palette, fitter: fitterRef.current, frames: s.frames, x, state: s, wrap });
    updateRowHints({ away: awayRef.current, toward: towardRef.current }, deepest, s.size.height, s.scrollY);
    if (wrap) {
      wrap.dataset.drawnFrames = String(drawn);
      // Main-thread cost of this redraw (the perf probe and curious users read it).
      wrap.dataset.drawMs = (performance.now() - started).toFixed(1);
      wrap.dataset.zoomK = s.t.k.toFixed(3);
    }
  }, []);
  const scheduleDraw = useFrameScheduler(draw);

  // ---- asking the worker ----
  const refetcher = useMemo(
    () =>
      new Refetcher<F>({
        need: () => {
          const s = state.current;
          if (s.size.width <= 0) return null;
          return { key: cfg.current.questionKey, ...cfg.current.config.need(s.t, s.size.width) };
        },
        ask: (need) => cfg.current.config.ask(need),
        answer: (a, need) => {
          setFrames(a);
          setError(null);
          cfg.current.config.onAnswer?.(need, wrapRef.current);
        },
        error: (err) => setError(err instanceof Error ? err.message : String(err)),
        busy: setLoading,
      }),
    [],
  );

  // ---- pointer: hit testing and hover ----
  const base = useCallback(() => baseScale(cfg.current.config.domain, state.current.size.width), []);

  const frameAtPointer = useCallback(
    (clientX: number, clientY: number): number => {
      const canvas = canvasRef.current;
      const s = state.current;
      if (!canvas || !s.frames || !s.columns || s.size.width <= 0) return -1;
      const r = canvas.getBoundingClientRect();
      const depth = depthAt(clientY - r.top, s.orientation, s.size.height, s.scrollY);
      if (depth < 0 || depth >= s.rows.length) return -1;
      const z = s.t.rescaleX(base());
      const at = z.invert(clientX - r.left);
      const halfPixel = Math.abs(z.invert(1) - z.invert(0)) / 2;
      return frameAt(s.columns, s.rows, depth, at, halfPixel);
    },
    [base],
  );

  const { tip, onPointerMove, hideTip, clearTip } = useFrameHover(state, wrapRef, scheduleDraw, frameAtPointer);

  // ---- zoom and pan ----
  const scrollRows = useCallback(
    (dy: number) => {
      const s = state.current;
      if (!s.frames) return;
      s.scrollY = scrolledBy(s.scrollY, dy, s.orientation, s.frames.maxDepth, s.size.height);
      scheduleDraw();
    },
    [scheduleDraw],
  );
  const xzoom = useXZoom(canvasRef, {
    onZoom: (t, byUser) => {
      const s = state.current;
      s.t = t;
      if (byUser && s.hover >= 0) {
        s.hover = -1;
        clearTip();
      }
      scheduleDraw();
      refetcher.poke();
    },
    onScrollRows: scrollRows,
  });
  const capZoom = useCallback(() => {
    const s = state.current;
    const k = cfg.current.config.maxZoom(s.frames, s.size.width);
    if (k !== null) xzoom.setMaxZoom(k);
  }, [xzoom]);

  // A new answer (or a new search): index its rows, match it against the search, redraw.
  useEffect(() => {
    const s = state.current;
    const wrap = wrapRef.current;
    s.frames = frames;
    s.columns = frames ? cfg.current.config.columns(frames) : null;
    s.rows = frames && s.columns ? buildRows(s.columns, frames.maxDepth) : [];
    s.nameMatched = frames ? matchNames(frames.nameFuncs, matched) : null;
    s.hover = -1;
    s.scrollY = Math.min(s.scrollY, frames ? maxScroll(frames.maxDepth, s.size.height) : 0);
    cfg.current.config.onFrames?.(frames, s, wrap);
    clearTip();
    if (frames) capZoom();
    if (wrap) {
      wrap.dataset.frames = String(frames?.length ?? 0);
      wrap.dataset.matchedFrames = s.nameMatched && frames ? String(countMatched(frames.name, frames.length, s.nameMatched)) : '';
    }
    scheduleDraw();
  }, [frames, matched, scheduleDraw, capZoom, clearTip]);

  // A new reset key (zoom root, filter, task, domain): the whole domain, rows from the root.
  useEffect(() => {
    const s = state.current;
    s.scrollY = 0;
    s.t = zoomIdentity;
    xzoom.set(zoomIdentity);
    capZoom();
    refetcher.poke();
  }, [resetKey, xzoom, capZoom, refetcher]);

  // Keep the zoom extent in step with the size, with the same part of the domain on screen.
  const lastWidth = useRef(0);
  useEffect(() => {
    if (size.width <= 0) return;
    xzoom.setExtent(size.width, size.height);
    capZoom();
    const s = state.current;
    const old = lastWidth.current;
    lastWidth.current = size.width;
    if (old > 0 && old !== size.width) xzoom.set(zoomIdentity.translate(s.t.x * (size.width / old), 0).scale(s.t.k));
    if (s.frames) s.scrollY = Math.min(s.scrollY, maxScroll(s.frames.maxDepth, size.height));
    scheduleDraw();
  }, [size, scheduleDraw, xzoom, capZoom]);

  // Any change of the question (or the first size): ask.
  useEffect(() => {
    refetcher.poke();
  }, [questionKey, size.width, refetcher]);

  useEffect(() => {
    scheduleDraw();
  }, [dark, orientation, scheduleDraw]);

  return {
    wrapRef,
    canvasRef,
    awayRef,
    towardRef,
    state,
    size,
    orientation,
    frames,
    error,
    loading,
    tip,
    xzoom,
    scheduleDraw,
    scrollRows,
    base,
    frameAtPointer,
    onPointerMove,
    hideTip,
  };
}
