/**
 * A zstd-compressed input (`trace-cmd report | zstd > trace.txt.zst`, or a trace.dat run
 * through zstd) decoded as it is read, frame after frame, by fzstd's streaming decoder (pure
 * JavaScript, already the trace.dat reader's fallback: trace-dat/compression.ts). The
 * embedded WebAssembly decoder (trace-dat/zstd-wasm.ts) decodes a whole block of a size known
 * beforehand only (`ZSTD_decompress`), which a stream of unknown length is not: fzstd keeps
 * one window of memory however long the input (the zstd command's window, 2–8 MiB at its
 * default levels), at about 20 MB/s of text where `zstd -dc FILE | cli summary -` is faster.
 */
import { Decompress } from 'fzstd';

/**
 * A zstd frame's magic number, little-endian (RFC 8878 §3.1.1: 0xFD2FB528), and a skippable
 * frame's (§3.1.2: 0x184D2A50–0x184D2A5F, what pzstd puts before each of its frames).
 */
export function isZstd(head: Uint8Array): boolean {
  if (head.length < 4) return false;
  const frame = head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd;
  const skippable = (head[0] & 0xf0) === 0x50 && head[1] === 0x2a && head[2] === 0x4d && head[3] === 0x18;
  return frame || skippable;
}

/**
 * The bytes the zstd `input` holds, as they are decoded. A stream cut short or damaged throws
 * after the bytes decoded before the damage, its error saying so in fzstd's words
 * ('unexpected EOF', 'invalid zstd data': also what bytes that are not zstd after the last
 * frame are), prefixed with `zstd: `.
 */
export async function* unzstd(input: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  let decoded: Uint8Array[] = [];
  const decoder = new Decompress((block) => {
    if (block.length > 0) decoded.push(block);
  });
  /** What stopped the decoder (the blocks before it are handed out first). */
  const state: { failure: Error | null } = { failure: null };
  const push = (bytes: Uint8Array, final: boolean): Uint8Array[] => {
    try {
      decoder.push(bytes, final);
    } catch (err) {
      state.failure = err instanceof Error ? err : new Error(String(err));
    }
    const blocks = decoded;
    decoded = [];
    return blocks;
  };
  for await (const bytes of input) {
    // A copy: fzstd keeps the bytes it cannot decode yet, and a caller may fill the same
    // buffer again (cli/read-chunks.ts).
    yield* push(bytes.slice(), false);
    if (state.failure) break;
  }
  if (!state.failure) yield* push(new Uint8Array(0), true);
  if (state.failure) throw new Error(`zstd: ${state.failure.message}`);
}
