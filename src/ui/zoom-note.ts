/**
 * What a flame graph (the single one, or compare mode's differential one) says when its zoom
 * path is not in what it shows (the filters, the interrupts mode or a link's other traces
 * changed the paths): the graph shows the longest part of the path found, its breadcrumbs the
 * whole path. Null when the path was found, and when there are no frames at all: "No calls in
 * view" says that, and a caller said to be shown would be false.
 */
import { bidiIsolated } from '../lib/bidi';
import { samePath } from '../lib/same-path';

/** `frames.zoomFound`: how many of the path's names were found. */
export function zoomMissingNote(
  frames: { length: number; zoomFound: number } | null,
  zoomPath: readonly string[],
  where: 'this view' | 'this comparison',
): string | null {
  if (!frames || frames.length === 0) return null;
  const found = frames.zoomFound;
  if (found >= zoomPath.length) return null;
  const shown = found > 0 ? `its nearest caller, ${bidiIsolated(zoomPath[found - 1])}` : 'every path';
  return `${bidiIsolated(zoomPath[found])} is not in ${where} (filters changed?); showing ${shown}.`;
}

/**
 * How many names of `zoomPath` the answer on screen found, and its note, for a flame graph
 * whose answer was asked for `answeredPath`. Between a click and its answer the frames on
 * screen answer the old path: held against the new one, they said its new names were "not
 * in this view" and showed that note and the breadcrumbs' missing marks for that moment
 * (a false note, and a layout shift that resized the canvas twice a zoom). Until the answer
 * for this path comes, the path counts as found and there is no note.
 */
export function zoomShown(
  frames: { length: number; zoomFound: number } | null,
  answeredPath: readonly string[] | null,
  zoomPath: readonly string[],
  where: 'this view' | 'this comparison',
): { found: number; note: string | null } {
  if (!frames || !samePath(answeredPath, zoomPath)) return { found: zoomPath.length, note: null };
  return { found: frames.zoomFound, note: zoomMissingNote(frames, zoomPath, where) };
}
