/**
 * The Hook points answer for explore.selectedFunction under the view filter, refetched when
 * the function, the filter or the trace changes; an answer to an older question is dropped.
 */
import { useEffect, useState } from 'react';
import { fetchHookPoints, type HookPointsAnswer } from '../../state/hook-queries';
import { useAppStore } from '../../state/store';
import { useViewFilter } from '../use-view-filter';

export type HookPointsState =
  | { status: 'none' }
  | { status: 'loading'; name: string }
  | { status: 'ready'; name: string; hooks: HookPointsAnswer | null }
  | { status: 'error'; name: string; message: string };

export function useHookPoints(): HookPointsState {
  const name = useAppStore((s) => s.explore.selectedFunction);
  const trace = useAppStore((s) => s.session.traceId);
  const filter = useViewFilter();
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
  }, [name, trace, filter]);
  return state;
}
