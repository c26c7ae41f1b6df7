/**
 * Parses one piece of a text cut by piece-cutter.ts: a range of the input that begins at a
 * seam and ends at the next one (or at the text's end), so its bytes alone are fed, with
 * no tail to read past its end. The range parser is told the byte before it was a `\n`
 * (the piece begins on a line start), as a byte range that begins there is told.
 */
import type { FormatId } from '../parse/record';
import { RangeParser, type RecordSink } from './range-parser';
import type { RecordBatch } from './record-batch';

/** The byte before every piece but the first: the `\n` it was cut after. */
const BYTE_BEFORE = new Uint8Array([10]);

export interface PieceParseOptions {
  /** The format the text's first lines decided (plan.ts). */
  format: FormatId;
  /** The plan's head lines (read by the first piece without the byte fast path). */
  headLines: number;
  /** Whether this is the text's first piece. */
  first: boolean;
  /** Rows per batch (the core's default when absent). */
  batchRows?: number;
  /** Gets each batch, in order; or `sink` takes each record (range-parser.ts). */
  onBatch?: (batch: RecordBatch) => void;
  sink?: RecordSink;
}

/**
 * A piece as a thread is sent it (the app's range workers and the CLI's worker threads
 * alike): its bytes are transferred in the message.
 */
export interface PieceJob {
  format: FormatId;
  /** The plan's head lines (read by the first piece without the byte fast path). */
  headLines: number;
  /** The piece's index in the text (0: the first). */
  index: number;
  /** Its bytes, in order (piece-cutter.ts). */
  chunks: Uint8Array[];
  /** Rows per batch (RecordBatchWriter's default when absent). */
  batchRows?: number;
}

/** A range parser ready for the piece's bytes: `push` them, then `finish()`. */
export function openPiece(options: PieceParseOptions): RangeParser {
  const parser = new RangeParser({
    format: options.format,
    first: options.first,
    headLines: options.headLines,
    batchRows: options.batchRows,
    onBatch: options.onBatch,
    sink: options.sink,
  });
  if (!options.first) parser.push(BYTE_BEFORE);
  return parser;
}
