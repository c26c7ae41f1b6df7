/**
 * What the two hook-candidate tables (one trace, compare mode) show alike: a row's function
 * (a button that opens its Hook points; "one side only" when so), its depth and other
 * syscalls, and the caption when the list was cut. Names are trace text: React text only.
 */
import type { ReactNode } from 'react';
import type { HookCandidate } from '../../core/query/hook-points';
import { setExplore } from '../../state/store';
import { formatCount, namesJoined } from '../format';

export function CandidateName({ row, children }: { row: HookCandidate; children?: ReactNode }) {
  return (
    <td>
      <button type="button" className="name-button" onClick={() => setExplore({ selectedFunction: row.name })}>
        <bdi>{row.name}</bdi>
      </button>
      {row.oneSided && <span className="hp-badge"> one side only</span>}
      {children}
    </td>
  );
}

export function CandidateDepthAndSyscalls({ row }: { row: HookCandidate }) {
  return (
    <>
      <td>{row.minDepth}</td>
      <td title={namesJoined(row.otherSyscalls, ', ')}>{formatCount(row.otherSyscalls.length)}</td>
    </>
  );
}

export function CandidatesCaption({ shown, total }: { shown: number; total: number }) {
  if (total <= shown) return null;
  return (
    <caption className="muted">
      The best {formatCount(shown)} of {formatCount(total)}.
    </caption>
  );
}
