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
 *
 * Zero bytes after a whole member are padding (a tape or block device's, a file padded to
 * its block size by a crash or an unfinished copy): they end the gzip data, as zlib in Node
 * (node_zlib.cc: "Trailing zero bytes are okay, though, since they are frequently used for
 * padding") and GNU gzip ("decompression OK, trailing zero bytes ignored") take them; the
 * text was read whole. Other bytes there are not gzip: an error that says so
 * (TRAILING_GARBAGE), the text before them kept.
 */
import { Gunzip } from 'fflate';
import { TRAILING_GARBAGE } from '../lib/gzip-end';

/** A gzip member ends with CRC32 and ISIZE, 4 bytes each (RFC 1952). */
const TRAILER = 8;

/** The error of bytes other than zeros or a gzip member after a whole member (lib/gzip-end.ts; read-trace.ts words it). */
export { TRAILING_GARBAGE };

const CUT_SHORT = 'unexpected end of the gzip stream (its last member is cut short)';

/** ISIZE: the last 4 bytes of a trailer, little-endian. */
const isizeOf = (trailer: Uint8Array): number => (trailer[4] | (trailer[5] << 8) | (trailer[6] << 16) | (trailer[7] << 24)) >>> 0;

/**
 * The input fflate's Gunzip holds after a whole member, from the trailer of that member on,
 * or null inside a member. Between members its `v` is 1 + the index in `p` (the input it has
 * not inflated) where the next member's header begins (fflate 0.8 Gunzip.push; 1 before the
 * first member, 0 inside one). Not in its types: read with care, null when they are absent.
 */
function afterMember(gunzip: Gunzip): { trailer: Uint8Array; rest: Uint8Array } | null {
  const state = gunzip as unknown as { v?: unknown; p?: unknown };
  const v = state.v;
  const p = state.p;
  if (typeof v !== 'number' || v <= TRAILER || !(p instanceof Uint8Array) || v - 1 > p.length) return null;
  return { trailer: p.subarray(v - 1 - TRAILER, v - 1), rest: p.subarray(v - 1) };
}

export function gunzipStream(): TransformStream<Uint8Array, Uint8Array> {
  let out: TransformStreamDefaultController<Uint8Array> | undefined;
  /** Text bytes of the member being read. */
  let memberText = 0;
  /** The last TRAILER input bytes seen. */
  const tail = new Uint8Array(TRAILER);
  let inputBytes = 0;
  /** Padding followed the last member: the gzip data is over, the rest is not read. */
  let padded = false;
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
  /**
   * Whether bytes after a whole member end the gzip data (zero padding; an error for other
   * bytes that are not a gzip member's start), checking that member's trailer.
   */
  const endsAfterMember = (): boolean => {
    const after = afterMember(gunzip);
    if (!after || after.rest.length === 0) return false;
    if (after.rest[0] === 0x1f && (after.rest.length < 2 || after.rest[1] === 0x8b)) return false;
    if (after.rest[0] !== 0) throw new Error(TRAILING_GARBAGE);
    if (isizeOf(after.trailer) !== memberText % 2 ** 32) throw new Error(CUT_SHORT);
    padded = true;
    return true;
  };
  return new TransformStream<Uint8Array, Uint8Array>({
    start(controller) {
      out = controller;
    },
    transform(chunk) {
      if (padded) return;
      keepTail(chunk);
      try {
        gunzip.push(chunk, false);
      } catch (err) {
        // fflate found no gzip header after a member: padding ends the data here.
        if (!endsAfterMember()) throw err;
      }
    },
    flush() {
      // Fewer bytes after the last member than a header's first 4 are not pushed to fflate
      // as final (it would inflate them as a member): padding or not gzip.
      if (padded || endsAfterMember()) return;
      gunzip.push(new Uint8Array(0), true);
      if (inputBytes < 18 || isizeOf(tail) !== memberText % 2 ** 32) throw new Error(CUT_SHORT);
    },
  });
}
