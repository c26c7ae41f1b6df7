/**
 * The block decompressors of trace.dat version 7 (trace-cmd's lib/trace-cmd/trace-compress-*.c):
 * zstd (`ZSTD_compress2`, frames without a content size) and zlib (`compress2`, the RFC 1950
 * wrapper). Every block says its compressed and uncompressed sizes.
 *
 * zstd: zstd's own decoder built to WebAssembly (zstd-wasm.ts, zstddec's build of it,
 * embedded: no request is made to load it), about three times the speed of the pure
 * JavaScript `fzstd`, which stays as the fallback where WebAssembly cannot be compiled (a
 * page whose Content-Security-Policy forbids it) and which names what is wrong in a
 * damaged block (the WebAssembly decoder only says that it failed). The browser has no zstd.
 *
 * zlib: `fflate`'s `unzlibSync`, into the caller's memory when given (else it writes a first
 * guess of three times the input, grows it by doubling and copies it to size: fresh memory
 * each time). The browser's DecompressionStream('deflate') would also read it, but it is a
 * stream API of the browser and of recent Node, asynchronous per block, while the reader
 * decompresses one 40 KiB chunk at a time; fflate does that synchronously in a few KB of code.
 */
import { decompress as zstdDecompress } from 'fzstd';
import { unzlibSync } from 'fflate';
import { WasmZstd } from './zstd-wasm';

/**
 * Decompresses one block into exactly `size` bytes, or throws with what went wrong. With
 * `into`, the bytes may be written there instead of into fresh memory when it has room for
 * a byte more than `size` (which lets a decoder that cannot grow it see a block that holds
 * more): a caller that reads block after block passes memory it has done with.
 */
export type BlockDecompressor = (block: Uint8Array, size: number, into?: Uint8Array) => Uint8Array;

/** Which zstd decoder a thread runs: `wasm` (zstd-wasm.ts) where WebAssembly compiles, else `js` (fzstd). */
export type ZstdEngine = 'wasm' | 'js';

/** The zstd decoder this thread uses (tests, benchmarks). */
export async function zstdEngine(): Promise<ZstdEngine> {
  return (await WasmZstd.get()) ? 'wasm' : 'js';
}

export async function blockDecompressor(name: string): Promise<BlockDecompressor | null> {
  switch (name) {
    case 'zstd': {
      const wasm = await WasmZstd.get();
      if (!wasm) return zstdJs;
      // Damaged, empty or huge: fzstd decodes it or says what is wrong with it.
      return (block, size, into) => wasm.decode(block, size, into) ?? zstdJs(block, size);
    }
    case 'zlib':
      return (block, size, into) => {
        if (into !== undefined && into.length > size) {
          // fflate writes into the memory given without growing it: the byte past `size`
          // shows a block that holds more (then, as for a damaged one, the plain decode below
          // says what is wrong).
          try {
            const out = unzlibSync(block, { out: into.subarray(0, size + 1) });
            if (out.length === size) return out;
          } catch {
            /* said below */
          }
        }
        return checkSize(unzlibSync(block), size);
      };
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
