/** The functions under a frame ranked as hook candidates; a row opens the panel for that function. */
import { useCallback } from 'react';
import { useAsked } from './use-asked';
import { fetchHookCandidates } from '../../state/hook-queries';
import { setExplore } from '../../state/store';
import type { ViewFilter } from '../../core/query/filter';
import { formatCount } from '../format';

/** `filter` keeps its identity while its value stays (useViewFilter). */
export function HookCandidates({ frame, filter }: { frame: string; filter: ViewFilter }) {
  const list = useAsked(useCallback(() => fetchHookCandidates(filter, frame), [frame, filter]));
  if (list === 'loading') return <p className="muted">Ranking the functions under {frame}…</p>;
  if (list === null || list.rows.length === 0) return <p className="muted">No function under {frame} in view.</p>;
  return (
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
            <td>
              <button type="button" className="link-button" onClick={() => setExplore({ selectedFunction: r.name })}>
                {r.name}
              </button>
              {r.oneSided && <span className="hp-badge"> one side only</span>}
              {r.inInterrupt === r.calls && <span className="muted" title="Seen only in interrupts that landed under the frame"> (interrupt only)</span>}
            </td>
            <td>{r.perFrameCall.toFixed(2)}</td>
            <td>{r.minDepth}</td>
            <td title={r.otherSyscalls.join(', ')}>{formatCount(r.otherSyscalls.length)}</td>
          </tr>
        ))}
      </tbody>
      {list.total > list.rows.length && (
        <caption className="muted">
          The best {formatCount(list.rows.length)} of {formatCount(list.total)}.
        </caption>
      )}
    </table>
  );
}
