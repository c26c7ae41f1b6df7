import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeEmbeddedTrace, encodeEmbeddedTrace, fromBase64Url, MAX_EMBEDDED_CHARS, toBase64Url } from './embed';

describe('embedded traces', () => {
  it('base64url round-trips every byte value', () => {
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 37) & 255);
    const text = toBase64Url(bytes);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(fromBase64Url(text)).toEqual(bytes);
    expect(fromBase64Url('not base64!')).toBeNull();
  });

  it('a text trace is gzipped into the link and comes back as gzip of the same text', async () => {
    const text = 'cpus=1\n            curl-1   [000]    1.000001: funcgraph_entry:        1.000 us   |  f();\n'.repeat(50);
    const d = await encodeEmbeddedTrace(new TextEncoder().encode(text));
    expect(d).not.toBeNull();
    const gz = decodeEmbeddedTrace(d!);
    expect(new TextDecoder().decode(gunzipSync(gz!))).toBe(text);
  });

  it('does not embed what does not fit the documented size', async () => {
    let x = 2463534242;
    const noise = new Uint8Array(200_000).map(() => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return x & 255;
    });
    expect(await encodeEmbeddedTrace(noise)).toBeNull();
    expect(MAX_EMBEDDED_CHARS).toBe(65536);
  });

  it('rejects a d part that is not a gzip member', () => {
    expect(decodeEmbeddedTrace(toBase64Url(new TextEncoder().encode('plain')))).toBeNull();
  });
});
