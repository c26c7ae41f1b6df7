/**
 * What the functions table's percentile columns mean, for their header tooltips.
 *
 * The worker computes them by nearest rank over the calls with a duration (core
 * select.ts nearestRankIndex: the ⌈q·n⌉-th shortest), as `cli summary` does: every figure
 * is a duration one call took, never an interpolation. So p50 of two calls is the shorter
 * one, not their mean, and of 1 µs and 9 µs it reads 1 µs: "median" alone says 5 µs.
 */

/** The tooltip of the pQ column, Q in percent (50, 95, 99). */
export function percentileTitle(q: number): string {
  const what = q === 50 ? 'Median call duration' : `${q}th percentile of call durations`;
  return `${what}, by nearest rank over the calls with a duration: the ⌈${q / 100}·n⌉-th shortest of n, a time one call took (of 2 calls, p50 is the shorter)`;
}
