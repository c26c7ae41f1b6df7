/**
 * A small trace carried inside the link itself: gzip (CompressionStream; a gzip input is
 * kept as it is), then base64url, in the fragment's `d` part. Such a link opens offline.
 *
 * Documented size: the encoded trace may be at most MAX_EMBEDDED_CHARS characters
 * (about 48 KB of gzip, which is typically 0.5–1 MB of trace text). Beyond that, links
 * grow past what chat tools, mail clients and URL shorteners pass on intact.
 */
import { base64Bytes } from '../../lib/base64';
import { isGzip } from '../../lib/file-magic';

export const MAX_EMBEDDED_CHARS = 64 * 1024;

async function pipe(bytes: Uint8Array, transform: TransformStream<Uint8Array, Uint8Array>): Promise<Uint8Array> {
  const stream = new Blob([new Uint8Array(bytes)]).stream().pipeThrough(transform);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    return base64Bytes(text.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return null;
  }
}

/** The `d` value for a trace's input bytes, or null when it does not fit the documented size. */
export async function encodeEmbeddedTrace(input: Uint8Array): Promise<string | null> {
  const gz = isGzip(input)
    ? input
    : await pipe(input, new CompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>);
  const text = toBase64Url(gz);
  return text.length <= MAX_EMBEDDED_CHARS ? text : null;
}

/** The gzip bytes of an embedded trace (the loader inflates them), or null when it is not base64url. */
export function decodeEmbeddedTrace(d: string): Uint8Array | null {
  if (d.length > MAX_EMBEDDED_CHARS * 2) return null;
  const bytes = fromBase64Url(d);
  return bytes && isGzip(bytes) ? bytes : null;
}
