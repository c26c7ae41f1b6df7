/**
 * Enter / Shift+Enter in the search box: step to the next / previous match with the call
 * tree's `stepSearch` (it moves explore.focusPath to the match), then bring the call tree
 * into view, since that is where the step shows.
 */
import { setActiveView, useAppStore } from '../../state/store';
import { stepSearch } from '../../state/tree-queries';
import { VIEWS } from '../app/views';

/** The view that shows the stepped-to call (explore.focusPath). */
export const STEP_VIEW = 'tree';

/** Where a step landed, for the status line ("match 3 of 12"). */
export interface StepPosition {
  pattern: string;
  /** 0-based among all matches in view. */
  index: number;
  count: number;
  wrapped: boolean;
}

export async function stepSearchMatch(direction: 1 | -1): Promise<StepPosition | null> {
  const answer = await stepSearch(direction);
  if (!answer || !answer.ok || answer.call < 0) return null;
  if (useAppStore.getState().view.activeView !== STEP_VIEW && VIEWS.some((v) => v.id === STEP_VIEW)) {
    setActiveView(STEP_VIEW);
  }
  return { pattern: answer.pattern, index: answer.index, count: answer.count, wrapped: answer.wrapped };
}
