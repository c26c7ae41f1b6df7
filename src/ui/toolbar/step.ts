/**
 * Enter / Shift+Enter in the search box: step to the next / previous match with
 * `stepSearch` (it moves explore.focusPath and view.searchMatch to the match), then make
 * sure a view that shows the step is in front: the call tree, the flame chart and the flame
 * graph (it zooms into the match) all do, so each stays; from any other view the call tree is
 * brought up, as it always shows it.
 */
import { setActiveView, useAppStore } from '../../state/store';
import { stepSearch } from '../../state/tree-queries';
import { VIEWS } from '../app/views';

/** The view brought up to show a step when the active one cannot. */
const STEP_VIEW = 'tree';
/** Views that show the stepped-to call (the tree through focusPath, the chart and the graph through searchMatch). */
const VIEWS_SHOWING_STEPS: ReadonlySet<string> = new Set([STEP_VIEW, 'chart', 'flame']);

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
  if (!VIEWS_SHOWING_STEPS.has(useAppStore.getState().view.activeView) && VIEWS.some((v) => v.id === STEP_VIEW)) {
    setActiveView(STEP_VIEW);
  }
  return { pattern: answer.pattern, index: answer.index, count: answer.count, wrapped: answer.wrapped };
}
