/**
 * The one app store, built from slices (zustand "slices pattern"):
 * - `session` (slices/session.ts): load status, progress, error, summary, diagnostics.
 * - `view` (slices/view.ts): the active view tab.
 * - `explore` (slices/explore.ts): filters, search, zoom, selection shared by all views.
 * - `link` (slices/link.ts): a permalink's view waiting for its trace, and its notices.
 * - `compare` (slices/compare.ts): compare mode's side B and the comparison's settings.
 * - `url` (to come): the only persisted slice, serialized by a pure, versioned codec.
 *
 * Actions are module-level functions (actions.ts and below), not store members, so the
 * URL sync and the worker client can call them outside React. Components select
 * primitives or stable references (zustand v5: a selector that builds a new object on
 * every call loops forever; use `useShallow` when you must).
 *
 * `<html data-trace-state>` mirrors `session.status` (loading / ready / error / idle):
 * Playwright and the benchmarks wait on it instead of sleeping.
 */
import { create } from 'zustand';
import type { HookFrameAt } from '../core/query/hook-points';
import { createSessionSlice, initialSession, type LoadStatus, type SessionSlice, type SessionState } from './slices/session';
import { createViewSlice, initialView, type ChartWindow, type FunctionsSort, type LinkedChartWindow, type SearchMatch, type ViewId, type ViewSlice } from './slices/view';
import { createExploreSlice, initialExplore, type ExploreSlice, type ExploreState } from './slices/explore';
import { createLinkSlice, initialLink, type LinkSlice, type LinkState } from './slices/link';
import { createCompareSlice, initialCompare, type CompareSlice, type CompareState } from './slices/compare';

export type AppState = SessionSlice & ViewSlice & ExploreSlice & LinkSlice & CompareSlice;

export const useAppStore = create<AppState>()((...a) => ({
  ...createSessionSlice(...a),
  ...createViewSlice(...a),
  ...createExploreSlice(...a),
  ...createLinkSlice(...a),
  ...createCompareSlice(...a),
}));

/** Merges `patch` into the compare slice. */
export function setCompare(patch: Partial<CompareState>): void {
  useAppStore.setState((s) => ({ compare: { ...s.compare, ...patch } }));
}

export function setLink(patch: Partial<LinkState>): void {
  useAppStore.setState((s) => ({ link: { ...s.link, ...patch } }));
}

/** Merges `patch` into the explorer slice (filters, search, zoom, selection). */
export function setExplore(patch: Partial<ExploreState>): void {
  useAppStore.setState((s) => ({ explore: { ...s.explore, ...patch } }));
}

/** Merges `patch` into the session slice. */
export function setSession(patch: Partial<SessionState>): void {
  useAppStore.setState((s) => ({ session: { ...s.session, ...patch } }));
}

export function setActiveView(id: ViewId): void {
  useAppStore.setState((s) => ({ view: { ...s.view, activeView: id } }));
}

export function setCallersPane(open: boolean): void {
  useAppStore.setState((s) => ({ view: { ...s.view, callersPane: open } }));
}

export function setSearchMatch(match: SearchMatch | null): void {
  useAppStore.setState((s) => ({ view: { ...s.view, searchMatch: match } }));
}

/** Time axes in time since the start of the calls in view (true) or in absolute trace time. */
export function setRelativeTime(relative: boolean): void {
  useAppStore.setState((s) => ({ view: { ...s.view, relativeTime: relative } }));
}

/** The Functions table's order. */
export function setFunctionsSort(sort: FunctionsSort): void {
  useAppStore.setState((s) => ({ view: { ...s.view, functionsSort: sort } }));
}

/** Whether the Functions table hides the functions the search does not match. */
export function setFunctionsOnlyMatches(only: boolean): void {
  useAppStore.setState((s) => ({ view: { ...s.view, functionsOnlyMatches: only } }));
}

/** The Events view's event name (null: every event). */
export function setEventName(name: string | null): void {
  useAppStore.setState((s) => ({ view: { ...s.view, eventName: name } }));
}

/** The flame chart reports the window it shows (null when it leaves the screen); unchanged windows are not stored again. */
export function setChartWindow(w: ChartWindow | null): void {
  const old = useAppStore.getState().view.chartWindow;
  if (old === w || (old && w && old.startNs === w.startNs && old.endNs === w.endNs && old.zoomed === w.zoomed)) return;
  useAppStore.setState((s) => ({ view: { ...s.view, chartWindow: w } }));
}

/** A link's flame chart window for the chart to show once it can (null: none waits). */
export function setLinkedChartWindow(w: LinkedChartWindow | null): void {
  useAppStore.setState((s) => ({ view: { ...s.view, linkedChartWindow: w } }));
}

/** Asks the flame chart to show [startNs, endNs] (the overview's window, dragged). */
export function requestChartWindow(startNs: number, endNs: number): void {
  useAppStore.setState((s) => ({
    view: { ...s.view, chartWindowRequest: { startNs, endNs, seq: (s.view.chartWindowRequest?.seq ?? 0) + 1 } },
  }));
}

/**
 * Opens the hook candidates under `frame` in the Hook points panel (null closes them):
 * under the call path `at` (a flame graph frame's), or under every call of it.
 */
export function setHookCandidatesOf(frame: string | null, at: HookFrameAt | null = null): void {
  useAppStore.setState((s) => ({ view: { ...s.view, hookCandidatesOf: frame, hookCandidatesAt: frame === null ? null : at } }));
}

/** Back to the first screen (tests). */
export function resetStore(): void {
  useAppStore.setState({ session: initialSession, view: initialView, explore: initialExplore, link: initialLink, compare: initialCompare });
}

function mirrorStatus(status: LoadStatus): void {
  if (typeof document !== 'undefined') document.documentElement.dataset.traceState = status;
}

mirrorStatus(useAppStore.getState().session.status);
useAppStore.subscribe((state, prev) => {
  if (state.session.status !== prev.session.status) mirrorStatus(state.session.status);
});
