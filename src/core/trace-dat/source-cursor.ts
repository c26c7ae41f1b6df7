/**
 * Reads a trace.dat front to back from a random-access source through one read-ahead
 * buffer: the version 6 headers are a sequence of small length-prefixed pieces, and one
 * source read per piece would be thousands of reads (a Blob read is not free).
 */
import { BinaryView } from './binary-view';
import { TraceDatError } from './errors';
import type { ByteSource } from './source';

const READ_AHEAD = 1 << 16;

export class SourceCursor {
  private buf = new Uint8Array(0);
  /** File offset of buf[0]. */
  private bufStart = 0;

  constructor(
    private readonly source: ByteSource,
    /** File offset of the next byte to take. */
    public offset: number,
    private readonly little: boolean,
  ) {}

  /** The next `n` bytes as a view (copied out of the read-ahead buffer), the cursor moved past them. */
  async take(n: number, section: string): Promise<BinaryView> {
    const at = this.offset;
    if (at + n > this.source.size) {
      throw new TraceDatError(section, at, `needs ${n} bytes but the file ends at byte ${this.source.size} (truncated)`);
    }
    const local = at - this.bufStart;
    let bytes: Uint8Array;
    if (local >= 0 && local + n <= this.buf.length) {
      bytes = this.buf.slice(local, local + n);
    } else if (n >= READ_AHEAD) {
      bytes = (await this.source.read(at, n)).slice();
    } else {
      this.buf = (await this.source.read(at, Math.max(n, READ_AHEAD))).slice();
      this.bufStart = at;
      bytes = this.buf.slice(0, n);
    }
    if (bytes.length < n) throw new TraceDatError(section, at, `needs ${n} bytes but only ${bytes.length} could be read (truncated)`);
    this.offset = at + n;
    return new BinaryView(bytes, this.little, at, section);
  }

  async u16(section: string): Promise<number> {
    return (await this.take(2, section)).u16(0);
  }

  async u32(section: string): Promise<number> {
    return (await this.take(4, section)).u32(0);
  }

  async u64(section: string): Promise<number> {
    return (await this.take(8, section)).u64(0);
  }

  /** A NUL-terminated string of at most `max` bytes. */
  async cstring(section: string, max = 4096): Promise<string> {
    const start = this.offset;
    const avail = Math.min(max + 1, this.source.size - start);
    const view = await this.take(avail, section);
    const { text, next } = view.cstring(0);
    this.offset = start + next;
    return text;
  }

  /** Moves to `offset` (a later read refills the buffer when it is outside). */
  seek(offset: number): void {
    this.offset = offset;
  }
}

/** The reads the header parsers need, from the file (SourceCursor) or from a section already in memory (ViewCursor). */
export interface PieceReader {
  readonly offset: number;
  u16(section: string): Promise<number>;
  u32(section: string): Promise<number>;
  u64(section: string): Promise<number>;
  cstring(section: string, max?: number): Promise<string>;
  take(n: number, section: string): Promise<BinaryView>;
}

/** A PieceReader over a section's (decompressed) bytes. Errors name the section and its file offset. */
export class ViewCursor implements PieceReader {
  offset = 0;

  constructor(private readonly v: BinaryView) {}

  take(n: number): Promise<BinaryView> {
    const view = this.v.sub(this.offset, n);
    this.offset += n;
    return Promise.resolve(view);
  }

  u16(): Promise<number> {
    const n = this.v.u16(this.offset);
    this.offset += 2;
    return Promise.resolve(n);
  }

  u32(): Promise<number> {
    const n = this.v.u32(this.offset);
    this.offset += 4;
    return Promise.resolve(n);
  }

  u64(): Promise<number> {
    const n = this.v.u64(this.offset);
    this.offset += 8;
    return Promise.resolve(n);
  }

  cstring(): Promise<string> {
    const { text, next } = this.v.cstring(this.offset);
    this.offset = next;
    return Promise.resolve(text);
  }
}
