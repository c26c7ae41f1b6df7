/**
 * zstd's own decoder in WebAssembly (zstd-wasm-binary.ts), driven so that a block costs no
 * fresh memory: the compressed block is copied into an input buffer and decoded into an
 * output buffer, both kept in the module's heap from block to block, and the output is
 * copied into memory the caller gives (a CPU stream's own block buffers, used in turn).
 *
 * Measured on the benchmark's zstd trace.dat (1.6M calls, 105 MB in 2,600 chunks of 40 KiB):
 * with zstddec's `decode`, which mallocs both buffers per block and returns a fresh slice of
 * its heap, the JavaScript side of each block (its fresh 40 KiB written for the first time,
 * and their garbage) took 0.18 s in Node and 0.55 s in Chromium's worker, as long as the
 * decoding in WebAssembly (0.18 and 0.25–0.31 s).
 *
 * One instance per thread (compiled and instantiated on first use): decoding is
 * synchronous, so loads on one thread never interleave inside it.
 */
import { base64Bytes } from '../../lib/base64';
import { ZSTD_DECODER_WASM_BASE64 } from './zstd-wasm-binary';

interface ZstdExports {
  memory: WebAssembly.Memory;
  malloc(size: number): number;
  free(ptr: number): void;
  /** Returns the decoded size, or an error code (a size_t near 2^32: negative as an i32). */
  ZSTD_decompress(dst: number, dstCapacity: number, src: number, srcSize: number): number;
}

/**
 * The largest block (compressed or not) decoded here: trace-cmd's are 10 pages (40 KiB with
 * 4 KiB pages) and its sections kallsyms-sized; a size field damaged into gigabytes is left
 * to the caller's fallback, which fails on it without growing this heap.
 */
const MAX_WASM_BLOCK = 64 << 20;

export class WasmZstd {
  private heap: Uint8Array;
  private inPtr = 0;
  private inCapacity = 0;
  private outPtr = 0;
  private outCapacity = 0;

  private constructor(private readonly x: ZstdExports) {
    this.heap = new Uint8Array(x.memory.buffer);
  }

  /**
   * Decodes one zstd block of exactly `size` bytes into `into` when it has room (else into
   * fresh memory), and returns the bytes. Null when this decoder cannot say: the block is
   * damaged or decodes to another size, or a size is out of its range; the caller's fallback
   * then decodes it or says what is wrong with it.
   */
  decode(block: Uint8Array, size: number, into?: Uint8Array): Uint8Array | null {
    if (!(size > 0 && size <= MAX_WASM_BLOCK && block.length <= MAX_WASM_BLOCK)) return null;
    if (!this.reserve(block.length, size)) return null;
    this.heap.set(block, this.inPtr);
    const n = this.x.ZSTD_decompress(this.outPtr, size, this.inPtr, block.length);
    if (n !== size) return null;
    // The decoder mallocs its context per block: the heap may have grown (a new buffer).
    this.refreshHeap();
    const out = into !== undefined && into.length >= size ? into.subarray(0, size) : new Uint8Array(size);
    out.set(this.heap.subarray(this.outPtr, this.outPtr + size));
    return out;
  }

  /** Makes the input and output buffers at least this large; false when the heap cannot grow. */
  private reserve(inSize: number, outSize: number): boolean {
    const x = this.x;
    if (inSize > this.inCapacity) {
      if (this.inPtr !== 0) x.free(this.inPtr);
      this.inPtr = x.malloc(inSize);
      this.inCapacity = this.inPtr === 0 ? 0 : inSize;
    }
    if (outSize > this.outCapacity) {
      if (this.outPtr !== 0) x.free(this.outPtr);
      this.outPtr = x.malloc(outSize);
      this.outCapacity = this.outPtr === 0 ? 0 : outSize;
    }
    this.refreshHeap();
    return this.inPtr !== 0 && this.outPtr !== 0;
  }

  private refreshHeap(): void {
    if (this.heap.buffer !== this.x.memory.buffer) this.heap = new Uint8Array(this.x.memory.buffer);
  }

  /** This thread's decoder; null where WebAssembly cannot be compiled (a page's CSP forbids it). */
  static get(): Promise<WasmZstd | null> {
    threadDecoder ??= WasmZstd.instantiate().catch(() => null);
    return threadDecoder;
  }

  private static async instantiate(): Promise<WasmZstd> {
    // The heap's growth is seen by comparing buffers on each use: nothing to do when notified.
    const imports = { env: { emscripten_notify_memory_growth: () => {} } };
    const { instance } = await WebAssembly.instantiate(base64Bytes(ZSTD_DECODER_WASM_BASE64), imports);
    return new WasmZstd(instance.exports as unknown as ZstdExports);
  }
}

let threadDecoder: Promise<WasmZstd | null> | undefined;
