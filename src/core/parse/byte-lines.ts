/**
 * Splits byte chunks into lines without decoding them, so the hot trace-cmd path can
 * parse bytes directly and only the rare line that needs it is turned into a string.
 *
 * A line split across chunks is copied into a carry buffer until its `\n` arrives.
 * UTF-8 never uses byte 10 inside a character, so a complete line always holds whole
 * characters and decoding it alone is exact, wherever the chunks were cut.
 */
export type ByteLineSink = (buf: Uint8Array, start: number, end: number) => void;

export class ByteLineSplitter {
  private carry = new Uint8Array(0);
  private carryLength = 0;
  bytes = 0;

  constructor(private readonly sink: ByteLineSink) {}

  push(chunk: Uint8Array): void {
    this.bytes += chunk.byteLength;
    let start = 0;
    let nl = chunk.indexOf(10);
    if (nl < 0) {
      this.append(chunk, 0, chunk.length);
      return;
    }
    if (this.carryLength > 0) {
      this.append(chunk, 0, nl);
      this.emit(this.carry, 0, this.carryLength);
      this.carryLength = 0;
      start = nl + 1;
      nl = chunk.indexOf(10, start);
    }
    while (nl >= 0) {
      this.emit(chunk, start, nl);
      start = nl + 1;
      nl = chunk.indexOf(10, start);
    }
    if (start < chunk.length) this.append(chunk, start, chunk.length);
  }

  /** Emits a last line that had no `\n`. */
  end(): void {
    if (this.carryLength > 0) {
      this.emit(this.carry, 0, this.carryLength);
      this.carryLength = 0;
    }
    this.carry = new Uint8Array(0);
  }

  /** Strips a CR of a CRLF line end: CRLF and LF files give the same lines. */
  private emit(buf: Uint8Array, start: number, end: number): void {
    if (end > start && buf[end - 1] === 13) end--;
    this.sink(buf, start, end);
  }

  private append(src: Uint8Array, start: number, end: number): void {
    const n = end - start;
    if (this.carryLength + n > this.carry.length) {
      const grown = new Uint8Array(Math.max(1024, (this.carryLength + n) * 2));
      grown.set(this.carry.subarray(0, this.carryLength));
      this.carry = grown;
    }
    this.carry.set(src.subarray(start, end), this.carryLength);
    this.carryLength += n;
  }
}
