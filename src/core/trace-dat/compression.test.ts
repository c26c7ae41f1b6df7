/**
 * The zstd decoders on every compressed chunk of the recorded trace.dat files: zstd's own
 * decoder in WebAssembly (zstd-wasm.ts, what the reader uses where WebAssembly compiles) gives
 * the bytes fzstd gives; a damaged chunk is named by fzstd's message either way.
 */
import { describe, expect, it } from 'vitest';
import { zstdChunks as chunks } from '../../test-utils/zstd-chunks';
import { blockDecompressor, zstdEngine, zstdJs } from './compression';

describe('zstd block decoders', () => {
  it('uses the WebAssembly decoder where WebAssembly compiles (Node)', async () => {
    expect(await zstdEngine()).toBe('wasm');
  });

  it.each(['01-seed-curl-fgraph.dat', '03-systemwide-sched-irq.dat'])('decodes every chunk of %s as fzstd does', async (name) => {
    const decode = (await blockDecompressor('zstd'))!;
    const all = await chunks(name);
    expect(all.length).toBeGreaterThan(10);
    for (const { block, size } of all) {
      const out = decode(block, size);
      expect(out.length).toBe(size);
      expect(Buffer.from(out).equals(Buffer.from(zstdJs(block, size)))).toBe(true);
    }
  });

  it('names a damaged chunk with fzstd message, and a chunk of the wrong size', async () => {
    const decode = (await blockDecompressor('zstd'))!;
    const [{ block, size }] = await chunks('01-seed-curl-fgraph.dat');
    expect(() => decode(block, size + 1)).toThrow(`decompressed to ${size} bytes, the block header says ${size + 1}`);
    expect(() => decode(block, 0)).toThrow(`decompressed to ${size} bytes, the block header says 0`);
    const cut = block.subarray(0, block.length >> 1);
    let message = '';
    try {
      zstdJs(cut, size);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).not.toBe('');
    expect(() => decode(cut, size)).toThrow(message);
    // The decoder is whole after a damaged block.
    expect(decode(block, size).length).toBe(size);
  });
});
