/**
 * A search's first draw, rehearsed. At 1M calls a flame graph's first draw with a search on
 * took 12–30 ms where every later one took 4–6 (2026-12-07), and a draw over a frame's budget
 * takes a second frame (split-draw.ts): the first keystroke after a load was the slowest of
 * all. Drawing once with a made-up search on a canvas of its own did not help (9.6–11.9 ms);
 * drawing on the chart's own canvas did. So once the page is idle after a chart's first
 * frames, the chart draws with a made-up search on its canvas and at once draws its view
 * again in the same task: the page is painted only after the task, so the made-up picture is
 * never shown.
 */
import type { ChartState } from './chart-types';

/** Every this many names of an answer, one matches the made-up search. */
const MATCH_EVERY = 7;

/**
 * A made-up search over an answer's `names` string table: one name in MATCH_EVERY matches,
 * so the rehearsal draws wide and narrow matches among dimmed frames, as a search does.
 */
export function rehearsalMatches(names: number): Uint8Array {
  const matched = new Uint8Array(names);
  for (let j = 0; j < names; j += MATCH_EVERY) matched[j] = 1;
  return matched;
}

/**
 * What the rehearsal draws: the chart's frames and view with the made-up search and no hover;
 * null with no frames, or with a search already on (its own draw has warmed the code).
 */
export function rehearsal<F extends { names: readonly string[] }>(s: ChartState<F>): { frames: F; state: ChartState<F> } | null {
  if (!s.frames || s.nameMatched !== null || s.size.width <= 0 || s.size.height <= 0) return null;
  return { frames: s.frames, state: { ...s, nameMatched: rehearsalMatches(s.frames.names.length), hover: -1 } };
}

/** Runs `run` when the page is next idle (a second at most), or after a moment where there is no idle callback. */
export function whenIdle(run: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 1000 });
  else setTimeout(run, 200);
}
