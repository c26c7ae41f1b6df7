/**
 * How many rows of a plain (not virtualized) table to put in the DOM now: `step` at first,
 * then twice as many each animation frame until all `total` are there. The first layout of
 * a table row (its text shaped, its cells sized) is what costs: a hundred rows of the
 * Summary's Top functions took the main thread ~70 ms in one task at ready, longer than the
 * 50 ms a page may hold it (issue 13); 20, then 40, 80, 100 lay out a few rows each frame,
 * and the table is whole a few frames later, the same table. Doubling (rather than a fixed
 * step) because every step lays the whole table out again (its columns fit all rows): a
 * long list ("Show all") then takes a few steps, not hundreds.
 */
import { useEffect, useState } from 'react';

/** Rows laid out in the first frame: about what the Summary's tables show in their scroll boxes at once. */
export const FIRST_STEP_ROWS = 20;

/** The rows in the DOM after the next frame: `step` more, or twice as many, at most `total`. */
export function rowsAfterStep(shown: number, total: number, step = FIRST_STEP_ROWS): number {
  return Math.min(total, Math.max(shown + step, 2 * shown));
}

export function useRowsInSteps(total: number, step = FIRST_STEP_ROWS): number {
  const [shown, setShown] = useState(() => Math.min(total, step));
  useEffect(() => {
    if (shown >= total) return;
    const frame = requestAnimationFrame(() => setShown((n) => rowsAfterStep(n, total, step)));
    return () => cancelAnimationFrame(frame);
  }, [shown, total, step]);
  // Fewer rows than shown (a filter, a new trace): all of them at once, nothing new to lay out but these.
  return Math.min(shown, total);
}
