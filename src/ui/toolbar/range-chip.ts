/**
 * The filter bar's chip of a time range: what it reads, and what it means for the figures.
 *
 * A call is in view when its [start, end] overlaps the range (core/query/filter.ts), and
 * every view counts such a call WHOLE: a 10 ms syscall that a 1 ms range cuts adds its 10 ms
 * to the flame graph, the call tree, the functions table and the search's time, with its
 * self time; its children outside the range are left out. Without saying so, the totals
 * under a narrow range read as time spent inside it, up to many times the range's length.
 */
import { formatDuration } from '../format';

export interface RangeChip {
  text: string;
  /** The chip's tooltip: the text and how calls that straddle the range count. */
  title: string;
}

/** The chip of `range` (ns), its offsets read from `origin` (the overview's) when known. */
export function rangeChip(range: readonly [number, number], origin: number | null): RangeChip {
  const [a, b] = range;
  const span = formatDuration(b - a);
  const text = origin === null ? `Time range: ${span}` : `Time range: ${formatDuration(a - origin)} – ${formatDuration(b - origin)} (${span})`;
  return {
    text,
    title: `${text}. In view: the calls that overlap it, each counted whole: a call that began before it or ends after it adds its full duration and self time, not only the part inside.`,
  };
}
