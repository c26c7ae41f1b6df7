/**
 * The "Flame graph" tab: the overview strip (time range), a header with the zoom
 * breadcrumbs and the inverted switch, then the canvas. All tasks merged show one root
 * per task (`comm-pid`); one task picked in the toolbar shows its functions as roots.
 * A search step (Enter, or "Zoom to match") taken while the graph is shown zooms into the
 * match's frame: the path the step found in the tree of the same key.
 * Under it, when asked for, the Hook points panel of the function last clicked.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useFillHeight } from '../call-tree/useFillHeight';
import { setExplore, useAppStore } from '../../state/store';
import { ExportMenu } from '../export/ExportMenu';
import { FlameHooksButton, FlameHooksPane, useFlameHooks } from '../hooks/FlameHooksToggle';
import { Overview } from '../overview/Overview';
import { ZoomToMatchButton } from '../toolbar/ZoomToMatchButton';
import { Breadcrumbs } from './Breadcrumbs';
import { FlameGraphCanvas, type FlameGraphInfo } from './FlameGraphCanvas';
import { FlameSummary } from './FlameSummary';
import { noCallsText } from '../no-calls';
import { zoomShown } from '../zoom-note';

export function FlameGraphView() {
  const inverted = useAppStore((s) => s.explore.inverted);
  const zoomPath = useAppStore((s) => s.explore.zoomPath);
  const allTasks = useAppStore((s) => s.explore.tasks.length === 0);
  const trace = useAppStore((s) => s.session.summary);
  const hooks = useFlameHooks();
  const [info, setInfo] = useState<FlameGraphInfo>({ frames: null, zoomPath: null, loading: true, error: null });
  const summaryId = useId();
  const f = info.frames;
  const { found, note: missing } = zoomShown(f, info.zoomPath, zoomPath, 'this view');
  const slow = useDelayed(info.loading, 300);
  useZoomToSteps();
  // The header and toolbars above wrap at narrow widths: measured, not guessed.
  const root = useRef<HTMLElement>(null);
  const height = useFillHeight(root, 24, 420);

  return (
    <section ref={root} className="flame-view" aria-label="Flame graph view" style={{ height }}>
      <Overview />
      <div className="flame-header">
        <Breadcrumbs found={found} rootLabel={allTasks ? 'All tasks' : 'All'} />
        <label className="flame-switch" title="Bottom-up: where self time was spent, with its callers below">
          <input
            type="checkbox"
            role="switch"
            checked={inverted}
            aria-checked={inverted}
            onChange={(e) => setExplore({ inverted: e.target.checked, zoomPath: [] })}
          />
          <span>Inverted (icicle)</span>
        </label>
        <ZoomToMatchButton />
        <ExportMenu view="flame" />
        <FlameHooksButton {...hooks} />
        <span className="flame-status" aria-live="polite">
          {!info.error && slow ? 'Updating…' : ''}
        </span>
      </div>
      {missing && (
        <p className="flame-note" role="status">
          {missing}
        </p>
      )}
      {info.error && (
        <p className="flame-note flame-error" role="alert">
          {`The flame graph could not be computed: ${info.error}`}
        </p>
      )}
      {f && f.length === 0 && !info.loading && (
        <p className="flame-note">
          {f.untimed
            ? `The calls in view have no duration (${f.untimedReason}): a flame graph has no width to give them. The Call tree and Functions views count them.`
            : noCallsText(trace, 'No calls in view: the filters leave nothing.')}
        </p>
      )}
      <FlameGraphCanvas onInfo={setInfo} summaryId={summaryId} />
      <FlameSummary id={summaryId} frames={f} inverted={inverted} />
      {hooks.open && <FlameHooksPane />}
    </section>
  );
}

/**
 * Zooms into each search step taken while the graph is on screen. stepSearch sets the
 * focus path (the match's path in the tree of this view's key) before the match, so the
 * path is there when the match arrives. Steps taken elsewhere before the graph was shown
 * are left alone: switching tabs does not move the zoom.
 */
function useZoomToSteps(): void {
  const match = useAppStore((s) => s.view.searchMatch);
  const seen = useRef(match?.seq ?? -1);
  useEffect(() => {
    if (!match || match.seq === seen.current) return;
    seen.current = match.seq;
    const e = useAppStore.getState().explore;
    if (match.pattern === e.search && e.focusPath.length > 0) setExplore({ zoomPath: e.focusPath });
  }, [match]);
}

/** `on`, once it has stayed true for `ms` (so quick answers do not flash a busy note). */
function useDelayed(on: boolean, ms: number): boolean {
  const [late, setLate] = useState(false);
  useEffect(() => {
    if (!on) {
      setLate(false);
      return;
    }
    const timer = setTimeout(() => setLate(true), ms);
    return () => clearTimeout(timer);
  }, [on, ms]);
  return on && late;
}
