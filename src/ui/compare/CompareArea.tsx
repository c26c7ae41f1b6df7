/**
 * The views area in compare mode: side B's load (progress, Cancel) or its error, then the
 * comparison: what is compared with what, B's filters, the settings, the legend that leads
 * (only in A / only in B / in both), the status line, and the compare views' tabs; with
 * "Paths from F", its chip first, and a note instead of them when neither side calls F.
 */
import { leaveCompare } from '../../state/compare-actions';
import { setCompare, useAppStore } from '../../state/store';
import { ErrorBoundary } from '../app/ErrorBoundary';
import { ViewTabs } from '../app/ViewTabs';
import { ComparedHookPointsPanel } from '../hooks/ComparedHookPointsPanel';
import { CompareLegend } from './CompareLegend';
import { CompareProgress } from './CompareProgress';
import { CompareSettings } from './CompareSettings';
import { CompareStatusLine } from './CompareStatusLine';
import { COMPARE_VIEWS } from './compare-views';
import { SideBFilters } from './SideBFilters';
import { PathsFromGate } from './PathsFromGate';

export function CompareArea() {
  const status = useAppStore((s) => s.compare.status);
  const error = useAppStore((s) => s.compare.error);
  const activeId = useAppStore((s) => s.compare.view);
  const nameA = useAppStore((s) => s.session.source?.name ?? s.session.info?.name ?? '');
  const source = useAppStore((s) => s.compare.source);
  const epoch = useAppStore((s) => s.compare.epoch);
  if (status === 'loading' && source?.kind !== 'same') return <CompareProgress />;
  if (status === 'error') {
    return (
      <section className="error-message cmp-error" role="alert">
        <h2>Side B could not be compared</h2>
        <p>{error}</p>
        <button type="button" className="button" onClick={leaveCompare}>
          Back to side A
        </button>
      </section>
    );
  }
  if (status !== 'ready') return null;
  const active = COMPARE_VIEWS.find((v) => v.id === activeId) ?? COMPARE_VIEWS[0];
  const View = active.component;
  return (
    <div className="cmp-area">
      <p className="cmp-sides-line">
        <span className="cmp-side-tag a">A</span> <span className="cmp-side-name"><bdi>{nameA}</bdi></span>
        {' compared with '}
        <span className="cmp-side-tag b">B</span>{' '}
        <span className="cmp-side-name">{source?.kind === 'same' ? `the same trace` : <bdi>{source?.name ?? ''}</bdi>}</span>
      </p>
      <div className="cmp-controls">
        <SideBFilters />
        <CompareSettings />
      </div>
      <PathsFromGate>
        {/* The chips and the caption share a line where it is wide enough: on a laptop screen
            each line of controls is a line less of the view. */}
        <div className="cmp-lead">
          <CompareLegend />
          <CompareStatusLine />
        </div>
        <ViewTabs label="Compare views" tabs={COMPARE_VIEWS} activeId={active.id} onSelect={(id) => setCompare({ view: id })} />
        <div className="view-panel" role="tabpanel" id={`view-${active.id}`} aria-labelledby={`tab-${active.id}`}>
          <ErrorBoundary resetKey={`${active.id}:${epoch}`}>
            <View />
          </ErrorBoundary>
        </div>
        {active.id !== 'sides' && (
          <ErrorBoundary resetKey={`hooks:${epoch}`}>
            <ComparedHookPointsPanel />
          </ErrorBoundary>
        )}
      </PathsFromGate>
    </div>
  );
}
