/**
 * The flame graph itself: a canvas chart (../chart: zoom, pan, refetch, hover card, search
 * dimming) configured to ask for the flame graph's frames, x = fractions of the zoom root.
 * Click a frame to zoom into it (explore.zoomPath, names from the root), Escape to zoom out
 * one level; the wheel zoom and the drag pan are the chart's.
 *
 * The worker is asked again only when the question changes (filter, tree, zoom root) or
 * the view needs finer detail or another window (graph-viewport.ts).
 *
 * Keyboard (the canvas is focusable): + / - zoom, ← / → pan, ↑ / ↓ scroll rows, 0 resets,
 * Escape zooms out one level.
 */
import { memo, useEffect, useMemo, useState } from 'react';
import { fetchFlameGraph, fetchFlameGraphAhead, type FlameGraphFrames } from '../../state/flame-queries';
import { useViewFilter } from '../use-view-filter';
import { setExplore, setHookCandidatesOf, useAppStore, type AppState } from '../../state/store';
import type { HookFrameAt } from '../../core/query/hook-points';
import { ChartCanvas } from '../chart/ChartCanvas';
import { useFrameMenu } from '../context-menu/FrameMenu';
import { useCanvasChart } from '../chart/use-canvas-chart';
import { zoomIdentity } from '../chart/use-x-zoom';
import type { ZoomTransform } from 'd3-zoom';
import { maxZoom, ROW_H, type Orientation } from '../chart/viewport';
import { formatCount, formatDuration, formatShare, MISSING } from '../format';
import { useMatchedFuncs } from '../use-matched-funcs';
import { frameSourceUrl } from '../source-link/frame-source-url';
import { flameGraphSteps } from './draw';
import { detailFor, fetchWindow, FRACTIONS, visibleWindow } from './graph-viewport';
import { samePath } from '../../lib/same-path';

/** What the view around the canvas shows about the current answer. */
export interface FlameGraphInfo {
  frames: FlameGraphFrames | null;
  /** The zoom path `frames` were asked for (the store's may be newer: a zoom waiting for its answer). */
  zoomPath: readonly string[] | null;
  loading: boolean;
  error: string | null;
}

interface Props {
  onInfo: (info: FlameGraphInfo) => void;
  /** Id of the text summary that describes the canvas. */
  summaryId: string;
}

type ExplorePatch = Partial<AppState['explore']>;

/**
 * How long the pointer rests on a frame before the zoom into it is asked ahead (ms): long
 * enough that a pointer passing over frames asks nothing, short against the time a reader
 * rests on a frame before clicking it.
 */
const ASK_AHEAD_AFTER_MS = 60;

/** What the graph asks the worker for at transform `t` on a canvas `width` px wide (detail and window). */
function needAt(t: ZoomTransform, width: number) {
  const visible = visibleWindow(t, width);
  return { detail: detailFor(width, t.k), visible, fetch: fetchWindow(visible) };
}

/**
 * Memoised: its props are stable (the view's state setter, an id), and the view renders
 * again for each answer this reports (onInfo), which rendered the canvas a second time.
 */
export const FlameGraphCanvas = memo(function FlameGraphCanvas({ onInfo, summaryId }: Props) {
  const inverted = useAppStore((s) => s.explore.inverted);
  const zoomPath = useAppStore((s) => s.explore.zoomPath);
  const search = useAppStore((s) => s.explore.search);
  // Only the hover card's source link depends on it: not part of the question.
  const kernelVersion = useAppStore((s) => s.explore.kernelVersion);

  const filter = useViewFilter();
  // All tasks: one root per task (`comm-pid`), so the first level says who did what.
  const groupByTask = useAppStore((s) => s.explore.tasks.length === 0);
  const orientation: Orientation = inverted ? 'icicle' : 'flame';
  const question = useMemo(
    () => ({ filter, inverted, groupByTask, zoomPath }),
    [filter, inverted, groupByTask, zoomPath],
  );
  const matched = useMatchedFuncs(filter, search);
  // Set with the frames (one batch: the answer's callback sets both).
  const [answeredPath, setAnsweredPath] = useState<readonly string[] | null>(null);

  const chart = useCanvasChart<FlameGraphFrames>({
    question,
    // Changes that lay the frames out anew (the zoom transform resets).
    resetKey: JSON.stringify([filter, inverted, groupByTask, zoomPath]),
    orientation,
    domain: FRACTIONS,
    matched,
    need: needAt,
    ask: (need) => fetchFlameGraph({ ...question, minWidth: need.detail, window: need.fetch }),
    columns: (f) => f,
    maxZoom: (f, width) => (f ? maxZoom(f.span, width) : null),
    draw: ({ ctx, palette, fitter, frames, x, state: s }) =>
      flameGraphSteps(ctx, {
        frames,
        originX: x(0),
        pxPerUnit: x(1) - x(0),
        width: s.size.width,
        height: s.size.height,
        scrollY: s.scrollY,
        orientation: s.orientation,
        palette,
        nameMatched: s.nameMatched,
        hover: s.hover,
        fitter,
      }),
    onFrames: (frames, _s, wrap) => {
      if (wrap) wrap.dataset.zoomRoot = frames && frames.length > 0 && zoomPath.length > 0 ? frames.names[frames.name[0]] : '';
    },
    // Which tree the frames on screen come from (tests wait on it).
    onAnswer: (need, wrap) => {
      const asked = JSON.parse(need.key) as { inverted: boolean; zoomPath: string[] };
      if (wrap) wrap.dataset.inverted = String(asked.inverted);
      setAnsweredPath((old) => (samePath(old, asked.zoomPath) ? old : asked.zoomPath));
    },
  });
  const { frames, loading, error, xzoom, state } = chart;

  useEffect(() => {
    onInfo({ frames, zoomPath: answeredPath, loading, error });
  }, [frames, answeredPath, loading, error, onInfo]);

  // ---- what a click and Escape mean: zoom into a frame, one level out ----
  const zoomInto = (k: number) => {
    const f = state.current.frames;
    if (!f || k < 0) return;
    const next = pathOf(f, k, zoomPath);
    const patch: ExplorePatch = {};
    if (!samePath(next, zoomPath)) patch.zoomPath = next;
    if (f.func[k] >= 0) patch.selectedFunction = f.names[f.name[k]];
    setExplore(patch);
  };

  /** Escape: one zoom level up, else back to the whole width; false when there is nothing to undo. */
  const zoomOut = (): boolean => {
    if (zoomPath.length > 0) {
      setExplore({ zoomPath: zoomPathOut(state.current.frames, zoomPath) });
      return true;
    }
    if (state.current.t.k > 1) {
      xzoom.set(zoomIdentity);
      return true;
    }
    return false;
  };

  // ---- asked ahead: what a click or Escape would ask, while the reader decides ----
  // The question a new zoom root asks first: the whole of it (the transform resets).
  const askZoomAhead = (path: readonly string[]) => {
    const width = state.current.size.width;
    if (width <= 0 || samePath(path, zoomPath)) return;
    const need = needAt(zoomIdentity, width);
    fetchFlameGraphAhead({ ...question, zoomPath: [...path], minWidth: need.detail, window: need.fetch });
  };
  // The zoom into the frame under the resting pointer. The frames a click reads are the
  // chart's own (state.current), which the hover's frame index is of.
  const hovered = chart.tip?.frame ?? -1;
  useEffect(() => {
    if (hovered < 0) return;
    const timer = setTimeout(() => {
      const f = state.current.frames;
      if (f && hovered < f.length) askZoomAhead(pathOf(f, hovered, zoomPath));
    }, ASK_AHEAD_AFTER_MS);
    return () => clearTimeout(timer);
    // askZoomAhead is made anew on each render; what changes what it asks is listed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [hovered, frames, question]);
  // The level out of a zoom, once its answer is on screen.
  useEffect(() => {
    if (!frames || zoomPath.length === 0 || !samePath(answeredPath, zoomPath)) return;
    const timer = setTimeout(() => askZoomAhead(zoomPathOut(state.current.frames, zoomPath)), ASK_AHEAD_AFTER_MS);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [frames, answeredPath, question]);

  // The context menu of a frame: its stack is the zoom path above it and its chain of parents.
  const frameMenu = useFrameMenu();
  const openMenu = (k: number, x: number, y: number) => {
    const f = state.current.frames;
    if (!f) return;
    const name = f.names[f.name[k]];
    const path = pathOf(f, k, zoomPath);
    const hooks = f.func[k] >= 0 ? hookCandidatesAction(name, inverted ? null : { path, groupByTask }).onClick : undefined;
    frameMenu.open({ name, stack: inverted ? path.reverse() : path, x, y, onHookPoints: hooks });
  };

  // ↑ shows the rows above in a flame (the deep ones) and the rows below in an icicle.
  const toDeepRows = orientation === 'flame' ? 1 : -1;

  return (
    <ChartCanvas
      chart={chart}
      testId="flame-graph"
      label="Flame graph"
      describedBy={summaryId}
      card={(f, k) => cardFor(f, k, kernelVersion, inverted ? null : { path: pathOf(f, k, zoomPath), groupByTask })}
      onFrameClick={zoomInto}
      onFrameContextMenu={openMenu}
      onEscape={zoomOut}
      keys={{
        ArrowUp: () => chart.scrollRows(toDeepRows * 3 * ROW_H),
        ArrowDown: () => chart.scrollRows(-toDeepRows * 3 * ROW_H),
      }}
    >
      {frameMenu.menu}
    </ChartCanvas>
  );
});

/** The zoom path one level out of `zoomPath` (of the part of it `f` found). */
function zoomPathOut(f: FlameGraphFrames | null, zoomPath: readonly string[]): string[] {
  const found = Math.min(f?.zoomFound ?? zoomPath.length, zoomPath.length);
  return zoomPath.slice(0, Math.max(0, found - 1));
}

/** Names from the depth-0 frame down to frame k (through the parent column). */
function chainOf(f: FlameGraphFrames, k: number): string[] {
  const out: string[] = [];
  for (let q = k; q >= 0; q = f.parent[q]) out.push(f.names[f.name[q]]);
  return out.reverse();
}

/**
 * Frame k's path: the zoom path above the zoom root, then its chain of parents (names from
 * the root); the zoom path a click on it leads to. The depth-0 frame is the zoom root, the
 * last name of the part of the path found.
 */
function pathOf(f: FlameGraphFrames, k: number, zoomPath: readonly string[]): string[] {
  return [...zoomPathOut(f, zoomPath), ...chainOf(f, k)];
}

/**
 * The card's button: select the function and list the functions under it ranked for
 * hooking: under the frame's own call path (`at`, what was clicked), or under every call of
 * the function where the frame is no call path of the top-down tree (the inverted graph's
 * frames are callers of where self time went).
 */
function hookCandidatesAction(name: string, at: HookFrameAt | null) {
  return {
    label: 'Hook candidates under it',
    onClick: () => {
      setExplore({ selectedFunction: name });
      setHookCandidatesOf(name, at);
    },
  };
}

/** The hover card's text for frame k; its source link for the kernel version shown. */
function cardFor(f: FlameGraphFrames, k: number, kernelVersion: string, at: HookFrameAt | null) {
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
    action: isTask ? undefined : hookCandidatesAction(f.names[j], at),
  };
}
