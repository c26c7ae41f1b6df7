/**
 * A text version of the flame graph for screen readers (visually hidden, linked to the
 * canvas with aria-describedby): what is shown and the widest frames of the top rows.
 */
import { memo } from 'react';
import type { FlameGraphFrames } from '../../state/flame-queries';
import { formatCount, formatDuration, formatShare } from '../format';

const LISTED = 8;

/**
 * Memoised: it changes only with the answer, and the view renders again on a zoom's click
 * before the answer is asked (formatting its rows took 2 ms of that click's task).
 */
export const FlameSummary = memo(function FlameSummary({ id, frames, inverted }: { id: string; frames: FlameGraphFrames | null; inverted: boolean }) {
  if (!frames) {
    return (
      <p id={id} className="visually-hidden">
        Loading the flame graph.
      </p>
    );
  }
  if (frames.length === 0) {
    return (
      <p id={id} className="visually-hidden">
        {frames.untimed ? 'The calls in view have no duration: nothing to draw.' : 'No calls in view.'}
      </p>
    );
  }
  // The widest frames among the first two rows.
  const top: number[] = [];
  for (let k = 0; k < frames.length; k++) if (frames.depth[k] <= 1) top.push(k);
  top.sort((a, b) => frames.total[b] - frames.total[a]);
  const items = top.slice(0, LISTED).map((k) => {
    const name = frames.names[frames.name[k]];
    return `${name}: ${formatDuration(frames.total[k])} (${formatShare(frames.total[k], frames.span)})`;
  });
  return (
    <div id={id} className="visually-hidden">
      <p>
        {`${inverted ? 'Inverted flame graph (callers below callees)' : 'Flame graph'} of ${formatDuration(frames.span)}, ${formatCount(frames.length)} frames, ${formatCount(frames.maxDepth + 1)} levels deep. Widest frames:`}
      </p>
      <ul>
        {items.map((text, i) => (
          <li key={i}>{text}</li>
        ))}
      </ul>
    </div>
  );
});
