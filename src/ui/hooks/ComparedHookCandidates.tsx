/**
 * Compare mode's hook candidates under a frame: the functions under it on either side, the
 * ones called on one side only marked and ranked first (the worker ranks them); a row opens
 * the panel for that function. Names are trace text, rendered as text.
 */
import { useCallback } from 'react';
import { useAsked } from './use-asked';
import { fetchComparedHookCandidates, type HookCompareKey } from '../../state/hook-queries';
import { CandidateDepthAndSyscalls, CandidateName, CandidatesCaption } from './CandidateCells';
import { fullPath, hookScopeText } from './hook-scope';
import type { HookFrameAt } from '../../core/query/hook-points';

const PRESENCE_LABEL = { a: 'only in A', b: 'only in B', both: 'both', neither: 'neither' } as const;

/** `compareKey` keeps its identity while the question stays (useCompareQuestion); so does `at` (the store's). */
export function ComparedHookCandidates({ frame, at, compareKey }: { frame: string; at: HookFrameAt | null; compareKey: HookCompareKey }) {
  const list = useAsked(useCallback(() => fetchComparedHookCandidates(compareKey, frame, at), [frame, at, compareKey]));
  const scope = hookScopeText(frame, at);
  if (list === 'loading') return <p className="muted">Ranking the functions {scope} on both sides…</p>;
  if (list === null || list.rows.length === 0) return <p className="muted">No function {scope} on either side.</p>;
  return (
    <>
      <p className="muted hp-note" data-testid="hook-scope" title={at ? fullPath(at) : undefined}>
        Ranked {scope}, on each side.
      </p>
      <table className="hp-table" aria-label={`Hook candidates under ${frame}`}>
        <thead>
          <tr>
            <th scope="col">Function</th>
            <th scope="col" title="Where the function is called at all, each side through its filter">called in</th>
            <th scope="col" title="Calls per call of the frame on the side shown: 1.0 fires once per event">per call</th>
            <th scope="col">depth</th>
            <th scope="col" title="Other syscalls that reach this function">other syscalls</th>
          </tr>
        </thead>
        <tbody>
          {list.rows.map((r) => (
            <tr key={`${r.side}:${r.name}`} data-presence={r.presence} data-one-sided={r.oneSided ? 'true' : 'false'}>
              <CandidateName row={r} />
              <td data-col="presence">{PRESENCE_LABEL[r.presence]}</td>
              <td title={`Side ${r.side.toUpperCase()}'s figure`}>
                {r.perFrameCall.toFixed(2)} <span className="muted">({r.side.toUpperCase()})</span>
              </td>
              <CandidateDepthAndSyscalls row={r} />
            </tr>
          ))}
        </tbody>
        <CandidatesCaption shown={list.rows.length} total={list.total} />
      </table>
    </>
  );
}
