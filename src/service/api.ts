/**
 * The worker boundary: what the main thread may ask the trace service and what it gets
 * back. The main thread imports these TYPES only (`import type`); the service class
 * implements `TraceServiceApi`, and the client wraps the worker as
 * `Remote<TraceServiceApi>`.
 *
 * Everything here crosses `postMessage`, so it must be structured-cloneable: plain
 * objects, arrays, numbers, strings, typed arrays (transferred where it pays).
 */
import type { DiagnosticItem } from '../core/model/tables';
import type { FormatId } from '../core/parse/record';
import type { TraceSummary } from '../core/query/summary';

export type { DiagnosticItem, FormatId, TraceSummary };
export type { SummaryFunction, SummaryTask } from '../core/query/summary';

/** What a load was asked to read. `size` is the input size in bytes when known (Content-Length). */
export interface LoadOptions {
  /** File name or URL shown to the user. */
  name?: string;
  /** Input bytes expected (compressed size for gzip); Blob sources default to `blob.size`. */
  size?: number;
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
 */
export type LoadResult =
  | { kind: 'loaded'; info: TraceInfo; summary: TraceSummary }
  | { kind: 'failed'; message: string; info: TraceInfo | null; summary: TraceSummary | null }
  | { kind: 'cancelled' };

/** One page of `Diagnostics.items`, in input order. */
export interface DiagnosticsPage {
  offset: number;
  /** Items kept in the model (capped per kind; the counts in the summary are exact). */
  total: number;
  items: DiagnosticItem[];
}

/** The methods the worker exposes. Add query methods here and in TraceService together. */
export interface TraceServiceApi {
  load(
    source: Blob | ReadableStream<Uint8Array>,
    opts?: LoadOptions,
    onProgress?: ProgressCallback,
  ): Promise<LoadResult>;
  loadText(text: string, opts?: LoadOptions): Promise<LoadResult>;
  /** Stops the running load (it resolves `{kind: 'cancelled'}`); no-op when idle. */
  cancel(): void;
  /** The summary of the loaded trace, null when none. */
  summary(): TraceSummary | null;
  diagnostics(offset: number, limit: number): DiagnosticsPage;
}
