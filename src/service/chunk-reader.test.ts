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

describe('openChunkReader when a Blob read never answers', () => {
  const data = new Uint8Array(5 * CHUNK_BYTES + 777).map((_, i) => (i * 13) & 255);

  /** A Blob whose byte stream answers `answered` reads, then never again (as seen in Chromium's worker). */
  function stallingBlob(answered: number): { blob: Blob; cancelled: () => boolean } {
    const blob = new Blob([data]);
    let cancelled = false;
    let sent = 0;
    let reads = 0;
    const stream = new ReadableStream({
      type: 'bytes',
      pull(c) {
        if (reads++ >= answered) return new Promise<void>(() => undefined);
        const view = c.byobRequest!.view! as Uint8Array;
        const n = Math.min(view.byteLength, data.length - sent, 100_000);
        if (n === 0) {
          c.close();
          c.byobRequest!.respond(0);
          return;
        }
        view.set(data.subarray(sent, sent + n));
        sent += n;
        c.byobRequest!.respond(n);
      },
      cancel() {
        cancelled = true;
      },
    });
    Object.defineProperty(blob, 'stream', { value: () => stream });
    return { blob, cancelled: () => cancelled };
  }

  it('gives the stalled stream up and reads the rest from the same offset, nothing twice or skipped', async () => {
    for (const answered of [0, 1, 3]) {
      const { blob, cancelled } = stallingBlob(answered);
      const reader = openChunkReader(blob, { stallMs: 30 });
      const parts: Uint8Array[] = [];
      for (let c = await reader.read(); c; c = await reader.read()) {
        parts.push(c.slice());
        reader.recycle(c.buffer as ArrayBuffer);
      }
      expect(Buffer.concat(parts).equals(Buffer.from(data))).toBe(true);
      expect(cancelled()).toBe(true);
    }
  });

  it('a read that answers before the wait is over keeps the stream', async () => {
    const { blob, cancelled } = stallingBlob(Number.POSITIVE_INFINITY);
    const reader = openChunkReader(blob, { stallMs: 1000 });
    let total = 0;
    for (let c = await reader.read(); c; c = await reader.read()) total += c.byteLength;
    expect(total).toBe(data.length);
    expect(cancelled()).toBe(false);
  });
});
