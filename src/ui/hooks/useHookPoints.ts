/**
 * The Hook points answer for explore.selectedFunction under the view filter, refetched when
 * the function, the filter or the trace changes; an answer to an older question is dropped.
 */
import { useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { fetchHookPoints, type HookPointsAnswer } from '../../state/hook-queries';
import { exploreFilter } from '../../state/search-queries';
import { useAppStore } from '../../state/store';

export type HookPointsState =
  | { status: 'none' }
  | { status: 'loading'; name: string }
  | { status: 'ready'; name: string; hooks: HookPointsAnswer | null }
  | { status: 'error'; name: string; message: string };

export function useViewFilter() {
  const parts = useAppStore(
    useShallow((s) => ({ tasks: s.explore.tasks, cpus: s.explore.cpus, range: s.explore.range, syscallsOnly: s.explore.syscallsOnly, irq: s.explore.irq })),
  );
  const filter = useMemo(() => exploreFilter(parts), [parts]);
  return { filter, key: JSON.stringify(filter) };
}

export function useHookPoints(): HookPointsState {
  const name = useAppStore((s) => s.explore.selectedFunction);
  const trace = useAppStore((s) => s.session.info);
  const { filter, key } = useViewFilter();
  const [state, setState] = useState<HookPointsState>({ status: 'none' });
  useEffect(() => {
    if (!name || !trace) {
      setState({ status: 'none' });
      return;
    }
    let live = true;
    setState((old) => (old.status === 'ready' && old.name === name ? old : { status: 'loading', name }));
    fetchHookPoints(filter, name).then(
      (hooks) => {
        if (live) setState({ status: 'ready', name, hooks });
      },
      (err: unknown) => {
        if (live) setState({ status: 'error', name, message: err instanceof Error ? err.message : String(err) });
      },
    );
    return () => {
      live = false;
    };
    // key stands for filter (rebuilt on every store change).
  }, [name, trace, key]); // eslint-disable-line react-hooks/exhaustive-deps
  return state;
}
