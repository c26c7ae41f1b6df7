/**
 * The Hook points answer for explore.selectedFunction under the view filter, refetched when
 * the function, the filter or the trace changes; an answer to an older question is dropped,
 * and of the questions asked while one is on its way only the latest is asked
 * (lib/latest-question.ts).
 */
import { useEffect, useState } from 'react';
import { SUPERSEDED } from '../../lib/latest-question';
import { fetchHookPoints, type HookPointsAnswer } from '../../state/hook-queries';
import { useAppStore } from '../../state/store';
import { useLatestQuestion } from '../use-latest-question';
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
  const lane = useLatestQuestion<HookPointsAnswer | null>();
  useEffect(() => {
    if (!name || !trace) {
      setState({ status: 'none' });
      return;
    }
    let live = true;
    setState((old) => (old.status === 'ready' && old.name === name ? old : { status: 'loading', name }));
    lane.ask(() => fetchHookPoints(filter, name)).then(
      (hooks) => {
        if (live && hooks !== SUPERSEDED) setState({ status: 'ready', name, hooks });
      },
      (err: unknown) => {
        if (live) setState({ status: 'error', name, message: err instanceof Error ? err.message : String(err) });
      },
    );
    return () => {
      live = false;
    };
  }, [name, trace, filter, lane]);
  return state;
}
