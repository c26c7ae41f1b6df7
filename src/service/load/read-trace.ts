/**
 * The read pipeline: a trace's bytes in, a model out. The source is read chunk by chunk
 * (`blob.stream()`), gzip is detected by its magic bytes and inflated (in a worker of its
 * own in the browser: inflater.ts) and the bytes go straight into the core `TraceLoader`.
 * The file is never held as one string. The input's fingerprint is left for after the
 * load (fingerprint.ts): a File is hashed again from its Blob then; a stream's bytes are
 * handed to the hasher as they go by. A small input is kept (input-keeper.ts) so a link
 * can carry the trace.
 * A trace-cmd trace.dat (its magic bytes) is read instead by the core's binary reader,
 * block by block from the Blob (trace-dat-input.ts).
 */
import { TraceLoader } from '../../core/load';
import { isGzip } from '../../lib/file-magic';
import { isTraceDat } from '../../core/trace-dat/read-metadata';
import { addInputError } from '../../core/trace-dat/load-trace-dat';
import { inputBlob, loadTraceDatBlob } from './trace-dat-input';
import { blobFingerprint, fedFingerprint, type FingerprintJob } from './fingerprint';
import type { TraceModel } from '../../core/model/tables';
import { formatName } from '../../core/parse/detect';
import { summaryOutputReason } from '../../core/parse/summary-output';
import { beginsZeroFilled } from '../../core/parse/line-reading';
import type { LoadOptions, TraceInfo } from '../api';
import { openChunkReader } from '../chunk-reader';
import { TRAILING_GARBAGE, TRAILING_GARBAGE_READ } from '../../lib/gzip-end';
import type { CreateInflater, Inflater } from '../inflater';
import type { InputHasher } from '../input-hasher';
import { MAX_KEPT_INPUT, SmallInputKeeper } from './input-keeper';
import type { LineSource } from './input-lines';
import { BYTES_PER_CALL, defaultMemoryLimit, formatBytesForMessage, memoryNeed, tooBigMessage } from './memory-limit';
import type { ProgressThrottle } from './progress-throttle';
import { yieldToEventLoop } from './event-loop';
import { parseThreads } from './pool-size';
import { readInPool } from './pool-read';
import type { SpawnRangeWorker } from './range-pool';

/** A long load yields to the event loop this often, so `cancel()` messages get through. */
const YIELD_MS = 50;

/** One running load. `cancelled` is set by `cancel()` or by the next load. */
export interface LoadToken {
  cancelled: boolean;
  /** Cancels the streams being read, so a read waiting on a slow source returns now. */
  stop?: () => void;
}

/** What a read gave: a model and what the user is told about its input, or why not. */
export type ReadOutcome =
  | {
      kind: 'read';
      model: TraceModel;
      info: TraceInfo;
      input: Uint8Array | null;
      /** Where the input's text lines can be read again (input-lines.ts); null when nothing was kept. */
      lineSource?: LineSource | null;
      /** The input's fingerprint, made after the load (`info.contentHash` is null until then). */
      fingerprint: FingerprintJob;
    }
  | { kind: 'failed'; message: string; input: Uint8Array | null }
  | { kind: 'cancelled'; input?: Uint8Array | null };

export interface ReadDeps {
  createHasher: () => InputHasher;
  createInflater: CreateInflater;
  /** Starts a range worker of the parse pool; without it every input is read in one pass. */
  spawnRangeWorker?: SpawnRangeWorker;
  /** Logical cores (navigator.hardwareConcurrency where it is known): the pool's default size. */
  cores?: number;
  /** Text bytes per piece when the pool reads a gzip (gzip-pool-read.ts; the tests cut small pieces). */
  pieceBytes?: number;
}

const now = (): number => performance.now();
const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Reads a whole trace from a stream or a blob. */
export async function readTrace(
  token: LoadToken,
  source: Blob | ReadableStream<Uint8Array>,
  opts: LoadOptions,
  deps: ReadDeps,
  progress: ProgressThrottle,
  started: number,
): Promise<ReadOutcome> {
  const isBlob = typeof Blob !== 'undefined' && source instanceof Blob;
  const name = opts.name ?? (isBlob && 'name' in source ? String((source as File).name) : '');
  // A text file, plain or gzipped, may be parsed by a pool of workers (pool-read.ts;
  // pool-size.ts says when); a stream (?url=) and trace.dat are read in one pass below.
  if (isBlob && deps.spawnRangeWorker) {
    const threads = parseThreads(source.size, opts.workers, deps.cores);
    if (threads > 1) {
      const poolDeps = { createHasher: deps.createHasher, createInflater: deps.createInflater, spawnRangeWorker: deps.spawnRangeWorker, pieceBytes: deps.pieceBytes };
      const pooled = await readInPool(token, source, threads, opts, poolDeps, progress, started);
      if (pooled || token.cancelled) return pooled ?? { kind: 'cancelled' };
    }
  }

  let loader = new TraceLoader();
  // A File is hashed after the load, from its Blob; a stream's bytes only go by once.
  const hasher = isBlob ? null : deps.createHasher();
  const keep = new SmallInputKeeper();
  const rawReader = openChunkReader(source);
  const quietly = (p: Promise<unknown>) => void p.catch(() => undefined);
  token.stop = () => quietly(rawReader.cancel('cancelled'));
  let inputBytes = 0;
  let gzip = false;
  let inflater: Inflater | undefined;
  /** A gzipped trace.dat: its inflated bytes, and why the inflating stopped early if it did. */
  let gzippedDat: Uint8Array[] | null = null;
  let gzippedDatBytes = 0;
  let gzipFailure = '';
  const memoryLimit = opts.memoryLimit ?? defaultMemoryLimit();
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
      const blob = isBlob ? source : await inputBlob(head, () => rawReader.read(), memoryLimit);
      quietly(rawReader.cancel('read as trace.dat'));
      hasher?.dispose();
      if (token.cancelled) return { kind: 'cancelled' };
      if (!blob) return { kind: 'failed', message: streamedDatTooBig(memoryLimit), input: null };
      return await readTraceDat(token, blob, name, deps, progress, started, memoryLimit);
    }
    // A stream's compressed bytes are hashed as they are read (a copy: they go on to the
    // inflater); its plain bytes after the parser is done with them, handed over, not copied.
    if (gzip) for (const h of head) hasher?.update(h);
    // A plain input's size is its text size: it sizes the call table once (no bytes yet).
    const expected = opts.size ?? (isBlob ? source.size : 0);
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
          if (gzip) hasher?.update(chunk);
          keep.add(chunk);
          controller.enqueue(chunk);
        }
      },
      cancel: (reason: unknown) => rawReader.cancel(reason),
    });
    if (gzip) inflater = await deps.createInflater();
    const text: ReadableStream<Uint8Array> = inflater ? counted.pipeThrough(inflater.stream) : counted;
    const yieldSometimes = async (): Promise<void> => {
      if (now() - lastYield < YIELD_MS) return;
      await yieldToEventLoop();
      lastYield = now();
    };
    const reader = text.getReader();
    // A gzipped trace.dat is held whole to be read (a gzip of zeros behind trace.dat's magic
    // inflates without end): past the limit, stop before the tab runs out of memory.
    const gatheredTooBig = async (): Promise<ReadOutcome> => {
      await reader.cancel('too big').catch(() => undefined);
      hasher?.dispose();
      inflater?.dispose();
      return { kind: 'failed', message: gzippedDatTooBig(gzippedDatBytes, memoryLimit), input: null };
    };
    const giveBack = (buffer: ArrayBuffer) => rawReader.recycle(buffer);
    token.stop = () => {
      quietly(reader.cancel('cancelled'));
      quietly(rawReader.cancel('cancelled'));
    };
    progress.report(inputBytes, 0, true);
    let lastYield = now();
    // gzip: the first inflated bytes say whether it is a gzipped trace.dat, which is then
    // gathered whole (the reader needs random access) and read after the inflating.
    let inflatedHead: Uint8Array[] | null = gzip ? [] : null;
    try {
      for (;;) {
        if (token.cancelled) {
          await reader.cancel('cancelled').catch(() => undefined);
          hasher?.dispose();
          inflater?.dispose();
          return { kind: 'cancelled' };
        }
        const r = await reader.read();
        if (r.done) break;
        if (gzippedDat) {
          gzippedDat.push(r.value);
          gzippedDatBytes += r.value.byteLength;
          if (gzippedDatBytes > memoryLimit) return await gatheredTooBig();
          // The inflating is the first half of the work, the reading the second.
          progress.report(inputBytes / 2, 0, false);
          await yieldSometimes();
          continue;
        }
        if (inflatedHead) {
          inflatedHead.push(r.value);
          const first = firstBytes(inflatedHead, HEAD_BYTES);
          if (first.length < HEAD_BYTES) continue;
          if (isTraceDat(first)) {
            gzippedDat = inflatedHead;
            gzippedDatBytes = inflatedHead.reduce((n, c) => n + c.byteLength, 0);
            inflatedHead = null;
            if (gzippedDatBytes > memoryLimit) return await gatheredTooBig();
            continue;
          }
          for (const h of inflatedHead) loader.pushBytes(h);
          inflatedHead = null;
        } else loader.pushBytes(r.value);
        // Parsed: the buffer is read into again (through the hasher, which takes it first).
        if (!gzip) {
          if (hasher) hasher.update(r.value, giveBack);
          else giveBack(r.value.buffer as ArrayBuffer);
        }
        if (loader.isBinary) {
          // A trace.dat or the like: its first bytes said so, the rest would say nothing.
          await reader.cancel('not trace text').catch(() => undefined);
          break;
        }
        if (memoryNeed(loader.calls) > memoryLimit) {
          // Stop before the tab runs out of memory, and say how to cut the trace.
          await reader.cancel('too big').catch(() => undefined);
          hasher?.dispose();
          inflater?.dispose();
          // How far into the input: the text parsed for plain text; for gzip the compressed
          // bytes read, which lead the parser by the inflater's few buffers at most; for
          // UTF-16 the bytes read (the text parsed is its UTF-8, about half as many).
          const done = gzip || loader.textEncoding ? inputBytes : loader.bytes;
          return { kind: 'failed', message: tooBigMessage(loader.calls, done, expected, memoryLimit), input: null };
        }
        progress.report(inputBytes, loader.lines, false);
        await yieldSometimes();
      }
      // An inflated input shorter than the head: text (or a trace.dat of nothing but its magic).
      if (inflatedHead && isTraceDat(firstBytes(inflatedHead, HEAD_BYTES))) gzippedDat = inflatedHead;
      else if (inflatedHead) for (const h of inflatedHead) loader.pushBytes(h);
    } catch (err) {
      // A truncated or damaged gzip, or a read error: keep what was parsed so far.
      if (gzippedDat) gzipFailure = readFailure(gzip, errorText(err));
      else loader.addInputError(readFailure(gzip, errorText(err)));
    }
  } catch (err) {
    loader.addInputError(`the input could not be read (${errorText(err)})`);
  }
  // The text has been read to its end (or an error): the inflating worker is done.
  inflater?.dispose();
  if (token.cancelled) {
    hasher?.dispose();
    return { kind: 'cancelled' };
  }
  const fingerprint = hasher ? fedFingerprint(hasher) : blobFingerprint(source as Blob, deps.createHasher);
  if (gzippedDat) {
    const half = inputBytes / 2;
    return await readTraceDat(token, new Blob(gzippedDat as Uint8Array<ArrayBuffer>[]), name, deps, progress, started, memoryLimit, {
      fingerprint,
      inputBytes,
      gzipFailure,
      // The reading is the second half of the work: bytes of the inflated file, scaled.
      progressBytes: (read, size) => half + (size > 0 ? (half * read) / size : half),
    });
  }
  const input = keep.bytes();

  let model: TraceModel;
  try {
    model = loader.finish();
  } catch (err) {
    fingerprint.dispose();
    return { kind: 'failed', message: `The trace could not be loaded: ${errorText(err)}`, input };
  }
  if (token.cancelled) {
    fingerprint.dispose();
    return { kind: 'cancelled', input };
  }
  progress.report(inputBytes, loader.lines, true);
  const info: TraceInfo = {
    name,
    format: model.format,
    formatLabel: formatName(model.format),
    gzip,
    inputBytes,
    contentHash: null,
    textBytes: model.textBytes,
    lines: model.diagnostics.linesRead,
    elapsedMs: Math.round(now() - started),
  };
  // A file is read again from its Blob; a stream (a URL) only from the small input kept.
  // UTF-16 text is decoded again to be read by line, as the loader decoded it.
  const encoding = loader.textEncoding ?? undefined;
  const lineSource: LineSource | null = isBlob
    ? { blob: source, gzip, encoding }
    : input
      ? { blob: new Blob([input as Uint8Array<ArrayBuffer>]), gzip, encoding }
      : null;
  return { kind: 'read', model, info, input, lineSource, fingerprint };
}

/** Bytes read before deciding what the input is: gzip's magic and trace.dat's. */
const HEAD_BYTES = 16;

/** A gzipped trace.dat: what was learnt while inflating it. */
interface GzippedDat {
  /** Of the gzip's bytes. */
  fingerprint: FingerprintJob;
  /** Bytes of the gzip file. */
  inputBytes: number;
  /** Why the inflating stopped early ('' when it did not). */
  gzipFailure: string;
  /** Progress in bytes of the gzip file for `read` bytes of the inflated file of `size`. */
  progressBytes: (read: number, size: number) => number;
}

/** A trace.dat: the core's binary reader over the Blob, progress by bytes of the file. */
async function readTraceDat(
  token: LoadToken,
  blob: Blob,
  name: string,
  deps: ReadDeps,
  progress: ProgressThrottle,
  started: number,
  memoryLimit: number,
  gzipped?: GzippedDat,
): Promise<ReadOutcome> {
  token.stop = undefined;
  let model: TraceModel;
  const progressBytes = gzipped?.progressBytes ?? ((read: number) => read);
  // The reading stops past the calls the tab can hold (memory-limit.ts), as a text's does.
  const maxCalls = Math.floor(memoryLimit / BYTES_PER_CALL);
  let bytesRead = 0;
  const onProgress = (read: number) => {
    bytesRead = read;
    progress.report(progressBytes(read, blob.size), 0, false);
  };
  try {
    model = await loadTraceDatBlob(blob, onProgress, () => token.cancelled, maxCalls);
  } catch (err) {
    gzipped?.fingerprint.dispose();
    return { kind: 'failed', message: `The trace could not be loaded: ${errorText(err)}`, input: null };
  }
  if (token.cancelled) {
    gzipped?.fingerprint.dispose();
    return { kind: 'cancelled' };
  }
  if (model.calls.length > maxCalls) {
    gzipped?.fingerprint.dispose();
    return { kind: 'failed', message: tooBigMessage(model.calls.length, bytesRead, blob.size, memoryLimit), input: null };
  }
  if (gzipped?.gzipFailure) {
    addInputError(model, gzipped.gzipFailure);
    // Nothing could be read: the failure message names both, the cut gzip first (its cause).
    const errors = model.diagnostics.inputErrors;
    if (model.format === 'unknown') errors.splice(0, errors.length, errors.join('; '));
  }
  // The file's bytes, in order, as for any other input (a gzipped one's: the gzip's).
  const fingerprint = gzipped ? gzipped.fingerprint : blobFingerprint(blob, deps.createHasher);
  const inputBytes = gzipped ? gzipped.inputBytes : blob.size;
  progress.report(inputBytes, model.diagnostics.linesRead, true);
  const info: TraceInfo = {
    name,
    format: model.format,
    formatLabel: formatName(model.format),
    gzip: gzipped !== undefined,
    inputBytes,
    contentHash: null,
    textBytes: 0,
    lines: model.diagnostics.linesRead,
    elapsedMs: Math.round(now() - started),
  };
  return { kind: 'read', model, info, input: null, fingerprint };
}

/** The message of a gzipped trace.dat whose inflated bytes, held whole to be read, would not fit. */
function gzippedDatTooBig(bytes: number, limit: number): string {
  return (
    `This gzipped trace.dat is too big for this tab's memory: it inflates to more than ${formatBytesForMessage(bytes)}, ` +
    `held whole to be read, and the tab can give about ${formatBytesForMessage(limit)}. ` +
    'Decompress it (gunzip trace.dat.gz) and open the trace.dat itself: it is read from the file a part at a time.'
  );
}

/** The message of a trace.dat from a stream (a URL), held whole to be read, that would not fit. */
function streamedDatTooBig(limit: number): string {
  return (
    `This trace.dat is too big for this tab's memory: from a URL it is held whole to be read, and the tab can give about ${formatBytesForMessage(limit)}. ` +
    'Download it and open the file: a trace.dat file is read a part at a time.'
  );
}

/** Reads pasted text (already in memory, so no progress and no gzip). */
export function readText(
  token: LoadToken,
  text: string,
  opts: LoadOptions,
  createHasher: () => InputHasher,
  started: number,
): ReadOutcome {
  const loader = new TraceLoader();
  loader.pushText(text);
  let model: TraceModel;
  try {
    model = loader.finish();
  } catch (err) {
    return { kind: 'failed', message: `The trace could not be loaded: ${errorText(err)}`, input: null };
  }
  const encoded = new TextEncoder().encode(text);
  const bytes = encoded.length;
  if (token.cancelled) return { kind: 'cancelled' };
  const blob = new Blob([encoded]);
  const info: TraceInfo = {
    name: opts.name ?? 'pasted text',
    format: model.format,
    formatLabel: formatName(model.format),
    gzip: false,
    inputBytes: bytes,
    contentHash: null,
    textBytes: bytes,
    lines: model.diagnostics.linesRead,
    elapsedMs: Math.round(now() - started),
  };
  return {
    kind: 'read',
    model,
    info,
    input: bytes <= MAX_KEPT_INPUT ? encoded : null,
    lineSource: { blob, gzip: false },
    fingerprint: blobFingerprint(blob, createHasher),
  };
}

/** Why a read that gave a model is not a trace (the format was not recognised). */
export function failureMessage(model: TraceModel, info: TraceInfo): string {
  const d = model.diagnostics;
  const inputError = d.inputErrors[0];
  if (d.unparsedLines === 0) {
    if (inputError) return `Could not read the input: ${inputError}.`;
    if (info.inputBytes === 0 && info.textBytes === 0) return 'The file is empty: there is nothing to show.';
    if (info.textBytes === 0) return 'The file is empty: the gzip stream holds no text.';
    return 'The file holds no trace lines (only blank lines).';
  }
  // A file zero-filled where its text begins (line-reading.ts ZERO_FILLED): no text to name.
  if (beginsZeroFilled(d.items)) {
    return (
      'The file holds zero bytes (NULs) where its text should begin, not a trace: it was zero-filled (by a crash, ' +
      'or a write or copy that did not finish before it was read). Take the trace again from where it was recorded.' +
      (inputError ? ` Also: ${inputError}.` : '')
    );
  }
  // Summary output of trace-cmd or tracefs: named by its first line, with what to run instead.
  const summary = summaryOutputReason(d.items);
  if (summary) return `Not a trace: ${summary}.` + (inputError ? ` Also: ${inputError}.` : '');
  return (
    'This is not a trace format ftrace explorer reads. Expected the output of "trace-cmd report", ' +
    "or the kernel's function_graph / function tracer text (tracefs \"trace\" or \"trace_pipe\"); " +
    'or open the trace.dat file that "trace-cmd record" writes, as it is.' +
    (inputError ? ` Also: ${inputError}.` : '')
  );
}

/**
 * Why a trace of a known format has nothing to show, or undefined when it has something:
 * no call, no event, no line left unread, nothing lost or damaged. tracefs prints its
 * `# tracer:` header over an empty ring buffer (trace.c print_trace_header; a freed
 * snapshot prints only its `# * Snapshot is freed *` help), and trace-cmd report its
 * `cpus=N` and `CPU N is empty` (trace-read.c): the views would each say "no calls in view:
 * the filters leave nothing", as if something had been recorded and filtered away.
 */
export function emptyTraceMessage(model: TraceModel): string | undefined {
  const d = model.diagnostics;
  if (model.calls.length > 0 || model.events.length > 0) return undefined;
  if (d.unparsedLines > 0 || d.droppedEvents > 0 || d.dropMarkers > 0 || d.inputErrors.length > 0) return undefined;
  return (
    `The trace holds no records (${formatName(model.format)}, its header only): nothing was recorded. ` +
    'Check that tracing was on while the workload ran and that the function filters (set_ftrace_filter, set_graph_function; ' +
    "trace-cmd record -l, -g) name a function it called; reading trace_pipe empties the buffer the trace file shows." +
    // `trace-cmd report --cpu N` of a CPU with no data prints `cpus=N` alone (the seed's CPU 0).
    (model.format === 'trace-cmd-report' ? " With trace-cmd report, check that its options (--cpu, -F, --first-event) kept some." : '')
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
  if (error === TRAILING_GARBAGE) {
    // gunzip.ts: the last member was whole; what follows it is not gzip (GNU gzip:
    // "decompression OK, trailing garbage ignored").
    return TRAILING_GARBAGE_READ;
  }
  const why = error.replace(/\.$/, '');
  // The engines' words for a cut file: Chromium "Compressed input was truncated.", zlib
  // "unexpected end of file", fflate (service/gunzip.ts) "unexpected EOF".
  if (/truncat|unexpected (?:end|eof)|end of (?:file|input|stream|data)/i.test(error)) {
    return `the file ends early: the gzip stream stops before its end (${why}); what was read is shown`;
  }
  return `the gzip stream is damaged (${why}); what was read before the damage is shown`;
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
