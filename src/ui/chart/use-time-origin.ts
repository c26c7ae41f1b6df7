/**
 * The zero of relative time: the start of the calls in view under the filters, the range
 * left out (the overview's origin, which its ticks and the filter bar's range count from),
 * so the chart, the overview and the filter bar agree. Null until the worker answers, or
 * while not `enabled` (asked for nothing).
 */
import { useEffect, useState } from 'react';
import type { ViewFilter } from '../../core/query/filter';
import { fetchTimeline } from '../../state/flame-queries';

export function useTimeOrigin(filter: ViewFilter, enabled = true): number | null {
  const [origin, setOrigin] = useState<{ for: ViewFilter; ns: number } | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    fetchTimeline(filter, 1).then(
      (t) => live && t && setOrigin({ for: filter, ns: t.startNs }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [filter, enabled]);
  return origin && origin.for === filter ? origin.ns : null;
}
