/**
 * The block decompressors of trace.dat version 7 (trace-cmd's lib/trace-cmd/trace-compress-*.c):
 * zstd (`ZSTD_compress2`, frames without a content size) and zlib (`compress2`, the RFC 1950
 * wrapper). Every block says its compressed and uncompressed sizes.
 *
 * zstd: zstd's own decoder built to WebAssembly (`zstddec`, its wasm embedded in the
 * package: no request is made to load it), about three times the speed of the pure
 * JavaScript `fzstd`, which stays as the fallback where WebAssembly cannot be compiled (a
 * page whose Content-Security-Policy forbids it) and which names what is wrong in a
 * damaged block (the WebAssembly decoder only says that it failed). The browser has no zstd.
 *
 * zlib: `fflate`'s `unzlibSync`. The browser's DecompressionStream('deflate') would also
 * read it, but it is a stream API of the browser and of recent Node, asynchronous per
 * block, while the reader decompresses one 40 KiB chunk at a time; fflate does that
 * synchronously in a few KB of code.
 */
import { decompress as zstdDecompress } from 'fzstd';
import { unzlibSync } from 'fflate';
import { ZSTDDecoder } from 'zstddec';

/** Decompresses one block into exactly `size` bytes, or throws with what went wrong. */
export type BlockDecompressor = (block: Uint8Array, size: number) => Uint8Array;

/** Which zstd decoder a thread runs: `wasm` (zstddec) where WebAssembly compiles, else `js` (fzstd). */
export type ZstdEngine = 'wasm' | 'js';

/**
 * The largest block (compressed or not) given to the WebAssembly decoder: trace-cmd's are
 * 10 pages (40 KiB with 4 KiB pages) and its sections are kallsyms-sized; a size field
 * damaged into gigabytes goes to fzstd, which fails on it without growing the decoder's
 * memory (zstddec allocates both sizes in its heap before it decodes).
 */
const MAX_WASM_BLOCK = 64 << 20;

/** zstddec, ready to decode; null where WebAssembly cannot be compiled here. */
async function wasmZstd(): Promise<ZSTDDecoder | null> {
  const decoder = new ZSTDDecoder();
  try {
    // zstddec compiles its module once per thread and hands every instance the same one.
    await decoder.init();
    return decoder;
  } catch {
    return null;
  }
}

/** The zstd decoder this thread uses (tests, benchmarks). */
export async function zstdEngine(): Promise<ZstdEngine> {
  return (await wasmZstd()) ? 'wasm' : 'js';
}

export async function blockDecompressor(name: string): Promise<BlockDecompressor | null> {
  switch (name) {
    case 'zstd': {
      const wasm = await wasmZstd();
      if (!wasm) return zstdJs;
      return (block, size) => {
        // zstddec reads a size of 0 as "find it in the frame", which these frames do not say.
        if (size > 0 && size <= MAX_WASM_BLOCK && block.length <= MAX_WASM_BLOCK) {
          // A damaged block comes back short (zstd's error code is a negative size there).
          const out = wasm.decode(block, size);
          if (out.length === size) return out;
        }
        // Damaged, empty or huge: fzstd decodes it or says what is wrong with it.
        return zstdJs(block, size);
      };
    }
    case 'zlib':
      return (block, size) => checkSize(unzlibSync(block), size);
    default:
      return null;
  }
}

/**
 * fzstd. No output buffer: given one, fzstd 0.1.1 compares it with `== 1`, which turns the
 * whole buffer into a string for every block (ten times slower than decoding), and it
 * cannot say how many bytes it wrote, so a block that decodes short would go unseen.
 */
export const zstdJs: BlockDecompressor = (block, size) => checkSize(zstdDecompress(block), size);

function checkSize(out: Uint8Array, size: number): Uint8Array {
  if (out.length !== size) throw new Error(`decompressed to ${out.length} bytes, the block header says ${size}`);
  return out;
}
