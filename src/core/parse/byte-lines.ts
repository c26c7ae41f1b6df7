/**
 * Splits byte chunks into lines without decoding them, so the hot trace-cmd path can
 * parse bytes directly and only the rare line that needs it is turned into a string.
 *
 * A line split across chunks is copied into a carry buffer until its `\n` arrives.
 * UTF-8 never uses byte 10 inside a character, so a complete line always holds whole
 * characters and decoding it alone is exact, wherever the chunks were cut.
 *
 * The carry keeps at most `maxLineBytes` of one line: input with no `\n` for gigabytes (a
 * gzip of zeros, a disk image) must not grow it without end. Such a line is delivered cut
 * to that length, straight to the sink (a taker never sees it), which reports it as
 * over-long from its length.
 */
export type ByteLineSink = (buf: Uint8Array, start: number, end: number) => void;

/**
 * Offered each line first, with the bytes up to the last `\n` of the chunk (`limit` is one
 * past it): consumes the line when it can and returns the index of its `\n` (so the
 * splitter needs no scan of its own), or -1 to have it delivered to the sink as usual.
 * A taker must not read past the first `\n` it meets.
 */
export type ByteLineTaker = (buf: Uint8Array, start: number, limit: number) => number;

const LF = 10;

export class ByteLineSplitter {
  private carry = new Uint8Array(0);
  private carryLength = 0;
  /** The line in the carry had more than maxLineBytes: only its start is kept. */
  private cut = false;
  bytes = 0;

  constructor(
    private readonly sink: ByteLineSink,
    private readonly taker?: ByteLineTaker,
    private readonly maxLineBytes = Number.POSITIVE_INFINITY,
  ) {}

  /** Part of a line is held, waiting for its `\n`. */
  get pending(): boolean {
    return this.carryLength > 0;
  }

  push(chunk: Uint8Array): void {
    this.bytes += chunk.byteLength;
    const len = chunk.length;
    // Lines are taken only up to the chunk's last LF: a taker then never reads past the
    // array's end (out-of-bounds reads would deoptimise the hot parser).
    const limit = chunk.lastIndexOf(LF) + 1;
    if (limit === 0) {
      this.append(chunk, 0, len);
      return;
    }
    let start = 0;
    if (this.carryLength > 0) {
      const nl = chunk.indexOf(LF);
      this.append(chunk, 0, nl);
      this.appendLf();
      this.carried();
      start = nl + 1;
    }
    const taker = this.taker;
    while (start < limit) {
      if (taker) {
        const end = taker(chunk, start, limit);
        if (end >= 0) {
          start = end + 1;
          continue;
        }
      }
      const nl = chunk.indexOf(LF, start);
      this.emit(chunk, start, nl);
      start = nl + 1;
    }
    if (limit < len) this.append(chunk, limit, len);
  }

  /** Emits a last line that had no `\n`. */
  end(): void {
    if (this.carryLength > 0) {
      this.appendLf();
      this.carried();
    }
    this.carry = new Uint8Array(0);
  }

  /** The carry holds one whole line, its `\n` included. */
  private carried(): void {
    const n = this.carryLength;
    const cut = this.cut;
    this.carryLength = 0;
    this.cut = false;
    if (!cut && this.taker && this.taker(this.carry, 0, n) >= 0) return;
    this.emit(this.carry, 0, n - 1);
  }

  /** Strips a CR of a CRLF line end: CRLF and LF files give the same lines. */
  private emit(buf: Uint8Array, start: number, end: number): void {
    if (end > start && buf[end - 1] === 13) end--;
    this.sink(buf, start, end);
  }

  /** Adds line bytes to the carry, up to maxLineBytes of the line. */
  private append(src: Uint8Array, start: number, end: number): void {
    let n = end - start;
    const room = this.maxLineBytes - this.carryLength;
    if (n > room) {
      n = Math.max(0, room);
      this.cut = true;
    }
    this.reserve(n);
    this.carry.set(src.subarray(start, start + n), this.carryLength);
    this.carryLength += n;
  }

  /** Ends the carried line: its `\n` always fits, cut or not. */
  private appendLf(): void {
    this.reserve(1);
    this.carry[this.carryLength++] = LF;
  }

  private reserve(n: number): void {
    if (this.carryLength + n <= this.carry.length) return;
    const grown = new Uint8Array(Math.max(1024, (this.carryLength + n) * 2));
    grown.set(this.carry.subarray(0, this.carryLength));
    this.carry = grown;
  }
}
