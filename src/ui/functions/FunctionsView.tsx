/** The Functions tab: the statistics table, and the callers & callees of the selected row beside it. */
import { FunctionDetailPanel } from './FunctionDetailPanel';
import { FunctionsGrid } from './FunctionsGrid';

export function FunctionsView() {
  return (
    <div className="functions-view">
      <FunctionsGrid />
      <FunctionDetailPanel />
    </div>
  );
}
