/**
 * The flame graph itself: a canvas drawn imperatively from the frames the worker sent,
 * d3-zoom for wheel zoom and drag pan (use-x-zoom.ts), click a frame to zoom into it
 * (explore.zoomPath, names from the root), Escape to zoom out one level, a hover card,
 * and search highlighting (frames of non-matching functions dimmed).
 *
 * Frames live in a ref and are drawn in requestAnimationFrame, so pan and zoom redraw from
 * the frames at hand at once; the worker is asked again only when the question changes
 * (filter, tree, zoom root) or the view needs finer detail or another window
 * (refetcher.ts, viewport.ts). React re-renders only for the hover card.
 *
 * Keyboard (the canvas is focusable): + / - zoom, ← / → pan, ↑ / ↓ scroll rows, 0 resets,
 * Escape zooms out one level.
 */
import { scaleLinear } from 'd3-scale';
import type { ZoomTransform } from 'd3-zoom';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { fetchFlameGraph, type FlameGraphFrames } from '../../state/flame-queries';
import { exploreFilter } from '../../state/search-queries';
import { setExplore, useAppStore, type AppState } from '../../state/store';
import { formatCount, formatDuration, MISSING } from '../format';
import { frameSourceUrl } from '../source-link/frame-source-url';
import { beginFrameDraw, useDarkMode, useElementSize, useFrameScheduler } from './canvas-hooks';
import { drawFlameGraph } from './draw';
import { buildRows, frameAt } from './frame-rows';
import { FrameTooltip } from './FrameTooltip';
import { LabelFitter } from './labels';
import { Refetcher } from './refetcher';
import { updateRowHints } from './row-hints';
import { formatShare } from './share';
import { matchNames, useMatchedFuncs } from './use-search-match';
import { useXZoom, zoomIdentity } from './use-x-zoom';
import { depthAt, detailFor, fetchWindow, maxScroll, maxZoom, ROW_H, visibleWindow, type Orientation } from './viewport';
import { frameHoverHandlers, type FrameTip } from './frame-hover';

/** What the view around the canvas shows about the current answer. */
export interface FlameGraphInfo {
  frames: FlameGraphFrames | null;
  loading: boolean;
  error: string | null;
}

interface Props {
  onInfo: (info: FlameGraphInfo) => void;
  /** Id of the text summary that describes the canvas. */
  summaryId: string;
}

type Tip = FrameTip;

type ExplorePatch = Partial<AppState['explore']>;

export function FlameGraphCanvas({ onInfo, summaryId }: Props) {
  const tasks = useAppStore((s) => s.explore.tasks);
  const cpus = useAppStore((s) => s.explore.cpus);
  const range = useAppStore((s) => s.explore.range);
  const syscallsOnly = useAppStore((s) => s.explore.syscallsOnly);
  const inverted = useAppStore((s) => s.explore.inverted);
  const zoomPath = useAppStore((s) => s.explore.zoomPath);
  const search = useAppStore((s) => s.explore.search);
  // Only the hover card's source link depends on it: not part of the question.
  const kernelVersion = useAppStore((s) => s.explore.kernelVersion);

  const filter = useMemo(() => exploreFilter({ tasks, cpus, range, syscallsOnly }), [tasks, cpus, range, syscallsOnly]);
  // All tasks: one root per task (`comm-pid`), so the first level says who did what.
  const groupByTask = tasks.length === 0;
  const orientation: Orientation = inverted ? 'icicle' : 'flame';
  const question = useMemo(
    () => ({ filter, inverted, groupByTask, zoomPath }),
    [filter, inverted, groupByTask, zoomPath],
  );
  const questionKey = JSON.stringify(question);
  /** Changes that lay the frames out anew (the zoom transform resets). */
  const layoutKey = JSON.stringify([filter, inverted, groupByTask, zoomPath]);

  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const size = useElementSize(wrapRef);
  const dark = useDarkMode();
  const matched = useMatchedFuncs(filter, search);

  const [frames, setFrames] = useState<FlameGraphFrames | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [tip, setTip] = useState<Tip | null>(null);

  // Imperative state read by the draw loop, the gestures and the refetcher.
  const live = useRef({
    t: zoomIdentity as ZoomTransform,
    scrollY: 0,
    hover: -1,
    overTip: false,
    size,
    frames: null as FlameGraphFrames | null,
    rows: [] as Int32Array[],
    nameMatched: null as Uint8Array | null,
    orientation,
    dark,
    question,
    questionKey,
  });
  const L = live.current;
  L.orientation = orientation;
  L.dark = dark;
  L.question = question;
  L.questionKey = questionKey;
  L.size = size;

  const zoomPathRef = useRef(zoomPath);
  zoomPathRef.current = zoomPath;

  // ---- drawing ----
  const awayRef = useRef<HTMLDivElement>(null);
  const towardRef = useRef<HTMLDivElement>(null);
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
    const x = s.t.rescaleX(scaleLinear().domain([0, 1]).range([0, s.size.width]));
    const { drawn, deepest } = drawFlameGraph(ctx, {
      frames: s.frames,
      originX: x(0),
      pxPerUnit: x(1) - x(0),
      width: s.size.width,
      height: s.size.height,
      scrollY: s.scrollY,
      orientation: s.orientation,
      palette,
      nameMatched: s.nameMatched,
      hover: s.hover,
      fitter: fitterRef.current,
    });
    updateRowHints({ away: awayRef.current, toward: towardRef.current }, deepest, s.size.height, s.scrollY);
    const wrap = wrapRef.current;
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
      new Refetcher<FlameGraphFrames>({
        need: () => {
          const s = live.current;
          const width = s.size.width;
          if (width <= 0) return null;
          const visible = visibleWindow(s.t, width);
          return { key: s.questionKey, detail: detailFor(width, s.t.k), visible, fetch: fetchWindow(visible) };
        },
        ask: (need) => fetchFlameGraph({ ...live.current.question, minWidth: need.detail, window: need.fetch }),
        answer: (a, need) => {
          setFrames(a);
          setError(null);
          // Which tree the frames on screen come from (tests wait on it).
          const wrap = wrapRef.current;
          if (wrap) wrap.dataset.inverted = String((JSON.parse(need.key) as { inverted: boolean }).inverted);
        },
        error: (err) => setError(err instanceof Error ? err.message : String(err)),
        busy: setLoading,
      }),
    [],
  );

  // ---- zoom and pan ----
  const scrollRows = useCallback(
    (dy: number) => {
      const s = live.current;
      if (!s.frames) return;
      const max = maxScroll(s.frames.maxDepth, s.size.height);
      s.scrollY = clamp(s.scrollY + (s.orientation === 'flame' ? dy : -dy), 0, max);
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

  // A new answer: index its rows, match it against the search, redraw.
  useEffect(() => {
    const s = live.current;
    s.frames = frames;
    s.rows = frames ? buildRows(frames, frames.maxDepth) : [];
    s.nameMatched = frames ? matchNames(frames.nameFuncs, matched) : null;
    s.hover = -1;
    s.scrollY = Math.min(s.scrollY, frames ? maxScroll(frames.maxDepth, s.size.height) : 0);
    setTip(null);
    if (frames) xzoom.setMaxZoom(maxZoom(frames.span, s.size.width));
    const wrap = wrapRef.current;
    if (wrap) {
      let n = 0;
      if (frames && s.nameMatched) for (let k = 0; k < frames.length; k++) n += s.nameMatched[frames.name[k]];
      wrap.dataset.frames = String(frames?.length ?? 0);
      wrap.dataset.matchedFrames = s.nameMatched ? String(n) : '';
      wrap.dataset.zoomRoot = frames && frames.length > 0 && zoomPathRef.current.length > 0 ? frames.names[frames.name[0]] : '';
    }
    scheduleDraw();
    // xzoom is a new object each render; its methods only read refs.
  }, [frames, matched, scheduleDraw]);

  useEffect(() => {
    onInfo({ frames, loading, error });
  }, [frames, loading, error, onInfo]);

  // A new zoom root or filter: back to the whole width, rows from the root.
  useEffect(() => {
    live.current.scrollY = 0;
    live.current.t = zoomIdentity;
    xzoom.set(zoomIdentity);
    // Runs only when the key above changes; xzoom and the refs are read at run time.
  }, [layoutKey]);

  // Keep the zoom extent in step with the size, with the same fractions on screen.
  const lastWidth = useRef(0);
  useEffect(() => {
    if (size.width <= 0) return;
    xzoom.setExtent(size.width, size.height);
    const s = live.current;
    const old = lastWidth.current;
    lastWidth.current = size.width;
    if (old > 0 && old !== size.width) {
      const [a] = visibleWindow(s.t, old);
      xzoom.set(zoomIdentity.translate(-a * s.t.k * size.width, 0).scale(s.t.k));
    }
    if (s.frames) s.scrollY = Math.min(s.scrollY, maxScroll(s.frames.maxDepth, size.height));
    scheduleDraw();
    // Runs only when the key above changes; xzoom and the refs are read at run time.
  }, [size, scheduleDraw]);

  // Any change of the question (or the first size): ask.
  useEffect(() => {
    refetcher.poke();
  }, [questionKey, size.width, refetcher]);

  useEffect(() => {
    scheduleDraw();
  }, [dark, orientation, scheduleDraw]);

  // ---- pointer: hover card and click to zoom ----
  const frameAtPointer = (clientX: number, clientY: number): number => {
    const canvas = canvasRef.current;
    const s = live.current;
    if (!canvas || !s.frames || s.size.width <= 0) return -1;
    const r = canvas.getBoundingClientRect();
    const depth = depthAt(clientY - r.top, s.orientation, s.size.height, s.scrollY);
    if (depth < 0 || depth >= s.rows.length) return -1;
    const fx = s.t.invertX(clientX - r.left) / s.size.width;
    const halfPixel = 0.5 / (s.size.width * s.t.k);
    return frameAt(s.frames, s.rows, depth, fx, halfPixel);
  };

  const { onPointerMove, hideTip } = frameHoverHandlers(live, wrapRef, setTip, scheduleDraw, frameAtPointer);

  const onPointerLeave = () => {
    // Keep the card while the pointer is on it (to follow the source link).
    requestAnimationFrame(() => {
      if (!live.current.overTip) hideTip();
    });
  };

  const zoomInto = (k: number) => {
    const f = live.current.frames;
    if (!f || k < 0) return;
    // The depth-0 frame is the zoom root, i.e. the last name of the part of the path found.
    const found = Math.min(f.zoomFound, zoomPath.length);
    const next = [...zoomPath.slice(0, Math.max(0, found - 1)), ...chainOf(f, k)];
    const patch: ExplorePatch = {};
    if (!sameNames(next, zoomPath)) patch.zoomPath = next;
    if (f.func[k] >= 0) patch.selectedFunction = f.names[f.name[k]];
    setExplore(patch);
  };

  /** Escape: one zoom level up, else back to the whole width; false when there is nothing to undo. */
  const zoomOut = (): boolean => {
    const f = live.current.frames;
    if (zoomPath.length > 0) {
      const found = Math.min(f?.zoomFound ?? zoomPath.length, zoomPath.length);
      setExplore({ zoomPath: zoomPath.slice(0, Math.max(0, found - 1)) });
      return true;
    }
    if (live.current.t.k > 1) {
      xzoom.set(zoomIdentity);
      return true;
    }
    return false;
  };

  const onKeyDown = (e: KeyboardEvent<HTMLCanvasElement>) => {
    const step = live.current.size.width / 8 / live.current.t.k;
    const actions: Record<string, () => boolean | void> = {
      Escape: () => {
        hideTip();
        return zoomOut();
      },
      '+': () => xzoom.scaleBy(1.5),
      '=': () => xzoom.scaleBy(1.5),
      '-': () => xzoom.scaleBy(1 / 1.5),
      '0': () => xzoom.set(zoomIdentity),
      ArrowLeft: () => xzoom.translateBy(step),
      ArrowRight: () => xzoom.translateBy(-step),
      ArrowUp: () => scrollRows(orientation === 'flame' ? 3 * ROW_H : -3 * ROW_H),
      ArrowDown: () => scrollRows(orientation === 'flame' ? -3 * ROW_H : 3 * ROW_H),
    };
    const act = actions[e.key];
    if (act && act() !== false) e.preventDefault();
  };

  const card = tip && frames && tip.frame < frames.length ? cardFor(frames, tip.frame, kernelVersion) : null;

  return (
    <div ref={wrapRef} className="flame-canvas-wrap" data-testid="flame-graph">
      <canvas
        ref={canvasRef}
        className="flame-canvas"
        role="img"
        aria-label="Flame graph"
        aria-describedby={summaryId}
        tabIndex={0}
        onPointerMove={onPointerMove}
        onPointerLeave={onPointerLeave}
        onClick={(e) => zoomInto(frameAtPointer(e.clientX, e.clientY))}
        onKeyDown={onKeyDown}
      />
      {/* Flame: deep rows above, the root below; icicle: the other way round. */}
      <div ref={awayRef} className={`flame-more ${orientation === 'flame' ? 'at-top' : 'at-bottom'}`} hidden />
      <div ref={towardRef} className={`flame-more ${orientation === 'flame' ? 'at-bottom' : 'at-top'}`} hidden />
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
    </div>
  );
}

/** Names from the depth-0 frame down to frame k (through the parent column). */
function chainOf(f: FlameGraphFrames, k: number): string[] {
  const out: string[] = [];
  for (let q = k; q >= 0; q = f.parent[q]) out.push(f.names[f.name[q]]);
  return out.reverse();
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/** The hover card's text for frame k; its source link for the kernel version shown. */
function cardFor(f: FlameGraphFrames, k: number, kernelVersion: string) {
  const j = f.name[k];
  const p = f.parent[k];
  const parentTotal = p >= 0 ? f.total[p] : f.rootParentTotal;
  const isTask = f.func[k] < 0;
  return {
    name: f.names[j],
    rows: [
      { label: 'Total', value: formatDuration(f.total[k]) },
      { label: 'Self', value: isTask ? MISSING : formatDuration(f.self[k]) },
      { label: 'Calls', value: formatCount(f.calls[k]) },
      { label: 'Share of parent', value: formatShare(f.total[k], parentTotal) },
      { label: 'Share of total', value: formatShare(f.total[k], f.grandTotal) },
    ],
    link: frameSourceUrl(f, j, kernelVersion),
    note: isTask ? 'A task: the sum of its calls' : undefined,
  };
}
