/**
 * The Call tree tab: a toolbar (bottom-up switch, the callers & callees pane), the tree
 * itself, and the pane for the selected function beside it.
 *
 * The tree shown is the one of the explorer state (state/tree-queries.ts treeKeyOf):
 * the view filter, inverted or not, one root per task unless tasks are picked.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import { setCallersPane, setExplore, useAppStore } from '../../state/store';
import { fetchTopDownPath, treeKeyOf, treeKeyString } from '../../state/tree-queries';
import { useMatchedSearch } from '../use-matched-funcs';
import { useTreeKey } from '../use-view-filter';
import { FunctionDetailPanel } from '../functions/FunctionDetailPanel';
import { ExportMenu } from '../export/ExportMenu';
import { HookPointsPanel } from '../hooks/HookPointsPanel';
import { CallTreeGrid } from './CallTreeGrid';
import { TreeData } from './tree-data';
import { useTraceKeep } from '../app/trace-keep';
import { useFillHeight } from './useFillHeight';

export function CallTreeView() {
  const keep = useTraceKeep();
  const search = useAppStore((s) => s.explore.search);
  const key = useTreeKey();
  const keyString = treeKeyString(key);
  // The rows fetched and the paths expanded, per tree key, kept for this trace across tab switches.
  const data = useMemo(() => keep.get(`tree:${keyString}`, () => new TreeData(key)), [keep, keyString, key]);
  const matched = useMatchedSearch(key.filter, search);
  const showPane = useAppStore((s) => s.view.callersPane);
  const [notice, setNotice] = useState('');
  const onNotice = useCallback((text: string) => setNotice(text), []);
  const root = useRef<HTMLDivElement>(null);
  const height = useFillHeight(root);

  const toggleInverted = async () => {
    const e = useAppStore.getState().explore;
    // Keep the focused function in view: a top-down row's function becomes a bottom-up
    // root; a bottom-up row becomes the heaviest top-down path it stands for.
    if (!e.inverted || e.focusPath.length === 0) {
      setExplore({ inverted: !e.inverted, focusPath: e.focusPath.slice(-1) });
      return;
    }
    const path = await fetchTopDownPath(treeKeyOf(e), e.focusPath).catch(() => null);
    const now = useAppStore.getState().explore;
    if (!now.inverted) return; // toggled again meanwhile
    setExplore({ inverted: false, focusPath: path && now.focusPath === e.focusPath ? path : [] });
  };

  const togglePane = () => setCallersPane(!showPane);

  return (
    <div className="call-tree-view" ref={root} style={{ height }}>
      <div className="ct-toolbar" role="toolbar" aria-label="Call tree options">
        <button
          type="button"
          className="button ct-toggle"
          aria-pressed={key.inverted}
          title="Bottom-up: functions by self time, their callers beneath them"
          onClick={() => void toggleInverted()}
        >
          <span className="ct-toggle-box" aria-hidden="true">
            {key.inverted ? '✓' : ''}
          </span>
          Inverted
        </button>
        <button type="button" className="button ct-toggle" aria-pressed={showPane} onClick={togglePane}>
          <span className="ct-toggle-box" aria-hidden="true">
            {showPane ? '✓' : ''}
          </span>
          Callers &amp; callees
        </button>
        <ExportMenu view="tree" />
        <span className="muted ct-hint">
          {key.inverted
            ? 'Bottom-up: functions by self time, their callers beneath.'
            : key.groupByTask
              ? 'Top-down, one root per task.'
              : 'Top-down.'}{' '}
          Keys: arrows, Enter, * opens a subtree.
        </span>
        <span className="muted ct-notice" role="status" aria-live="polite" title={notice}>
          {notice}
        </span>
      </div>
      <div className={`ct-main${showPane ? ' with-pane' : ''}`}>
        <CallTreeGrid data={data} matched={matched} onNotice={onNotice} />
        {showPane && (
          <div className="ct-pane">
            <FunctionDetailPanel />
            <HookPointsPanel />
          </div>
        )}
      </div>
    </div>
  );
}
