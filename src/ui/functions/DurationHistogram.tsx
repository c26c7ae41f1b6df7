/**
 * How a function's call durations are spread: one bar per log-spaced bin (the worker's
 * bins, 4 per factor of ten), bar height by count. Plain divs; each bar's range and count
 * are in its title (hover) and its accessible name. Under the bars: the range of the
 * axis and the calls that never returned or took 0 ns.
 */
import { formatCount, formatDuration } from '../format';
import type { FunctionDetail } from '../../state/tree-queries';

/** Widest a bin grows, in CSS pixels. */
const BIN_WIDTH = 26;

export function DurationHistogram({ histogram }: { histogram: FunctionDetail['histogram'] }) {
  const { edges, counts, zero, untimed } = histogram;
  if (counts.length === 0) {
    return <p className="muted fd-empty">No call of this function has a duration in the trace.</p>;
  }
  let max = 0;
  for (let b = 0; b < counts.length; b++) max = Math.max(max, counts[b]);
  const bars = Array.from(counts, (count, b) => {
    const label = `${formatDuration(edges[b])} – ${formatDuration(edges[b + 1])}: ${formatCount(count)} call${count === 1 ? '' : 's'}`;
    // Square-root height, so a bin of 1 call next to one of 10,000 still shows.
    const h = count === 0 ? 0 : Math.max(4, Math.round((100 * Math.sqrt(count)) / Math.sqrt(max)));
    return (
      <li key={b} className="fd-bin" title={label} aria-label={label}>
        <span className="fd-bar" style={{ height: `${h}%` }} />
      </li>
    );
  });
  return (
    // A few bins stay narrow bars instead of stretching over the whole pane.
    <div className="fd-histogram" style={{ width: Math.max(120, counts.length * BIN_WIDTH) }}>
      <ol className="fd-bins" aria-label="Call durations, log scale">
        {bars}
      </ol>
      <div className="fd-axis" aria-hidden="true">
        <span>{formatDuration(edges[0])}</span>
        <span>{formatDuration(edges[edges.length - 1])}</span>
      </div>
      {(zero > 0 || untimed > 0) && (
        <p className="muted fd-note">
          {zero > 0 && `${formatCount(zero)} of 0 ns (in the first bar). `}
          {untimed > 0 && `${formatCount(untimed)} without a duration (never returned in the trace, recorded by the function tracer, or printed with funcgraph-duration off).`}
        </p>
      )}
    </div>
  );
}
