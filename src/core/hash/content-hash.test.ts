import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CONTENT_HASH_BLOCK_BYTES, ContentHash, type BlockDigester } from './content-hash';

/** The scheme written out with node:crypto: SHA-256 over the blocks' SHA-256 digests. */
function reference(bytes: Uint8Array, blockBytes = CONTENT_HASH_BLOCK_BYTES): string {
  const all = createHash('sha256');
  for (let i = 0; i < bytes.length; i += blockBytes) {
    all.update(createHash('sha256').update(bytes.subarray(i, i + blockBytes)).digest());
  }
  return all.digest('hex');
}

/** The platform's SHA-256, as the browser uses it (Node has WebCrypto too). */
const webCrypto: BlockDigester = async (block) => new Uint8Array(await crypto.subtle.digest('SHA-256', block));

function chunked(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

describe('ContentHash', () => {
  it('of nothing is the SHA-256 of nothing', async () => {
    expect(await new ContentHash().hex()).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('does not depend on how the input is chunked, at and around block edges', async () => {
    const data = new Uint8Array(1000).map((_, i) => (i * 131 + 7) & 255);
    for (const n of [1, 63, 64, 65, 128, 129, 999]) {
      const part = data.subarray(0, n);
      for (const chunk of [1, 7, 64, 1000]) {
        const h = new ContentHash(undefined, 64);
        for (const c of chunked(part, chunk)) h.update(c);
        expect(await h.hex()).toBe(reference(part, 64));
      }
    }
  });

  it('gives the same fingerprint with WebCrypto block digests, though the block buffer is reused at once', async () => {
    const data = new Uint8Array(300_000).map((_, i) => (i * 2654435761) >>> 24);
    const h = new ContentHash(webCrypto, 65_536);
    for (const c of chunked(data, 10_000)) h.update(c);
    expect(await h.hex()).toBe(reference(data, 65_536));
  });

  it('a real trace larger than one block, both digesters', async () => {
    const gz = readFileSync(new URL('../../../test/traces/01-seed-curl-fgraph.report.txt.gz', import.meta.url));
    const bytes = new Uint8Array(gunzipSync(gz));
    expect(bytes.length).toBeGreaterThan(CONTENT_HASH_BLOCK_BYTES);
    const expected = reference(bytes);
    for (const digester of [undefined, webCrypto]) {
      const h = new ContentHash(digester);
      for (const c of chunked(bytes, 262_144 + 3)) h.update(c);
      expect(await h.hex()).toBe(expected);
    }
    // Not the plain SHA-256 of the file (which it equals only below one block).
    expect(expected).not.toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('refuses use after the digest', async () => {
    const h = new ContentHash();
    await h.hex();
    expect(() => h.update(new Uint8Array(1))).toThrow(/after digest/);
  });

  it('settled() waits for every block digest but the last ones in flight', async () => {
    const resolve: ((d: Uint8Array) => void)[] = [];
    const hash = new ContentHash(() => new Promise<Uint8Array>((r) => resolve.push(r)), 4);
    hash.update(new Uint8Array(12)); // three blocks of 4 bytes, each digest pending
    expect(resolve).toHaveLength(3);
    let settled = false;
    const waiting = hash.settled(2).then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 0));
    expect(settled).toBe(false);
    resolve[0](new Uint8Array(32));
    await waiting;
    expect(settled).toBe(true);
    // Nothing to wait for while no more than that many are made.
    await expect(new ContentHash(() => new Promise<Uint8Array>(() => undefined), 4).settled(2)).resolves.toBeUndefined();
  });
});
