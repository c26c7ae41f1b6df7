/**
 * The piece-parallel load (piece-cutter.ts) run in one thread over text in memory: what the
 * app's parse pool does with an inflated gzip (service/load/piece-pool.ts), one piece after
 * the other, for the tests. The text is pushed in `chunkSize` chunks, as an inflater hands
 * it out, so the cuts meet chunk edges.
 */
import { TraceLoader } from '../load';
import type { TraceModel } from '../model/tables';
import { PieceCutter, type TextPiece } from './piece-cutter';
import { openPiece } from './piece-parse';
import { PLAN_HEAD_BYTES, planRanges, type RangePlan } from './plan';
import type { RecordBatch } from './record-batch';
import { RangeJoin } from './range-join';

/** The plan of a text of unknown length from its first bytes (the whole text when `ended`). */
export function planText(head: Uint8Array, ended: boolean): RangePlan | undefined {
  return planRanges(head, ended ? head.length : Number.MAX_SAFE_INTEGER, 1);
}

/** `text` cut into pieces of at least `pieceBytes` (after the plan's head), pushed in `chunkSize` chunks. */
export function cutPieces(text: Uint8Array, plan: RangePlan, pieceBytes: number, chunkSize = 1 << 20): TextPiece[] {
  const cutter = new PieceCutter(plan.format, pieceBytes, plan.headEnd);
  const pieces: TextPiece[] = [];
  for (let i = 0; i < text.length; i += chunkSize) pieces.push(...cutter.push(text.slice(i, i + chunkSize)));
  pieces.push(...cutter.end());
  return pieces;
}

/**
 * The model of `text` loaded in pieces of at least `pieceBytes` (each parsed into batches,
 * then joined in order), or the one-pass model when only a one-pass load reads it right.
 */
export function loadInPieces(text: Uint8Array, pieceBytes: number, chunkSize = 1 << 20, batchRows?: number): TraceModel {
  const plan = planText(text.subarray(0, PLAN_HEAD_BYTES), text.length <= PLAN_HEAD_BYTES);
  if (!plan) {
    const loader = new TraceLoader();
    for (let i = 0; i < text.length; i += chunkSize) loader.pushBytes(text.subarray(i, i + chunkSize));
    return loader.finish();
  }
  const join = new RangeJoin(plan.format);
  for (const piece of cutPieces(text, plan, pieceBytes, chunkSize)) {
    const batches: RecordBatch[] = [];
    const parser = openPiece({ format: plan.format, headLines: plan.headLines, first: piece.index === 0, batchRows, onBatch: (b) => batches.push(b) });
    for (const c of piece.chunks) parser.push(c);
    const summary = parser.finish();
    join.startRange();
    for (const b of batches) join.add(b);
    join.endRange(summary);
  }
  return join.finish(text.length);
}
