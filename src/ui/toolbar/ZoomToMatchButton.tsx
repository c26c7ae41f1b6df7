/**
 * "Zoom to match" in the flame views: the same step as Enter in the search box (the next
 * match, wrapping), for a user looking at a canvas rather than at the box. The flame graph
 * zooms into the match's frame, the flame chart centres and outlines its call; the call
 * tree's focus and the selected function follow as with Enter. Shown while the search has
 * matches in view.
 */
import { useAppStore } from '../../state/store';
import { useMatchedFuncs } from '../use-matched-funcs';
import { useViewFilter } from '../use-view-filter';
import { stepSearchMatch } from './step';

export function ZoomToMatchButton() {
  const search = useAppStore((s) => s.explore.search);
  const matched = useMatchedFuncs(useViewFilter(), search);
  if (!matched || matched.size === 0) return null;
  return (
    <button
      type="button"
      className="button small zoom-to-match"
      title="Zoom to the next match (Enter in the search box; Shift+Enter goes back)"
      onClick={() => void stepSearchMatch(1)}
    >
      Zoom to match
    </button>
  );
}
