/**
 * The flame chart's part of search stepping: the current match (view.searchMatch) when it
 * is on the task the chart shows, and a call to `show` it once per step. Once, so that a
 * pan, a zoom or a new range picked after the step is not undone; the chart mounting
 * (switching to its tab after stepping in the call tree) counts as a new chance.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { SearchMatch } from '../../state/slices/view';
import { useAppStore } from '../../state/store';

/** The current search match if it belongs to this trace, this search and `task`. */
export function useCurrentMatch(task: number): SearchMatch | null {
  const match = useAppStore((s) => s.view.searchMatch);
  const search = useAppStore((s) => s.explore.search);
  const trace = useAppStore((s) => s.session.traceId);
  return useMemo(
    () => (match && match.pattern === search && match.trace === trace && match.task === task ? match : null),
    [match, search, trace, task],
  );
}

/**
 * Calls `show(match)` when a step lands on this chart's task, once the chart has a size.
 * `domainKey` is a dependency so that this runs AFTER the chart reset its zoom for a new
 * task (effects run in order: call this hook after the one that resets).
 */
export function useShowMatch(match: SearchMatch | null, domainKey: string, hasSize: boolean, show: (m: SearchMatch) => void): void {
  const shown = useRef(-1);
  const showRef = useRef(show);
  showRef.current = show;
  useEffect(() => {
    if (!match || !hasSize || shown.current === match.seq) return;
    shown.current = match.seq;
    showRef.current(match);
  }, [match, domainKey, hasSize]);
}
