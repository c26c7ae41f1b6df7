/**
 * The zstd decoders on every compressed chunk of the recorded trace.dat files: zstd's own
 * decoder in WebAssembly (zstd-wasm.ts, what the reader uses where WebAssembly compiles) gives
 * the bytes fzstd gives; a damaged chunk is named by fzstd's message either way. Both zstd
 * and zlib decode into memory the caller gives, with the messages of a fresh decode.
 */
import { deflateSync } from 'node:zlib';
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

describe('decoding into the memory given', () => {
  // (zstd-wasm.test.ts decodes every chunk so; here, that the memory given reaches the decoder.)
  it('zstd: chunks of a recorded file, into one block of memory, as fzstd decodes them', async () => {
    const decode = (await blockDecompressor('zstd'))!;
    const into = new Uint8Array(1 << 20);
    for (const { block, size } of (await chunks('01-seed-curl-fgraph.dat')).slice(0, 3)) {
      const out = decode(block, size, into);
      expect(out.buffer).toBe(into.buffer);
      expect(Buffer.from(out).equals(Buffer.from(zstdJs(block, size)))).toBe(true);
    }
  });

  /** Pages of varied bytes, as zlib chunks of trace-cmd hold them. */
  const raw = Uint8Array.from({ length: 40960 }, (_, i) => (i * 7 + (i >> 9)) & 0xff);
  const block = new Uint8Array(deflateSync(raw));

  it('zlib: into the memory given when it has a byte to spare, else into fresh memory', async () => {
    const decode = (await blockDecompressor('zlib'))!;
    const into = new Uint8Array(raw.length + 1).fill(0xa5);
    const out = decode(block, raw.length, into);
    expect(out.buffer).toBe(into.buffer);
    expect(Buffer.from(out).equals(Buffer.from(raw))).toBe(true);
    const tight = new Uint8Array(raw.length);
    const fresh = decode(block, raw.length, tight);
    expect(fresh.buffer).not.toBe(tight.buffer);
    expect(Buffer.from(fresh).equals(Buffer.from(raw))).toBe(true);
  });

  it('zlib: a block that holds more or less than its header says, or is damaged, gets the message of a fresh decode', async () => {
    const decode = (await blockDecompressor('zlib'))!;
    const into = new Uint8Array(raw.length + 1);
    expect(() => decode(block, raw.length - 1, into)).toThrow(`decompressed to ${raw.length} bytes, the block header says ${raw.length - 1}`);
    expect(() => decode(block, raw.length - 100, into)).toThrow(`decompressed to ${raw.length} bytes, the block header says ${raw.length - 100}`);
    expect(() => decode(block, raw.length + 1, new Uint8Array(raw.length + 2))).toThrow(`decompressed to ${raw.length} bytes, the block header says ${raw.length + 1}`);
    const damaged = block.slice();
    damaged[10] ^= 0xff;
    let message = '';
    try {
      decode(damaged, raw.length);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).not.toBe('');
    expect(() => decode(damaged, raw.length, into)).toThrow(message);
  });
});
