/**
 * The parse pool for a text that cannot be read at an offset (an inflated gzip: it has to
 * be inflated in order, in one place). The trace worker cuts the text as it comes into
 * pieces at seams (core/parallel/piece-cutter.ts) and deals them round-robin to the range
 * workers, each piece's bytes transferred in its message (range-task.ts parses it like a
 * range), while it goes on inflating and joins the pieces' batches strictly in piece
 * order (range-join.ts), whatever order they arrive in. A share of the pieces (`selfShare`,
 * spread evenly) it parses itself, in its turn, straight into the builder (no batches), as
 * the Blob pool's trace worker parses the first range (cuts.ts balances that share). Joined batches' columns go back to
 * their worker to be written again. At most `ahead` pieces are dealt and not yet joined:
 * `deal` waits for the join, so the text in flight stays bounded however fast it comes.
 *
 * No worker API in here: workers come from `spawn` (range-pool.ts), so the tests drive it
 * with fake ones. A worker that fails fails the load with a message naming it and its
 * piece, and the pool is terminated; `cancel()` terminates it too.
 */
import type { TraceModel } from '../../core/model/tables';
import { deferred } from '../../lib/deferred';
import type { FormatId } from '../../core/parse/record';
import type { TextPiece } from '../../core/parallel/piece-cutter';
import { openPiece } from '../../core/parallel/piece-parse';
import { RangeJoin } from '../../core/parallel/range-join';
import { batchBuffers } from '../../core/parallel/record-batch';
import type { FromRangeWorker } from './range-protocol';
import { PoolCancelled, recycled, type PoolProgress, type RangeWorkerEvents, type RangeWorkerHandle, type SpawnRangeWorker, type StartedRangeWorker } from './range-pool';

export interface PiecePoolOptions {
  format: FormatId;
  /** The plan's head lines (plan.ts): the first piece reads them without the byte fast path. */
  headLines: number;
  /** Range workers the pieces are dealt to (at least 1). */
  workers: number;
  /** The share of the pieces this thread parses itself (0 when absent; cuts.ts's mainShare). */
  selfShare?: number;
  spawn: SpawnRangeWorker;
  /** Range workers started before the plan (startRangeWorkers); more are spawned if needed, the rest terminated. */
  started?: readonly StartedRangeWorker[];
  /** Rows per batch (the core's default when absent). */
  batchRows?: number;
  /** Pieces dealt and not yet joined before `deal` waits (default: two per worker, and three). */
  ahead?: number;
  /** After each batch joined; an error it throws fails the load with that error (the memory limit). */
  onProgress?: (progress: PoolProgress) => void;
  /** A turn of the event loop (so a cancel gets through), taken between batches. */
  yieldSometimes?: () => Promise<void>;
}

export interface PiecePool {
  /**
   * Deals the next piece (in order); `progressBytes` is what its end stands for in the
   * load's progress (the compressed bytes read when it was cut). Resolves when there is
   * room for the next one, or at once once the load has failed or was cancelled.
   */
  deal(piece: TextPiece, progressBytes: number): Promise<void>;
  /** No more pieces: `textBytes` is the text's length. */
  end(textBytes: number): void;
  /** The joined model; rejects with the first failure, or when cancelled. */
  model: Promise<TraceModel>;
  /** Terminates the pool; `model` rejects. */
  cancel(): void;
}

interface Dealt {
  /** The range worker it was dealt to; SELF: this thread parses it. */
  worker: number;
  start: number;
  bytes: number;
  progressBytes: number;
}

/** A piece this thread parses itself. */
const SELF = -1;

/** A piece's place, for messages: "piece 3 (text bytes 8388608–12582912), range worker 1 of 2". */
function pieceName(index: number, piece: Dealt | undefined, workers: number): string {
  const where = piece ? ` (text bytes ${piece.start}–${piece.start + piece.bytes})` : '';
  const who = piece?.worker === SELF ? 'the joining thread' : `range worker ${(piece?.worker ?? 0) + 1} of ${workers}`;
  return `piece ${index + 1}${where}, ${who},`;
}

export function loadPiecesInPool(options: PiecePoolOptions): PiecePool {
  const { format, headLines, spawn } = options;
  const count = Math.max(1, options.workers);
  // Two per worker, and room for this thread's own pieces between them: a worker must have
  // its next piece while this thread parses one of its own, or it waits on it.
  const ahead = Math.max(1, options.ahead ?? 2 * count + 3);
  const join = new RangeJoin(format);
  const dealt: Dealt[] = [];
  const share = Math.min(1, Math.max(0, options.selfShare ?? 0));
  /** The bytes of the pieces this thread parses itself, until their turn. */
  const ownPieces = new Map<number, Uint8Array[]>();
  /** Pieces dealt to range workers so far (they take turns). */
  let toWorkers = 0;
  /** Per worker: its messages not joined yet, the pieces it was dealt, and how many it has answered. */
  const queues: FromRangeWorker[][] = Array.from({ length: count }, () => []);
  const assigned: number[][] = Array.from({ length: count }, () => []);
  const answered = new Array<number>(count).fill(0);
  /** The piece being joined. */
  let current = 0;
  let ended = false;
  let textBytes = 0;
  let joinedBytes = 0;
  let draining = false;
  let settled = false;
  let wakeDealer: (() => void) | undefined;
  const joined = deferred<TraceModel>();

  const started = options.started ?? [];
  const workers: RangeWorkerHandle[] = [];
  const stopAll = () => {
    for (const w of workers) w.terminate();
    for (const w of started) w.handle.terminate();
  };
  const wake = () => {
    wakeDealer?.();
    wakeDealer = undefined;
  };
  const fail = (err: unknown) => {
    if (settled) return;
    settled = true;
    stopAll();
    wake();
    joined.reject(err instanceof Error ? err : new Error(String(err)));
  };
  /** The piece worker `w` is parsing now (its oldest unanswered one), for messages. */
  const failedPiece = (w: number, message: string) => {
    const index = assigned[w][answered[w]] ?? assigned[w][assigned[w].length - 1];
    // A worker that failed before its first piece (its script, say) is named alone.
    if (index === undefined) return new Error(`range worker ${w + 1} of ${count} could not be started: ${message}`);
    return new Error(`${pieceName(index, dealt[index], count)} could not be parsed: ${message}`);
  };
  const progress = () => {
    try {
      options.onProgress?.({ bytes: joinedBytes, lines: join.lines, calls: join.calls });
    } catch (err) {
      fail(err); // the memory limit: the load stops with the listener's own message
    }
  };

  /** Joins what has come of the piece being joined, moving on as each piece is done. */
  const drain = async (): Promise<void> => {
    if (draining || settled) return;
    draining = true;
    try {
      while (!settled && current < dealt.length) {
        if (dealt[current].worker === SELF) {
          parseOwn(current);
          await options.yieldSometimes?.();
          continue;
        }
        const queue = queues[dealt[current].worker];
        const message = queue.shift();
        if (!message) break;
        if (message.type === 'failed') throw failedPiece(dealt[current].worker, message.message);
        if (message.type === 'batch') {
          join.add(message.batch);
          // Its columns go back to be written again: the worker allocates no fresh memory for them.
          const columns = recycled(message.batch);
          workers[dealt[current].worker].post({ type: 'recycle', batch: columns }, batchBuffers(columns));
          progress();
        } else if (message.type === 'done') {
          join.endRange(message.summary);
          joinedBytes = dealt[current].progressBytes;
          current++;
          join.startRange();
          progress();
          wake();
        }
        await options.yieldSometimes?.();
      }
      if (!settled && ended && current === dealt.length) {
        settled = true;
        stopAll();
        joined.resolve(join.finish(textBytes));
      }
    } catch (err) {
      fail(err);
    } finally {
      draining = false;
    }
    // Messages (or a piece of its own) that came while this drain was yielding.
    if (!settled && current < dealt.length && (dealt[current].worker === SELF || queues[dealt[current].worker].length > 0)) void drain();
  };

  /** Parses piece `index` (the one being joined) here, straight into the builder. */
  const parseOwn = (index: number): void => {
    const chunks = ownPieces.get(index) ?? [];
    ownPieces.delete(index);
    try {
      const parser = openPiece({ format, headLines, first: index === 0, sink: join.directSink() });
      for (const chunk of chunks) parser.push(chunk);
      join.endRange(parser.finish());
    } catch (err) {
      throw new Error(`${pieceName(index, dealt[index], count)} could not be parsed: ${err instanceof Error ? err.message : String(err)}`);
    }
    joinedBytes = dealt[index].progressBytes;
    current++;
    join.startRange();
    progress();
    wake();
  };

  for (let w = 0; w < count; w++) {
    const events: RangeWorkerEvents = {
      message: (message) => {
        if (settled) return;
        // A failure is reported at once, not when its piece's turn comes: the load stops now.
        if (message.type === 'failed') {
          fail(failedPiece(w, message.message));
          return;
        }
        queues[w].push(message);
        if (message.type === 'done') answered[w]++;
        if (current < dealt.length && dealt[current].worker === w) void drain();
      },
      error: (message) => fail(failedPiece(w, message || 'its worker stopped')),
    };
    const warm = started[w];
    workers.push(warm ? warm.handle : spawn(events));
    warm?.take(events);
    if (settled) break;
  }
  // Workers started beyond the count.
  for (const w of started.slice(count)) w.handle.terminate();
  join.startRange();

  const deal = async (piece: TextPiece, progressBytes: number): Promise<void> => {
    if (settled) return;
    // This thread's share, spread evenly: piece j is its own when the share's running total passes a whole number.
    if (Math.floor((piece.index + 1) * share) > Math.floor(piece.index * share)) {
      dealt.push({ worker: SELF, start: piece.start, bytes: piece.bytes, progressBytes });
      ownPieces.set(piece.index, piece.chunks);
      if (current === piece.index) void drain();
      while (!settled && dealt.length - current >= ahead) await new Promise<void>((resolve) => (wakeDealer = resolve));
      return;
    }
    const w = toWorkers++ % count;
    dealt.push({ worker: w, start: piece.start, bytes: piece.bytes, progressBytes });
    assigned[w].push(piece.index);
    const buffers = [...new Set(piece.chunks.map((c) => c.buffer as ArrayBuffer))];
    try {
      workers[w].post({ type: 'piece', piece: { format, headLines, index: piece.index, chunks: piece.chunks, batchRows: options.batchRows } }, buffers);
    } catch (err) {
      fail(failedPiece(w, `it could not be sent its piece (${err instanceof Error ? err.message : String(err)})`));
      return;
    }
    while (!settled && dealt.length - current >= ahead) await new Promise<void>((resolve) => (wakeDealer = resolve));
  };

  return {
    model: joined.promise,
    deal,
    end(bytes) {
      ended = true;
      textBytes = bytes;
      void drain();
    },
    cancel: () => fail(new PoolCancelled()),
  };
}
