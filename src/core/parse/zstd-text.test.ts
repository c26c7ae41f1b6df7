import { describe, expect, it } from 'vitest';
import { isZstd, unzstd } from './zstd-text';
import { traceBytes } from '../../test-utils/traces';
import { concatBytes } from '../../test-utils/concat-bytes';
import { DEPTH2_ZST_BASE64, zstdRawFrame, zstdSkippableFrame } from '../../test-utils/zstd-writer';

/** The bytes as a stream in pieces of `size`. */
async function* pieces(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield await Promise.resolve(bytes.subarray(at, at + size));
}

/**
 * What unzstd gives for `bytes` read in pieces of `size`: its length, whether it is `want`
 * (or its start, when cut short) and the error it ends with. (Vitest compares megabytes of
 * typed arrays element by element, in minutes.)
 */
async function decoded(bytes: Uint8Array, size: number, want: Uint8Array): Promise<{ length: number; same: boolean; error: string | null }> {
  const out: Uint8Array[] = [];
  let error: string | null = null;
  try {
    for await (const block of unzstd(pieces(bytes, size))) out.push(block.slice());
  } catch (err) {
    error = (err as Error).message;
  }
  const got = Buffer.from(concatBytes(out));
  return { length: got.length, same: got.equals(want.subarray(0, got.length)), error };
}

describe('isZstd', () => {
  it('knows a frame and a skippable frame by their magic, and nothing else', () => {
    expect(isZstd(new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 0]))).toBe(true);
    expect(isZstd(zstdSkippableFrame(4))).toBe(true);
    expect(isZstd(new Uint8Array([0x5f, 0x2a, 0x4d, 0x18]))).toBe(true);
    expect(isZstd(new Uint8Array([0x1f, 0x8b, 8, 0]))).toBe(false);
    expect(isZstd(new Uint8Array([0x28, 0xb5, 0x2f]))).toBe(false);
    expect(isZstd(new TextEncoder().encode('cpus=2\n'))).toBe(false);
  });
});

describe('unzstd', () => {
  const depth2 = traceBytes('04-tracefs-max-graph-depth-2.txt');
  const text = traceBytes('02-midstream-nc-fgraph.report.txt.gz');

  it('decodes what the zstd command wrote, however the input is cut', async () => {
    const zst = new Uint8Array(Buffer.from(DEPTH2_ZST_BASE64, 'base64'));
    for (const size of [1, 7, 100, zst.length]) expect(await decoded(zst, size, depth2)).toEqual({ length: depth2.length, same: true, error: null });
  });

  it('decodes frame after frame (zstd on concatenated files, pzstd with its skippable frames)', async () => {
    const zst = concatBytes([zstdSkippableFrame(12), zstdRawFrame(text), zstdSkippableFrame(0), zstdRawFrame(depth2)]);
    const both = concatBytes([text, depth2]);
    for (const size of [65536, 1 << 20]) expect(await decoded(zst, size, both)).toEqual({ length: both.length, same: true, error: null });
  });

  it('a stream cut short gives the blocks before the cut, then says so', async () => {
    const zst = zstdRawFrame(text);
    const cut = await decoded(zst.subarray(0, zst.length >> 1), 65536, text);
    expect([cut.same, cut.error]).toEqual([true, 'zstd: unexpected EOF']);
    expect(cut.length).toBeGreaterThan(text.length >> 2);
    const junk = await decoded(concatBytes([zstdRawFrame(depth2), new TextEncoder().encode('junk\n')]), 4096, depth2);
    expect(junk).toEqual({ length: depth2.length, same: true, error: 'zstd: invalid zstd data' });
  });
});
