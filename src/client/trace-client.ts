/**
 * The main thread's handle on the trace worker, and the ONLY main-thread module that
 * uses comlink. It imports nothing but types from the service.
 *
 * - One long-lived module worker owns the model (workers/trace.worker.ts).
 * - Files go to the worker as Blobs (no copy of the bytes on the main thread); URLs are
 *   fetched here and the response body is transferred to the worker as a stream.
 * - Progress arrives through a `comlink.proxy` callback; the worker releases it when the
 *   load ends, and this side ignores any late call.
 * - Every load bumps a generation. Answers from an older generation are reported as
 *   `stale` so callers apply only the latest one.
 * - Compare mode's side B (`loadBlobB`, `loadUrlB`, `loadTextB`, `cancelB`) has a generation
 *   of its own: loading or dropping B leaves A's answers fresh (a new A still makes B's stale,
 *   since the worker drops B when A is replaced).
 */
import { proxy, transfer, wrap, type Remote } from 'comlink';
import type {
  DiagnosticsPage,
  LoadOptions,
  LoadProgress,
  LoadResult,
  SideBLoadResult,
  TraceServiceApi,
  TraceSummary,
} from '../service/api';
import { fetchFailureMessage } from './fetch-failure';

export type {
  DiagnosticItem,
  DiagnosticsPage,
  LoadProgress,
  LoadResult,
  OpeningSummary,
  SideBLoadResult,
  TraceFacts,
  TraceInfo,
  TraceSummary,
} from '../service/api';

/** A load result, or `stale` when a newer load started before this one answered. */
export type ClientLoadResult = LoadResult | { kind: 'stale' };
/** Side B's load result (its summary has no functions: api.ts SideBLoadResult), or `stale`. */
export type ClientSideBLoadResult = SideBLoadResult | { kind: 'stale' };

/** Answers of queries about the trace: `stale` when the trace changed in the meantime. */
export type Fresh<T> = { stale: false; value: T } | { stale: true };

export type ProgressListener = (p: LoadProgress) => void;

/** The service's query methods: everything but the load lifecycle. */
export type QueryMethod = Exclude<keyof TraceServiceApi, 'load' | 'loadText' | 'cancel'>;
export type QueryArgs<M extends QueryMethod> = Parameters<TraceServiceApi[M]>;
export type QueryAnswer<M extends QueryMethod> = Awaited<ReturnType<TraceServiceApi[M]>>;

/** What state/ needs from the client (so tests can pass a fake). */
export interface TraceClientApi {
  loadBlob(blob: Blob, opts: LoadOptions, onProgress?: ProgressListener): Promise<ClientLoadResult>;
  loadUrl(url: string, onProgress?: ProgressListener): Promise<ClientLoadResult>;
  loadText(text: string, opts?: LoadOptions): Promise<ClientLoadResult>;
  cancel(): void;
  summary(): Promise<Fresh<TraceSummary | null>>;
  diagnostics(offset: number, limit: number): Promise<Fresh<DiagnosticsPage>>;
  /** Compare mode: reads side B beside A (optional so test fakes need not implement it). */
  loadBlobB?(blob: Blob, name: string, onProgress?: ProgressListener): Promise<ClientSideBLoadResult>;
  loadUrlB?(url: string, onProgress?: ProgressListener): Promise<ClientSideBLoadResult>;
  loadTextB?(text: string, name: string): Promise<ClientSideBLoadResult>;
  /** Stops B's load and drops side B (the worker's leaveCompare). */
  cancelB?(): void;
  /**
   * Any query method of the service by name (state/*-queries.ts call it through
   * `queryWorker` in actions.ts). Optional so test fakes need not implement it.
   */
  query?<M extends QueryMethod>(method: M, ...args: QueryArgs<M>): Promise<Fresh<QueryAnswer<M>>>;
}

export class TraceClient implements TraceClientApi {
  private readonly worker: Worker;
  private readonly remote: Remote<TraceServiceApi>;
  private generation = 0;
  /** The generation `cancel()` was called for: its answer is `cancelled` whatever the worker says. */
  private cancelledGeneration = 0;
  /** Aborts the fetch of a `?url=` load when it is cancelled or replaced. */
  private fetchAbort: AbortController | undefined;
  /** Side B's loads: bumped by each and by cancelB (an answer of an older one is stale). */
  private generationB = 0;
  private fetchAbortB: AbortController | undefined;

  /**
   * `defaults.workers`: the parse threads every file load asks for (the page's `?workers=N`;
   * undefined: the worker decides from the machine's cores).
   */
  constructor(
    worker?: Worker,
    private readonly defaults: Pick<LoadOptions, 'workers'> = {},
  ) {
    this.worker =
      worker ?? new Worker(new URL('../../workers/trace.worker.ts', import.meta.url), { type: 'module', name: 'trace' });
    this.remote = wrap<TraceServiceApi>(this.worker);
  }

  async loadBlob(blob: Blob, opts: LoadOptions, onProgress?: ProgressListener): Promise<ClientLoadResult> {
    const gen = this.next();
    return this.run(gen, onProgress, (cb) => this.remote.load(blob, { size: blob.size, ...this.defaults, ...opts }, cb));
  }

  /** Fetches `url` (the caller checked it is http/https or same-origin) and streams the body to the worker. */
  async loadUrl(url: string, onProgress?: ProgressListener): Promise<ClientLoadResult> {
    const gen = this.next();
    const abort = new AbortController();
    this.fetchAbort = abort;
    let response: Response;
    try {
      response = await fetch(url, { signal: abort.signal, credentials: 'omit' });
    } catch (err) {
      if (gen !== this.generation) return { kind: 'stale' };
      if (abort.signal.aborted || gen === this.cancelledGeneration) return { kind: 'cancelled' };
      return failed(fetchFailureMessage(url, err));
    }
    if (gen !== this.generation) {
      abort.abort();
      return { kind: 'stale' };
    }
    if (!response.ok || !response.body) {
      if (this.fetchAbort === abort) this.fetchAbort = undefined;
      return failed(`Could not fetch ${url}: HTTP ${response.status} ${response.statusText}`.trim());
    }
    // Content-Length is the size on the wire: only the input size when not content-encoded.
    const length = Number(response.headers.get('content-length'));
    const encoded = (response.headers.get('content-encoding') ?? 'identity') !== 'identity';
    const opts: LoadOptions = { name: url, size: !encoded && length > 0 ? length : 0 };
    const body = response.body;
    if (canTransferStreams()) {
      // From here on the worker owns the body: cancelling the load cancels the stream there.
      if (this.fetchAbort === abort) this.fetchAbort = undefined;
      return this.run(gen, onProgress, (cb) => this.remote.load(transfer(body, [body]), opts, cb));
    }
    // Browsers without transferable streams: collect the body as a Blob (still not a string).
    // Cancel aborts the download; a body that breaks off (the connection lost) rejects, which
    // left the load waiting for ever.
    let blob: Blob;
    try {
      blob = await new Response(body).blob();
    } catch (err) {
      if (gen !== this.generation) return { kind: 'stale' };
      if (abort.signal.aborted || gen === this.cancelledGeneration) return { kind: 'cancelled' };
      return failed(`Could not read ${url} to its end: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      if (this.fetchAbort === abort) this.fetchAbort = undefined;
    }
    if (gen !== this.generation) return { kind: 'stale' };
    // A fetched body is read in one pass, as its stream would be (no parse pool).
    return this.run(gen, onProgress, (cb) => this.remote.load(blob, { ...opts, workers: 1 }, cb));
  }

  async loadBlobB(blob: Blob, name: string, onProgress?: ProgressListener): Promise<ClientSideBLoadResult> {
    const gen = this.nextB();
    return this.runB(gen, onProgress, (cb) => this.remote.load(blob, { size: blob.size, ...this.defaults, name, side: 'b' }, cb));
  }

  /** Side B from a URL (`?vs=`): fetched here and collected as a Blob, then read as B. */
  async loadUrlB(url: string, onProgress?: ProgressListener): Promise<ClientSideBLoadResult> {
    const gen = this.nextB();
    const abort = new AbortController();
    this.fetchAbortB = abort;
    try {
      const response = await fetch(url, { signal: abort.signal, credentials: 'omit' });
      if (!response.ok) return failed(`Could not fetch ${url}: HTTP ${response.status} ${response.statusText}`.trim());
      const blob = await response.blob();
      if (gen !== this.generationB) return { kind: 'stale' };
      return this.runB(gen, onProgress, (cb) => this.remote.load(blob, { size: blob.size, name: url, side: 'b', workers: 1 }, cb));
    } catch (err) {
      if (gen !== this.generationB) return { kind: 'stale' };
      if (abort.signal.aborted) return { kind: 'cancelled' };
      return failed(fetchFailureMessage(url, err));
    } finally {
      if (this.fetchAbortB === abort) this.fetchAbortB = undefined;
    }
  }

  async loadTextB(text: string, name: string): Promise<ClientSideBLoadResult> {
    const gen = this.nextB();
    return this.runB(gen, undefined, () => this.remote.loadText(text, { name, side: 'b' }));
  }

  /** Stops side B's load (its promise resolves `stale`) and drops side B in the worker. */
  cancelB(): void {
    this.nextB();
    void this.remote.leaveCompare();
  }

  async loadText(text: string, opts: LoadOptions = {}): Promise<ClientLoadResult> {
    const gen = this.next();
    return this.run(gen, undefined, () => this.remote.loadText(text, opts));
  }

  /** Stops the running load; its promise resolves `cancelled` (or `stale`). */
  cancel(): void {
    this.cancelledGeneration = this.generation;
    this.fetchAbort?.abort();
    this.fetchAbort = undefined;
    void this.remote.cancel();
  }

  async summary(): Promise<Fresh<TraceSummary | null>> {
    return this.fresh(this.remote.summary());
  }

  async diagnostics(offset: number, limit: number): Promise<Fresh<DiagnosticsPage>> {
    return this.fresh(this.remote.diagnostics(offset, limit));
  }

  async query<M extends QueryMethod>(method: M, ...args: QueryArgs<M>): Promise<Fresh<QueryAnswer<M>>> {
    const call = this.remote[method] as unknown as (...a: QueryArgs<M>) => Promise<QueryAnswer<M>>;
    return this.fresh(call(...args));
  }

  /** Stops the worker (tests, hot reload). */
  dispose(): void {
    this.worker.terminate();
  }

  private next(): number {
    this.fetchAbort?.abort();
    this.fetchAbort = undefined;
    return ++this.generation;
  }

  private nextB(): number {
    this.fetchAbortB?.abort();
    this.fetchAbortB = undefined;
    return ++this.generationB;
  }

  /** One load of side B: stale when another B load (or cancelB), or a new A, came meanwhile. */
  private async runB(
    gen: number,
    onProgress: ProgressListener | undefined,
    start: (cb: ((p: LoadProgress) => void) | undefined) => Promise<SideBLoadResult>,
  ): Promise<ClientSideBLoadResult> {
    const genA = this.generation;
    const current = () => gen === this.generationB && genA === this.generation;
    let live = true;
    const cb = onProgress
      ? proxy((p: LoadProgress) => {
          if (live && current()) onProgress(p);
        })
      : undefined;
    try {
      const result = await start(cb);
      return current() ? result : { kind: 'stale' };
    } catch (err) {
      if (!current()) return { kind: 'stale' };
      return failed(`The trace worker failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      live = false;
    }
  }

  private async fresh<T>(answer: Promise<T>): Promise<Fresh<T>> {
    const gen = this.generation;
    const value = await answer;
    return gen === this.generation ? { stale: false, value } : { stale: true };
  }

  /** Runs one load with a proxied progress callback that goes quiet once the load is over. */
  private async run(
    gen: number,
    onProgress: ProgressListener | undefined,
    start: (cb: ((p: LoadProgress) => void) | undefined) => Promise<LoadResult>,
  ): Promise<ClientLoadResult> {
    let live = true;
    const cb = onProgress
      ? proxy((p: LoadProgress) => {
          if (live && gen === this.generation) onProgress(p);
        })
      : undefined;
    try {
      const result = await start(cb);
      if (gen !== this.generation) return { kind: 'stale' };
      return gen === this.cancelledGeneration ? { kind: 'cancelled' } : result;
    } catch (err) {
      if (gen !== this.generation) return { kind: 'stale' };
      if (gen === this.cancelledGeneration) return { kind: 'cancelled' };
      return failed(`The trace worker failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      live = false;
    }
  }
}

function failed(message: string): LoadResult {
  return { kind: 'failed', message, info: null, summary: null };
}

let transferableStreams: boolean | undefined;

/** Whether this browser can post a ReadableStream as a transferable (Chrome, Firefox, Safari 18+). */
function canTransferStreams(): boolean {
  if (transferableStreams === undefined) {
    try {
      const stream = new ReadableStream();
      const channel = new MessageChannel();
      channel.port1.postMessage(stream, [stream]);
      channel.port1.close();
      channel.port2.close();
      transferableStreams = true;
    } catch {
      transferableStreams = false;
    }
  }
  return transferableStreams;
}
