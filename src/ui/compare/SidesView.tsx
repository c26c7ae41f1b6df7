/** The "Sides" tab of compare mode: A and B side by side, each with its diagnostics. */
import { loadMoreDiagnostics } from '../../state/actions';
import { loadMoreDiagnosticsB } from '../../state/compare-actions';
import { useAppStore } from '../../state/store';
import { SideFacts } from './SideFacts';
import { filterText } from './filter-text';

export function SidesView() {
  const session = useAppStore((s) => s.session);
  const compare = useAppStore((s) => s.compare);
  const explore = useAppStore((s) => s.explore);
  const same = compare.source?.kind === 'same';
  return (
    <div className="cmp-sides">
      <SideFacts
        side="A"
        name={session.source?.name ?? session.info?.name ?? ''}
        info={session.info}
        summary={session.summary}
        diagnostics={session.diagnostics}
        filterText={filterText(explore)}
        onMore={() => void loadMoreDiagnostics()}
      />
      <SideFacts
        side="B"
        name={same ? `the same trace (${compare.source?.name ?? ''})` : (compare.source?.name ?? '')}
        info={compare.info}
        summary={compare.summary}
        diagnostics={compare.diagnostics}
        filterText={filterText(compare.filterB)}
        onMore={() => void (same ? loadMoreDiagnostics() : loadMoreDiagnosticsB())}
      />
    </div>
  );
}
