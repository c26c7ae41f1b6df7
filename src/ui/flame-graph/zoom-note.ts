/**
 * What the flame graph says above its canvas when the zoom's function is not in the view (a
 * filter changed under it): which one, and that its nearest caller is shown. Nothing when the
 * view has no frames at all: "No calls in view" says that, and a caller shown would be false.
 */
export function zoomMissingNote(frames: { length: number; zoomNodeFound: boolean } | null, zoomPath: readonly string[], found: number): string | null {
  if (!frames || frames.length === 0 || frames.zoomNodeFound || zoomPath.length === 0) return null;
  return `“${zoomPath[found]}” is not in this view (filters changed?); showing its nearest caller.`;
}
