/** The first view: facts about the trace, what the search matches, its tasks, its busiest functions, its diagnostics. */
import { DiagnosticsPanel } from './DiagnosticsPanel';
import { FunctionsTable } from './FunctionsTable';
import { InterruptsLine } from './InterruptsLine';
import { SearchMatches } from './SearchMatches';
import { TasksTable } from './TasksTable';
import { TraceFacts } from './TraceFacts';

export function SummaryView() {
  return (
    <div className="summary">
      <TraceFacts />
      <InterruptsLine />
      <SearchMatches />
      <div className="summary-grid">
        <div className="summary-side">
          <TasksTable />
          <DiagnosticsPanel />
        </div>
        <FunctionsTable />
      </div>
    </div>
  );
}
