/**
 * One canvas chart (the flame graph, the flame chart, and whatever canvas comes next): all
 * that such a view shares, behind one hook. A view gives its configuration (what to ask
 * the worker, where its x domain is, which columns place a frame, how to draw) and gets a
 * chart to render with <ChartCanvas> (what a click and the hover card mean go there).
 * The types are in chart-types.ts.
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
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { beginFrameDraw, useDarkMode, useElementSize, useFrameScheduler } from './canvas-hooks';
import type { CanvasChart, CanvasChartConfig, ChartFrames, ChartState } from './chart-types';
import { useFrameHover } from './frame-hover';
import { buildRows, frameAt } from './frame-rows';
import { LabelFitter } from './labels';
import { rehearsal, whenIdle } from './search-rehearsal';
import { countMatched, matchNames } from './name-match';
import { Refetcher } from './refetcher';
import { oneStep, SplitDraw, type FrameClock } from './split-draw';
import { updateRowHints } from './row-hints';
import { atZoomReset, useXZoom, zoomIdentity } from './use-x-zoom';
import { baseScale, depthAt, maxScroll, scrolledBy } from './viewport';

/** The page's animation frames and clock, for the draws spread over frames. */
const ANIMATION_FRAMES: FrameClock = {
  request: (run) => requestAnimationFrame(run),
  cancel: (id) => cancelAnimationFrame(id),
  now: () => performance.now(),
};

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
  const splitter = useMemo(() => new SplitDraw(ANIMATION_FRAMES), []);
  useEffect(() => () => splitter.cancel(), [splitter]);
  /** The next draw is the first of new frames: spread over frames (split-draw.ts). */
  const freshFrames = useRef(false);
  /** Once per chart: its first draw with a search, rehearsed when the page is idle (search-rehearsal.ts). */
  const rehearsed = useRef(false);
  /** The chart's draw, for the rehearsal to draw the view again (set after each render). */
  const drawRef = useRef(() => {});
  const rehearseSearchDraw = useCallback(() => {
    const canvas = canvasRef.current;
    if (!canvas) return; // unmounted meanwhile
    // A draw still in steps (or new frames about to be drawn in steps) owns the canvas: the
    // rehearsal waits for the next idle moment, or its own redraw would be spread over frames.
    if (splitter.busy || freshFrames.current) return whenIdle(rehearseSearchDraw);
    const s = state.current;
    const made = rehearsal(s);
    if (!made) return;
    const begun = beginFrameDraw(canvas, s.size, s.dark, true);
    if (!begun) return;
    const x = s.t.rescaleX(baseScale(cfg.current.config.domain, s.size.width));
    const fitter = fitterRef.current ?? new LabelFitter(begun.ctx);
    const drawing = cfg.current.config.draw({ ctx: begun.ctx, palette: begun.palette, fitter, frames: made.frames, x, state: made.state, wrap: null });
    if ('step' in drawing) drawing.step(() => false);
    // The view itself, drawn whole in the same task: the made-up picture never reaches the screen.
    drawRef.current();
    if (wrapRef.current) wrapRef.current.dataset.searchRehearsed = 'true';
  }, [splitter]);
  const draw = useCallback(() => {
    splitter.cancel();
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
    // The view this draw paints, for when its last step is done.
    const { scrollY, t } = s;
    const { height } = s.size;
    const drawing = c.draw({ ctx, palette, fitter: fitterRef.current, frames: s.frames, x, state: s, wrap });
    const split = freshFrames.current;
    freshFrames.current = false;
    // A view that drew at once (the flame chart) spent its time in c.draw.
    const before = performance.now() - started;
    splitter.run('step' in drawing ? drawing : oneStep(() => drawing), split, ({ deepest, drawn }, ms) => {
      if (!rehearsed.current && s.nameMatched === null) {
        rehearsed.current = true;
        whenIdle(rehearseSearchDraw);
      }
      updateRowHints({ away: awayRef.current, toward: towardRef.current }, deepest, height, scrollY);
      if (wrap) {
        wrap.dataset.drawnFrames = String(drawn);
        // Main-thread cost of this redraw, all its steps (the perf probe and curious users read it).
        wrap.dataset.drawMs = (before + ms).toFixed(1);
        wrap.dataset.zoomK = t.k.toFixed(3);
      }
    });
  }, [splitter, rehearseSearchDraw]);
  useLayoutEffect(() => {
    drawRef.current = draw;
  }, [draw]);
  const scheduleFrame = useFrameScheduler(draw);
  // What is left of a draw in steps would paint a stale view: dropped at once. The picture
  // on screen is then a part of one: the next draw is spread too.
  const scheduleDraw = useCallback(() => {
    if (splitter.busy) freshFrames.current = true;
    splitter.cancel();
    scheduleFrame();
  }, [splitter, scheduleFrame]);

  /**
   * The view as it is now (zoom, scroll, search dimming), drawn again on a canvas of its
   * own at `scale` device pixels per CSS pixel (a PNG export at 2×); null with no frames.
   */
  const snapshot = useCallback((scale: number): HTMLCanvasElement | null => {
    const s = state.current;
    if (!s.frames || s.size.width <= 0 || s.size.height <= 0) return null;
    const canvas = document.createElement('canvas');
    const begun = beginFrameDraw(canvas, s.size, s.dark, true, scale);
    if (!begun) return null;
    const x = s.t.rescaleX(baseScale(cfg.current.config.domain, s.size.width));
    // No wrapper: the view's data attributes describe the canvas on screen, not this one.
    const drawing = cfg.current.config.draw({ ctx: begun.ctx, palette: begun.palette, fitter: new LabelFitter(begun.ctx), frames: s.frames, x, state: s, wrap: null });
    // All at once: the export waits for its picture.
    if ('step' in drawing) drawing.step(() => false);
    return canvas;
  }, []);

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

  const { tip, onPointerMove, hideTip, clearTip, rehover, restingPointer } = useFrameHover(state, wrapRef, scheduleDraw, frameAtPointer);
  /**
   * The frame a click at (clientX, clientY) is on: the hover card's when the click is where
   * the pointer rests. A click's coordinates are whole CSS pixels and the pointer moves that
   * placed the card are not, so within a pixel of a frame's edge the click zoomed into the
   * neighbour of the frame whose card was shown.
   */
  const frameAtClick = useCallback(
    (clientX: number, clientY: number): number => {
      const at = restingPointer();
      const here = at !== null && Math.abs(at.x - clientX) < 1 && Math.abs(at.y - clientY) < 1;
      return here ? frameAtPointer(at.x, at.y) : frameAtPointer(clientX, clientY);
    },
    [restingPointer, frameAtPointer],
  );

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
    ownsPress: (e) => cfg.current.config.ownsPress?.(e) ?? false,
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
    if (frames) capZoom();
    // The frame under a resting pointer keeps its card (an old index would name another frame).
    rehover();
    freshFrames.current = frames !== null;
    if (wrap) {
      wrap.dataset.frames = String(frames?.length ?? 0);
      wrap.dataset.matchedFrames = s.nameMatched && frames ? String(countMatched(frames.name, frames.length, s.nameMatched)) : '';
    }
    scheduleDraw();
  }, [frames, matched, scheduleDraw, capZoom, rehover]);

  // A new reset key (zoom root, filter, task, domain): the whole domain, rows from the root.
  // Already there (a click on a frame of the unzoomed graph): nothing to move or redraw; the
  // new answer is drawn when it comes (d3's own transform is the view's: onZoom keeps them one).
  useEffect(() => {
    const s = state.current;
    if (!atZoomReset(s.t, s.scrollY)) {
      s.scrollY = 0;
      s.t = zoomIdentity;
      xzoom.set(zoomIdentity);
    }
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
    snapshot,
    scrollRows,
    base,
    frameAtPointer,
    frameAtClick,
    onPointerMove,
    hideTip,
  };
}
