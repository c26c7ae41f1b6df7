/**
 * The embedded zstd decoder: the copy of zstddec's WebAssembly that it is said to be, and
 * its reuse of memory (output written into the caller's memory, the module's buffers kept
 * and grown from block to block) giving exactly the bytes of a fresh decode.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { zstdJs } from './compression';
import { ZSTD_DECODER_WASM_BASE64 } from './zstd-wasm-binary';
import { WasmZstd } from './zstd-wasm';
import { zstdChunks } from '../../test-utils/zstd-chunks';

describe('WasmZstd', () => {
  it('embeds, byte for byte, the WebAssembly of the zstddec package installed', () => {
    const path = createRequire(import.meta.url).resolve('zstddec');
    const shipped = /const wasm = "([^"]+)"/.exec(readFileSync(path, 'utf8'));
    expect(shipped).not.toBeNull();
    expect(ZSTD_DECODER_WASM_BASE64).toBe(shipped![1]);
  });

  it('decodes every chunk of a recorded file into the memory given, as fzstd does', async () => {
    const wasm = (await WasmZstd.get())!;
    expect(wasm).not.toBeNull();
    const chunks = await zstdChunks('03-systemwide-sched-irq.dat');
    expect(chunks.length).toBeGreaterThan(10);
    const into = new Uint8Array(1 << 20).fill(0xa5);
    for (const { block, size } of chunks) {
      const out = wasm.decode(block, size, into)!;
      expect(out.buffer).toBe(into.buffer);
      expect(out.length).toBe(size);
      expect(Buffer.from(out).equals(Buffer.from(zstdJs(block, size)))).toBe(true);
    }
  });

  it('decodes into fresh memory when the memory given is too small, and after blocks of every size', async () => {
    const wasm = (await WasmZstd.get())!;
    const chunks = await zstdChunks('01-seed-curl-fgraph.dat');
    // The smallest, the largest, then the smallest again: the module's buffers grow, then are reused.
    const bySize = [...chunks].sort((a, b) => a.size - b.size);
    for (const { block, size } of [bySize[0], bySize[bySize.length - 1], bySize[0]]) {
      const small = new Uint8Array(size - 1);
      const out = wasm.decode(block, size, small)!;
      expect(out.buffer).not.toBe(small.buffer);
      expect(Buffer.from(out).equals(Buffer.from(zstdJs(block, size)))).toBe(true);
    }
  });

  it('says nothing (null) of a damaged block, a wrong size or a size out of its range, and decodes on after', async () => {
    const wasm = (await WasmZstd.get())!;
    const [{ block, size }] = await zstdChunks('01-seed-curl-fgraph.dat');
    expect(wasm.decode(block.subarray(0, block.length >> 1), size)).toBeNull();
    expect(wasm.decode(block, size + 1)).toBeNull();
    expect(wasm.decode(block, size - 1)).toBeNull();
    expect(wasm.decode(block, 0)).toBeNull();
    expect(wasm.decode(block, 2 ** 31)).toBeNull();
    expect(wasm.decode(block, size)?.length).toBe(size);
  });

  it('is one decoder per thread', async () => {
    expect(await WasmZstd.get()).toBe(await WasmZstd.get());
  });
});
