/**
 * The worker boundary: what the main thread may ask the trace service and what it gets
 * back. The main thread imports these TYPES only (`import type`); the service class
 * implements `TraceServiceApi`, and the client wraps the worker as
 * `Remote<TraceServiceApi>`.
 *
 * Everything here crosses `postMessage`, so it must be structured-cloneable: plain
 * objects, arrays, numbers, strings, typed arrays. Answers are copied, never transferred:
 * many are views of what the worker keeps for the next request (DerivedData), which a
 * transfer would empty. Only the input stream of a load is transferred (client).
 */
import type { DiagnosticItem } from '../core/model/tables';
import type { FormatId } from '../core/parse/record';
import type { OpeningSummary, TraceFacts, TraceSummary } from '../core/query/summary';
import type { ViewFilter } from '../core/query/filter';
import type { ChartTask, ChartTasks, FlameChartFrames, FlameChartRequest } from './queries/flame-chart';
import type { FlameGraphFrames, FlameGraphRequest } from './queries/flame-graph';
import type { Timeline } from './queries/timeline';
import type { SearchStatus } from './queries/search';
import type { TaskList, TaskListEntry } from './queries/tasks';
import type { CallPlace, StepAnswer, StepFrom, TreeKey, TreeLevel, TreeLevels, TreeRows, TreeSubtree } from './queries/tree';
import type { CalleeRow, CallerPathRow, FunctionDetailAnswer, FunctionTable } from './queries/functions';
import type {
  CompareKey,
  CompareQuantity,
  CompareScale,
  ComparedFunctionRows,
  ComparedFunctionsRequest,
  ComparedTreeLevels,
  ComparedTreeRows,
  DiffFlameFrames,
  DiffFlameRequest,
  Normalisation,
  NormalisationFactors,
} from './queries/compare';

export type { DiagnosticItem, FormatId, OpeningSummary, TraceFacts, TraceSummary };
export type { ViewFilter };
export type { ChartTask, ChartTasks, FlameChartFrames, FlameChartRequest, FlameGraphFrames, FlameGraphRequest, Timeline };
export type { SummaryFunction, SummaryTask } from '../core/query/summary';
export type { SearchStatus, TaskList, TaskListEntry };
export type { CallPlace, StepAnswer, StepFrom, TreeKey, TreeLevel, TreeLevels, TreeRows, TreeSubtree };
export type { CalleeRow, CallerPathRow, FunctionDetailAnswer, FunctionTable };
import type { ComparedHookCandidateList, ComparedHookPoints, HookCandidateList, HookFrameAt, HookPoints } from './queries/hook-points';
import type { ExportRequest } from './queries/export';
import type { EmptyExport } from '../core/export/empty-export';
import type { DiffFlameExportRequest } from './queries/diff-export';
import type { EventFilter, EventMarkers, EventMarkersRequest, EventRows, EventRowsRequest } from './queries/events';
export type { EventFilter, EventMarkers, EventMarkersRequest, EventRows, EventRowsRequest };
export type { ExportFormat, ExportRequest } from './queries/export';
export type {
  ComparedHookCandidate,
  ComparedHookCandidateList,
  ComparedHookPoints,
  HookCandidate,
  HookCandidateList,
  HookPoints,
  HookPresence,
} from './queries/hook-points';
export type { CompareKey, CompareQuantity, CompareScale, ComparedFunctionRows, ComparedFunctionsRequest, ComparedTreeLevels, ComparedTreeRows };
export type { DiffFlameFrames, DiffFlameRequest, Normalisation, NormalisationFactors };

/** Compare mode's sides: A is the trace opened first, B the one it is compared with. */
export type Side = 'a' | 'b';

/** What a load was asked to read. `size` is the input size in bytes when known (Content-Length). */
export interface LoadOptions {
  /** Which side the trace is read into (default A; B for compare mode, beside A). */
  side?: Side;
  /** File name or URL shown to the user. */
  name?: string;
  /** Input bytes expected (compressed size for gzip); Blob sources default to `blob.size`. */
  size?: number;
  /**
   * Bytes the explored trace may take (load/memory-limit.ts); the load stops with a message
   * past it. Default: what the browser says the tab's heap may hold, else no limit.
   */
  memoryLimit?: number;
  /**
   * Parse threads for a plain text file (the page's `?workers=N`; 1: the one-pass read).
   * Default: from the machine's cores (service/load/pool-size.ts).
   */
  workers?: number;
}

/**
 * Sent while a load runs, at most every 100 ms or 4 MB of input (plus one at the start and
 * one at the end). `bytes` counts INPUT bytes (compressed for gzip), so `bytes / totalBytes`
 * is the fraction done. `totalBytes` is 0 when the size is unknown.
 */
export interface LoadProgress {
  bytes: number;
  totalBytes: number;
  lines: number;
}

export type ProgressCallback = (p: LoadProgress) => void;

/** Facts about the loaded input, for the header and the "about this trace" line. */
export interface TraceInfo {
  name: string;
  format: FormatId;
  /** Human name of the format (`trace-cmd report`, …). */
  formatLabel: string;
  gzip: boolean;
  /** Bytes read from the source (compressed size for gzip). */
  inputBytes: number;
  /**
   * The fingerprint of those bytes for permalinks (src/core/hash/content-hash.ts: SHA-256
   * over 4 MiB blocks, hex); '' if it failed. A load answers null: the fingerprint is made
   * after it (service/load/fingerprint.ts), and `fingerprint(side)` gives it.
   */
  contentHash: string | null;
  /** Bytes of text after decompression. */
  textBytes: number;
  lines: number;
  /** Wall time of the load in the worker, ms. */
  elapsedMs: number;
}

/**
 * How a load ended.
 * - `loaded`: a trace is ready (it may still carry diagnostics: unparsed lines, repairs…).
 * - `failed`: nothing usable (empty input, unknown format, unreadable source). `summary` is
 *   there when lines were read, so the UI can still list the diagnostics (the first lines
 *   it could not read).
 * - `cancelled`: `cancel()` was called or another load replaced this one.
 * Side A's summary is an OpeningSummary: the Summary's functions table is the whole trace's
 * `functionTable`, made when a view first asks for it, not before `ready`.
 */
export type LoadResult<S extends TraceFacts = OpeningSummary> =
  | { kind: 'loaded'; info: TraceInfo; summary: S }
  | { kind: 'failed'; message: string; info: TraceInfo | null; summary: S | null }
  | { kind: 'cancelled' };

/**
 * Side B's load (compare mode): its summary has no per-function table (TraceFacts): B's
 * functions are only ever listed compared with A's (the Compared functions table), so the
 * load does not group every call by function for a table nobody sees.
 */
export type SideBLoadResult = LoadResult<TraceFacts>;
/** Options of a load into side B. */
export type SideBLoadOptions = LoadOptions & { side: 'b' };

/** Lines of the input (`first` is the number of lines[0]), or why they cannot be read. */
export type InputLines = { kind: 'lines'; first: number; lines: string[] } | { kind: 'none'; reason: string };

/** One page of `Diagnostics.items`, in input order. */
export interface DiagnosticsPage {
  offset: number;
  /** Items kept in the model (capped per kind; the counts in the summary are exact). */
  total: number;
  items: DiagnosticItem[];
}

/** The methods the worker exposes. Add query methods here and in TraceService together. */
export interface TraceServiceApi {
  load(source: Blob | ReadableStream<Uint8Array>, opts: SideBLoadOptions, onProgress?: ProgressCallback): Promise<SideBLoadResult>;
  load(
    source: Blob | ReadableStream<Uint8Array>,
    opts?: LoadOptions,
    onProgress?: ProgressCallback,
  ): Promise<LoadResult>;
  loadText(text: string, opts: SideBLoadOptions): Promise<SideBLoadResult>;
  loadText(text: string, opts?: LoadOptions): Promise<LoadResult>;
  /** Stops the running load (it resolves `{kind: 'cancelled'}`); no-op when idle. */
  cancel(): void;
  /** For each name, whether the loaded trace has a function of that name (links check theirs). */
  knownNames(names: string[]): boolean[];
  /**
   * The fingerprint of a side's input ('' when it failed or nothing is loaded), made after
   * the load (which answers `contentHash: null`) once the worker is idle, or at once when
   * asked `now`: answered once it is made.
   */
  fingerprint(side?: Side, now?: boolean): Promise<string>;
  /** The input bytes of a small trace (gzip stays gzip), for a link that carries it; else null. */
  inputBytes(side?: Side): Uint8Array | null;
  /** The input's lines around `line` (`context` before and after), read again from what was kept. */
  inputLines(line: number, context: number): Promise<InputLines>;
  /**
   * The summary of the loaded trace (side A) with its functions (the CLI's document, made
   * when asked), null when none; side B's has no functions (SideBLoadResult).
   */
  summary(side: 'b'): TraceFacts | null;
  summary(side?: 'a'): TraceSummary | null;
  diagnostics(offset: number, limit: number, side?: Side): DiagnosticsPage;

  // Compare mode (queries/compare.ts): side B is loaded by `load(…, {side: 'b'})`.
  /** Side B becomes the trace of side A (one trace against itself); false when none is loaded. */
  compareWithSame(): boolean;
  /** Drops side B and every compared answer; side A stays. */
  leaveCompare(): void;
  hasSideB(): boolean;
  /** The compared functions table's rows (filtered), with the change of the quantity. */
  comparedFunctions(req: ComparedFunctionsRequest): ComparedFunctionRows;
  /** The compared call tree's children at each path ([] = the roots). */
  comparedTreeLevels(req: CompareKey & CompareScale & { search?: string }, paths: string[][]): ComparedTreeLevels;
  /** The differential flame graph's frames, laid out by B (or A). */
  diffFlameGraph(req: DiffFlameRequest): DiffFlameFrames;

  // Flame views (queries/flame-graph.ts, flame-chart.ts, timeline.ts, search.ts).
  /** Flame graph frames of a zoom root, wider than `minWidth`, overlapping `window`. */
  flameGraph(req: FlameGraphRequest): FlameGraphFrames;
  /** One task's calls in a time window, in time order. */
  flameChart(req: FlameChartRequest): FlameChartFrames;
  /** Tasks the flame chart can show under a filter (range ignored), busiest first. */
  chartTasks(filter: ViewFilter): ChartTasks;
  /** Histogram of call starts over time for a filter (range ignored). */
  /** Call starts over time; `side` 'b': side B's in compare mode (its time range picker's span). */
  timeline(filter: ViewFilter, buckets: number, side?: Side): Timeline;
  /** Function ids whose names match the search pattern (empty for none or a bad regex). */
  matchedFuncs(filter: ViewFilter, pattern: string): Int32Array;
  // Toolbar (queries/tasks.ts, queries/search.ts).
  /** Every task with its id (the index `ViewFilter.tasks` holds), busiest first, and the CPUs seen. */
  taskList(side?: Side): TaskList;
  /**
   * How many calls in view match the search pattern, in how many functions, and their
   * outermost time. Counted once the page is quiet, in steps between the queries that come
   * meanwhile (matchedFuncs first: the highlight is drawn before the calls are swept). A
   * newer pattern ends an older one's count, which answers `ok: false` under its own pattern.
   */
  searchStatus(filter: ViewFilter, pattern: string): Promise<SearchStatus>;
  // Call tree (queries/tree.ts): rows are addressed by their path of names from the root.
  /** The children of each path ([] = the roots), null for a path not in the tree; and the roots' total. */
  treeLevels(key: TreeKey, paths: string[][]): TreeLevels;
  /** The descendants of one row, breadth first, up to maxRows (at most 10,000): the `*` key. */
  treeSubtree(key: TreeKey, path: string[], maxRows: number): TreeSubtree;
  /** The next / previous search hit in time order from a call or a row, and its path in the tree. */
  /** The path of names of one call in the tree of `key` ([] when the filter hides it). */
  callPath(key: TreeKey, call: number): string[];
  treeStepSearch(key: TreeKey, pattern: string, from: StepFrom, direction: 1 | -1): StepAnswer;
  /** The heaviest top-down path of the calls a row of the key's tree stands for (inverted → top-down). */
  treeTopDownPath(key: TreeKey, path: string[]): string[];
  // Functions table and callers & callees (queries/functions.ts).
  /** Per-function statistics over the calls in view (rows in function id order). */
  functionTable(filter: ViewFilter): FunctionTable;
  /** Caller paths, callees and duration histogram of one function; slowest call's path in the key's tree. */
  functionDetail(key: TreeKey, name: string): FunctionDetailAnswer;
  // Events view and markers (queries/events.ts).
  /** Rows [from, to) (at most 1,000) of the events the filter keeps, in time order, with the counts. */
  eventRows(req: EventRowsRequest): EventRows;
  /** The row of the first event at or after `ns` among those the filter keeps. */
  eventRowAt(filter: EventFilter, ns: number): number;
  /** One tick per pixel column and lane (switch, wakeup, irq entry, irq exit) in a time window. */
  eventMarkers(req: EventMarkersRequest): EventMarkers;
  // Exports (queries/export.ts): begin, then take batches of chunks until null.
  /** Why the export `req` would be empty (no call kept, none with a duration, none placed in time); null when it is not. */
  exportEmpty(req: ExportRequest): EmptyExport | null;
  /** Starts an export (one at a time: a new one ends the previous); returns its id. */
  exportBegin(req: ExportRequest): number;
  /** Starts the differential flame graph's SVG export (compare mode; queries/diff-export.ts). */
  exportDiffFlameBegin(req: DiffFlameExportRequest): number;
  /** The next chunks of export `id`, about `maxChars` in all; null when it is done. */
  exportNext(id: number, maxChars: number): string[] | null;
  exportCancel(id: number): void;
  // Hook points panel (queries/hook-points.ts).
  /** Entry points, latency, tasks, return values and one-liners of a function; null when the trace has none of that name. */
  hookPoints(filter: ViewFilter, name: string): Promise<HookPoints | null>;
  /**
   * The functions under a frame, ranked as hook candidates (best first, capped): under the
   * call path `at` (a flame graph frame's) when given, else under every outermost call of `frame`.
   */
  hookCandidates(filter: ViewFilter, frame: string, at?: HookFrameAt | null): HookCandidateList | null;
  /** Compare mode: the function on both sides, each through its filter, and where it is called. */
  comparedHookPoints(key: CompareKey, name: string): ComparedHookPoints;
  /** Compare mode: the functions under a frame of either side (under its call path `at` when given), the one-sided first. */
  comparedHookCandidates(key: CompareKey, frame: string, at?: HookFrameAt | null): ComparedHookCandidateList | null;
}
