/** The Functions tab: the statistics table, and the callers & callees of the selected row beside it. */
import { useRef } from 'react';
import { useFillHeight } from '../call-tree/useFillHeight';
import { ExportMenu } from '../export/ExportMenu';
import { HookPointsPanel } from '../hooks/HookPointsPanel';
import { FunctionDetailPanel } from './FunctionDetailPanel';
import { FunctionsGrid } from './FunctionsGrid';

export function FunctionsView() {
  const root = useRef<HTMLDivElement>(null);
  const height = useFillHeight(root);
  return (
    <div className="functions-view" ref={root} style={{ height }}>
      <FunctionsGrid />
      <div className="fd-side">
        <div className="fd-export">
          <ExportMenu view="functions" />
        </div>
        <FunctionDetailPanel />
        <HookPointsPanel />
      </div>
    </div>
  );
}
