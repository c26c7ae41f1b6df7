/**
 * The Share dialog's list of what a link carries, in words. The trace's strings in it (its
 * file name or address, tasks, the search, function names) are each set apart
 * (lib/bidi.ts): a right-to-left override in one turned the rest of its line round.
 */
import { bidiIsolated } from '../../lib/bidi';
import { EMPTY_VIEW, OPEN_PATHS_MAX, type SharedView } from '../../state/url/codec';
import { formatBytes, formatDuration, traceIdentityText } from '../format';

/**
 * One line per part of the view a link carries (`v`: what the Share button read of it);
 * `viewLabel` names a view's tab (the views registry, ui/app/views.ts).
 */
export function shareContents(v: SharedView, viewLabel: (id: string) => string): string[] {
  const out: string[] = [];
  if (v.traceUrl) out.push(`the trace's address (${bidiIsolated(v.traceUrl)}), so it opens by itself`);
  else if (v.trace) {
    out.push(
      `which trace it is: ${traceIdentityText(v.trace, 12)} — the recipient opens the same file`,
    );
  }
  if (v.view) out.push(`the ${viewLabel(v.view)} tab`);
  if (v.tasks.length) out.push(`task ${v.tasks.map(bidiIsolated).join(', ')}`);
  if (v.cpus.length) out.push(`CPU ${v.cpus.join(', ')}`);
  if (v.range) out.push(`the time range ${formatDuration(v.range[1] - v.range[0])} long`);
  if (v.syscallsOnly) out.push('syscalls only');
  if (v.irq !== 'in-place') out.push(`interrupts ${v.irq}`);
  if (v.search) out.push(`the search “${bidiIsolated(v.search)}”`);
  if (v.inverted) out.push('bottom-up (inverted) trees');
  if (v.zoomPath.length) out.push(`the flame graph zoomed into ${bidiIsolated(v.zoomPath[v.zoomPath.length - 1])}`);
  out.push(...openPath(v.focusPath));
  if (v.openPaths.length) {
    const shown = v.openPaths.slice(0, OPEN_PATHS_MAX).map((p) => bidiIsolated(p[p.length - 1]));
    const n = shown.length;
    out.push(`${n} more row${n === 1 ? '' : 's'} of the call tree open (${shown.slice(0, 3).join(', ')}${n > 3 ? ', …' : ''}), with the way to each`);
  }
  if (v.selectedFunction) out.push(`the function ${bidiIsolated(v.selectedFunction)} selected`);
  if (v.callersPane) out.push("the call tree's Callers & callees pane open");
  if (v.chartWindow) out.push(`the flame chart zoomed to ${formatDuration(v.chartWindow[1] - v.chartWindow[0])}`);
  if (v.relativeTime) out.push('times relative to the start of the calls in view');
  const fs = v.functionsSort;
  if (fs.column !== EMPTY_VIEW.functionsSort.column || fs.descending !== EMPTY_VIEW.functionsSort.descending) {
    out.push(`the Functions table by ${fs.column}, ${fs.descending ? 'descending' : 'ascending'}`);
  }
  if (v.functionsOnlyMatches) out.push('only the functions the search matches in the Functions table');
  if (v.eventName !== null) out.push(`the ${v.eventName === '' ? 'lines with no event name' : `events ${bidiIsolated(v.eventName)}`} in the Events view`);
  if (v.kernelVersion !== 'latest') out.push(`source links for ${v.kernelVersion}`);
  const c = v.compare;
  if (c) {
    const b = c.same
      ? 'the same trace'
      : c.traceUrl
        ? `the trace at ${bidiIsolated(c.traceUrl)}`
        : c.trace
          ? `${bidiIsolated(c.trace.name)}, ${formatBytes(c.trace.size)} — the recipient opens that file too`
          : 'a second trace';
    out.push(`compare mode: side B is ${b}, with its filters, the compared ${c.quantity}, the normalisation and the compare view`);
  }
  return out;
}

/** The call tree's open path in words: the row in focus, and the rows opened above it. */
function openPath(path: readonly string[]): string[] {
  if (path.length === 0) return [];
  const last = bidiIsolated(path[path.length - 1]);
  if (path.length === 1) return [`the call tree's row ${last} in focus`];
  const above = path.length - 1;
  return [`the call tree opened from ${bidiIsolated(path[0])} down to ${last} (${above} level${above === 1 ? '' : 's'} open), ${last} in focus`];
}
