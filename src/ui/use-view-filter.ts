/**
 * The view filter of the explorer state (task, CPUs, time range, syscalls only, interrupt
 * mode), as the worker takes it: the one place a component reads it from the store.
 *
 * The answer keeps its identity for as long as its value stays the same (the store rebuilds
 * arrays on unrelated changes), so it can key an effect or a memo directly.
 *
 * `{ range: false }` leaves the time range out: the overview and the flame chart show the
 * whole run (the range is picked on the one and is the other's domain, applied apart).
 */
import { useMemo } from 'react';
import { useSameFields } from './use-same-fields';
import type { ViewFilter } from '../core/query/filter';
import { exploreFilter } from '../state/search-queries';
import { useAppStore } from '../state/store';
import type { TreeKey } from '../state/tree-queries';
import { useStableValue } from './use-stable-value';

export interface ViewFilterOptions {
  /** Apply explore.range (default true). Constant for a component's lifetime. */
  range?: boolean;
}

export function useViewFilter(options: ViewFilterOptions = {}): ViewFilter {
  const withRange = options.range ?? true;
  const parts = useAppStore(
    useSameFields((s) => ({
      tasks: s.explore.tasks,
      cpus: s.explore.cpus,
      // Not read when left out, so a brushed range does not re-render those views.
      range: withRange ? s.explore.range : null,
      syscallsOnly: s.explore.syscallsOnly,
      irq: s.explore.irq,
    })),
  );
  return useStableValue(useMemo(() => exploreFilter(parts), [parts]));
}

/**
 * The call tree's key (the view filter, inverted or not, one root per task unless tasks are
 * picked), stable like useViewFilter's answer; state/tree-queries.ts treeKeyOf is the same rule
 * for a store snapshot.
 */
export function useTreeKey(): TreeKey {
  const filter = useViewFilter();
  const inverted = useAppStore((s) => s.explore.inverted);
  const groupByTask = useAppStore((s) => s.explore.tasks.length === 0);
  return useMemo(() => ({ filter, inverted, groupByTask }), [filter, inverted, groupByTask]);
}
