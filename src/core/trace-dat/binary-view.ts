/**
 * Numbers and strings read from a byte array in the file's byte order, with the file
 * offset of byte 0 kept so that every error names where in the file it happened.
 * 64-bit values are returned as numbers: exact below 2^53, which covers offsets, sizes
 * and nanosecond clocks (104 days); kernel addresses are read as two halves (`u64Hi`/`u32`).
 */
import { TraceDatError } from './errors';

const DECODER = new TextDecoder('utf-8', { fatal: false });

/** This machine stores numbers little-endian (every host a browser or Node runs on today, but checked). */
const HOST_LITTLE = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export class BinaryView {
  readonly view: DataView;
  /**
   * The bytes as 32-bit words, when the file and this machine are both little-endian and the
   * bytes start on a 4-byte boundary (else null): word k is bytes [4k, 4k + 4), the low half
   * of a u64 the word before its high half, so a 4-aligned field is one typed-array load,
   * with no DataView call (the record decoder's hot path; ring-buffer events are 4-byte
   * aligned).
   */
  readonly words: Int32Array | null;

  constructor(
    readonly bytes: Uint8Array,
    readonly little: boolean,
    /** File offset of bytes[0] (of the compressed block for decompressed data). */
    readonly base: number,
    /** What these bytes are, for error messages. */
    readonly section: string,
    /**
     * The bytes were decompressed from a block at file offset `base`: an error names that
     * block's offset and the position inside the decompressed bytes.
     */
    readonly decompressed = false,
    /** For decompressed bytes: where bytes[0] sits in the decompressed block. */
    readonly inner = 0,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.words = little && HOST_LITTLE && bytes.byteOffset % 4 === 0 ? new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 2) : null;
  }

  /** The bytes [at, at + n) as a view of their own that still names their place in the file. */
  sub(at: number, n: number): BinaryView {
    this.need(at, n);
    const bytes = this.bytes.subarray(at, at + n);
    return this.decompressed
      ? new BinaryView(bytes, this.little, this.base, this.section, true, this.inner + at)
      : new BinaryView(bytes, this.little, this.base + at, this.section);
  }

  get length(): number {
    return this.bytes.length;
  }

  fail(at: number, detail: string): never {
    if (this.decompressed) throw new TraceDatError(this.section, this.base, `${detail} (at byte ${this.inner + at} of the decompressed block)`);
    throw new TraceDatError(this.section, this.base + at, detail);
  }

  need(at: number, n: number): void {
    if (at < 0 || at + n > this.bytes.length) {
      this.fail(at, `needs ${n} bytes here but the ${this.section} ends after ${this.bytes.length} (truncated or corrupted)`);
    }
  }

  u8(at: number): number {
    this.need(at, 1);
    return this.bytes[at];
  }

  u16(at: number): number {
    this.need(at, 2);
    return this.view.getUint16(at, this.little);
  }

  u32(at: number): number {
    this.need(at, 4);
    return this.view.getUint32(at, this.little);
  }

  i32(at: number): number {
    this.need(at, 4);
    return this.view.getInt32(at, this.little);
  }

  /** The high 32 bits of the u64 at `at`. */
  u64Hi(at: number): number {
    this.need(at, 8);
    return this.view.getUint32(at + (this.little ? 4 : 0), this.little);
  }

  /** The low 32 bits of the u64 at `at`. */
  u64Lo(at: number): number {
    this.need(at, 8);
    return this.view.getUint32(at + (this.little ? 0 : 4), this.little);
  }

  /** The u64 at `at` as a number (exact below 2^53). */
  u64(at: number): number {
    return this.u64Hi(at) * 4294967296 + this.u64Lo(at);
  }

  /** An unsigned number of `size` bytes (1, 2, 4 or 8). */
  unsigned(at: number, size: number): number {
    switch (size) {
      case 1:
        return this.u8(at);
      case 2:
        return this.u16(at);
      case 4:
        return this.u32(at);
      case 8:
        return this.u64(at);
      default:
        return this.fail(at, `a number of ${size} bytes`);
    }
  }

  /** The NUL-terminated string at `at` and the offset after its NUL. */
  cstring(at: number): { text: string; next: number } {
    const end = this.bytes.indexOf(0, at);
    if (end < 0) this.fail(at, `a string with no NUL before the end of the ${this.section}`);
    return { text: DECODER.decode(this.bytes.subarray(at, end)), next: end + 1 };
  }

  text(at: number, n: number): string {
    this.need(at, n);
    return DECODER.decode(this.bytes.subarray(at, at + n));
  }

  /** The text of the bytes `[from, to)` up to the first NUL among them (a C char field, `%s`); no bounds error. */
  textToNul(from: number, to: number): string {
    const bytes = this.bytes.subarray(from, to);
    const nul = bytes.indexOf(0);
    return DECODER.decode(nul >= 0 ? bytes.subarray(0, nul) : bytes);
  }
}
