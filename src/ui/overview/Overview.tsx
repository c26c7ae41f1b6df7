/**
 * The overview strip above the flame views: how many calls start over time for the
 * current task / CPU / syscall filter (the range is not applied to it: it is where the
 * range is picked), and a d3-brush to pick explore.range. Clicking outside the selection,
 * double clicking, or "Clear range" resets it. A trace without timestamps has no time axis:
 * the strip says so and offers no brush.
 */
import { brushX, type BrushBehavior, type D3BrushEvent } from 'd3-brush';
import { scaleLinear } from 'd3-scale';
import { select } from 'd3-selection';
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { fetchTimeline, type Timeline } from '../../state/flame-queries';
import { setExplore, useAppStore } from '../../state/store';
import { useElementSize } from '../chart/canvas-hooks';
import { ABSOLUTE, timeTicks, type TimeClock } from '../chart/time-ticks';
import { ChartWindow } from './ChartWindow';
import { densityPath } from './density-path';
import { placeTicks } from './overview-ticks';
import { narrowsCalls, overviewHeadText, overviewTitle } from './overview-head';
import { useViewFilter } from '../use-view-filter';
import { useOverviewLane } from '../events/use-overview-lane';

const HEIGHT = 44;
const AXIS = 14;

/**
 * `side`: 'A' in compare mode, where the strip is side A's time line. Memoised: it reads
 * what it shows from the store, and the flame views around it render again on every zoom
 * and every answer, which re-rendered the strip (its filter, its brush) each time.
 */
export const Overview = memo(function Overview({ side = null }: { side?: 'A' | null } = {}) {
  const range = useAppStore((s) => s.explore.range);
  const stableFilter = useViewFilter({ range: false });

  const wrapRef = useRef<HTMLDivElement>(null);
  const brushRef = useRef<SVGGElement>(null);
  const { width } = useElementSize(wrapRef);
  const buckets = Math.max(10, Math.min(1024, Math.floor(width / 3)));
  const [timeline, setTimeline] = useState<Timeline | null>(null);

  const hasWidth = width > 0;
  useEffect(() => {
    if (!hasWidth) return;
    let live = true;
    fetchTimeline(stableFilter, buckets).then(
      (t) => {
        if (live && t) setTimeline(t);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [stableFilter, buckets, hasWidth]);

  const hasTime = timeline !== null && timeline.hasTimestamps && timeline.endNs > timeline.startNs;
  const x = useMemo(
    () =>
      scaleLinear()
        .domain(hasTime ? [timeline.startNs, timeline.endNs] : [0, 1])
        .range([0, Math.max(1, width)]),
    [hasTime, timeline, width],
  );

  // The brush: user gestures set the range; the range (from anywhere) moves the brush.
  const brushBehavior = useRef<BrushBehavior<unknown> | null>(null);
  useEffect(() => {
    const g = brushRef.current;
    if (!g || !hasTime || width <= 0) return;
    const brush = brushX<unknown>()
      .extent([
        [0, 0],
        [width, HEIGHT],
      ])
      .on('end', (e: D3BrushEvent<unknown>) => {
        if (!e.sourceEvent) return; // moved by the effect below, not by the user
        const sel = e.selection as [number, number] | null;
        if (!sel || sel[1] - sel[0] < 1) setExplore({ range: null });
        else setExplore({ range: [Math.floor(x.invert(sel[0])), Math.ceil(x.invert(sel[1]))] });
      });
    const s = select(g);
    s.call(brush);
    s.on('dblclick', () => setExplore({ range: null }));
    brushBehavior.current = brush;
    return () => {
      s.on('.brush', null).on('dblclick', null);
      s.selectAll('*').remove();
      brushBehavior.current = null;
    };
  }, [hasTime, width, x]);

  useEffect(() => {
    const g = brushRef.current;
    const brush = brushBehavior.current;
    if (!g || !brush || !hasTime) return;
    const sel: [number, number] | null = range
      ? [Math.max(0, x(range[0])), Math.min(width, Math.max(x(range[1]), x(range[0]) + 1))]
      : null;
    select(g).call((s) => brush.move(s, sel));
  }, [range, hasTime, x, width]);

  // The flame graph re-renders this on every zoom: keep the path of the same data.
  const path = useMemo(
    () => (hasTime && timeline ? densityPath(timeline.counts, timeline.maxCount, width, HEIGHT) : ''),
    [hasTime, timeline, width],
  );
  const t0 = hasTime ? timeline.startNs : 0;
  // The flame chart's clock: absolute trace time, or time since this strip's origin.
  const relative = useAppStore((s) => s.view.relativeTime);
  const clock: TimeClock = relative ? { kind: 'relative', origin: t0 } : ABSOLUTE;
  const ticks = hasTime ? placeTicks(timeTicks(timeline.startNs, timeline.endNs, Math.max(2, Math.floor(width / 140)), clock).ticks, x, width) : [];
  const eventLane = useOverviewLane(stableFilter, hasTime ? timeline : null);

  return (
    <div className="overview" role="group" aria-label="Overview: calls over time">
      <div className="overview-head">
        <span className="overview-title">{overviewTitle(side)}</span>
        {hasTime && (
          <span className="overview-range" data-testid="overview-range">
            {overviewHeadText({ range, startNs: t0, endNs: timeline.endNs, calls: sum(timeline.counts), narrowed: narrowsCalls(stableFilter) })}
          </span>
        )}
        <button
          type="button"
          className="button small"
          disabled={!range}
          onClick={() => setExplore({ range: null })}
        >
          Clear range
        </button>
      </div>
      <div ref={wrapRef} className="overview-plot">
        {timeline && !timeline.hasTimestamps ? (
          <p className="overview-none">This trace has no timestamps: there is no time axis to pick a range on.</p>
        ) : (
          <svg width={Math.max(1, width)} height={HEIGHT + AXIS} aria-hidden="true" data-testid="overview-svg">
            <path className="overview-density" d={path} />
            {ticks.map((t) => (
              <text key={t.ns} className="overview-tick" x={t.x} y={HEIGHT + AXIS - 2} style={{ textAnchor: t.anchor }}>
                {t.label}
              </text>
            ))}
            <g ref={brushRef} className="overview-brush" />
            {hasTime && <ChartWindow x={x} height={HEIGHT} />}
          </svg>
        )}
        {eventLane}
      </div>
    </div>
  );
});

function sum(a: Uint32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}
