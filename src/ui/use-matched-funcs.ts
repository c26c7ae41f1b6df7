/**
 * The function ids the current search matches, for highlighting (the flame views, the call
 * tree, the functions list, the summary). Null when no search is active. While a new answer
 * is on its way the previous set stays, so typing does not flash every frame back to full
 * colour; `useMatchedSearch` also says which pattern the set answers, for code that must
 * not act on a stale one (the call tree's jump to the first match).
 */
import { useEffect, useState } from 'react';
import type { ViewFilter } from '../core/query/filter';
import { fetchMatchedFuncs } from '../state/flame-queries';
import { useStableValue } from './use-stable-value';

export interface MatchedSearch {
  /** The pattern these ids answer (may lag the current one while typing). */
  pattern: string;
  funcs: ReadonlySet<number>;
}

export function useMatchedSearch(filter: ViewFilter, pattern: string): MatchedSearch | null {
  const [matched, setMatched] = useState<MatchedSearch | null>(null);
  const active = pattern.trim() !== '';
  const stableFilter = useStableValue(filter);
  useEffect(() => {
    if (!active) {
      setMatched(null);
      return;
    }
    let live = true;
    fetchMatchedFuncs(stableFilter, pattern).then(
      (ids) => {
        if (live && ids) setMatched({ pattern, funcs: new Set(ids) });
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [stableFilter, pattern, active]);
  return active ? matched : null;
}

export function useMatchedFuncs(filter: ViewFilter, pattern: string): ReadonlySet<number> | null {
  return useMatchedSearch(filter, pattern)?.funcs ?? null;
}
