/**
 * Streams a file (plain, gzip or zstd) from disk into the core loader, or reads a trace-cmd
 * trace.dat through its random-access reader. Node only.
 */
import { createReadStream, fstatSync } from 'node:fs';
import { access, constants, open, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { TraceLoader } from '../core/load';
import { isGzip } from '../lib/file-magic';
import { TRAILING_GARBAGE, TRAILING_GARBAGE_READ } from '../lib/gzip-end';
import type { TraceModel } from '../core/model/tables';
import { addInputError, loadTraceDat } from '../core/trace-dat/load-trace-dat';
import { isTraceDat } from '../core/trace-dat/read-metadata';
import { chunkListSource } from '../core/trace-dat/source';
import { fileSource } from './file-source';
import { readFileChunks } from './read-chunks';
import { loadFileInParallel, MIN_PARALLEL_BYTES, parseThreads, type PhaseListener } from './parallel-load';
import { loadGzipInParallel } from './gzip-parallel-load';
import { gunzipMembers } from './gunzip-members';
import { isZstd, unzstd } from '../core/parse/zstd-text';

/**
 * Below this a gzip is read in one pass: its text (trace text deflates 8–15×) is then under
 * about MIN_PARALLEL_BYTES, where starting workers costs more than they save.
 */
const MIN_PARALLEL_GZIP_BYTES = MIN_PARALLEL_BYTES >> 3;

const CHUNK = 1 << 20;
/** Bytes that tell a trace.dat, plain or inflated. */
const HEAD_BYTES = 16;

export interface LoadFileOptions {
  /** Parse threads for a text file, plain or gzipped (parallel-load.ts, gzip-parallel-load.ts); 1 reads it in one pass. */
  workers?: number;
  chunkSize?: number;
  /** Told each phase of a parallel load as it ends (benchmarks). */
  onPhase?: PhaseListener;
  /** The machine's cores, which bound `workers` (parallel-load.ts parseThreads); os.availableParallelism() when left out. */
  cores?: number;
}

export async function loadTraceFile(path: string, options: LoadFileOptions = {}): Promise<TraceModel> {
  const chunkSize = options.chunkSize ?? CHUNK;
  const workers = options.workers ?? 1;
  if (path === STDIN_NAME) {
    // `cli summary - < "$dir"`: the shell opens a directory for reading, and Node makes of it a
    // standard input that ends at once, which was then said to be empty.
    if (stdinIsDirectory()) throw new Error(`${path}: standard input is a directory, not a trace file`);
    return loadTraceStream(process.stdin, path, chunkSize);
  }
  try {
    await access(path, constants.R_OK);
  } catch (err) {
    throw new Error(`${path}: cannot read the file: ${accessReason(err)}`);
  }
  const info = await stat(path);
  if (info.isDirectory()) throw new Error(`${path}: is a directory, not a trace file`);
  // A pipe or a device (`cli diff <(trace-cmd report -i a.dat) <(…)`, /dev/stdin on a pipe)
  // cannot be read at an offset (readHead, the parallel ranges: ESPIPE) nor opened twice
  // without losing what the first open read: it is read once, in order, as `-` is. So is a
  // regular file of size 0 that holds text: a pseudo-file, such as tracefs's trace and
  // trace_pipe (regular files, fs/tracefs/inode.c tracefs_create_file, of no size). A read of
  // trace_pipe consumes the events it prints and keeps the rest of a line cut by the read's
  // count for that open file only (kernel/trace/trace.c tracing_read_pipe): the 16 bytes
  // readHead took lost the rest of the first event's line, and the second open went on from
  // the next event; /sys/kernel/tracing/trace was read twice, while tracing went on.
  if (!info.isFile() || info.size === 0) return loadTraceStream(createReadStream(path, { highWaterMark: chunkSize }), path, chunkSize);
  const head = await readHead(path);
  if (isTraceDat(head)) return loadDatFile(path);
  // `trace-cmd report | zstd > trace.txt.zst` (or a trace.dat.zst): decoded in one pass.
  if (isZstd(head)) {
    const raw = createReadStream(path, { highWaterMark: chunkSize });
    return loadDecodedStream(unzstd(raw), path, new TraceLoader(0), () => raw.destroy());
  }
  const size = info.size;
  const cores = options.cores ?? availableParallelism();
  const threads = parseThreads(workers, size, cores);
  if (!isGzip(head) && threads > 1 && size >= MIN_PARALLEL_BYTES) {
    const model = await loadFileInParallel(path, size, threads, chunkSize, undefined, options.onPhase);
    if (model) return model;
  }
  if (isGzip(head) && parseThreads(workers, 0, cores) > 1 && size >= MIN_PARALLEL_GZIP_BYTES) {
    const model = await loadGzipInParallel(path, parseThreads(workers, 0, cores), chunkSize, undefined, undefined, options.onPhase);
    if (model) return model;
  }
  // A plain file's size is its text size: it sizes the call table once.
  const loader = new TraceLoader(isGzip(head) ? 0 : size);
  if (!isGzip(head)) {
    for await (const chunk of readFileChunks(path, chunkSize)) {
      loader.pushBytes(chunk);
      if (readsNoFurther(loader)) break;
    }
    return loader.finish();
  }
  const raw = createReadStream(path, { highWaterMark: chunkSize });
  return loadDecodedStream(gunzipMembers(raw, chunkSize), path, loader, () => raw.destroy());
}

function stdinIsDirectory(): boolean {
  try {
    return fstatSync(0).isDirectory();
  } catch {
    return false; // no standard input to stat: reading it says what is wrong
  }
}

/**
 * Why a file cannot be read, in words: a mistyped path (ENOENT) and a root-only
 * /sys/kernel/tracing/trace (EACCES) need different fixes, and one message for both sends the
 * reader after the wrong one.
 */
function accessReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOTDIR') return 'a part of its path is not a directory';
  return code ?? (err instanceof Error ? err.message : String(err));
}

/**
 * `-` for FILE: the trace on standard input (`trace-cmd report | cli summary -`, or a
 * trace.dat or a gzip piped in), told apart by its first bytes as a file is.
 */
export const STDIN_NAME = '-';

/**
 * A trace from a stream of bytes: gzip or plain, text or trace.dat, told apart by its first
 * bytes. Text is parsed as it comes; a trace.dat is gathered (its reader reads at random).
 */
export async function loadTraceStream(input: AsyncIterable<Uint8Array>, name: string, chunkSize = CHUNK): Promise<TraceModel> {
  const source = input[Symbol.asyncIterator]();
  const first: Uint8Array[] = [];
  let firstBytes = 0;
  while (firstBytes < HEAD_BYTES) {
    const next = await source.next();
    if (next.done) break;
    first.push(next.value);
    firstBytes += next.value.length;
  }
  async function* whole(): AsyncGenerator<Uint8Array> {
    yield* first;
    for (let next = await source.next(); !next.done; next = await source.next()) yield next.value;
  }
  const loader = new TraceLoader(0);
  const zeros = new LeadingZeros();
  const head = Buffer.concat(first);
  if (isZstd(head)) return loadDecodedStream(unzstd(whole()), name, loader, () => undefined, zeros);
  if (!isGzip(head)) return loadDecodedStream(whole(), name, loader, () => undefined, zeros);
  return loadDecodedStream(gunzipMembers(whole(), chunkSize), name, loader, () => undefined, zeros);
}

/**
 * Nothing more of the input can change what the command says of it: a binary file (a
 * trace.dat or the like, named from its first bytes), or text whose first lines are of no
 * trace format. The loader detects the format once, on those lines (core/load.ts
 * startParsing), so the rest would only be read to be counted as unread lines: for a
 * stream that never ends (`cli summary - < /dev/urandom`, `yes | cli summary -`) that
 * was a run without end, for a large log a read of all of it to fail.
 */
function readsNoFurther(loader: TraceLoader): boolean {
  return loader.isBinary || loader.detectedFormat === 'unknown';
}

/**
 * Zero bytes (NULs) read on a stream before it stops: /dev/zero (as FILE, or `-` on it) has no
 * line end and no text, so no line ever ended for the loader to take it for no trace (the
 * splitter keeps only the first 64 KiB of the line, core/parse/byte-lines.ts) and the read
 * went on for ever. The kernel prints no NUL (comm is `%s`), so a stream that begins with
 * this many is no trace text. Only a stream stops there: a regular file ends, and one that
 * begins with a hole of zeros and then holds text (a log truncated while its writer went
 * on at its offset) is read whole as before.
 */
export const MAX_LEADING_ZEROS = 16 << 20;

/** Counts the zero bytes a stream begins with, up to its first other byte. */
class LeadingZeros {
  count = 0;
  private done = false;

  /** Takes the next bytes; true once the stream has begun with MAX_LEADING_ZEROS of zeros. */
  push(bytes: Uint8Array): boolean {
    if (this.done) return false;
    const k = bytes.findIndex((b) => b !== 0);
    this.count += k < 0 ? bytes.length : k;
    this.done = k >= 0;
    return !this.done && this.count >= MAX_LEADING_ZEROS;
  }
}

/**
 * Plain bytes (a file's, or a gzip's inflated) into `loader`, or, when they begin as a
 * trace.dat, gathered and read as one. A stream that fails (a truncated or corrupt gzip)
 * keeps everything read before the damage, with the reason as an input error; `stop` ends
 * the reading then.
 */
async function loadDecodedStream(
  bytesIn: AsyncIterable<unknown>,
  name: string,
  loader: TraceLoader,
  stop: () => void,
  zeros?: LeadingZeros,
): Promise<TraceModel> {
  // A gzipped trace.dat (trace.dat.gz) is gathered inflated, then read at random.
  let dat: Uint8Array[] | null = null;
  let head2: Uint8Array[] | null = [];
  let failure = '';
  try {
    for await (const chunk of bytesIn) {
      let bytes = chunk as Uint8Array;
      if (dat) {
        dat.push(bytes);
        continue;
      }
      if (head2) {
        head2.push(bytes);
        bytes = Buffer.concat(head2);
        if (bytes.length < HEAD_BYTES) continue;
        if (isTraceDat(bytes)) {
          dat = head2;
          continue;
        }
        head2 = null;
      }
      loader.pushBytes(bytes);
      if (zeros?.push(bytes)) {
        loader.addInputError(
          `it begins with ${zeros.count >> 20} MiB of zero bytes (NULs) and no text, where the kernel prints none: ` +
            'it is zero-filled (/dev/zero, or a file zero-filled by a crash or a write or copy that did not finish); reading stopped there',
        );
        break;
      }
      if (readsNoFurther(loader)) break;
    }
  } catch (err) {
    // A truncated or corrupt gzip: keep everything read before the damage. Bytes that are
    // not gzip after its end (gunzip-members.ts) stopped nothing: the text was read whole.
    const why = err instanceof Error ? err.message : String(err);
    failure = why === TRAILING_GARBAGE ? TRAILING_GARBAGE_READ : `the input stopped early: ${why}`;
    stop();
  }
  if (dat || (head2 && isTraceDat(Buffer.concat(head2)))) {
    const model = await loadTraceDat(chunkListSource(dat ?? head2 ?? []));
    if (failure) addInputError(model, failure.startsWith('the input ') ? `the gzip stream ${failure.replace(/^the input /, '')}` : failure);
    if (model.format === 'unknown') throw new Error(`${name}: ${model.diagnostics.inputErrors.join('; ') || 'not a readable trace.dat'}`);
    return model;
  }
  if (head2) loader.pushBytes(Buffer.concat(head2));
  if (failure) loader.addInputError(failure);
  return loader.finish();
}

/** A trace.dat: read as binary; a file whose headers cannot be read is an error (nothing of it is readable). */
async function loadDatFile(path: string): Promise<TraceModel> {
  const file = await open(path, 'r');
  try {
    const model = await loadTraceDat(fileSource(file, (await file.stat()).size));
    if (model.format === 'unknown') throw new Error(`${path}: ${model.diagnostics.inputErrors[0] ?? 'not a readable trace.dat'}`);
    return model;
  } finally {
    await file.close();
  }
}

/** The first bytes: enough for the gzip magic and trace.dat's. */
async function readHead(path: string): Promise<Uint8Array> {
  const stream = createReadStream(path, { start: 0, end: HEAD_BYTES - 1 });
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(parts));
}
