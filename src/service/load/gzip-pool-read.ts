/**
 * The parallel read of a gzipped text File (pool-read.ts asks it for gzip): a gzip cannot
 * be split before inflating, so it is inflated in one place, in order, as the one-pass read
 * inflates it (inflater.ts: its own worker in the browser, every member), and the text is
 * cut as it comes into pieces at seams (core/parallel/piece-cutter.ts) dealt to the range
 * workers (piece-pool.ts), while this thread goes on inflating, parses its own share of the
 * pieces (cuts.ts's mainShare) and joins the pieces in order. The model, info, fingerprint
 * (of the gzip's bytes, from the Blob after the load), the small input kept and the line
 * source are the one-pass read's.
 *
 * Left to the one-pass read (undefined): a gzipped trace.dat, a head that does not decide
 * the format, and a gzip that cannot be inflated to its end (damaged, cut short: the
 * one-pass read reads it again and reports the damage after the text before it, exactly
 * where its own read puts it).
 */
import { isTraceDat } from '../../core/trace-dat/read-metadata';
import { formatName } from '../../core/parse/detect';
import { PieceCutter, type TextPiece } from '../../core/parallel/piece-cutter';
import { planText } from '../../core/parallel/load-pieces';
import { PLAN_HEAD_BYTES } from '../../core/parallel/plan';
import { mainShare } from '../../core/parallel/cuts';
import type { TraceModel } from '../../core/model/tables';
import type { LoadOptions, TraceInfo } from '../api';
import { openChunkReader } from '../chunk-reader';
import type { CreateInflater } from '../inflater';
import type { InputHasher } from '../input-hasher';
import { yieldEvery } from './event-loop';
import { blobFingerprint } from './fingerprint';
import { MAX_KEPT_INPUT } from './input-keeper';
import { defaultMemoryLimit, memoryNeed, tooBigMessage } from './memory-limit';
import { loadPiecesInPool } from './piece-pool';
import type { ProgressThrottle } from './progress-throttle';
import { PoolCancelled, startRangeWorkers, type SpawnRangeWorker } from './range-pool';
import type { LoadToken, ReadOutcome } from './read-trace';

/** A long load yields to the event loop this often, so `cancel()` messages get through. */
const YIELD_MS = 50;

/**
 * Text bytes per piece: a worker's piece costs a message and its own string ids, so a
 * piece is much more than that (a few ms of parse at least) and small beside the text in
 * flight (two pieces per worker).
 */
export const PIECE_BYTES = 4 << 20;

export interface GzipPoolDeps {
  createHasher: () => InputHasher;
  createInflater: CreateInflater;
  spawnRangeWorker: SpawnRangeWorker;
  /** Text bytes per piece (PIECE_BYTES when absent; the tests cut small pieces). */
  pieceBytes?: number;
}

/** The memory limit was reached: its message is the load's. */
class TooBig extends Error {}

const now = (): number => performance.now();
const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));
const quietly = (p: Promise<unknown>) => void p.catch(() => undefined);

/** The first `n` bytes of `chunks`, one array. */
function concatHead(chunks: readonly Uint8Array[], n: number): Uint8Array {
  const total = Math.min(n, chunks.reduce((s, c) => s + c.length, 0));
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    if (at >= total) break;
    const take = Math.min(c.length, total - at);
    out.set(c.subarray(0, take), at);
    at += take;
  }
  return out;
}

/** Reads the gzip `blob` with `threads` parse threads (`threads - 1` range workers), or undefined when only a one-pass read reads it right. */
export async function readGzipInPool(
  token: LoadToken,
  blob: Blob,
  threads: number,
  opts: LoadOptions,
  deps: GzipPoolDeps,
  progress: ProgressThrottle,
  started: number,
): Promise<ReadOutcome | undefined> {
  const size = blob.size;
  // Warm start: the range workers load their script while the head is inflated and planned.
  const warm = startRangeWorkers(deps.spawnRangeWorker, Math.max(1, threads - 1));
  const inflater = await deps.createInflater();
  const raw = openChunkReader(blob);
  let inputBytes = 0;
  const counted = new ReadableStream<Uint8Array>({
    pull: async (controller) => {
      const chunk = await raw.read();
      if (!chunk) controller.close();
      else {
        inputBytes += chunk.byteLength;
        controller.enqueue(chunk);
      }
    },
    cancel: (reason: unknown) => raw.cancel(reason),
  });
  const reader = counted.pipeThrough(inflater.stream).getReader();
  token.stop = () => quietly(reader.cancel('cancelled'));
  const abandon = (): undefined => {
    quietly(reader.cancel('read in one pass'));
    inflater.dispose();
    for (const w of warm) w.handle.terminate();
    return undefined;
  };

  // The first inflated bytes decide the format, as for a plain file's head.
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let ended = false;
  try {
    while (headBytes < PLAN_HEAD_BYTES) {
      const r = await reader.read();
      if (r.done) {
        ended = true;
        break;
      }
      head.push(r.value);
      headBytes += r.value.length;
    }
  } catch {
    return abandon(); // damaged: the one-pass read says how, after what it could read
  }
  if (token.cancelled) {
    abandon();
    return { kind: 'cancelled' };
  }
  const headText = concatHead(head, PLAN_HEAD_BYTES);
  const plan = isTraceDat(headText.subarray(0, 16)) ? undefined : planText(headText, ended);
  if (!plan) return abandon();

  const memoryLimit = opts.memoryLimit ?? defaultMemoryLimit();
  const pool = loadPiecesInPool({
    format: plan.format,
    headLines: plan.headLines,
    workers: warm.length,
    // This thread parses its share of the pieces too, as for a plain file's first range.
    selfShare: mainShare(threads),
    spawn: deps.spawnRangeWorker,
    started: warm,
    yieldSometimes: yieldEvery(YIELD_MS),
    onProgress: ({ bytes, lines, calls }) => {
      // Stop before the tab runs out of memory, and say how to cut the trace.
      if (memoryNeed(calls) > memoryLimit) throw new TooBig(tooBigMessage(calls, bytes, size, memoryLimit));
      progress.report(bytes, lines, false);
    },
  });
  let poolSettled = false;
  const settledModel = pool.model.finally(() => (poolSettled = true));
  quietly(settledModel);
  token.stop = () => {
    quietly(reader.cancel('cancelled'));
    pool.cancel();
  };
  progress.report(inputBytes, 0, true);

  // Inflate on, cutting and dealing the text; `deal` waits while the pool is behind.
  const cutter = new PieceCutter(plan.format, deps.pieceBytes ?? PIECE_BYTES, plan.headEnd);
  const dealAll = async (pieces: TextPiece[]) => {
    for (const p of pieces) await pool.deal(p, inputBytes);
  };
  let textBytes = 0;
  let damaged = false;
  try {
    for (const c of head) {
      textBytes += c.length;
      await dealAll(cutter.push(c));
    }
    while (!ended && !token.cancelled && !poolSettled) {
      const r = await reader.read();
      if (r.done) break;
      textBytes += r.value.length;
      await dealAll(cutter.push(r.value));
    }
    if (!token.cancelled && !poolSettled) {
      await dealAll(cutter.end());
      pool.end(textBytes);
    }
  } catch {
    damaged = !token.cancelled;
  }
  inflater.dispose();
  if (damaged || token.cancelled) {
    pool.cancel();
    quietly(reader.cancel('stopped'));
    return token.cancelled ? { kind: 'cancelled' } : undefined;
  }

  let model: TraceModel;
  try {
    model = await settledModel;
  } catch (err) {
    quietly(reader.cancel('stopped'));
    if (token.cancelled || err instanceof PoolCancelled) return { kind: 'cancelled' };
    if (err instanceof TooBig) return { kind: 'failed', message: err.message, input: null };
    return { kind: 'failed', message: `The trace could not be loaded: ${errorText(err)}`, input: await keptInput(blob) };
  }
  if (token.cancelled) return { kind: 'cancelled' };
  const input = await keptInput(blob);
  progress.report(inputBytes, model.diagnostics.linesRead, true);
  const name = opts.name ?? ('name' in blob ? String((blob as File).name) : '');
  const info: TraceInfo = {
    name,
    format: model.format,
    formatLabel: formatName(model.format),
    gzip: true,
    inputBytes,
    contentHash: null,
    textBytes: model.textBytes,
    lines: model.diagnostics.linesRead,
    elapsedMs: Math.round(now() - started),
  };
  return { kind: 'read', model, info, input, lineSource: { blob, gzip: true }, fingerprint: blobFingerprint(blob, deps.createHasher) };
}

/** A small input's bytes as read (still gzip), kept for links as the one-pass read keeps them. */
async function keptInput(blob: Blob): Promise<Uint8Array | null> {
  return blob.size <= MAX_KEPT_INPUT ? new Uint8Array(await blob.arrayBuffer()) : null;
}
