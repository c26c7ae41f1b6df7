/**
 * The function ids the current search matches, for highlighting (the flame views, the call
 * tree, the functions list). Null when no search is active. While a new answer is on its
 * way the previous set stays, so typing does not flash every frame back to full colour.
 */
import { useEffect, useState } from 'react';
import type { ViewFilter } from '../core/query/filter';
import { fetchMatchedFuncs } from '../state/flame-queries';
import { useStableValue } from './use-stable-value';

export function useMatchedFuncs(filter: ViewFilter, pattern: string): ReadonlySet<number> | null {
  const [funcs, setFuncs] = useState<ReadonlySet<number> | null>(null);
  const active = pattern.trim() !== '';
  const stableFilter = useStableValue(filter);
  useEffect(() => {
    if (!active) {
      setFuncs(null);
      return;
    }
    let live = true;
    fetchMatchedFuncs(stableFilter, pattern).then(
      (ids) => {
        if (live && ids) setFuncs(new Set(ids));
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [stableFilter, pattern, active]);
  return active ? funcs : null;
}
