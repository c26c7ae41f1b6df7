/**
 * Gzip in, text out, every member: `cat a.gz b.gz` (appended logs, split-and-joined
 * files) is one valid gzip file, but the browser's DecompressionStream stops after the
 * first member (Chromium calls the rest "junk" and drops output before it). fflate's
 * streaming Gunzip, a small pure-JS inflater, reads them all.
 *
 * A truncated or damaged stream errors the readable side after the text inflated before
 * the damage (the reader keeps that part and reports the error). fflate does not notice
 * every cut (one inside the last deflate block can end quietly), so the last member's
 * trailer is checked here: its ISIZE must be the text length of that member (mod 2^32).
 */
import { Gunzip } from 'fflate';

/** A gzip member ends with CRC32 and ISIZE, 4 bytes each (RFC 1952). */
const TRAILER = 8;

export function gunzipStream(): TransformStream<Uint8Array, Uint8Array> {
  let out: TransformStreamDefaultController<Uint8Array> | undefined;
  /** Text bytes of the member being read. */
  let memberText = 0;
  /** The last TRAILER input bytes seen. */
  const tail = new Uint8Array(TRAILER);
  let inputBytes = 0;
  // fflate hands out fresh arrays (copies of its window), safe to pass on and transfer.
  const gunzip = new Gunzip((data) => {
    memberText += data.length;
    if (data.length > 0) out?.enqueue(data);
  });
  gunzip.onmember = () => {
    memberText = 0;
  };
  const keepTail = (chunk: Uint8Array) => {
    inputBytes += chunk.length;
    if (chunk.length >= TRAILER) tail.set(chunk.subarray(chunk.length - TRAILER));
    else {
      tail.copyWithin(0, chunk.length);
      tail.set(chunk, TRAILER - chunk.length);
    }
  };
  return new TransformStream<Uint8Array, Uint8Array>({
    start(controller) {
      out = controller;
    },
    transform(chunk) {
      keepTail(chunk);
      gunzip.push(chunk, false);
    },
    flush() {
      gunzip.push(new Uint8Array(0), true);
      const isize = (tail[4] | (tail[5] << 8) | (tail[6] << 16) | (tail[7] << 24)) >>> 0;
      if (inputBytes < 18 || isize !== memberText % 2 ** 32) throw new Error('unexpected end of the gzip stream (its last member is cut short)');
    },
  });
}
