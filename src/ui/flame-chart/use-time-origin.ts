/**
 * The zero of relative time: the start of the calls in view under the filters, the range
 * left out (the overview's origin, which its ticks and the filter bar's range count from),
 * so the chart and the overview agree. Null until the worker answers.
 */
import { useEffect, useState } from 'react';
import type { ViewFilter } from '../../core/query/filter';
import { fetchTimeline } from '../../state/flame-queries';

export function useTimeOrigin(filter: ViewFilter): number | null {
  const [origin, setOrigin] = useState<{ for: ViewFilter; ns: number } | null>(null);
  useEffect(() => {
    let live = true;
    fetchTimeline(filter, 1).then(
      (t) => live && t && setOrigin({ for: filter, ns: t.startNs }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [filter]);
  return origin && origin.for === filter ? origin.ns : null;
}
