/**
 * The read pipeline's parallel branch (read-trace.ts asks it first): a plain text File read
 * by the parse pool (range-pool.ts) when more than one parse thread is asked for
 * (pool-size.ts). Gives the same outcome as the one-pass read: the same model (the core's
 * join is exact), the same info, the small input kept for links, the fingerprint of the
 * same bytes (read again from the Blob by the hash worker after the load: fingerprint.ts),
 * progress, Cancel and the memory limit. A gzip is inflated in order and its text dealt to
 * the pool in pieces (gzip-pool-read.ts). trace.dat and a head that does not decide the
 * format are left to the one-pass read (undefined).
 */
import { isGzip } from '../../lib/file-magic';
import { isTraceDat } from '../../core/trace-dat/read-metadata';
import { formatName } from '../../core/parse/detect';
import { PLAN_HEAD_BYTES, planRanges, type RangePlan } from '../../core/parallel/plan';
import type { LoadOptions, TraceInfo } from '../api';
import type { InputHasher } from '../input-hasher';
import { yieldEvery } from './event-loop';
import { MAX_KEPT_INPUT } from './input-keeper';
import { defaultMemoryLimit, memoryNeed, tooBigMessage } from './memory-limit';
import type { ProgressThrottle } from './progress-throttle';
import { loadInPool, PoolCancelled, poolCuts, startRangeWorkers, type SpawnRangeWorker } from './range-pool';
import type { LoadToken, ReadOutcome } from './read-trace';
import { blobFingerprint } from './fingerprint';
import { readGzipInPool } from './gzip-pool-read';
import type { CreateInflater } from '../inflater';

/**
 * A long load yields to the event loop this often, so `cancel()` messages get through; and
 * so do the range workers' jobs: in Chromium a job posted before its worker's script ran
 * waited in this thread's queue until the thread took a turn (0.8 s into a 256 MiB load
 * where none was taken: bench/browser-bench.ts, 2026-12-06).
 */
export const YIELD_MS = 50;

/** The memory limit was reached: its message is the load's. */
class TooBig extends Error {}

export interface PoolDeps {
  createHasher: () => InputHasher;
  createInflater: CreateInflater;
  spawnRangeWorker: SpawnRangeWorker;
  /** Text bytes per piece of an inflated gzip (gzip-pool-read.ts's PIECE_BYTES when absent). */
  pieceBytes?: number;
}

const now = (): number => performance.now();
const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The plan of `blob` cut for `threads` threads, with its head; undefined for a head that decides nothing. */
async function planBlob(blob: Blob, threads: number): Promise<{ plan: RangePlan; head: Uint8Array } | undefined> {
  const size = blob.size;
  const head = new Uint8Array(await blob.slice(0, Math.min(size, PLAN_HEAD_BYTES)).arrayBuffer());
  const plan = planRanges(head, size, poolCuts(size, threads));
  return plan && { plan, head };
}

/** Reads `blob` with `threads` parse threads, or undefined when only a one-pass read reads it right. */
export async function readInPool(
  token: LoadToken,
  blob: Blob,
  threads: number,
  opts: LoadOptions,
  deps: PoolDeps,
  progress: ProgressThrottle,
  started: number,
): Promise<ReadOutcome | undefined> {
  const size = blob.size;
  // A gzip cannot be cut before inflating; trace.dat keeps the one-pass read.
  const magic = new Uint8Array(await blob.slice(0, 16).arrayBuffer());
  if (isGzip(magic.subarray(0, 2))) return readGzipInPool(token, blob, threads, opts, deps, progress, started);
  if (isTraceDat(magic)) return undefined;
  // Warm start: the range workers load their script while the head is read and planned.
  const warm = startRangeWorkers(deps.spawnRangeWorker, threads - 1);
  const planned = await planBlob(blob, threads).catch((err: unknown) => {
    for (const w of warm) w.handle.terminate();
    throw err;
  });
  if (!planned || token.cancelled) {
    for (const w of warm) w.handle.terminate();
    return undefined;
  }
  const { plan, head } = planned;

  const name = opts.name ?? ('name' in blob ? String((blob as File).name) : '');
  const memoryLimit = opts.memoryLimit ?? defaultMemoryLimit();
  const pool = loadInPool({
    blob,
    plan,
    started: warm,
    spawn: deps.spawnRangeWorker,
    yieldSometimes: yieldEvery(YIELD_MS),
    onProgress: ({ bytes, lines, calls }) => {
      // Stop before the tab runs out of memory, and say how to cut the trace.
      if (memoryNeed(calls) > memoryLimit) throw new TooBig(tooBigMessage(calls, bytes, size, memoryLimit));
      progress.report(bytes, lines, false);
    },
  });
  token.stop = () => pool.cancel();
  progress.report(0, 0, true);
  // A small input is all in the head (MAX_KEPT_INPUT <= PLAN_HEAD_BYTES): kept for links.
  const input = size <= MAX_KEPT_INPUT ? head.slice() : null;
  let model;
  try {
    model = await pool.model;
  } catch (err) {
    if (token.cancelled || err instanceof PoolCancelled) return { kind: 'cancelled' };
    if (err instanceof TooBig) return { kind: 'failed', message: err.message, input: null };
    return { kind: 'failed', message: `The trace could not be loaded: ${errorText(err)}`, input };
  }
  if (token.cancelled) return { kind: 'cancelled', input };
  progress.report(size, model.diagnostics.linesRead, true);
  const info: TraceInfo = {
    name,
    format: model.format,
    formatLabel: formatName(model.format),
    gzip: false,
    inputBytes: size,
    contentHash: null,
    textBytes: model.textBytes,
    lines: model.diagnostics.linesRead,
    elapsedMs: Math.round(now() - started),
  };
  // The lines are read again from the File itself (input-lines.ts), as after a one-pass read.
  return { kind: 'read', model, info, input, lineSource: { blob, gzip: false }, fingerprint: blobFingerprint(blob, deps.createHasher) };
}
