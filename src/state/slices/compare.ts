/**
 * The compare slice: side B of compare mode (its trace, load, diagnostics and its own
 * filters) and the comparison's settings (quantity, normalisation, layout, the legend's
 * presence filter, the differential flame graph's zoom, the compared call tree's focus).
 * Side A is the session and the explorer slices, untouched while comparing, so leaving
 * compare mode shows A's view as it was.
 */
import type { StateCreator } from 'zustand';
import type { DiagnosticsList, LoadingProgress } from './session';
import type { TraceFacts, TraceInfo } from '../../client/trace-client';
import type { CompareQuantity, Normalisation } from '../../core/query/compare';

/** off: one trace; choosing: the chooser is open; loading / ready / error: side B's load. */
export type CompareStatus = 'off' | 'choosing' | 'loading' | 'ready' | 'error';

/** Where side B comes from: a file, a URL, pasted text, or the trace of side A again. */
export interface CompareSource {
  kind: 'file' | 'url' | 'text' | 'same';
  /** File name, URL, "pasted text", or A's name for the same trace. */
  name: string;
}

/** Side B's own filters (task ids are B's own; for the same trace, A's). */
export interface SideFilter {
  tasks: number[];
  cpus: number[];
  range: [number, number] | null;
  syscallsOnly: boolean;
}

/** The legend's filter: every path, or only those of one presence. */
export type PresenceFilter = 'all' | 'onlyA' | 'onlyB' | 'both';

/** The compared functions table's columns (ui/compare/compared-sort.ts sorts by them). */
export type ComparedColumn = 'name' | 'presence' | `${'a' | 'b'}.${'calls' | 'total' | 'self' | 'p50' | 'p95'}` | 'delta' | 'ratio';
export const COMPARED_COLUMNS: readonly ComparedColumn[] = [
  'name', 'presence',
  'a.calls', 'a.total', 'a.self', 'a.p50', 'a.p95',
  'b.calls', 'b.total', 'b.self', 'b.p50', 'b.p95',
  'delta', 'ratio',
];

/** The compared functions table's order: a column, and which way (kept across views; in the permalink). */
export interface ComparedSort {
  column: ComparedColumn;
  descending: boolean;
}

/** The largest change first: the table's order until a header is clicked. */
export const DEFAULT_COMPARED_SORT: ComparedSort = { column: 'delta', descending: true };

/** The compare views' tab ids. */
export type CompareView = 'diff-flame' | 'compared-functions' | 'compared-tree' | 'sides';

export interface CompareState {
  status: CompareStatus;
  source: CompareSource | null;
  progress: LoadingProgress | null;
  error: string | null;
  info: TraceInfo | null;
  /** B's trace in brief (its functions are listed only compared: no per-function table). */
  summary: TraceFacts | null;
  diagnostics: DiagnosticsList;
  filterB: SideFilter;
  quantity: CompareQuantity;
  normalisation: Normalisation;
  /** Whose widths the differential flame graph has (A's: Gregg's negated graph). */
  layoutBy: 'a' | 'b';
  /** Colours swapped: blue where B spends more (Gregg's --negate). */
  negated: boolean;
  presence: PresenceFilter;
  /** The compared functions table's "changed by more than N %" (null = off). */
  minChangePercent: number | null;
  /** Limit the compared functions table to what runs under the zoomed frame. */
  underZoom: boolean;
  /** The differential flame graph's zoom root (names from the root). */
  zoomPath: string[];
  /** The compared call tree's focused row (names from the root). */
  focusPath: string[];
  /**
   * Where the compared paths start: null = the first frame below the task; a function's
   * name = only the calls inside its outermost calls, each path from it, on both sides
   * (core/query/filter.ts pathsFrom): a function the two sides reach by different callers.
   */
  pathsFrom: string | null;
  /**
   * Names matched exactly only. Default (false): a name one side lacks meets the other
   * side's one name of its base name, so two kernel builds' clones of a function
   * (`tcp_sendmsg_locked.isra.0` / `.isra.1`) are one path (core/query/build-names.ts).
   */
  exactNames: boolean;
  view: CompareView;
  /** The compared functions table's order. */
  tableSort: ComparedSort;
  /** Bumped whenever side B changes (a new load, the same trace again): the views ask anew. */
  epoch: number;
}

export interface CompareSlice {
  compare: CompareState;
}

export const initialSideFilter: SideFilter = { tasks: [], cpus: [], range: null, syscallsOnly: false };

export const initialCompare: CompareState = {
  status: 'off',
  source: null,
  progress: null,
  error: null,
  info: null,
  summary: null,
  diagnostics: { items: [], total: 0 },
  filterB: initialSideFilter,
  quantity: 'self',
  normalisation: { kind: 'raw' },
  layoutBy: 'b',
  negated: false,
  presence: 'all',
  minChangePercent: null,
  underZoom: false,
  zoomPath: [],
  focusPath: [],
  pathsFrom: null,
  exactNames: false,
  view: 'diff-flame',
  tableSort: DEFAULT_COMPARED_SORT,
  epoch: 0,
};

export const createCompareSlice: StateCreator<CompareSlice, [], [], CompareSlice> = () => ({ compare: initialCompare });
