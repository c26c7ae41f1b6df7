/**
 * The "Flame graph" tab: the overview strip (time range), a header with the zoom
 * breadcrumbs and the inverted switch, then the canvas. All tasks merged show one root
 * per task (`comm-pid`); one task picked in the toolbar shows its functions as roots.
 * Under it, when asked for, the Hook points panel of the function last clicked.
 */
import { useEffect, useId, useState } from 'react';
import { setExplore, useAppStore } from '../../state/store';
import { ExportMenu } from '../export/ExportMenu';
import { FlameHooksButton, FlameHooksPane, useFlameHooks } from '../hooks/FlameHooksToggle';
import { Overview } from '../overview/Overview';
import { Breadcrumbs } from './Breadcrumbs';
import { FlameGraphCanvas, type FlameGraphInfo } from './FlameGraphCanvas';
import { FlameSummary } from './FlameSummary';

export function FlameGraphView() {
  const inverted = useAppStore((s) => s.explore.inverted);
  const zoomPath = useAppStore((s) => s.explore.zoomPath);
  const allTasks = useAppStore((s) => s.explore.tasks.length === 0);
  const hooks = useFlameHooks();
  const [info, setInfo] = useState<FlameGraphInfo>({ frames: null, loading: true, error: null });
  const summaryId = useId();
  const f = info.frames;
  const found = f ? f.zoomFound : zoomPath.length;
  const missing = f !== null && !f.zoomNodeFound && zoomPath.length > 0;
  const slow = useDelayed(info.loading, 300);

  return (
    <section className="flame-view" aria-label="Flame graph view">
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
        <ExportMenu view="flame" />
        <FlameHooksButton {...hooks} />
        <span className="flame-status" aria-live="polite">
          {!info.error && slow ? 'Updating…' : ''}
        </span>
      </div>
      {missing && (
        <p className="flame-note" role="status">
          {`“${zoomPath[found]}” is not in this view (filters changed?); showing its nearest caller.`}
        </p>
      )}
      {info.error && (
        <p className="flame-note flame-error" role="alert">
          {`The flame graph could not be computed: ${info.error}`}
        </p>
      )}
      {f && f.length === 0 && !info.loading && <p className="flame-note">No calls in view: the filters leave nothing.</p>}
      <FlameGraphCanvas onInfo={setInfo} summaryId={summaryId} />
      <FlameSummary id={summaryId} frames={f} inverted={inverted} />
      {hooks.open && <FlameHooksPane />}
    </section>
  );
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
