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

/**
 * A fraction as compare mode prints it (a ratio B / A, a count per call of a function): two
 * decimals, or two significant digits below 0.01, where two decimals printed 0.00 for a
 * figure that is not 0 (B spending 0.4 % of A's time read "×0.00", as if gone; a
 * function called once in 300 root calls read "0.00" calls per call on both sides).
 */
export function fractionText(v: number): string {
  const abs = Math.abs(v);
  return abs > 0 && abs < 0.01 ? v.toPrecision(2) : v.toFixed(2);
}
