/**
 * The callers & callees answer for explore.selectedFunction under the current tree key,
 * refetched when the function, the filter, inversion or the trace changes. An answer to
 * an older question is dropped, and of the questions asked while one is on its way only the
 * latest is asked (lib/latest-question.ts: a row per arrow key would queue an answer each).
 */
import { useEffect, useState } from 'react';
import { SUPERSEDED } from '../../lib/latest-question';
import { useAppStore } from '../../state/store';
import { useLatestQuestion } from '../use-latest-question';
import { fetchFunctionDetail, type FunctionDetail } from '../../state/tree-queries';
import { useTreeKey } from '../use-view-filter';

export type DetailState =
  | { status: 'none' }
  | { status: 'loading'; name: string }
  | { status: 'ready'; name: string; detail: FunctionDetail }
  | { status: 'error'; name: string; message: string };

export function useFunctionDetail(): DetailState {
  const name = useAppStore((s) => s.explore.selectedFunction);
  const trace = useAppStore((s) => s.session.traceId);
  const key = useTreeKey();
  const [state, setState] = useState<DetailState>({ status: 'none' });
  const lane = useLatestQuestion<FunctionDetail | null>();

  useEffect(() => {
    if (!name || !trace) {
      setState({ status: 'none' });
      return;
    }
    let live = true;
    setState((old) => (old.status === 'ready' && old.name === name ? old : { status: 'loading', name }));
    lane.ask(() => fetchFunctionDetail(key, name)).then(
      (detail) => {
        if (live && detail && detail !== SUPERSEDED) setState({ status: 'ready', name, detail });
      },
      (err: unknown) => {
        if (live) setState({ status: 'error', name, message: err instanceof Error ? err.message : String(err) });
      },
    );
    return () => {
      live = false;
    };
  }, [name, trace, key, lane]);

  return state;
}
