/**
 * Cuts a text that arrives in order and cannot be read at an offset (an inflated gzip) into
 * pieces a range worker parses alone (piece-parse.ts), joined in order like byte ranges
 * (range-join.ts). A piece ends after a `\n`, and the next one begins with a line the
 * format's parser reads the same whatever came before (`isSeamLine`, as range-parser.ts
 * decides a seam): so a piece is exactly a range whose seams are its two ends, and the
 * joined model is the one-pass model. A cut never falls inside a line, so never inside a
 * multi-byte UTF-8 character either; the text after the last cut is carried into the next
 * piece.
 *
 * The chunks pushed are owned from then on: each goes whole into one piece (its buffer can
 * be transferred to a worker), except the one a cut falls in, whose second part is copied
 * (at most a chunk per piece).
 */
import { StringTable } from '../model/string-table';
import { createFormatParsers, decodeLine, isSeamLine, MAX_LINE_LENGTH } from '../parse/line-reading';
import type { FormatId, LineParser } from '../parse/record';

const LF = 10;
const CR = 13;

/** One piece of the text, in order. */
export interface TextPiece {
  /** Its index: 0 for the first (which holds the format's head lines). */
  index: number;
  /** Its bytes, in order; no two share a buffer with another piece's. */
  chunks: Uint8Array[];
  /** The text offset of its first byte. */
  start: number;
  bytes: number;
}

export class PieceCutter {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  /** The text offset of the first pending byte. */
  private start = 0;
  /** Where in the pending bytes the search for the next cut goes on. */
  private scanFrom = 0;
  private count = 0;
  /** A parser of the format in its fresh state, asked only whether a line is a seam. */
  private readonly parser: LineParser | undefined;
  private readonly decoder = new TextDecoder('utf-8', { fatal: false });

  /**
   * `pieceBytes`: a piece's size at least (it ends at the first seam after); the first piece
   * holds at least `firstBytes` (the plan's head lines: plan.ts's `headEnd`).
   */
  constructor(
    format: FormatId,
    private readonly pieceBytes: number,
    private readonly firstBytes = 0,
  ) {
    this.parser = createFormatParsers(format, new StringTable()).parser;
  }

  /** Takes the next chunk of text; gives the pieces it completes. */
  push(chunk: Uint8Array): TextPiece[] {
    if (chunk.length === 0) return [];
    // A view into a bigger buffer is copied: a piece's buffers travel whole.
    this.pending.push(chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength ? chunk : chunk.slice());
    this.pendingBytes += chunk.length;
    const out: TextPiece[] = [];
    for (let cut = this.findCut(); cut > 0; cut = this.findCut()) out.push(this.take(cut));
    return out;
  }

  /** The text ended: the last piece (the first when nothing was cut, even empty). */
  end(): TextPiece[] {
    if (this.pendingBytes === 0 && this.count > 0) return [];
    return [this.take(this.pendingBytes)];
  }

  /** The pending bytes' offset at which the next piece ends, or 0 when not known yet. */
  private findCut(): number {
    const target = Math.max(1, this.count === 0 ? Math.max(this.pieceBytes, this.firstBytes) : this.pieceBytes);
    if (this.pendingBytes < target) return 0;
    let from = Math.max(target - 1, this.scanFrom);
    for (;;) {
      const nl = this.indexOfLf(from);
      if (nl < 0) {
        this.scanFrom = this.pendingBytes;
        return 0;
      }
      const cut = nl + 1;
      // A format whose lines all read alike whatever came before: any line start will do.
      if (!this.parser?.startsFresh) return cut;
      const lineEnd = this.indexOfLf(cut);
      if (lineEnd < 0 && this.pendingBytes - cut <= MAX_LINE_LENGTH + 1) {
        // The next line is not all here yet: look again at this cut when more comes.
        this.scanFrom = nl;
        return 0;
      }
      // Over-long lines are never parsed, so never seams (line-reading.ts); the rest are
      // decoded as the range parser decodes them: without a CR before the `\n`.
      let end = lineEnd < 0 ? this.pendingBytes : lineEnd;
      if (end - cut <= MAX_LINE_LENGTH + 1) {
        const bytes = this.bytesAt(cut, end);
        if (lineEnd >= 0 && bytes.length > 0 && bytes[bytes.length - 1] === CR) end--;
        const text = end - cut <= MAX_LINE_LENGTH ? decodeLine(this.decoder, bytes, 0, end - cut) : undefined;
        if (text !== undefined && isSeamLine(this.parser, text)) return cut;
      }
      from = cut;
    }
  }

  /** The pending offset of the first `\n` at or after `from`, or -1. */
  private indexOfLf(from: number): number {
    let base = 0;
    for (const c of this.pending) {
      if (from < base + c.length) {
        const i = c.indexOf(LF, Math.max(0, from - base));
        if (i >= 0) return base + i;
      }
      base += c.length;
    }
    return -1;
  }

  /** A copy of the pending bytes [from, to). */
  private bytesAt(from: number, to: number): Uint8Array {
    const out = new Uint8Array(Math.max(0, to - from));
    let base = 0;
    for (const c of this.pending) {
      const lo = Math.max(from, base);
      const hi = Math.min(to, base + c.length);
      if (lo < hi) out.set(c.subarray(lo - base, hi - base), lo - from);
      base += c.length;
      if (base >= to) break;
    }
    return out;
  }

  /** The piece of the first `cut` pending bytes. */
  private take(cut: number): TextPiece {
    const chunks: Uint8Array[] = [];
    let taken = 0;
    while (taken < cut) {
      const c = this.pending[0];
      if (taken + c.length <= cut) {
        chunks.push(c);
        this.pending.shift();
        taken += c.length;
      } else {
        const at = cut - taken;
        chunks.push(c.subarray(0, at));
        // The rest is copied: the first part's buffer goes with this piece.
        this.pending[0] = c.slice(at);
        taken = cut;
      }
    }
    const piece: TextPiece = { index: this.count++, chunks, start: this.start, bytes: cut };
    this.start += cut;
    this.pendingBytes -= cut;
    this.scanFrom = 0;
    return piece;
  }
}
