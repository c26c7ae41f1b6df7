/**
 * Between the store and a link's SharedView. Pure (tested in view-mapping.test.ts).
 *
 * The store holds task ids of the loaded trace; a link holds task labels (`comm-pid`) so it
 * means the same thing after a re-parse. Names the trace does not have are dropped from the
 * view with a notice each.
 */
import { bidiIsolated } from '../../lib/bidi';
import type { ExploreState } from '../slices/explore';
import type { ViewState } from '../slices/view';
import { EMPTY_VIEW, type SharedView, type TraceIdentity } from './codec';

export interface TaskRef {
  id: number;
  label: string;
}

/** What the store knows about the loaded trace, for the link's identity part. */
export interface LoadedTrace {
  identity: TraceIdentity;
  /** The http(s) URL it came from, or null (file, paste, sample). */
  url: string | null;
}

export function sharedViewOf(
  explore: ExploreState,
  activeView: string,
  trace: LoadedTrace | null,
  tasks: readonly TaskRef[],
  shown: Partial<Pick<ViewState, 'callersPane' | 'relativeTime' | 'functionsSort' | 'functionsOnlyMatches' | 'eventName' | 'chartWindow'>> = {},
): SharedView {
  const cw = shown.chartWindow;
  const label = new Map(tasks.map((t) => [t.id, t.label]));
  const labelOf = (id: number) => label.get(id);
  return {
    ...EMPTY_VIEW,
    trace: trace ? trace.identity : null,
    traceUrl: trace?.url ?? null,
    view: activeView,
    tasks: explore.tasks.map(labelOf).filter((l): l is string => l !== undefined),
    cpus: [...explore.cpus],
    range: explore.range ? [Math.round(explore.range[0]), Math.round(explore.range[1])] : null,
    syscallsOnly: explore.syscallsOnly,
    search: explore.search,
    inverted: explore.inverted,
    zoomPath: [...explore.zoomPath],
    focusPath: [...explore.focusPath],
    openPaths: explore.openPaths.map((p) => [...p]),
    selectedFunction: explore.selectedFunction,
    chartTask: explore.chartTask === null ? null : (labelOf(explore.chartTask) ?? null),
    callersPane: shown.callersPane ?? false,
    kernelVersion: explore.kernelVersion,
    irq: explore.irq,
    relativeTime: shown.relativeTime ?? false,
    functionsSort: shown.functionsSort ?? EMPTY_VIEW.functionsSort,
    functionsOnlyMatches: shown.functionsOnlyMatches ?? false,
    eventName: shown.eventName ?? null,
    // Only a zoomed chart's window: the whole domain is what a link without it opens anyway.
    // Whole ns, as the range (a time past 2^53 is a whole double already).
    chartWindow: cw?.zoomed ? [Math.round(cw.startNs), Math.round(cw.endNs)] : null,
  };
}

/**
 * The explorer patch a link asks for, against the loaded trace's tasks and the names it
 * knows (`known(name)`: does the trace have a function of that name).
 */
export function explorePatchOf(
  view: SharedView,
  tasks: readonly TaskRef[],
  cpusSeen: readonly number[],
  known: (name: string) => boolean,
): { patch: Partial<ExploreState>; notices: string[] } {
  const notices: string[] = [];
  const byLabel = new Map(tasks.map((t) => [t.label, t.id]));
  const taskIds: number[] = [];
  for (const l of view.tasks) {
    const id = byLabel.get(l);
    if (id === undefined) notices.push(`This trace has no task ${quote(l)}; the link's task filter for it was ignored.`);
    else taskIds.push(id);
  }
  const cpus = view.cpus.filter((c) => {
    const ok = cpusSeen.includes(c);
    if (!ok) notices.push(`This trace has no CPU ${c}; the link's CPU filter for it was ignored.`);
    return ok;
  });
  // A path stays whole or goes: a path cut short would point somewhere else. Task labels
  // (the first element of a task-grouped path) are names of the trace as well.
  const labels = new Set(tasks.map((t) => t.label));
  const pathOk = (path: string[], what: string): string[] => {
    const missing = path.find((n) => !known(n) && !labels.has(n));
    if (missing === undefined) return path;
    notices.push(`This trace has no function ${quote(missing)}; the link's ${what} was ignored.`);
    return [];
  };
  let selected = view.selectedFunction;
  if (selected !== null && !known(selected)) {
    notices.push(`This trace has no function ${quote(selected)}; the link's selected function was ignored.`);
    selected = null;
  }
  let chartTask: number | null = null;
  if (view.chartTask !== null) {
    chartTask = byLabel.get(view.chartTask) ?? null;
    if (chartTask === null) notices.push(`This trace has no task ${quote(view.chartTask)}; the link's flame chart task was ignored.`);
  }
  return {
    patch: {
      tasks: taskIds,
      cpus,
      range: view.range,
      syscallsOnly: view.syscallsOnly,
      search: view.search,
      inverted: view.inverted,
      zoomPath: pathOk(view.zoomPath, 'zoomed frame'),
      focusPath: pathOk(view.focusPath, 'focused call'),
      openPaths: view.openPaths.map((p) => pathOk(p, 'open row of the call tree')).filter((p) => p.length > 0),
      selectedFunction: selected,
      chartTask,
      kernelVersion: view.kernelVersion,
      irq: view.irq,
    },
    notices,
  };
}

/**
 * The tab a link asks for, if this app has it (`views`: the ids of the views area's tabs,
 * ui/app/views.ts; empty = not told, every id taken). A tab it does not have (a link of a
 * later version with a tab of its own, a hand edit) is not set: the views area would show
 * its first tab under that id, and every link written after would carry the id on.
 */
export function linkedTab(view: SharedView, views: readonly string[]): { tab: string | null; notice: string | null } {
  if (view.view === null || views.length === 0 || views.includes(view.view)) return { tab: view.view, notice: null };
  return { tab: null, notice: `This app has no view ${quote(view.view)}; the link's view was ignored.` };
}

/** Same trace: the fingerprints agree when both are known, else name and size do. */
export function sameTrace(a: TraceIdentity, b: TraceIdentity): boolean {
  if (a.contentHash && b.contentHash) return a.contentHash === b.contentHash;
  return a.name === b.name && a.size === b.size;
}

/**
 * A name from a trace or a link, quoted for a sentence and cut to a readable length; set
 * apart from the sentence (lib/bidi.ts), so a right-to-left override in a link's name cannot
 * turn the rest of the notice round.
 */
export function quote(name: string): string {
  const cut = name.length > 80 ? `${name.slice(0, 80)}…` : name;
  return `“${bidiIsolated(cut)}”`;
}

/** Whether some of `fields` differ between two views and nothing else does. */
function onlyChanged(prev: SharedView, next: SharedView, fields: readonly (keyof SharedView)[]): boolean {
  const picked = (v: SharedView) => JSON.stringify(fields.map((f) => v[f]));
  const rest = (v: SharedView) => {
    const copy: Partial<SharedView> = { ...v };
    for (const f of fields) copy[f] = undefined; // (left out of the JSON)
    return JSON.stringify(copy);
  };
  return picked(prev) !== picked(next) && rest(prev) === rest(next);
}

/**
 * Whether a change of view deserves its own Back step: everything does except more typing
 * in the search box (the browser would otherwise keep one entry per keystroke).
 */
export function isTypingOnly(prev: SharedView, next: SharedView): boolean {
  return prev.search !== '' && next.search !== '' && onlyChanged(prev, next, ['search']);
}

/**
 * Whether only where the call tree is (its focused row, the selected function, its open
 * rows) changed: what revealing a search hit changes (automatic-reveal.ts).
 */
export function isRevealOnly(prev: SharedView, next: SharedView): boolean {
  return onlyChanged(prev, next, ['focusPath', 'selectedFunction', 'openPaths']);
}

/**
 * Whether only the call tree's open rows changed: like scrolling, opening or closing rows
 * takes no Back step of its own (the entry is rewritten in place).
 */
export function isOpenRowsOnly(prev: SharedView, next: SharedView): boolean {
  return onlyChanged(prev, next, ['openPaths']);
}

/** Whether only the flame chart's zoom window changed: a zoom or pan, like scrolling, takes no Back step. */
export function isChartWindowOnly(prev: SharedView, next: SharedView): boolean {
  return onlyChanged(prev, next, ['chartWindow']);
}
