/**
 * The "Flame chart" tab: one task's calls in time order. The task is explore.chartTask,
 * else the busiest task in view; the time domain is explore.range (picked on the overview
 * strip), else the task's whole run. Traces without timestamps are laid out from
 * durations and say so.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useFillHeight } from '../call-tree/useFillHeight';
import { fetchChartTasks, type ChartTasks } from '../../state/flame-queries';
import { setRelativeTime, useAppStore } from '../../state/store';
import { formatCount, formatDuration } from '../format';
import { Overview } from '../overview/Overview';
import { ExportMenu } from '../export/ExportMenu';
import { FlameHooksButton, FlameHooksPane, useFlameHooks } from '../hooks/FlameHooksToggle';
import { ZoomToMatchButton } from '../toolbar/ZoomToMatchButton';
import { ChartTaskSelect } from './ChartTaskSelect';
import { FlameChartCanvas } from './FlameChartCanvas';
import { useTimeOrigin } from '../chart/use-time-origin';
import { useViewFilter } from '../use-view-filter';
import { useChartLane } from '../events/use-chart-lane';
import { noCallsText } from '../no-calls';

export function FlameChartView() {
  const range = useAppStore((s) => s.explore.range);
  const chartTask = useAppStore((s) => s.explore.chartTask);
  const trace = useAppStore((s) => s.session.summary);
  const hooks = useFlameHooks();
  const snapshotRef = useRef<((scale: number) => HTMLCanvasElement | null) | null>(null);
  const pngOfChart = useCallback(() => snapshotRef.current?.(2) ?? null, []);
  // The chart has its own time window: the range only sets its domain.
  const stableFilter = useViewFilter({ range: false });

  // The header and toolbars above wrap at narrow widths: measured, not guessed.
  const root = useRef<HTMLElement>(null);
  const height = useFillHeight(root, 24, 420);
  const [list, setList] = useState<ChartTasks | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [approximate, setApproximate] = useState(false);
  const onApproximate = useCallback((a: boolean) => setApproximate(a), []);

  useEffect(() => {
    let live = true;
    fetchChartTasks(stableFilter).then(
      (l) => {
        if (live && l) {
          setList(l);
          setError(null);
        }
      },
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
  }, [stableFilter]);

  const task = list ? (list.tasks.find((t) => t.task === chartTask) ?? list.tasks[0]) : undefined;
  // The picked range when it overlaps the task's run; else the whole run.
  const domain: [number, number] | null = task
    ? range && range[1] >= task.startNs && range[0] <= task.endNs
      ? [range[0], range[1]]
      : [task.startNs, task.endNs]
    : null;
  const noTimestamps = list !== null && !list.hasTimestamps;
  // Nothing to place calls by (every start laid out at 0 ns): no chart, and why.
  const untimed = list !== null && list.untimedReason !== '';
  const events = useChartLane(stableFilter, task);
  const origin = useTimeOrigin(stableFilter);
  const relative = useAppStore((s) => s.view.relativeTime);

  return (
    <section ref={root} className="flame-view" aria-label="Flame chart view" style={{ height }}>
      <Overview />
      <div className="flame-header">
        {list && task && <ChartTaskSelect tasks={list.tasks} value={task.task} />}
        {task && (
          <span className="flame-facts">
            {untimed ? `${formatCount(task.calls)} calls` : `${formatCount(task.calls)} calls over ${formatDuration(task.endNs - task.startNs)}`}
          </span>
        )}
        {!noTimestamps && (
          <label className="flame-switch" title="Label times from the start of the calls in view instead of the trace's own clock">
            <input type="checkbox" checked={relative} onChange={(e) => setRelativeTime(e.target.checked)} />
            Relative time
          </label>
        )}
        <ZoomToMatchButton />
        <ExportMenu view="chart" canvasPng={pngOfChart} />
        <FlameHooksButton {...hooks} />
        <p className="flame-hint">Wheel or W/S to zoom, drag or A/D to pan, Shift+drag to measure; click a call to pin its card, double-click to fit it, Esc for the whole run.</p>
      </div>
      {untimed ? (
        <p className="flame-note" role="note" data-testid="chart-untimed">
          {`The calls in view have neither a timestamp nor a duration (${list.untimedReason}): a flame chart has no time to lay them out on. The Call tree and Functions views count them.`}
        </p>
      ) : (
        (approximate || noTimestamps) && (
          <p className="flame-note flame-approx" role="note" data-testid="chart-approximate">
            Approximate layout: this trace has no timestamps, so calls are placed one after another by their durations.
          </p>
        )
      )}
      {error && (
        <p className="flame-note flame-error" role="alert">{`The flame chart could not be computed: ${error}`}</p>
      )}
      {list && !task && <p className="flame-note">{noCallsText(trace, 'No calls in view: the filters leave nothing.')}</p>}
      {task && domain && !untimed && events.lane}
      {task && domain && !untimed ? (
        <FlameChartCanvas task={task} origin={origin} domain={domain} onApproximate={onApproximate} snapshotRef={snapshotRef} laneWindow={events.window} />
      ) : (
        <div className="flame-canvas-wrap" />
      )}
      {hooks.open && <FlameHooksPane />}
    </section>
  );
}
