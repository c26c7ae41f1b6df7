/**
 * The differential flame graph (compare mode): a canvas chart (../chart) over the merged
 * tree of the two sides, laid out by B (or by A: Gregg's negated graph), coloured by the
 * change (lib/diff-colors.ts). Click a frame to zoom into it (compare.zoomPath), Escape zooms
 * out one level; hover shows A's and B's figures and the change, with Compare from here
 * (every compared path from that function, on both sides).
 */
import { useEffect, useMemo } from 'react';
import { fetchDiffFlameGraph, presenceList, type DiffFlameFrames } from '../../state/compare-queries';
import { setCompare, setExplore, setHookCandidatesOf, useAppStore } from '../../state/store';
import { ChartCanvas } from '../chart/ChartCanvas';
import { useCanvasChart } from '../chart/use-canvas-chart';
import { zoomIdentity } from '../chart/use-x-zoom';
import { MIN_FRAME_PX, ROW_H, type Span } from '../chart/viewport';
import { frameSourceUrl } from '../source-link/frame-source-url';
import { formatDelta, formatQuantity, formatRatio } from './compare-format';
import { drawDiffFlame } from './diff-draw';
import { changeRatio } from '../../lib/change-ratio';
import { compareRequest, useCompareQuestion } from './use-compare-question';
import { compareFromHere } from './compare-from-here';

/** The frames as the chart kit reads them: the worker's answer plus rows and name ids. */
export type DiffChartFrames = DiffFlameFrames & { maxDepth: number; nameFuncs: Int32Array };

const DOMAIN: Span = [0, 1];
const PRESENCE_WORD = ['', 'only in A', 'only in B', 'in both'];

function forChart(f: DiffFlameFrames): DiffChartFrames {
  let maxDepth = 0;
  for (let k = 0; k < f.length; k++) if (f.depth[k] > maxDepth) maxDepth = f.depth[k];
  // Every merged name is a function (tasks are not part of the paths): its own id.
  return { ...f, maxDepth, nameFuncs: Int32Array.from(f.names, (_, j) => j) };
}

/** Frame k's call path: the zoom path above the zoom root, then its chain of parents (what a click zooms to). */
function diffFramePath(f: DiffFlameFrames, k: number, zoomPath: readonly string[]): string[] {
  const chain: string[] = [];
  for (let q = k; q >= 0; q = f.parent[q]) chain.push(f.names[f.name[q]]);
  chain.reverse();
  return [...zoomPath.slice(0, Math.max(0, Math.min(f.zoomFound, zoomPath.length) - 1)), ...chain];
}

export interface DiffFlameInfo {
  frames: DiffFlameFrames | null;
  loading: boolean;
  error: string | null;
}

export function DiffFlameCanvas({ onInfo, summaryId }: { onInfo: (i: DiffFlameInfo) => void; summaryId: string }) {
  const base = useCompareQuestion();
  const layoutBy = useAppStore((s) => s.compare.layoutBy);
  const negated = useAppStore((s) => s.compare.negated);
  const presence = useAppStore((s) => s.compare.presence);
  const zoomPath = useAppStore((s) => s.compare.zoomPath);
  const kernelVersion = useAppStore((s) => s.explore.kernelVersion);
  const question = useMemo(() => ({ ...base, layoutBy, zoomPath }), [base, layoutBy, zoomPath]);
  const keep = useMemo(() => presenceList(presence), [presence]);

  const chart = useCanvasChart<DiffChartFrames>({
    question,
    resetKey: JSON.stringify([base.a, base.b, base.exactNames, base.epoch, layoutBy, zoomPath]),
    orientation: 'flame',
    domain: DOMAIN,
    matched: null,
    need: (t, width) => ({ detail: 2 ** Math.floor(Math.log2(MIN_FRAME_PX / Math.max(1, width * t.k))), visible: DOMAIN, fetch: DOMAIN }),
    ask: async (need) => {
      const f = await fetchDiffFlameGraph({ ...compareRequest(question), layoutBy, zoomPath, minWidth: need.detail });
      return f ? forChart(f) : null;
    },
    columns: (f) => f,
    maxZoom: () => 1e6,
    draw: ({ ctx, palette, fitter, frames, x, state: s }) =>
      drawDiffFlame(ctx, {
        frames,
        originX: x(0),
        pxPerUnit: x(1) - x(0),
        width: s.size.width,
        height: s.size.height,
        scrollY: s.scrollY,
        orientation: s.orientation,
        palette,
        presence: keep,
        negated,
        hover: s.hover,
        fitter,
      }),
    onFrames: (frames, _s, wrap) => {
      if (wrap) wrap.dataset.zoomRoot = frames && frames.length > 0 && zoomPath.length > 0 ? frames.names[frames.name[0]] : '';
    },
  });
  const { frames, loading, error, xzoom, state, scheduleDraw } = chart;

  // Settings drawn without a new answer (legend filter, negated colours) redraw at once.
  useEffect(() => scheduleDraw(), [keep, negated, scheduleDraw]);
  useEffect(() => onInfo({ frames, loading, error }), [frames, loading, error, onInfo]);

  const zoomInto = (k: number) => {
    const f = state.current.frames;
    if (!f || k < 0) return;
    setCompare({ zoomPath: diffFramePath(f, k, zoomPath) });
    // The clicked frame is also the Hook points panel's function.
    setExplore({ selectedFunction: f.names[f.name[k]] });
  };
  const zoomOut = (): boolean => {
    if (zoomPath.length > 0) {
      setCompare({ zoomPath: zoomPath.slice(0, -1) });
      return true;
    }
    if (state.current.t.k > 1) {
      xzoom.set(zoomIdentity);
      return true;
    }
    return false;
  };

  return (
    <ChartCanvas
      chart={chart}
      testId="diff-flame-graph"
      label="Differential flame graph"
      describedBy={summaryId}
      card={(f, k) => {
        const j = f.name[k];
        const q = question.quantity;
        const ratio = changeRatio(f.valueA[k], f.valueB[k]);
        return {
          name: f.names[j],
          rows: [
            { label: 'A', value: formatQuantity(f.valueA[k], q) },
            { label: 'B', value: formatQuantity(f.valueB[k], q) },
            { label: 'Change', value: `${formatDelta(f.delta[k], q)} (${formatRatio(ratio)})` },
            // Another build's name of it (matched by base name: core/query/build-names.ts).
            ...(f.nameB[k] >= 0 ? [{ label: 'B names it', value: f.names[f.nameB[k]] }] : []),
          ],
          link: frameSourceUrl(f, j, kernelVersion),
          note: f.presence[k] === 3 ? undefined : `This path is ${PRESENCE_WORD[f.presence[k]]}`,
          // Opens the Hook points panel below the views with the candidates under the frame's
          // call path over both sides (the paths hold no task: compare mode merges the tasks).
          action: {
            label: 'Hook candidates under it',
            onClick: () => {
              setExplore({ selectedFunction: f.names[j] });
              setHookCandidatesOf(f.names[j], { path: diffFramePath(f, k, zoomPath), groupByTask: false });
            },
          },
          // Every compared path from this function, on both sides (compare.pathsFrom).
          actions: compareFromHere(f.names[j]).map((a) => ({ label: a.label, onClick: a.act })),
        };
      }}
      onFrameClick={zoomInto}
      onEscape={zoomOut}
      keys={{
        ArrowUp: () => chart.scrollRows(3 * ROW_H),
        ArrowDown: () => chart.scrollRows(-3 * ROW_H),
      }}
    />
  );
}
