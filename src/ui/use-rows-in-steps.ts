/**
 * How many rows of a plain (not virtualized) table to put in the DOM now: at most `step`
 * more per animation frame until all `total` are there. The first layout of a table row
 * (its text shaped, its cells sized) is what costs: a hundred rows of the Summary's Top
 * functions took the main thread ~70 ms in one task at ready, longer than the 50 ms a page
 * may hold it (issue 13); in steps of 20 each frame lays out a fifth of that, and the table
 * is whole a few frames later, the same table.
 */
import { useEffect, useState } from 'react';

/** Rows laid out per frame: about a frame's worth of layout on a slow machine. */
export const ROWS_PER_FRAME = 20;

export function useRowsInSteps(total: number, step = ROWS_PER_FRAME): number {
  const [shown, setShown] = useState(() => Math.min(total, step));
  useEffect(() => {
    if (shown >= total) return;
    const frame = requestAnimationFrame(() => setShown((n) => Math.min(total, n + step)));
    return () => cancelAnimationFrame(frame);
  }, [shown, total, step]);
  // Fewer rows than shown (a filter, a new trace): all of them at once, nothing new to lay out but these.
  return Math.min(shown, total);
}
