/**
 * The worker-side engine: owns the one loaded `TraceModel` and answers queries about it.
 *
 * A plain class with no worker or comlink API inside, so Vitest calls it directly and
 * `workers/trace.worker.ts` only exposes an instance. Every public method is part of
 * `TraceServiceApi` (api.ts) and its arguments and results are structured-cloneable.
 *
 * Loading streams: the source is read chunk by chunk (`blob.stream()`), gzip is detected
 * by its magic bytes and inflated with the standard `DecompressionStream('gzip')`, and the
 * bytes go straight into the core `TraceLoader`. The file is never held as one string.
 * A trace-cmd trace.dat (its magic bytes) is read instead by the core's binary reader,
 * block by block from the Blob (trace-dat-input.ts).
 */
import { isGzip, TraceLoader } from '../core/load';
import { isTraceDat } from '../core/trace-dat/read-metadata';
import { hashBlob, inputBlob, loadTraceDatBlob } from './trace-dat-input';
import type { TraceModel } from '../core/model/tables';
import { formatName } from '../core/parse/detect';
import { advanceCallTopology } from '../core/query/call-extent';
import { layoutWidths } from '../core/query/flame-graph';
import { prepareSearch } from '../core/query/search';
import { summarize, type TraceSummary } from '../core/query/summary';
import { ViewCache } from './view-cache';
import { openChunkReader } from './chunk-reader';
import { InlineHasher, type InputHasher } from './input-hasher';
import { localInflater, type CreateInflater, type Inflater } from './inflater';
import type { ViewFilter } from '../core/query/filter';
import * as flame from './queries/flame';
import { searchStatus, type SearchStatus } from './queries/search';
import { taskList, type TaskList } from './queries/tasks';
import * as treeQueries from './queries/tree';
import * as functionQueries from './queries/functions';
import * as sourceLinkQueries from './queries/source-links';
import type {
  DiagnosticsPage,
  LoadOptions,
  LoadProgress,
  LoadResult,
  ProgressCallback,
  TraceInfo,
  TraceServiceApi,
} from './api';

/** The tree key the flame graph and the call tree open on: every call, one root per task. */
const OPENING_TREE = { filter: {}, inverted: false, groupByTask: true } as const;
/** Calls gone through per task when building ahead (tens of milliseconds). */
const AHEAD_CALLS = 1 << 16;

/** Resolves in a task of its own, after the tasks (queries) queued before. */
function afterQueuedTasks(): Promise<void> {
  return new Promise((resolve) => inTasks(() => (resolve(), true)));
}

/**
 * Calls `step` in tasks of its own until it returns true. A MessageChannel message is a
 * task that the browser does not delay (nested timeouts are held back to 4 ms each), and
 * queued queries run between two steps.
 */
function inTasks(step: () => boolean): void {
  // Work ahead is optional: a failure just ends it (the query that needs it will say why).
  const done = (): boolean => {
    try {
      return step();
    } catch {
      return true;
    }
  };
  if (typeof MessageChannel === 'undefined') {
    const tick = (): void => {
      if (!done()) setTimeout(tick, 0);
    };
    setTimeout(tick, 0);
    return;
  }
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    if (done()) channel.port1.close();
    else channel.port2.postMessage(0);
  };
  channel.port2.postMessage(0);
}

/** Progress is reported when this much more input was read… */
export const PROGRESS_BYTES = 4 * 1024 * 1024;
/** …or this much time passed since the last report. */
export const PROGRESS_MS = 100;
/** A long load yields to the event loop this often, so `cancel()` messages get through. */
const YIELD_MS = 50;
/** Largest page `diagnostics()` returns. */
export const MAX_DIAGNOSTICS_PAGE = 1000;

/** One running load. `cancelled` is set by `cancel()` or by the next load. */
interface LoadToken {
  cancelled: boolean;
  /** Cancels the streams being read, so a read waiting on a slow source returns now. */
  stop?: () => void;
}

const now = (): number => performance.now();
/**
 * A macrotask turn, so queued messages (a cancel) run. Through a MessageChannel, not
 * setTimeout(0): a load's repeated timeouts nest, and nested timeouts are clamped to 4 ms.
 */
let yieldChannel: MessageChannel | undefined;
const yieldToEventLoop = (): Promise<void> => {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  if (!yieldChannel) {
    yieldChannel = new MessageChannel();
    // Node: an open port must not keep the process alive.
    (yieldChannel.port1 as unknown as { unref?: () => void }).unref?.();
  }
  const channel = yieldChannel;
  return new Promise((resolve) => {
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(0);
  });
};
const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export class TraceService implements TraceServiceApi {
  /**
   * `createHasher` hashes the input while it streams, `createInflater` inflates a gzip input
   * (each a worker of its own in the browser, in line elsewhere).
   */
  constructor(
    private readonly createHasher: () => InputHasher = () => new InlineHasher(),
    private readonly createInflater: CreateInflater = localInflater,
  ) {}

  private model: TraceModel | undefined;
  private cachedSummary: TraceSummary | null = null;
  private current: LoadToken | undefined;
  /** The input bytes of a small trace (for links that carry the trace), else null. */
  private input: Uint8Array | null = null;
  /** Masks, trees and searches of the loaded model, shared by the view queries. */
  protected readonly views = new ViewCache();

  /**
   * Reads a whole trace. Replaces the loaded one (the previous model is dropped when the
   * load starts) and cancels a load still running.
   */
  async load(
    source: Blob | ReadableStream<Uint8Array>,
    opts: LoadOptions = {},
    onProgress?: ProgressCallback,
  ): Promise<LoadResult> {
    const token = this.begin();
    const started = now();
    const isBlob = typeof Blob !== 'undefined' && source instanceof Blob;
    const totalBytes = opts.size ?? (isBlob ? (source as Blob).size : 0);
    const progress = new ProgressThrottle(onProgress, totalBytes, started);
    try {
      return await this.read(token, source, opts, progress, started);
    } finally {
      progress.dispose();
    }
  }

  private async read(
    token: LoadToken,
    source: Blob | ReadableStream<Uint8Array>,
    opts: LoadOptions,
    progress: ProgressThrottle,
    started: number,
  ): Promise<LoadResult> {
    const isBlob = typeof Blob !== 'undefined' && source instanceof Blob;
    const name = opts.name ?? (isBlob && 'name' in source ? String((source as File).name) : '');

    let loader = new TraceLoader();
    const hasher = this.createHasher();
    const keep = new SmallInputKeeper();
    const rawReader = openChunkReader(source);
    const quietly = (p: Promise<unknown>) => void p.catch(() => undefined);
    token.stop = () => quietly(rawReader.cancel('cancelled'));
    let inputBytes = 0;
    let gzip = false;
    let inflater: Inflater | undefined;
    try {
      // The first bytes decide gzip, trace.dat or text; a chunk may be shorter than that.
      const head: Uint8Array[] = [];
      let headBytes = 0;
      let sourceDone = false;
      while (headBytes < HEAD_BYTES) {
        const chunk = await rawReader.read();
        if (!chunk) {
          sourceDone = true;
          break;
        }
        head.push(chunk);
        keep.add(chunk);
        headBytes += chunk.byteLength;
      }
      inputBytes = headBytes;
      gzip = isGzip(firstBytes(head, 2));
      if (isTraceDat(firstBytes(head, HEAD_BYTES))) {
        const blob = isBlob ? (source as Blob) : await inputBlob(head, () => rawReader.read());
        quietly(rawReader.cancel('read as trace.dat'));
        hasher.dispose();
        return await this.readDat(token, blob, name, progress, started);
      }
      // Compressed bytes are hashed as they are read (a copy: they go on to the inflater);
      // plain bytes are hashed after the parser is done with them, handed over, not copied.
      if (gzip) for (const h of head) hasher.update(h);
      // A plain input's size is its text size: it sizes the call table once (no bytes yet).
      const expected = opts.size ?? (isBlob ? (source as Blob).size : 0);
      if (!gzip && expected > 0) loader = new TraceLoader(expected);

      // A pull stream over the source that counts input bytes as they are consumed.
      const counted = new ReadableStream<Uint8Array>({
        pull: async (controller) => {
          const next = head.shift();
          if (next) {
            controller.enqueue(next);
            return;
          }
          if (sourceDone) {
            controller.close();
            return;
          }
          const chunk = await rawReader.read();
          if (!chunk) {
            controller.close();
          } else {
            inputBytes += chunk.byteLength;
            if (gzip) hasher.update(chunk);
            keep.add(chunk);
            controller.enqueue(chunk);
          }
        },
        cancel: (reason) => rawReader.cancel(reason),
      });
      if (gzip) inflater = await this.createInflater();
      const text: ReadableStream<Uint8Array> = inflater ? counted.pipeThrough(inflater.stream) : counted;
      const reader = text.getReader();
      const giveBack = (buffer: ArrayBuffer) => rawReader.recycle(buffer);
      token.stop = () => {
        quietly(reader.cancel('cancelled'));
        quietly(rawReader.cancel('cancelled'));
      };
      progress.report(inputBytes, 0, true);
      let lastYield = now();
      try {
        for (;;) {
          if (token.cancelled) {
            await reader.cancel('cancelled').catch(() => undefined);
            hasher.dispose();
            inflater?.dispose();
            return this.cancelled(token);
          }
          const r = await reader.read();
          if (r.done) break;
          loader.pushBytes(r.value);
          // Parsed: the hasher takes the buffer and gives it back to be read into again.
          if (!gzip) hasher.update(r.value, giveBack);
          if (loader.isBinary) {
            // A trace.dat or the like: its first bytes said so, the rest would say nothing.
            await reader.cancel('not trace text').catch(() => undefined);
            break;
          }
          progress.report(inputBytes, loader.lines, false);
          if (now() - lastYield >= YIELD_MS) {
            await yieldToEventLoop();
            lastYield = now();
          }
        }
      } catch (err) {
        // A truncated or damaged gzip, or a read error: keep what was parsed so far.
        loader.addInputError(readFailure(gzip, errorText(err)));
      }
    } catch (err) {
      loader.addInputError(`the input could not be read (${errorText(err)})`);
    }
    // The text has been read to its end (or an error): the inflating worker is done.
    inflater?.dispose();
    if (token.cancelled) {
      hasher.dispose();
      return this.cancelled(token);
    }
    this.input = keep.bytes();
    // Asked first, awaited after the model is finished: the last blocks hash meanwhile.
    const fingerprint = hasher.digest().catch(() => '');

    let model: TraceModel;
    try {
      model = loader.finish();
    } catch (err) {
      this.end(token);
      return { kind: 'failed', message: `The trace could not be loaded: ${errorText(err)}`, info: null, summary: null };
    }
    // Without a fingerprint the trace still loads; only its permalink is less precise.
    const contentHash = await fingerprint;
    if (token.cancelled) return this.cancelled(token);
    progress.report(inputBytes, loader.lines, true);
    const info: TraceInfo = {
      name,
      format: model.format,
      formatLabel: formatName(model.format),
      gzip,
      inputBytes,
      contentHash,
      textBytes: model.textBytes,
      lines: model.diagnostics.linesRead,
      elapsedMs: Math.round(now() - started),
    };
    return this.settle(token, model, info);
  }

  /** A trace.dat: the core's binary reader over the Blob, progress by bytes of the file. */
  private async readDat(token: LoadToken, blob: Blob, name: string, progress: ProgressThrottle, started: number): Promise<LoadResult> {
    token.stop = undefined;
    let model: TraceModel;
    try {
      model = await loadTraceDatBlob(blob, (read) => progress.report(read, 0, false), () => token.cancelled);
    } catch (err) {
      this.end(token);
      return { kind: 'failed', message: `The trace could not be loaded: ${errorText(err)}`, info: null, summary: null };
    }
    if (token.cancelled) return this.cancelled(token);
    const contentHash = await hashBlob(blob, this.createHasher());
    if (token.cancelled) return this.cancelled(token);
    progress.report(blob.size, model.diagnostics.linesRead, true);
    this.input = null;
    const info: TraceInfo = {
      name,
      format: model.format,
      formatLabel: formatName(model.format),
      gzip: false,
      inputBytes: blob.size,
      contentHash,
      textBytes: 0,
      lines: model.diagnostics.linesRead,
      elapsedMs: Math.round(now() - started),
    };
    return this.settle(token, model, info);
  }

  /** Loads pasted text (already in memory, so no progress and no gzip). */
  async loadText(text: string, opts: LoadOptions = {}): Promise<LoadResult> {
    const token = this.begin();
    const started = now();
    const loader = new TraceLoader();
    loader.pushText(text);
    let model: TraceModel;
    try {
      model = loader.finish();
    } catch (err) {
      this.end(token);
      return { kind: 'failed', message: `The trace could not be loaded: ${errorText(err)}`, info: null, summary: null };
    }
    const encoded = new TextEncoder().encode(text);
    const bytes = encoded.length;
    const hasher = this.createHasher();
    hasher.update(encoded);
    const contentHash = await hasher.digest().catch(() => '');
    if (token.cancelled) return this.cancelled(token);
    this.input = bytes <= MAX_KEPT_INPUT ? encoded : null;
    const info: TraceInfo = {
      name: opts.name ?? 'pasted text',
      format: model.format,
      formatLabel: formatName(model.format),
      gzip: false,
      inputBytes: bytes,
      contentHash,
      textBytes: bytes,
      lines: model.diagnostics.linesRead,
      elapsedMs: Math.round(now() - started),
    };
    return this.settle(token, model, info);
  }

  cancel(): void {
    const token = this.current;
    if (!token || token.cancelled) return;
    token.cancelled = true;
    token.stop?.();
  }

  /** For each name, whether the loaded trace has a function (or task label) of that name. */
  knownNames(names: string[]): boolean[] {
    const model = this.model;
    if (!model) return names.map(() => false);
    return names.slice(0, 1000).map((n) => model.strings.find(n) !== undefined);
  }

  /**
   * The input bytes as read (gzip stays gzip) when the trace is small enough to travel
   * inside a link (MAX_KEPT_INPUT), else null. Transferred, so call it once per share.
   */
  inputBytes(): Uint8Array | null {
    return this.input ? this.input.slice() : null;
  }

  summary(): TraceSummary | null {
    return this.cachedSummary;
  }

  diagnostics(offset: number, limit: number): DiagnosticsPage {
    const items = this.model?.diagnostics.items ?? [];
    const from = Math.max(0, Math.min(items.length, Math.floor(offset) || 0));
    const count = Math.max(0, Math.min(MAX_DIAGNOSTICS_PAGE, Math.floor(limit) || 0));
    return { offset: from, total: items.length, items: items.slice(from, from + count) };
  }

  flameGraph(req: flame.FlameGraphRequest): flame.FlameGraphFrames {
    return flame.flameGraphFrames(this.views, req);
  }

  flameChart(req: flame.FlameChartRequest): flame.FlameChartFrames {
    return flame.flameChartFrames(this.views, req);
  }

  chartTasks(filter: ViewFilter): flame.ChartTasks {
    return flame.chartTasks(this.views, filter);
  }

  timeline(filter: ViewFilter, buckets: number): flame.Timeline {
    return flame.timeline(this.views, filter, buckets);
  }

  matchedFuncs(filter: ViewFilter, pattern: string): Int32Array {
    return flame.matchedFuncs(this.views, filter, pattern);
  }

  taskList(): TaskList {
    return this.model && this.cachedSummary ? taskList(this.model) : { tasks: [], cpus: [] };
  }

  /**
   * Answered after the queries already queued: a keystroke also asks `matchedFuncs` (for
   * the flame views' highlight), a test of the names only, while this counts over the
   * calls; the highlight goes first and the status line follows a few ms later.
   */
  async searchStatus(filter: ViewFilter, pattern: string): Promise<SearchStatus> {
    await afterQueuedTasks();
    return searchStatus(this.views, filter, pattern);
  }

  // Call tree, functions table, callers & callees, source links (queries/tree.ts, functions.ts, source-links.ts).
  treeLevels(key: treeQueries.TreeKey, paths: string[][]): treeQueries.TreeLevels {
    return treeQueries.treeLevels(this.views, key, paths);
  }

  treeSubtree(key: treeQueries.TreeKey, path: string[], maxRows: number): treeQueries.TreeSubtree {
    return treeQueries.treeSubtree(this.views, key, path, maxRows);
  }

  /** The path of names of one call in the tree of `key` ([] when it is not in view). */
  callPath(key: treeQueries.TreeKey, call: number): string[] {
    return this.model ? treeQueries.pathOfCall(this.views, key, call) : [];
  }

  treeStepSearch(key: treeQueries.TreeKey, pattern: string, from: treeQueries.StepFrom, direction: 1 | -1): treeQueries.StepAnswer {
    return treeQueries.stepSearch(this.views, key, pattern, from, direction);
  }

  treeTopDownPath(key: treeQueries.TreeKey, path: string[]): string[] {
    return treeQueries.topDownPathFor(this.views, key, path);
  }

  functionTable(filter: ViewFilter): functionQueries.FunctionTable {
    return functionQueries.functionTable(this.views, filter);
  }

  functionDetail(key: treeQueries.TreeKey, name: string): functionQueries.FunctionDetailAnswer {
    return functionQueries.functionDetailOf(this.views, key, name);
  }

  sourceLinks(names: string[], version: string): (string | null)[] {
    return sourceLinkQueries.sourceLinks(names, version);
  }

  checkKernelVersion(input: string): sourceLinkQueries.KernelVersionCheck {
    return sourceLinkQueries.checkKernelVersion(input);
  }

  kernelVersionFromRelease(release: string): string | null {
    return sourceLinkQueries.kernelVersionFromRelease(release);
  }

  /**
   * The loaded model, for service methods and tests in this process. Never call it through
   * the worker: it would structured-clone the whole model.
   */
  currentModel(): TraceModel | undefined {
    return this.model;
  }

  /**
   * Right after a load, while the page renders its first screen, the worker would be idle:
   * it builds what the first views will ask for, in small tasks, so a query that comes
   * meanwhile waits for one task at most: the call order, the tree the flame graph and the
   * call tree open on (all calls, one root per task) with its layout widths, and the search
   * index. A query that needs one of them before it is done finishes it. Stops when another
   * trace is loaded.
   */
  private warmUp(model: TraceModel): void {
    const steps: (() => boolean)[] = [
      () => advanceCallTopology(model.calls, AHEAD_CALLS),
      () => this.views.buildAhead(OPENING_TREE, AHEAD_CALLS),
      () => {
        layoutWidths(this.views.topDown(OPENING_TREE));
        return true;
      },
      () => {
        prepareSearch(model);
        return true;
      },
    ];
    inTasks(() => {
      if (this.model !== model) return true;
      if (steps[0]()) steps.shift();
      return steps.length === 0;
    });
  }

  private begin(): LoadToken {
    this.cancel();
    const token: LoadToken = { cancelled: false };
    this.current = token;
    this.model = undefined;
    this.input = null;
    this.views.reset(undefined);
    this.cachedSummary = null;
    return token;
  }

  private end(token: LoadToken): void {
    if (this.current === token) this.current = undefined;
  }

  private cancelled(token: LoadToken): LoadResult {
    this.end(token);
    return { kind: 'cancelled' };
  }

  /** Keeps the model when it is a trace; otherwise explains why not. */
  private settle(token: LoadToken, model: TraceModel, info: TraceInfo): LoadResult {
    this.end(token);
    const summary = summarize(model);
    if (model.format === 'unknown') {
      // Keep the model anyway so `diagnostics()` can list the lines that were not understood.
      this.model = model;
      const message = failureMessage(model, info);
      return { kind: 'failed', message, info, summary: model.diagnostics.unparsedLines > 0 ? summary : null };
    }
    this.model = model;
    this.views.reset(model);
    this.cachedSummary = summary;
    this.warmUp(model);
    return { kind: 'loaded', info, summary };
  }
}

function failureMessage(model: TraceModel, info: TraceInfo): string {
  const d = model.diagnostics;
  const inputError = d.inputErrors[0];
  if (d.unparsedLines === 0) {
    if (inputError) return `Could not read the input: ${inputError}.`;
    if (info.inputBytes === 0 && info.textBytes === 0) return 'The file is empty: there is nothing to show.';
    if (info.textBytes === 0) return 'The file is empty: the gzip stream holds no text.';
    return 'The file holds no trace lines (only blank lines).';
  }
  return (
    'This is not a trace format ftrace explorer reads. Expected the output of "trace-cmd report", ' +
    "or the kernel's function_graph / function tracer text (tracefs \"trace\" or \"trace_pipe\")." +
    (inputError ? ` Also: ${inputError}.` : '')
  );
}

/**
 * What a read that stopped early means. Several gzip members one after the other (`cat
 * a.gz b.gz`, appended logs) are a valid gzip file, but the browser's DecompressionStream
 * reads only the first and calls the rest junk (Chromium: "Junk found after end of
 * compressed data"), and drops the last output before it.
 */
export function readFailure(gzip: boolean, error: string): string {
  if (!gzip) return `the input could not be read to the end (${error}); showing the part read before the damage`;
  if (/junk|after (the )?end/i.test(error)) {
    return (
      'the file holds several gzip members one after the other (concatenated .gz files), and the ' +
      "browser's decompressor reads only the first, not all of it: recompress it as one " +
      '("zcat trace.txt.gz | gzip > one.txt.gz") or open the plain text; showing what the first gave'
    );
  }
  return `the gzip stream is truncated or damaged (${error}); showing the part read before the damage`;
}

/** The first `n` bytes across chunks. */
function firstBytes(chunks: readonly Uint8Array[], n: number): Uint8Array {
  const out = new Uint8Array(n);
  let k = 0;
  for (const c of chunks) {
    for (let i = 0; i < c.byteLength && k < n; i++) out[k++] = c[i];
    if (k === n) break;
  }
  return out.subarray(0, k);
}

/** Bytes read before deciding what the input is: gzip's magic and trace.dat's. */
const HEAD_BYTES = 16;

/** Inputs up to this size are kept after a load, so a link can carry them. */
export const MAX_KEPT_INPUT = 1024 * 1024;

/** Collects the input while it is at most MAX_KEPT_INPUT bytes; gives up (and frees) beyond. */
class SmallInputKeeper {
  private parts: Uint8Array[] | null = [];
  private size = 0;

  add(chunk: Uint8Array): void {
    if (!this.parts) return;
    this.size += chunk.byteLength;
    if (this.size > MAX_KEPT_INPUT) this.parts = null;
    else this.parts.push(chunk.slice());
  }

  bytes(): Uint8Array | null {
    if (!this.parts) return null;
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.byteLength;
    }
    return out;
  }
}

/**
 * Calls the progress callback at most every PROGRESS_MS or PROGRESS_BYTES. A report it
 * skips is sent PROGRESS_MS later if nothing newer came (so a stalled source still shows
 * the lines parsed so far). `dispose()` drops that pending report.
 */
class ProgressThrottle {
  private lastBytes = -1;
  private lastTime: number;
  private pending: LoadProgress | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly callback: ProgressCallback | undefined,
    private readonly totalBytes: number,
    started: number,
  ) {
    this.lastTime = started;
  }

  report(bytes: number, lines: number, force: boolean): void {
    if (!this.callback) return;
    const p: LoadProgress = { bytes, totalBytes: Math.max(this.totalBytes, 0), lines };
    const t = now();
    if (!force && bytes - this.lastBytes < PROGRESS_BYTES && t - this.lastTime < PROGRESS_MS) {
      this.pending = p;
      this.timer ??= setTimeout(() => this.flush(), Math.max(1, PROGRESS_MS - (t - this.lastTime)));
      return;
    }
    this.send(p, t);
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
  }

  private flush(): void {
    this.timer = undefined;
    const p = this.pending;
    if (p) this.send(p, now());
  }

  private send(p: LoadProgress, t: number): void {
    this.dispose();
    this.lastBytes = p.bytes;
    this.lastTime = t;
    // A progress listener that fails (a closed port) must not stop the load.
    try {
      const r = this.callback?.(p) as unknown;
      if (r && typeof (r as Promise<void>).catch === 'function') (r as Promise<void>).catch(() => undefined);
    } catch {
      /* ignored */
    }
  }
}
