/**
 * The view slice: what the user looks at (the active tab of the views area). Hover,
 * selection and viewport state of the flame graph / call tree views go here too.
 */
import type { StateCreator } from 'zustand';
import type { HookFrameAt } from '../../core/query/hook-points';

/** Ids of the views area tabs (the UI's view registry maps them to components). */
export type ViewId = string;

/**
 * The search hit the last Enter / Shift+Enter stepped to (tree-queries.ts stepSearch).
 * The call tree shows it through explore.focusPath (a path, which survives a re-parse);
 * the flame chart needs the call itself: its task, time span and row. Transient, so it
 * lives here and not in the permalink.
 */
export interface SearchMatch {
  /** The search it was found for: a match of another pattern is not shown. */
  pattern: string;
  /** The trace it belongs to (session.traceId when it was found): call indices mean nothing in another. */
  trace: unknown;
  /** Index into the model's call table. */
  call: number;
  task: number;
  startNs: number;
  endNs: number;
  /** Its row on the flame chart (ancestors). */
  depth: number;
  /** Model function id (with the times and row, it picks out the call's frame). */
  func: number;
  /** Bumped by every step, even onto the same call, so a view brings it back into sight. */
  seq: number;
}

/**
 * A time the flame chart is asked to show (a click on the Events view): its task, the time
 * and the window's width. Transient, like SearchMatch; `seq` makes every click count.
 */
export interface TimeJump {
  /** The trace it belongs to (session.traceId when it was asked). */
  trace: unknown;
  /** The task whose chart shows it (the chart's task is set to it when the task has calls). */
  task: number;
  ns: number;
  /** Width of the window shown around `ns`. */
  spanNs: number;
  seq: number;
}

/**
 * The zoom window a permalink asks the flame chart to show (its `cw` part): applied once the
 * chart of `task` (-1: whichever task it shows) has its width, then used up. Transient,
 * like TimeJump.
 */
export interface LinkedChartWindow {
  /** The trace it belongs to (session.traceId when the link was applied). */
  trace: unknown;
  task: number;
  startNs: number;
  endNs: number;
}

/** What the flame chart shows: [startNs, endNs], and whether it is zoomed in (so it can pan). */
export interface ChartWindow {
  startNs: number;
  endNs: number;
  zoomed: boolean;
}

/** The Functions table's columns, in the order shown (ui/functions/FunctionsGrid.tsx). */
export const FUNCTION_COLUMNS = ['name', 'calls', 'total', 'self', 'min', 'p50', 'p95', 'p99', 'max', 'irq'] as const;
export type FunctionColumn = (typeof FUNCTION_COLUMNS)[number];

/** The Functions table's order: a column, and which way. */
export interface FunctionsSort {
  column: FunctionColumn;
  descending: boolean;
}

/** Most time first: the table's order until a header is clicked. */
export const DEFAULT_FUNCTIONS_SORT: FunctionsSort = { column: 'total', descending: true };

export interface ViewState {
  activeView: ViewId;
  searchMatch: SearchMatch | null;
  /**
   * The frame whose hook candidates the Hook points panel lists (opened by the panel's
   * button or a flame view's hover card), null when closed. Transient: not in the permalink.
   */
  hookCandidatesOf: string | null;
  /**
   * The call path of that frame when a flame graph frame opened them (its candidates are
   * those under that path's calls), with its one call when a flame chart frame did; null for
   * every call of the function (the panel's button).
   */
  hookCandidatesAt: HookFrameAt | null;
  /** The call tree's Callers & callees pane is open (kept across tab switches; in the permalink). */
  callersPane: boolean;
  /** The time the flame chart was last asked to show, null for none. */
  timeJump: TimeJump | null;
  /** Time axes label time since the start of the calls in view instead of absolute trace time. */
  relativeTime: boolean;
  /** The Functions table's order (kept across tab switches; in the permalink). */
  functionsSort: FunctionsSort;
  /** The Functions table hides the functions the search does not match (in the permalink). */
  functionsOnlyMatches: boolean;
  /**
   * The Events view's event name, null for all ('' is a name: function_graph comments have
   * it). Kept across tab switches, in the permalink; a new trace starts with all.
   */
  eventName: string | null;
  /** The flame chart's visible window while it is on screen (the overview draws it), else null. */
  chartWindow: ChartWindow | null;
  /** A window the flame chart is asked to show (dragged on the overview); `seq` tells repeats apart. */
  chartWindowRequest: { startNs: number; endNs: number; seq: number } | null;
  /** A link's flame chart window waiting for the chart, null for none. */
  linkedChartWindow: LinkedChartWindow | null;
}

export interface ViewSlice {
  view: ViewState;
}

export const initialView: ViewState = {
  activeView: 'summary',
  searchMatch: null,
  hookCandidatesOf: null,
  hookCandidatesAt: null,
  callersPane: false,
  timeJump: null,
  relativeTime: false,
  functionsSort: DEFAULT_FUNCTIONS_SORT,
  functionsOnlyMatches: false,
  eventName: null,
  chartWindow: null,
  chartWindowRequest: null,
  linkedChartWindow: null,
};

export const createViewSlice: StateCreator<ViewSlice, [], [], ViewSlice> = () => ({
  view: initialView,
});
