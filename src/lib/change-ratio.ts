/**
 * The ratio B / A of a compared figure, as compare mode shows it: Infinity where A has none
 * and B has some (new in B), NaN where neither has any, and NaN where either figure is
 * unknown (NaN: per call of a function that side never calls, core/query/compare.ts
 * normalisationFactors). Checked first: `a === 0` alone called an unknown B "new in B".
 *
 * In lib because three layers print it: the compared functions table (core), the
 * differential flame graph's card (ui) and its SVG titles (service).
 */
export function changeRatio(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.NaN;
  if (a === 0) return b === 0 ? Number.NaN : Number.POSITIVE_INFINITY;
  return b / a;
}
