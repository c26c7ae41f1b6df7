/**
 * The block decompressors of trace.dat version 7 (trace-cmd's lib/trace-cmd/trace-compress-*.c):
 * zstd (`ZSTD_compress2`, frames without a content size) and zlib (`compress2`, the RFC 1950
 * wrapper). Every block says its compressed and uncompressed sizes.
 *
 * Both are pure JavaScript so the core runs the same in the worker, in Node and in tests:
 * `fzstd` (the browser has no zstd) and `fflate`'s `unzlibSync`. The browser's
 * DecompressionStream('deflate') would also read zlib, but it is a stream API of the
 * browser and of recent Node, asynchronous per block, while the reader decompresses one
 * 40 KiB chunk at a time; fflate does that synchronously in a few KB of code.
 */
import { decompress as zstdDecompress } from 'fzstd';
import { unzlibSync } from 'fflate';

/** Decompresses one block into exactly `size` bytes, or throws with what went wrong. */
export type BlockDecompressor = (block: Uint8Array, size: number) => Uint8Array;

export function blockDecompressor(name: string): BlockDecompressor | null {
  switch (name) {
    case 'zstd':
      // No output buffer: given one, fzstd 0.1.1 compares it with `== 1`, which turns the
      // whole buffer into a string for every block (ten times slower than decoding), and
      // it cannot say how many bytes it wrote, so a block that decodes short would go unseen.
      return (block, size) => checkSize(zstdDecompress(block), size);
    case 'zlib':
      return (block, size) => checkSize(unzlibSync(block), size);
    default:
      return null;
  }
}

function checkSize(out: Uint8Array, size: number): Uint8Array {
  if (out.length !== size) throw new Error(`decompressed to ${out.length} bytes, the block header says ${size}`);
  return out;
}
