import { describe, expect, it } from 'vitest';
import { CHUNK_BYTES, openChunkReader } from './chunk-reader';

async function readAll(source: Blob | ReadableStream<Uint8Array>, recycle: boolean) {
  const reader = openChunkReader(source);
  const parts: Uint8Array[] = [];
  const buffers = new Set<ArrayBufferLike>();
  for (let c = await reader.read(); c; c = await reader.read()) {
    parts.push(c.slice());
    buffers.add(c.buffer);
    if (recycle) reader.recycle(c.buffer as ArrayBuffer);
  }
  return { bytes: Buffer.concat(parts), chunks: parts.length };
}

describe('openChunkReader', () => {
  const data = new Uint8Array(3 * CHUNK_BYTES + 12345).map((_, i) => (i * 7) & 255);

  it('reads a Blob whole and in order, whether buffers are given back or not', async () => {
    for (const recycle of [true, false]) {
      const { bytes } = await readAll(new Blob([data]), recycle);
      expect(bytes.equals(Buffer.from(data))).toBe(true);
    }
  });

  it('reads a ReadableStream with the default reader', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(data.subarray(0, 10));
        c.enqueue(data.subarray(10));
        c.close();
      },
    });
    const { bytes, chunks } = await readAll(stream, true);
    expect(chunks).toBe(2);
    expect(bytes.equals(Buffer.from(data))).toBe(true);
  });

  it('an empty Blob ends at once', async () => {
    expect((await readAll(new Blob([]), true)).chunks).toBe(0);
  });
});
