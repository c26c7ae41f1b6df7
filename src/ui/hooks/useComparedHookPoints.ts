/**
 * Compare mode's Hook points answer for explore.selectedFunction under the pair of filters
 * compared, refetched when the function or the question (a new side B included) changes;
 * an answer to an older question is dropped.
 */
import { useEffect, useState } from 'react';
import { fetchComparedHookPoints, type ComparedHookPointsAnswer } from '../../state/hook-queries';
import { useAppStore } from '../../state/store';
import { useCompareQuestion } from '../compare/use-compare-question';

export type ComparedHookPointsState =
  | { status: 'none' }
  | { status: 'loading'; name: string }
  | { status: 'ready'; name: string; hooks: ComparedHookPointsAnswer | null }
  | { status: 'error'; name: string; message: string };

export function useComparedHookPoints(): ComparedHookPointsState {
  const name = useAppStore((s) => s.explore.selectedFunction);
  const question = useCompareQuestion();
  const [state, setState] = useState<ComparedHookPointsState>({ status: 'none' });
  useEffect(() => {
    if (!name) {
      setState({ status: 'none' });
      return;
    }
    let live = true;
    setState((old) => (old.status === 'ready' && old.name === name ? old : { status: 'loading', name }));
    fetchComparedHookPoints({ a: question.a, b: question.b }, name).then(
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
  }, [name, question]);
  return state;
}
