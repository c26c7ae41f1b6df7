/**
 * What every compare view asks about: the pair of filters (A's from the explorer, B's
 * own, both under the explorer's interrupt mode and from the "Paths from" function), the quantity and normalisation, the search, and side B's epoch (a new side B is
 * a new question). One memoised object per change, so a view's effects run only then.
 */
import { useMemo } from 'react';
import { useSameFields } from '../use-same-fields';
import { compareKey } from '../../state/compare-queries';
import { useAppStore } from '../../state/store';

export function useCompareQuestion() {
  const parts = useAppStore(
    useSameFields((s) => ({
      tasks: s.explore.tasks,
      cpus: s.explore.cpus,
      range: s.explore.range,
      syscallsOnly: s.explore.syscallsOnly,
      irq: s.explore.irq,
      search: s.explore.search,
      filterB: s.compare.filterB,
      pathsFrom: s.compare.pathsFrom,
      exactNames: s.compare.exactNames,
      quantity: s.compare.quantity,
      normalisation: s.compare.normalisation,
      epoch: s.compare.epoch,
    })),
  );
  return useMemo(() => {
    const { a, b, exactNames } = compareKey(parts, parts);
    return { a, b, exactNames, quantity: parts.quantity, normalisation: parts.normalisation, search: parts.search, epoch: parts.epoch };
  }, [parts]);
}

export type CompareQuestion = ReturnType<typeof useCompareQuestion>;

/** The worker's request of a question (the epoch only keys the views' effects). */
export function compareRequest(q: CompareQuestion) {
  return { a: q.a, b: q.b, exactNames: q.exactNames, quantity: q.quantity, normalisation: q.normalisation, search: q.search };
}
