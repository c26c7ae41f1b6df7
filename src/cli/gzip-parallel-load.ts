/**
 * The CLI's parallel load of a gzip with N parse threads: a gzip cannot be cut before it is
 * inflated, so it is inflated here in order (zlib, every member, as the one-pass load
 * inflates it), and the text is cut as it comes into pieces at seams
 * (core/parallel/piece-cutter.ts) dealt round-robin to N - 1 worker threads (range-worker.ts;
 * each piece's bytes transferred in its message), while this thread goes on inflating (zlib
 * does it off this thread), parses its own share of the pieces straight into the builder
 * (cuts.ts's mainShare, as it parses a plain file's first range) and joins the others'
 * batches strictly in piece order (core/parallel/range-join.ts). At most
 * two pieces per worker (and three) are dealt and not joined: the text in flight stays
 * bounded.
 * The model is the one a one-pass load builds (the core's tests hold it to that).
 *
 * Left to the one-pass load (undefined): a gzipped trace.dat, a head that does not decide
 * the format, and a gzip that cannot be inflated to its end (the one-pass load reads it
 * again and reports the damage after the text before it, where its own read puts it), bytes
 * after its end that zlib's gunzip fails on included (gunzip-members.ts reads the text whole
 * and names them).
 */
import { createReadStream } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { createGunzip, type ZlibOptions } from 'node:zlib';
import type { TraceModel } from '../core/model/tables';
import { planText } from '../core/parallel/load-pieces';
import { PieceCutter, type TextPiece } from '../core/parallel/piece-cutter';
import { PLAN_HEAD_BYTES } from '../core/parallel/plan';
import { mainShare } from '../core/parallel/cuts';
import { openPiece } from '../core/parallel/piece-parse';
import { RangeJoin } from '../core/parallel/range-join';
import { batchBuffers, type RecordBatch } from '../core/parallel/record-batch';
import type { FormatId } from '../core/parse/record';
import { isTraceDat } from '../core/trace-dat/read-metadata';
import { startedFailure, startRangeWorkers, type PhaseListener } from './parallel-load';
import type { RangeMessage, ToRangeWorker } from './range-worker';

/** A piece this thread parses itself. */
const SELF = -1;

/** Text bytes per piece: far more than a message's cost, small beside the text in flight. */
export const PIECE_BYTES = 4 << 20;

/** The pieces' workers, their answers joined in piece order. */
class PieceJoiner {
  private readonly join: RangeJoin;
  private readonly queues: RangeMessage[][];
  /** Per piece: its range worker (SELF: this thread parses it) and place. */
  private readonly dealt: { worker: number; start: number; bytes: number }[] = [];
  /** The bytes of the pieces this thread parses itself, until their turn. */
  private readonly ownPieces = new Map<number, Uint8Array[]>();
  private toWorkers = 0;
  private current = 0;
  private ended = false;
  private textBytes = 0;
  private failure: Error | undefined;
  private wakeDealer: (() => void) | undefined;
  private resolveModel!: (model: TraceModel) => void;
  private rejectModel!: (err: Error) => void;
  readonly model = new Promise<TraceModel>((resolve, reject) => {
    this.resolveModel = resolve;
    this.rejectModel = reject;
  });

  constructor(
    private readonly format: FormatId,
    private readonly headLines: number,
    private readonly workers: readonly Worker[],
    private readonly selfShare: number,
    private readonly batchRows?: number,
    private readonly onPhase?: PhaseListener,
  ) {
    this.join = new RangeJoin(format);
    this.join.startRange();
    this.queues = workers.map(() => []);
    workers.forEach((worker, w) => {
      worker.on('message', (message: RangeMessage) => {
        this.queues[w].push(message);
        if (this.current < this.dealt.length && this.dealt[this.current].worker === w) this.pump();
      });
      worker.on('error', (err: Error) => this.fail(this.named(w, err.message)));
      worker.on('exit', (code) => {
        if (!this.settled) this.fail(this.named(w, `its worker stopped (exit code ${code})`));
      });
      const early = startedFailure(worker);
      if (early) this.fail(this.named(w, early.message));
    });
    void this.model.catch(() => undefined);
  }

  /** The load has failed or is done. */
  get settled(): boolean {
    return this.failure !== undefined || this.finished;
  }
  private finished = false;

  /** Deals the next piece; resolves when there is room for another (or at once once failed). */
  async deal(piece: TextPiece): Promise<void> {
    if (this.settled) return;
    const share = this.selfShare;
    // This thread's share, spread evenly: piece j is its own when the share's running total passes a whole number.
    if (Math.floor((piece.index + 1) * share) > Math.floor(piece.index * share)) {
      this.dealt.push({ worker: SELF, start: piece.start, bytes: piece.bytes });
      this.ownPieces.set(piece.index, piece.chunks);
      if (this.current === piece.index) this.pump();
    } else {
      const w = this.toWorkers++ % this.workers.length;
      this.dealt.push({ worker: w, start: piece.start, bytes: piece.bytes });
      const buffers = [...new Set(piece.chunks.map((c) => c.buffer as ArrayBuffer))];
      const message: ToRangeWorker = { type: 'piece', piece: { format: this.format, headLines: this.headLines, index: piece.index, chunks: piece.chunks, batchRows: this.batchRows } };
      this.workers[w].postMessage(message, buffers);
    }
    // Two per worker, and room for this thread's own pieces between them: a worker must have
    // its next piece while this thread parses one of its own, or it waits on it.
    while (!this.settled && this.dealt.length - this.current >= 2 * this.workers.length + 3) {
      await new Promise<void>((resolve) => (this.wakeDealer = resolve));
    }
  }

  end(textBytes: number): void {
    this.ended = true;
    this.textBytes = textBytes;
    this.pump();
  }

  fail(err: Error): void {
    if (this.settled) return;
    this.failure = err;
    this.stop();
    this.rejectModel(err);
  }

  private stop(): void {
    for (const w of this.workers) void w.terminate();
    this.wake();
  }

  private wake(): void {
    this.wakeDealer?.();
    this.wakeDealer = undefined;
  }

  /** "piece 3 (text bytes 8388608–12582912), parse worker 1 of 2, could not be parsed: …" */
  private named(w: number, message: string): Error {
    const index = this.dealt.findIndex((d, i) => i >= this.current && d.worker === w);
    const d = this.dealt[index];
    const where = d ? `piece ${index + 1} (text bytes ${d.start}–${d.start + d.bytes}), ` : '';
    return new Error(`${where}parse worker ${w + 1} of ${this.workers.length}, could not be parsed: ${message}`);
  }

  /** Parses piece `index` (the one being joined) here, straight into the builder. */
  private parseOwn(index: number): void {
    const chunks = this.ownPieces.get(index) ?? [];
    this.ownPieces.delete(index);
    const parser = openPiece({ format: this.format, headLines: this.headLines, first: index === 0, sink: this.join.directSink() });
    for (const chunk of chunks) parser.push(chunk);
    this.join.endRange(parser.finish());
    this.current++;
    this.join.startRange();
    this.wake();
  }

  /** Joins what has come of the piece being joined, moving on as each piece is done. */
  private pump(): void {
    if (this.settled) return;
    try {
      while (this.current < this.dealt.length) {
        const w = this.dealt[this.current].worker;
        if (w === SELF) {
          this.parseOwn(this.current);
          continue;
        }
        const message = this.queues[w].shift();
        if (!message) break;
        if (message.type === 'batch') {
          this.join.add(message.batch);
          // Its columns go back to be written again: the worker allocates no fresh memory for them.
          const columns: RecordBatch = { ...message.batch, funcs: [], texts: [], internRows: [], internUpTo: [], extraRows: [], extras: [] };
          this.workers[w].postMessage({ type: 'recycle', batch: columns } satisfies ToRangeWorker, batchBuffers(columns));
          continue;
        }
        this.join.endRange(message.summary);
        this.current++;
        this.join.startRange();
        this.wake();
      }
      if (this.ended && this.current === this.dealt.length) {
        this.finished = true;
        this.onPhase?.(`${this.dealt.length} pieces joined`);
        this.stop();
        this.resolveModel(this.join.finish(this.textBytes));
      }
    } catch (err) {
      this.fail(err instanceof Error ? err : new Error(String(err)));
    }
  }
}

/**
 * The parallel load of the gzip `path` with `workers` threads (`workers - 1` worker
 * threads; at least one), or undefined (the workers gone) when one pass must read it.
 */
export async function loadGzipInParallel(
  path: string,
  workers: number,
  chunkSize = 1 << 20,
  pieceBytes = PIECE_BYTES,
  batchRows?: number,
  onPhase?: PhaseListener,
): Promise<TraceModel | undefined> {
  const started = startRangeWorkers(Math.max(1, workers - 1));
  const raw = createReadStream(path, { highWaterMark: chunkSize });
  // zlib inflates off this thread, but only as far ahead as its buffer: room for a piece's
  // worth, so it goes on while this thread parses a piece of its own.
  // (Node hands zlib's options on to its Transform stream; the types leave that out.)
  const options: ZlibOptions & { highWaterMark: number } = { chunkSize, highWaterMark: Math.max(pieceBytes, chunkSize) };
  const gunzip = createGunzip(options);
  raw.on('error', (err) => gunzip.destroy(err));
  const text = raw.pipe(gunzip)[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
  const giveUp = (): undefined => {
    raw.destroy();
    gunzip.destroy();
    for (const w of started) void w.terminate();
    return undefined;
  };

  // The first inflated bytes decide the format, as a plain file's head does.
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let ended = false;
  try {
    while (headBytes < PLAN_HEAD_BYTES) {
      const r = await text.next();
      if (r.done) {
        ended = true;
        break;
      }
      head.push(new Uint8Array(r.value.buffer, r.value.byteOffset, r.value.byteLength));
      headBytes += r.value.byteLength;
    }
  } catch {
    return giveUp(); // damaged: the one-pass load says how, after what it could read
  }
  const headText = new Uint8Array(Buffer.concat(head).subarray(0, PLAN_HEAD_BYTES));
  const plan = isTraceDat(headText.subarray(0, 16)) ? undefined : planText(headText, ended);
  onPhase?.(`planned: ${plan ? 'pieces of the inflated text' : 'one pass'}`);
  if (!plan) return giveUp();

  const joiner = new PieceJoiner(plan.format, plan.headLines, started, mainShare(workers), batchRows, onPhase);
  const cutter = new PieceCutter(plan.format, pieceBytes, plan.headEnd);
  const dealAll = async (pieces: TextPiece[]) => {
    for (const p of pieces) await joiner.deal(p);
  };
  let textBytes = 0;
  try {
    for (const c of head) {
      textBytes += c.length;
      await dealAll(cutter.push(c));
    }
    while (!ended && !joiner.settled) {
      const r = await text.next();
      if (r.done) break;
      textBytes += r.value.byteLength;
      await dealAll(cutter.push(new Uint8Array(r.value.buffer, r.value.byteOffset, r.value.byteLength)));
    }
    if (!joiner.settled) {
      await dealAll(cutter.end());
      joiner.end(textBytes);
    }
  } catch {
    joiner.fail(new Error('the gzip stream stopped early'));
    return giveUp();
  }
  try {
    return await joiner.model;
  } finally {
    giveUp();
  }
}
