/**
 * The differential flame graph in words (the canvas's description for screen readers and
 * tests): how many paths are drawn, and the largest changes either way.
 */
import type { DiffFlameFrames } from '../../state/compare-queries';
import { useAppStore } from '../../state/store';
import { formatCount } from '../format';
import { formatDelta } from './compare-format';

export function DiffFlameSummary({ id, frames }: { id: string; frames: DiffFlameFrames | null }) {
  const quantity = useAppStore((s) => s.compare.quantity);
  if (!frames) return <p id={id} className="visually-hidden" />;
  // (an unknown change, NaN, sorts as none: a NaN from the comparator leaves the order undefined)
  const change = (k: number) => frames.delta[k] || 0;
  const order = Array.from({ length: frames.length }, (_, k) => k).sort((x, y) => change(y) - change(x));
  const top = order.slice(0, 3).filter((k) => frames.delta[k] > 0);
  const bottom = order.slice(-3).reverse().filter((k) => frames.delta[k] < 0);
  const say = (k: number) => `${frames.names[frames.name[k]]} ${formatDelta(frames.delta[k], quantity)}`;
  return (
    <p id={id} className="visually-hidden" data-testid="diff-flame-summary">
      {`${formatCount(frames.length)} call paths drawn. `}
      {top.length > 0 ? `B spends more in ${top.map(say).join(', ')}. ` : ''}
      {bottom.length > 0 ? `B spends less in ${bottom.map(say).join(', ')}.` : ''}
    </p>
  );
}
