/**
 * The views area in compare mode: side B's load (progress, Cancel) or its error, then the
 * comparison: what is compared with what, B's filters, the settings, the legend that leads
 * (only in A / only in B / in both), the status line, and the compare views' tabs.
 */
import type { KeyboardEvent } from 'react';
import { leaveCompare } from '../../state/compare-actions';
import { setCompare, useAppStore } from '../../state/store';
import { ErrorBoundary } from '../app/ErrorBoundary';
import { ComparedHookPointsPanel } from '../hooks/ComparedHookPointsPanel';
import { CompareLegend } from './CompareLegend';
import { CompareProgress } from './CompareProgress';
import { CompareSettings } from './CompareSettings';
import { CompareStatusLine } from './CompareStatusLine';
import { COMPARE_VIEWS } from './compare-views';
import { SideBFilters } from './SideBFilters';

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
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const i = COMPARE_VIEWS.indexOf(active);
    const next = COMPARE_VIEWS[(i + (e.key === 'ArrowRight' ? 1 : COMPARE_VIEWS.length - 1)) % COMPARE_VIEWS.length];
    setCompare({ view: next.id });
    document.getElementById(`tab-${next.id}`)?.focus();
  };
  return (
    <div className="cmp-area">
      <p className="cmp-sides-line">
        <span className="cmp-side-tag a">A</span> <span className="cmp-side-name">{nameA}</span>
        {' compared with '}
        <span className="cmp-side-tag b">B</span>{' '}
        <span className="cmp-side-name">{source?.kind === 'same' ? `the same trace` : (source?.name ?? '')}</span>
      </p>
      <div className="cmp-controls">
        <SideBFilters />
        <CompareSettings />
      </div>
      <CompareLegend />
      <CompareStatusLine />
      <div className="view-tabs" role="tablist" aria-label="Compare views" onKeyDown={onKeyDown}>
        {COMPARE_VIEWS.map((v) => (
          <button
            key={v.id}
            id={`tab-${v.id}`}
            type="button"
            role="tab"
            className="view-tab"
            aria-selected={v.id === active.id}
            aria-controls={`view-${v.id}`}
            tabIndex={v.id === active.id ? 0 : -1}
            onClick={() => setCompare({ view: v.id })}
          >
            {v.label}
          </button>
        ))}
      </div>
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
    </div>
  );
}
