/**
 * The worker-side engine: holds the loaded model with its derived data and answers
 * queries about it.
 *
 * A plain class with no worker or comlink API inside, so Vitest calls it directly and
 * `workers/trace.worker.ts` only exposes an instance. Every public method is part of
 * `TraceServiceApi` (api.ts) and its arguments and results are structured-cloneable (they
 * are copied across the worker boundary).
 *
 * Its jobs are elsewhere, one module each: reading a trace (load/read-trace.ts), building
 * ahead in idle time (load/build-ahead.ts), everything derived from a model
 * (derived/derived-data.ts) and the questions of each view (queries/).
 *
 * Compare mode: beside the trace (side A) the service can hold a second one (side B),
 * read by the same pipeline (`load(…, {side: 'b'})`) with a DerivedData of its own, or
 * the same trace again (`compareWithSame`); `leaveCompare` drops it. Loading side A anew
 * drops side B too (a new trace leaves compare mode). The compared questions are
 * queries/compare.ts's.
 */
import { applyIrqMode, type IrqMode } from '../core/model/interrupt-mode';
import type { TraceModel } from '../core/model/tables';
import { summarizeFacts, summarizeOpening, summaryFunctions, type OpeningSummary, type TraceFacts, type TraceSummary } from '../core/query/summary';
import type { ViewFilter } from '../core/query/filter';
import { functionPairs } from '../core/query/compare';
import type { SearchInSteps } from '../core/query/search';
import { DerivedData } from './derived/derived-data';
import { filterKey } from './derived/keys';
import { InlineHasher, type InputHasher } from './input-hasher';
import { localInflater, type CreateInflater } from './inflater';
import { buildAhead, type AheadPlan } from './load/build-ahead';
import { runInSlices } from './load/event-loop';
import { BackOff } from './load/back-off';
import { ProgressThrottle } from './load/progress-throttle';
import type { SpawnRangeWorker } from './load/range-pool';
import { emptyTraceMessage, failureMessage, readText, readTrace, type LoadToken, type ReadOutcome } from './load/read-trace';
import * as chart from './queries/flame-chart';
import * as graph from './queries/flame-graph';
import { matchedFuncs, searchStatusOf, type SearchStatus } from './queries/search';
import { taskList, type TaskList } from './queries/tasks';
import * as timelineQueries from './queries/timeline';
import * as treeQueries from './queries/tree';
import * as functionQueries from './queries/functions';
import * as hookQueries from './queries/hook-points';
import { ExportSessions, exportChunksOf, type ExportRequest } from './queries/export';
import { emptyExport, type EmptyExport } from '../core/export/empty-export';
import * as compareQueries from './queries/compare';
import { diffFlameSvgChunks, type DiffFlameExportRequest } from './queries/diff-export';
import * as eventQueries from './queries/events';
import type { DiagnosticsPage, InputLines, LoadOptions, LoadResult, ProgressCallback, Side, SideBLoadOptions, SideBLoadResult, TraceServiceApi } from './api';
import { InputLineReader, type LineSource } from './load/input-lines';
import type { FingerprintJob } from './load/fingerprint';
import type { FormatId } from '../core/parse/record';

/** Largest page `diagnostics()` returns. */
const MAX_DIAGNOSTICS_PAGE = 1000;

/**
 * The work a question answered in slices (core/query/steps.ts) does before it lets the
 * questions queued meanwhile through: short next to the 50 ms a click may take.
 */
const QUESTION_SLICE_MS = 20;
/** Pre-order positions the status line's count sweeps in one step: a few ms in Chromium (searchStatus). */
const STATUS_SWEEP_POSITIONS = 1 << 20;

/**
 * A loaded model and what is derived from it. `derived` is null for an input that is not
 * a trace: its model is kept only so `diagnostics()` can list the lines not understood.
 */
interface LoadedModel<S extends TraceFacts = TraceFacts> {
  model: TraceModel;
  derived: DerivedData | null;
  /** Side A's summary; side B's facts only (api.ts SideBLoadResult). */
  summary: S | null;
  /**
   * The model under another interrupt mode (core/model/interrupt-mode.ts) with its own
   * derived data, made on the first query that asks for that mode. One at a time: a
   * switch to the other mode drops it (each is a copy of the call table).
   */
  irq?: { mode: IrqMode; derived: DerivedData };
  /** The input's fingerprint, made after the load (load/fingerprint.ts). */
  fingerprint: FingerprintJob;
}

const now = (): number => performance.now();

/** Most lines asked for on either side of a call's line. */
const MAX_LINE_CONTEXT = 200;
const NO_LINES_YET = 'no trace is loaded';

/** How the input's lines can be read again, or why they cannot. */
function lineReaderFor(format: FormatId, source: LineSource | null): InputLineReader | string {
  if (format === 'trace-cmd-dat') return 'a trace.dat holds binary records, not text lines';
  if (!source) return 'the input came as a stream (a URL) too big to keep, so its lines cannot be read again: open the file itself to see them';
  return new InputLineReader(source);
}

/** What is derived from a loaded side under the filter's interrupt mode (in place when none). */
function derivedUnder(loaded: LoadedModel, filter?: ViewFilter): DerivedData {
  const derived = loaded.derived;
  if (!derived) throw new Error('no trace is loaded');
  const mode = filter?.irq ?? 'in-place';
  if (mode === 'in-place') return derived;
  if (loaded.irq?.mode !== mode) {
    // The previous mode's copy goes first, so two copies never sit side by side.
    loaded.irq = undefined;
    loaded.irq = { mode, derived: new DerivedData(applyIrqMode(loaded.model, mode)) };
  }
  return loaded.irq.derived;
}

export class TraceService implements TraceServiceApi {
  /** The status line's count being swept (searchStatus): its question, its answer, and its end. */
  private statusSweep: { key: string; answer: Promise<SearchStatus>; end(): void } | null = null;

  /**
   * `createHasher` hashes the input while it streams, `createInflater` inflates a gzip input
   * (each a worker of its own in the browser, in line elsewhere). `pool` starts the range
   * workers that parse a text file (plain or gzipped) in parallel, with the machine's cores
   * (the browser's; without it every input is read in one pass), and the text bytes per
   * piece of an inflated gzip (the default when absent: the tests cut small pieces).
   * `backOff` holds the work ahead while the page asks questions (load/back-off.ts).
   */
  constructor(
    private readonly createHasher: () => InputHasher = () => new InlineHasher(),
    private readonly createInflater: CreateInflater = localInflater,
    private readonly pool?: { spawn: SpawnRangeWorker; cores: number; pieceBytes?: number },
    private readonly backOff: BackOff = new BackOff(),
  ) {}

  /**
   * The page is asking questions (question-signal.ts calls this before each one): the work
   * ahead and the fingerprint's hashing hold off for a short window, so the page's tasks
   * get the cores first.
   */
  userActive(): void {
    this.backOff.userActive();
    // What the last question read stays kept through this one, however large (BudgetedMemo).
    for (const loaded of new Set([this.loaded, this.loadedB])) {
      loaded?.derived?.newQuestion();
      loaded?.irq?.derived.newQuestion();
    }
    // The input's fingerprint, read again after the load in a worker of its own, too.
    this.loaded?.fingerprint.hold();
    if (this.loadedB !== this.loaded) this.loadedB?.fingerprint.hold();
  }

  private loaded: LoadedModel<OpeningSummary> | undefined;
  private current: LoadToken | undefined;
  /** The input bytes of a small trace (for links that carry the trace), else null. */
  private input: Uint8Array | null = null;
  /** Reads side A's input lines again ("Show the lines"), or why it cannot. */
  private lineReader: InputLineReader | string = NO_LINES_YET;
  /** Side B of compare mode: its model (A's own for one trace against itself), load and input. */
  private loadedB: LoadedModel | undefined;
  private currentB: LoadToken | undefined;
  private inputB: Uint8Array | null = null;
  /** Side A's work ahead running now or done, and its plan (buildAheadA). */
  private aheadA: { loaded: LoadedModel<OpeningSummary>; plan: AheadPlan } | undefined;
  /** The comparison last asked about (merged tree, function rows); goes with either side. */
  private compareCache: compareQueries.CompareCache | undefined;

  /**
   * Reads a whole trace. Replaces the loaded one (the previous model is dropped when the
   * load starts) and cancels a load still running.
   */
  load(source: Blob | ReadableStream<Uint8Array>, opts: SideBLoadOptions, onProgress?: ProgressCallback): Promise<SideBLoadResult>;
  load(source: Blob | ReadableStream<Uint8Array>, opts?: LoadOptions, onProgress?: ProgressCallback): Promise<LoadResult>;
  async load(
    source: Blob | ReadableStream<Uint8Array>,
    opts: LoadOptions = {},
    onProgress?: ProgressCallback,
  ): Promise<LoadResult | SideBLoadResult> {
    const side = opts.side ?? 'a';
    const token = this.begin(side);
    const started = now();
    const isBlob = typeof Blob !== 'undefined' && source instanceof Blob;
    const totalBytes = opts.size ?? (isBlob ? source.size : 0);
    const progress = new ProgressThrottle(onProgress, totalBytes, started);
    try {
      const deps = { createHasher: this.createHasher, createInflater: this.createInflater, spawnRangeWorker: this.pool?.spawn, cores: this.pool?.cores, pieceBytes: this.pool?.pieceBytes };
      return this.settle(token, await readTrace(token, source, opts, deps, progress, started), side);
    } finally {
      progress.dispose();
    }
  }

  /**
   * The fingerprint of a side's input (SHA-256 over 4 MiB blocks, hex; '' when it failed or
   * no trace is loaded), answered once made. A load answers before it is made
   * (`info.contentHash` is null): it starts once the worker is idle after the load, or at
   * once when asked `now` (Share, a link that names a trace by its fingerprint).
   */
  fingerprint(side: Side = 'a', now = false): Promise<string> {
    const job = this.side(side)?.fingerprint;
    if (!job) return Promise.resolve('');
    if (now) job.start(true);
    return job.value();
  }

  /** Loads pasted text (already in memory, so no progress and no gzip). */
  loadText(text: string, opts: SideBLoadOptions): Promise<SideBLoadResult>;
  loadText(text: string, opts?: LoadOptions): Promise<LoadResult>;
  loadText(text: string, opts: LoadOptions = {}): Promise<LoadResult | SideBLoadResult> {
    const side = opts.side ?? 'a';
    const token = this.begin(side);
    return Promise.resolve(this.settle(token, readText(token, text, opts, this.createHasher, now()), side));
  }

  /** Cancels the running loads (of both sides). */
  cancel(): void {
    for (const token of [this.current, this.currentB]) {
      if (!token || token.cancelled) continue;
      token.cancelled = true;
      token.stop?.();
    }
  }

  /** For each name, whether the loaded trace has a function (or task label) of that name. */
  knownNames(names: string[]): boolean[] {
    const model = this.loaded?.model;
    if (!model) return names.map(() => false);
    return names.slice(0, 1000).map((n) => model.strings.find(n) !== undefined);
  }

  /**
   * The input bytes as read (gzip stays gzip) when the trace is small enough to travel
   * inside a link (MAX_KEPT_INPUT), else null. A copy (the answer is structured-cloned).
   */
  inputBytes(side: Side = 'a'): Uint8Array | null {
    const input = side === 'a' ? this.input : this.inputB;
    return input ? input.slice() : null;
  }

  /**
   * Lines of side A's input around `line` (1-based): `context` lines before and after it
   * (at most MAX_LINE_CONTEXT), for a call's card. Hostile text: the UI shows it as text.
   */
  async inputLines(line: number, context: number): Promise<InputLines> {
    const reader = this.lineReader;
    if (typeof reader === 'string') return { kind: 'none', reason: reader };
    const n = Math.max(0, Math.min(MAX_LINE_CONTEXT, Math.floor(context) || 0));
    const at = Math.max(1, Math.floor(line) || 1);
    const first = Math.max(1, at - n);
    return { kind: 'lines', first, lines: await reader.lines(first, at + n) };
  }

  summary(side: 'b'): TraceFacts | null;
  summary(side?: 'a'): TraceSummary | null;
  summary(side: Side = 'a'): TraceFacts | null {
    const loaded = this.side(side);
    if (side === 'b' || !loaded?.summary) return loaded?.summary ?? null;
    // The CLI's document: the facts and the functions (by the interrupt figures its derived
    // data keeps; none for an input that is not a trace), without the opening's count.
    const whole: TraceSummary & { functionCount?: number } = {
      ...loaded.summary,
      functions: summaryFunctions(loaded.model, loaded.derived?.interruptView()),
    };
    delete whole.functionCount;
    return whole;
  }

  diagnostics(offset: number, limit: number, side: Side = 'a'): DiagnosticsPage {
    const items = this.side(side)?.model.diagnostics.items ?? [];
    const from = Math.max(0, Math.min(items.length, Math.floor(offset) || 0));
    const count = Math.max(0, Math.min(MAX_DIAGNOSTICS_PAGE, Math.floor(limit) || 0));
    return { offset: from, total: items.length, items: items.slice(from, from + count) };
  }

  flameGraph(req: graph.FlameGraphRequest): graph.FlameGraphFrames {
    return graph.flameGraphFrames(this.derived(req.filter), req);
  }

  flameChart(req: chart.FlameChartRequest): chart.FlameChartFrames {
    return chart.flameChartFrames(this.derived(req.filter), req);
  }

  chartTasks(filter: ViewFilter): chart.ChartTasks {
    return chart.chartTasks(this.derived(filter), filter);
  }

  timeline(filter: ViewFilter, buckets: number, side: Side = 'a'): timelineQueries.Timeline {
    if (side === 'b') {
      const loadedB = this.loadedB;
      if (!loadedB?.derived) throw new Error('no side B is loaded');
      return timelineQueries.timeline(derivedUnder(loadedB, filter), filter, buckets);
    }
    return timelineQueries.timeline(this.derived(filter), filter, buckets);
  }

  matchedFuncs(filter: ViewFilter, pattern: string): Int32Array {
    return matchedFuncs(this.derived(filter), filter, pattern);
  }

  taskList(side: Side = 'a'): TaskList {
    const loaded = this.side(side);
    return loaded?.derived ? taskList(loaded.model) : { tasks: [], cpus: [] };
  }

  /**
   * Counted while the page is quiet, in steps: a keystroke also asks `matchedFuncs` for the
   * flame views' highlight, a test of the names only, while this sweeps the calls (26 ms for
   * a first letter at 1M calls in Chromium, 50–100 ms for a rarer name at 25.6M). Swept at
   * once, at 1M it took the second core while the highlight reached the page and was drawn
   * (the first keystroke's highlight 24–31 ms after it was asked, 15–16 ms held back); held
   * back but swept in one task, at 25.6M it was still sweeping when the next keystroke came,
   * whose highlight then waited for it (p95 139 ms, 2026-12-07). So the sweep waits for the
   * back-off's window after the page's last question and goes STATUS_SWEEP_POSITIONS at a
   * time, each step after the questions queued meanwhile and held off again by a new one
   * (400 ms at most while they keep coming). A newer pattern's count ends an older one's:
   * that one is answered as superseded, which the page never shows (it asked for another).
   */
  searchStatus(filter: ViewFilter, pattern: string): Promise<SearchStatus> {
    // The key the kept search has: equal filters written differently are one question.
    const key = `${filterKey(filter)}|${pattern}`;
    if (this.statusSweep?.key === key) return this.statusSweep.answer;
    this.statusSweep?.end();
    let end = () => {};
    const answer = new Promise<SearchStatus>((resolve, reject) => {
      let derived: DerivedData | undefined;
      let steps: SearchInSteps | undefined;
      const stop = this.backOff.run(() => {
        try {
          // In the first step: what fails (no trace) rejects the answer, as any question's.
          derived ??= this.derived(filter);
          steps ??= derived.searchInSteps(filter, pattern);
          const result = steps.step(STATUS_SWEEP_POSITIONS);
          if (result) resolve(searchStatusOf(derived, filter, pattern, result));
          return result !== null;
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
          return true;
        }
      });
      end = () => {
        stop();
        resolve({ ok: false, pattern, error: 'superseded by a newer search' });
      };
    });
    const sweep = { key, answer, end };
    this.statusSweep = sweep;
    const forget = () => {
      if (this.statusSweep === sweep) this.statusSweep = null;
    };
    answer.then(forget, forget);
    return answer;
  }

  // Call tree, functions table, callers & callees (queries/tree.ts, functions.ts).
  treeLevels(key: treeQueries.TreeKey, paths: string[][]): treeQueries.TreeLevels {
    return treeQueries.treeLevels(this.derived(key.filter), key, paths);
  }

  treeSubtree(key: treeQueries.TreeKey, path: string[], maxRows: number): treeQueries.TreeSubtree {
    return treeQueries.treeSubtree(this.derived(key.filter), key, path, maxRows);
  }

  /** The path of names of one call in the tree of `key` ([] when it is not in view). */
  callPath(key: treeQueries.TreeKey, call: number): string[] {
    return this.loaded ? treeQueries.pathOfCall(this.derived(key.filter), key, call) : [];
  }

  treeStepSearch(key: treeQueries.TreeKey, pattern: string, from: treeQueries.StepFrom, direction: 1 | -1): treeQueries.StepAnswer {
    return treeQueries.stepSearch(this.derived(key.filter), key, pattern, from, direction);
  }

  treeTopDownPath(key: treeQueries.TreeKey, path: string[]): string[] {
    return treeQueries.topDownPathFor(this.derived(key.filter), key, path);
  }

  functionTable(filter: ViewFilter): functionQueries.FunctionTable {
    return functionQueries.functionTable(this.derived(filter), filter);
  }

  // Events view and event markers (queries/events.ts): from the model as built, whatever the Interrupts mode.
  eventRows(req: eventQueries.EventRowsRequest): eventQueries.EventRows {
    // The rows' `at`: on the flame chart's axis under the views' Interrupts mode.
    return eventQueries.eventRows(this.derived({ irq: req.irq }), req);
  }

  eventRowAt(filter: eventQueries.EventFilter, ns: number): number {
    return eventQueries.eventRowAt(this.derived(), filter, ns);
  }

  eventMarkers(req: eventQueries.EventMarkersRequest): eventQueries.EventMarkers {
    // On the axis of the calls drawn above and beside them: the filter's Interrupts mode's.
    return eventQueries.eventMarkers(this.derived({ irq: req.irq }), req);
  }

  private readonly exports = new ExportSessions();

  exportEmpty(req: ExportRequest): EmptyExport | null {
    const derived = this.derived(req.filter);
    return emptyExport(derived.model.calls, req.format, derived.mask(req.filter));
  }

  exportBegin(req: ExportRequest): number {
    this.exports.clear();
    return this.exports.begin(exportChunksOf(this.derived(req.filter), req));
  }

  /** The differential flame graph as SVG (compare mode), handed out like every export (exportNext). */
  exportDiffFlameBegin(req: DiffFlameExportRequest): number {
    this.exports.clear();
    return this.exports.begin(diffFlameSvgChunks(this.compared(), req));
  }

  exportNext(id: number, maxChars: number): string[] | null {
    return this.exports.take(id, maxChars);
  }

  exportCancel(id: number): void {
    this.exports.cancel(id);
  }

  /** In slices: a question the page asks meanwhile (another row's detail) is answered at the next pause. */
  hookPoints(filter: ViewFilter, name: string): Promise<hookQueries.HookPoints | null> {
    return runInSlices(hookQueries.hookPointsOfSteps(this.derived(filter), filter, name), QUESTION_SLICE_MS, () => this.backOff.userActive());
  }

  hookCandidates(filter: ViewFilter, frame: string, at: hookQueries.HookFrameAt | null = null): hookQueries.HookCandidateList | null {
    return hookQueries.hookCandidatesOf(this.derived(filter), filter, frame, at);
  }

  functionDetail(key: treeQueries.TreeKey, name: string): functionQueries.FunctionDetailAnswer {
    return functionQueries.functionDetailOf(this.derived(key.filter), key, name);
  }

  // Compare mode (queries/compare.ts).

  /** Side B becomes the trace already loaded (to compare it with itself through other filters). */
  compareWithSame(): boolean {
    this.cancelSide('b');
    this.dropSideB();
    const loaded = this.loaded;
    if (!loaded?.derived) return false;
    this.loadedB = loaded;
    return true;
  }

  /** Leaves compare mode: side B and every compared answer kept go; side A stays as it was. */
  leaveCompare(): void {
    this.cancelSide('b');
    this.dropSideB();
    // A's opening views, if compare mode came before they were built.
    this.buildAheadA();
  }

  /** Whether side B is loaded (a second trace, or the same one). */
  hasSideB(): boolean {
    return this.loadedB?.derived != null;
  }

  comparedFunctions(req: compareQueries.ComparedFunctionsRequest): compareQueries.ComparedFunctionRows {
    return compareQueries.comparedFunctionRows(this.compared(), req);
  }

  comparedTreeLevels(
    req: compareQueries.CompareKey & compareQueries.CompareScale & { search?: string },
    paths: string[][],
  ): compareQueries.ComparedTreeLevels {
    return compareQueries.comparedTreeLevels(this.compared(), req, paths);
  }

  diffFlameGraph(req: compareQueries.DiffFlameRequest): compareQueries.DiffFlameFrames {
    return compareQueries.diffFlameFrames(this.compared(), req);
  }

  /** Compare mode's Hook points: the function on both sides, each through its filter. */
  comparedHookPoints(key: compareQueries.CompareKey, name: string): hookQueries.ComparedHookPoints {
    const sides = this.hookSides(key);
    // Matched across builds, the function a side names apart (A's .isra.0, B's .isra.1:
    // one row of the compared functions table) is read on each side by its own name.
    const names = { a: name, b: name };
    if (!key.exactNames) {
      const merged = this.compared().merged(key);
      const id = merged.nameTable.indexOf(name);
      for (const [ia, ib] of id < 0 ? [] : functionPairs(merged)) {
        if (ia === id) names.b = merged.nameTable[ib];
        if (ib === id) names.a = merged.nameTable[ia];
      }
    }
    return hookQueries.comparedHookPointsOf(sides, name, names);
  }

  /** Compare mode's hook candidates under a frame of either side, the one-sided first. */
  comparedHookCandidates(key: compareQueries.CompareKey, frame: string, at: hookQueries.HookFrameAt | null = null): hookQueries.ComparedHookCandidateList | null {
    const sides = this.hookSides(key);
    if (key.exactNames) return hookQueries.comparedHookCandidatesOf(sides, frame, at);
    // Matched across builds, a differential flame graph frame's path may be named apart on
    // B (A's names: tcp_sendmsg_locked.isra.0 where B has .isra.1): each side is ranked
    // under its own names of the merged path (the frame's, the path a zoom would take).
    let own: hookQueries.SideFrames = { a: { frame, at }, b: { frame, at }, byBase: true };
    if (at !== null && !at.groupByTask) {
      const merged = this.compared().merged(key);
      const node = merged.findPath(at.path);
      const sideAt = (side: 'a' | 'b') => {
        const path = node >= 0 ? merged.sidePathOf(side, node) : [];
        return path.length > 0 ? { frame: path[path.length - 1], at: { ...at, path } } : { frame, at };
      };
      if (node >= 0) own = { a: sideAt('a'), b: sideAt('b'), byBase: true };
    }
    return hookQueries.comparedHookCandidatesOf(sides, frame, at, own);
  }

  private hookSides(key: compareQueries.CompareKey): hookQueries.HookSides {
    const loadedB = this.loadedB;
    if (!loadedB?.derived) throw new Error('no side B is loaded');
    return { a: this.derived(key.a), filterA: key.a, b: derivedUnder(loadedB, key.b), filterB: key.b };
  }

  /** Side B's derived data, for tests in this process (never through the worker). */
  derivedB(): DerivedData {
    const derived = this.loadedB?.derived;
    if (!derived) throw new Error('no side B is loaded');
    return derived;
  }

  /**
   * The loaded model, for service methods and tests in this process. Never call it through
   * the worker: it would structured-clone the whole model.
   */
  currentModel(): TraceModel | undefined {
    return this.loaded?.model;
  }

  /**
   * What is derived from the loaded trace under the filter's interrupt mode (in place when
   * none), for the queries and for tests in this process (never through the worker).
   * Throws when no trace is loaded, as every view query does.
   */
  derived(filter?: ViewFilter): DerivedData {
    const loaded = this.loaded;
    const derived = loaded?.derived;
    if (!loaded || !derived) throw new Error('no trace is loaded');
    return derivedUnder(loaded, filter);
  }

  private side(side: Side): LoadedModel | undefined {
    return side === 'a' ? this.loaded : this.loadedB;
  }

  /**
   * The cache of compared answers, made for the two sides loaded now; each side is read
   * under its filter's interrupt mode (both carry explore.irq).
   */
  private compared(): compareQueries.CompareCache {
    const loadedB = this.loadedB;
    if (!loadedB?.derived) throw new Error('no side B is loaded');
    this.compareCache ??= new compareQueries.CompareCache((key) => ({ a: this.derived(key.a), b: derivedUnder(loadedB, key.b) }));
    return this.compareCache;
  }

  private cancelSide(side: Side): void {
    const token = side === 'a' ? this.current : this.currentB;
    if (!token || token.cancelled) return;
    token.cancelled = true;
    token.stop?.();
  }

  private dropSideB(): void {
    // Side B may be side A's trace again (compareWithSame): A's fingerprint stays.
    if (this.loadedB !== this.loaded) this.loadedB?.fingerprint.dispose();
    this.loadedB = undefined;
    this.inputB = null;
    this.compareCache?.dispose();
    this.compareCache = undefined;
  }

  /**
   * A load of `side` starts: the one running for that side is cancelled, and its model
   * (with all derived from it) goes now, before the next is read. A new side A also ends
   * compare mode (side B and its load go).
   */
  private begin(side: Side): LoadToken {
    const token: LoadToken = { cancelled: false };
    this.cancelSide('b');
    this.dropSideB();
    if (side === 'a') {
      this.cancelSide('a');
      // An export left open holds the model it reads: it would live on beside the next one
      // (its answers are stale on the main side anyway).
      this.exports.clear();
      // A count still being swept reads the model that goes (its answer is stale anyway).
      this.statusSweep?.end();
      this.current = token;
      this.loaded?.fingerprint.dispose();
      this.loaded = undefined;
      this.input = null;
      this.lineReader = NO_LINES_YET;
    } else {
      this.currentB = token;
    }
    return token;
  }

  private end(token: LoadToken): void {
    if (this.current === token) this.current = undefined;
    if (this.currentB === token) this.currentB = undefined;
  }

  /**
   * Builds side A's opening views ahead in idle time (load/build-ahead.ts), paused while a
   * side B loads: each step would delay B's reading. With a second trace loaded beside it
   * (compare mode), A builds what the comparison merges instead (the `compare` plan: the
   * tree without task roots): the compare screen shows none of A's own views, and their
   * steps would run inside the time to its first answer. Leaving compare mode builds them.
   */
  private buildAheadA(): void {
    const loaded = this.loaded;
    if (!loaded?.derived) return;
    const loadedB = this.loadedB;
    const plan: AheadPlan = loadedB?.derived && loadedB !== loaded ? 'compare' : 'opening';
    // One run at a time: a run of this plan (going on, or done) is not started again.
    if (this.aheadA?.loaded === loaded && this.aheadA.plan === plan) return;
    const run = { loaded, plan };
    this.aheadA = run;
    buildAhead(
      loaded.derived,
      () => {
        const wanted = this.loaded === loaded && this.currentB === undefined && this.aheadA === run;
        if (!wanted && this.aheadA === run) this.aheadA = undefined;
        return wanted;
      },
      () => loaded.fingerprint.start(),
      plan,
      undefined,
      this.backOff,
    );
  }

  /** Keeps the model when it is a trace; otherwise explains why not. */
  private settle(token: LoadToken, read: ReadOutcome, side: Side): LoadResult | SideBLoadResult {
    this.end(token);
    if (side === 'b') {
      const result = this.settleB(read);
      // Side A's work ahead waited for this load: it goes on (steps already done are kept),
      // with the comparison's plan when B is a trace.
      this.buildAheadA();
      return result;
    }
    if (read.input !== undefined) this.input = read.input;
    if (read.kind === 'cancelled') return { kind: 'cancelled' };
    if (read.kind === 'failed') return { kind: 'failed', message: read.message, info: null, summary: null };
    const { model, info, fingerprint } = read;
    this.lineReader = lineReaderFor(model.format, read.lineSource ?? null);
    const summary = summarizeOpening(model);
    if (model.format === 'unknown') {
      // Keep the model anyway so `diagnostics()` can list the lines that were not understood.
      // Not a trace: no link names it, so it is not fingerprinted.
      fingerprint.dispose();
      this.loaded = { model, derived: null, summary: null, fingerprint };
      const message = failureMessage(model, info);
      return { kind: 'failed', message, info, summary: model.diagnostics.unparsedLines > 0 ? summary : null };
    }
    const empty = emptyTraceMessage(model);
    if (empty !== undefined) {
      // A header over nothing: said once here, not as "no calls in view" by every view.
      fingerprint.dispose();
      this.loaded = { model, derived: null, summary: null, fingerprint };
      return { kind: 'failed', message: empty, info, summary: null };
    }
    const loaded: LoadedModel<OpeningSummary> = { model, derived: new DerivedData(model), summary, fingerprint };
    this.loaded = loaded;
    // The fingerprint waits for the opening views: the load's cores go to them first.
    this.buildAheadA();
    return { kind: 'loaded', info, summary };
  }

  /**
   * Side B's outcome: kept when it is a trace (an input that is not one is reported and
   * dropped: compare mode needs two traces).
   */
  private settleB(read: ReadOutcome): SideBLoadResult {
    if (read.input !== undefined) this.inputB = read.input;
    if (read.kind === 'cancelled') return { kind: 'cancelled' };
    if (read.kind === 'failed') return { kind: 'failed', message: read.message, info: null, summary: null };
    const { model, info, fingerprint } = read;
    // B's functions are listed only compared with A's: its load leaves their statistics out.
    const summary = summarizeFacts(model);
    if (model.format === 'unknown') {
      // Kept so `diagnostics(…, 'b')` can list the lines not understood; not comparable.
      fingerprint.dispose();
      this.loadedB = { model, derived: null, summary: null, fingerprint };
      return { kind: 'failed', message: failureMessage(model, info), info, summary: model.diagnostics.unparsedLines > 0 ? summary : null };
    }
    const empty = emptyTraceMessage(model);
    if (empty !== undefined) {
      // Nothing to compare: dropped as a side that is not a trace is.
      fingerprint.dispose();
      this.loadedB = { model, derived: null, summary: null, fingerprint };
      return { kind: 'failed', message: empty, info, summary: null };
    }
    const loaded: LoadedModel = { model, derived: new DerivedData(model), summary, fingerprint };
    this.loadedB = loaded;
    this.compareCache?.dispose();
    this.compareCache = undefined;
    // Side B is only ever seen compared: it builds ahead what the comparison merges.
    buildAhead(loaded.derived!, () => this.loadedB === loaded, () => fingerprint.start(), 'compare', undefined, this.backOff);
    return { kind: 'loaded', info, summary };
  }
}
