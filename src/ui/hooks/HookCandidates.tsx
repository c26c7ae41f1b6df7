/**
 * The functions under a frame ranked as hook candidates, and what they are ranked under
 * (one call path, or every call of the function); a row opens the panel for that function.
 */
import { useCallback } from 'react';
import { useAsked } from './use-asked';
import { fetchHookCandidates } from '../../state/hook-queries';
import type { ViewFilter } from '../../core/query/filter';
import type { HookFrameAt } from '../../core/query/hook-points';
import { CandidateDepthAndSyscalls, CandidateName, CandidatesCaption } from './CandidateCells';
import { fullPath, hookScopeText } from './hook-scope';

/** `filter` keeps its identity while its value stays (useViewFilter); so does `at` (the store's). */
export function HookCandidates({ frame, at, filter }: { frame: string; at: HookFrameAt | null; filter: ViewFilter }) {
  const list = useAsked(useCallback(() => fetchHookCandidates(filter, frame, at), [frame, at, filter]));
  const scope = hookScopeText(frame, at);
  const scopeLine = (
    <p className="muted hp-note" data-testid="hook-scope" title={at ? fullPath(at) : undefined}>
      Ranked {scope}.
    </p>
  );
  if (list === 'loading') return <p className="muted">Ranking the functions {scope}…</p>;
  if (list !== null && !list.found) return <p className="muted">The frame&apos;s call path is not in view ({scope}).</p>;
  if (list === null || list.rows.length === 0) return <p className="muted">No function {scope} in view.</p>;
  return (
    <>
      {scopeLine}
      <table className="hp-table" aria-label={`Hook candidates under ${frame}`}>
        <thead>
          <tr>
            <th scope="col">Function</th>
            <th scope="col" title="Calls per call of the frame: 1.0 fires once per event">per call</th>
            <th scope="col">depth</th>
            <th scope="col" title="Other syscalls that reach this function">other syscalls</th>
          </tr>
        </thead>
        <tbody>
          {list.rows.map((r) => (
            <tr key={r.func}>
              <CandidateName row={r}>
                {r.inInterrupt === r.calls && <span className="muted" title="Seen only in interrupts that landed under the frame"> (interrupt only)</span>}
              </CandidateName>
              <td>{r.perFrameCall.toFixed(2)}</td>
              <CandidateDepthAndSyscalls row={r} />
            </tr>
          ))}
        </tbody>
        <CandidatesCaption shown={list.rows.length} total={list.total} />
      </table>
    </>
  );
}
