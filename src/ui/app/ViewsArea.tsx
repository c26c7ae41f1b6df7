/** Tabs over the registered views (views.ts); the active one fills the rest of the page. */
import { useMemo } from 'react';
import { setActiveView, useAppStore } from '../../state/store';
import { ErrorBoundary } from './ErrorBoundary';
import { VIEWS } from './views';
import { Toolbar } from '../toolbar/Toolbar';
import { TraceKeep, TraceKeepContext } from './trace-keep';
import { FilterBar } from '../toolbar/FilterBar';
import { InputBanner } from './InputBanner';
import { CompareArea } from '../compare/CompareArea';
import { ViewTabs } from './ViewTabs';

export function ViewsArea() {
  const activeId = useAppStore((s) => s.view.activeView);
  const traceKey = useAppStore((s) => s.session.traceId);
  // Compare mode shows its own views; side A's tab and view state wait untouched.
  const comparing = useAppStore((s) => s.compare.status !== 'off' && s.compare.status !== 'choosing');
  const active = VIEWS.find((v) => v.id === activeId) ?? VIEWS[0];
  const View = active.component;
  // What the views keep between tab switches belongs to this trace: a new trace, a new keep.
  const keep = useMemo(() => new TraceKeep(traceKey), [traceKey]);

  return (
    <div className="views">
      <InputBanner />
      <Toolbar />
      <FilterBar />
      {comparing ? (
        <CompareArea />
      ) : (
        <>
          <ViewTabs label="Views" tabs={VIEWS} activeId={active.id} onSelect={setActiveView} />
          <div className="view-panel" role="tabpanel" id={`view-${active.id}`} aria-labelledby={`tab-${active.id}`}>
            <ErrorBoundary resetKey={`${active.id}:${traceKey}`}>
              <TraceKeepContext.Provider value={keep}>
                <View />
              </TraceKeepContext.Provider>
            </ErrorBoundary>
          </div>
        </>
      )}
    </div>
  );
}
