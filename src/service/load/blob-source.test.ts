import { describe, expect, it } from 'vitest';
import { BlobSource } from './blob-source';

/** Bytes whose every position is told apart (a position's value depends on it). */
function pattern(n: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 2654435761) >>> 24;
  return out;
}

const MiB = 1 << 20;

/** Byte equality, said as the first differing position (toEqual walks a MiB element by element). */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  if (Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length))) return -1;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i;
}

describe('BlobSource', () => {
  it('gives the bytes at any place, by read and readInto, short only at the end', async () => {
    const bytes = pattern(3 * MiB + 12345);
    const source = new BlobSource(new Blob([bytes]));
    expect(source.size).toBe(bytes.length);
    for (const [at, n] of [[0, 10], [5, 300_000], [MiB - 7, MiB], [bytes.length - 100, 4096], [bytes.length, 10]] as const) {
      expect(firstDifference(await source.read(at, n), bytes.subarray(at, Math.min(bytes.length, at + n)))).toBe(-1);
      const target = new Uint8Array(n).fill(0xee);
      const got = await source.readInto(at, target);
      expect(got).toBe(Math.max(0, Math.min(n, bytes.length - at)));
      expect(firstDifference(target.subarray(0, got), bytes.subarray(at, at + got))).toBe(-1);
    }
    source.close();
    expect(source.openRuns).toBe(0);
  });

  it('serves each sequential run (a CPU with its read-ahead) from one stream, interleaved runs alike', async () => {
    const bytes = pattern(6 * MiB);
    const source = new BlobSource(new Blob([bytes]));
    const starts = [0, 2 * MiB, 4 * MiB];
    const block = 300_000;
    const buffers = starts.map(() => [new Uint8Array(block), new Uint8Array(block)]);
    const at = [...starts];
    // Each run asks for its next block before the current one is used, as ReusingReadAhead does.
    let pending = starts.map((s, k) => source.readInto(s, buffers[k][0]));
    for (let round = 0; round < 6; round++) {
      const next = starts.map((_, k) => source.readInto(at[k] + block, buffers[k][(round + 1) % 2]));
      for (let k = 0; k < starts.length; k++) {
        expect(await pending[k]).toBe(block);
        expect(firstDifference(buffers[k][round % 2], bytes.subarray(at[k], at[k] + block))).toBe(-1);
        at[k] += block;
      }
      pending = next;
    }
    await Promise.all(pending);
    expect(source.streamsOpened).toBe(3);
    // A small read elsewhere opens no stream.
    expect(firstDifference(await source.read(100, 64), bytes.subarray(100, 164))).toBe(-1);
    expect(source.streamsOpened).toBe(3);
    source.close();
    expect(source.openRuns).toBe(0);
  });

  it('reports a stream that fails to the read that needed it', async () => {
    /** A file that went away: its stream fails at the first read. */
    class Unreadable extends Blob {
      override slice(): Blob {
        return new Unreadable([this]);
      }
      override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
        return new ReadableStream({ pull: (c) => c.error(new Error('the file could not be read')) });
      }
    }
    const broken = new Unreadable([pattern(MiB)]);
    const source = new BlobSource(broken);
    await expect(source.readInto(0, new Uint8Array(MiB))).rejects.toThrow('the file could not be read');
    source.close();
  });
});
