/**
 * Gzip in, text out, member by member, over Node's zlib (raw inflate, off this thread): the
 * CLI's equivalent of the app's service/gunzip.ts, with the same end (lib/gzip-end.ts).
 *
 * zlib's own gunzip reads every member too, but after a whole member it takes any byte but
 * a zero as the start of another: bytes that are not gzip there (something appended to the
 * file) failed as 'incorrect header check', and the text zlib had inflated in the same step
 * was dropped with the error (the last up to 1 MiB of the seed's text, 3,822 lines); one
 * appended newline failed as 'unexpected end of file'. The CLI then said the input stopped
 * early although the gzip was whole. Here each member's header is read, its deflate data
 * inflated raw (zlib stops at the end of the data and leaves what follows), and its trailer
 * checked (CRC-32 and ISIZE, as zlib's gunzip checks them); after it come another member,
 * zero padding, which ends the gzip data quietly (the rest is not read), or bytes that are
 * not gzip: TRAILING_GARBAGE, thrown once the text before them has been handed out whole.
 *
 * A stream cut short or damaged throws zlib's words for it ('unexpected end of file',
 * 'invalid distance too far back', 'incorrect data check'), after the text inflated before
 * the damage.
 */
import { createInflateRaw, crc32, type InflateRaw } from 'node:zlib';
import { TRAILING_GARBAGE } from '../lib/gzip-end';

/** zlib's words for a stream that ends before its end. */
const CUT_SHORT = 'unexpected end of file';

const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;

const EMPTY: Uint8Array = new Uint8Array(0);

function joined(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** The text of the gzip `input`, in the inflater's chunks of up to `chunkSize` bytes. */
export async function* gunzipMembers(input: AsyncIterable<Uint8Array>, chunkSize = 1 << 20): AsyncGenerator<Uint8Array> {
  const source = input[Symbol.asyncIterator]();
  /** Input read and not yet given to an inflater or taken as a header or trailer. */
  let held: Uint8Array = EMPTY;
  let inputDone = false;
  /** Reads until `held` has at least `n` bytes; false when the input ends first. */
  const hold = async (n: number): Promise<boolean> => {
    while (held.length < n && !inputDone) {
      const r = await source.next();
      if (r.done) inputDone = true;
      else held = joined(held, r.value);
    }
    return held.length >= n;
  };
  try {
    for (let member = 0; ; member++) {
      if (member > 0) {
        // After a whole member: the end, another member, padding or bytes that are not gzip.
        if (!(await hold(1))) return;
        if (held[0] === 0) return;
        if (held[0] !== 0x1f || ((await hold(2)) && held[1] !== 0x8b)) throw new Error(TRAILING_GARBAGE);
      }
      await skipHeader();
      const { crc, size } = yield* inflateMember();
      if (!(await hold(8))) throw new Error(CUT_SHORT);
      const view = new DataView(held.buffer, held.byteOffset, 8);
      if (view.getUint32(0, true) !== crc) throw new Error('incorrect data check');
      if (view.getUint32(4, true) !== size % 2 ** 32) throw new Error('incorrect length check');
      held = held.subarray(8);
    }
  } finally {
    // Padding or an error leaves the rest unread: the input is closed.
    if (!inputDone) await source.return?.();
  }

  /** Takes a member's header (RFC 1952 2.3.1) out of `held`. */
  async function skipHeader(): Promise<void> {
    if (!(await hold(10))) throw new Error(CUT_SHORT);
    if (held[0] !== 0x1f || held[1] !== 0x8b) throw new Error('incorrect header check');
    if (held[2] !== 8) throw new Error('unknown compression method');
    const flags = held[3];
    if (flags & 0xe0) throw new Error('unknown header flags set');
    let at = 10;
    if (flags & FEXTRA) {
      if (!(await hold(at + 2))) throw new Error(CUT_SHORT);
      at += 2 + (held[at] | (held[at + 1] << 8));
    }
    for (const field of [FNAME, FCOMMENT]) {
      if (!(flags & field)) continue;
      for (;;) {
        if (!(await hold(at + 1))) throw new Error(CUT_SHORT);
        if (held[at++] === 0) break;
      }
    }
    if (flags & FHCRC) at += 2;
    if (!(await hold(at))) throw new Error(CUT_SHORT);
    held = held.subarray(at);
  }

  /**
   * Inflates one member's deflate data from `held` and the input on, handing out its text;
   * leaves in `held` what follows the data. The next input chunk is given to zlib before the
   * text of the last one is handed out, so zlib inflates while the caller parses.
   */
  async function* inflateMember(): AsyncGenerator<Uint8Array, { crc: number; size: number }> {
    const inflater: InflateRaw = createInflateRaw({ chunkSize });
    let text: Buffer[] = [];
    /** zlib's error, and whether the data ended ('end': zlib found its end, or the input's). */
    const state: { failure: Error | null; ended: boolean } = { failure: null, ended: false };
    inflater.on('data', (b: Buffer) => text.push(b));
    const ended = new Promise<void>((resolve) =>
      inflater.on('end', () => {
        state.ended = true;
        resolve();
      }),
    );
    const failed = new Promise<void>((resolve) =>
      inflater.on('error', (err: Error) => {
        state.failure = err;
        resolve();
      }),
    );
    /** The chunks given to zlib that it has not wholly used, with the offset of the first. */
    let given: Uint8Array[] = [];
    let givenFrom = 0;
    let givenBytes = 0;
    const give = (chunk: Uint8Array): Promise<void> => {
      given.push(chunk);
      givenBytes += chunk.length;
      // (zlib calls back once it has inflated the chunk, or never when it fails on it)
      return Promise.race([new Promise<void>((resolve) => inflater.write(chunk, () => resolve())), failed]);
    };
    /** The input is over: zlib's last text, then its end, or its error for data cut short. */
    const finish = (): Promise<void> => {
      inflater.end();
      return Promise.race([ended, failed]);
    };
    let crc = 0;
    let size = 0;
    try {
      let step = held.length > 0 ? give(held) : null;
      held = EMPTY;
      for (;;) {
        if (step === null) {
          const r = inputDone ? { done: true as const } : await source.next();
          if (r.done) {
            inputDone = true;
            step = finish();
          } else step = give(r.value);
        }
        await step;
        step = null;
        const used = inflater.bytesWritten;
        const over = state.failure !== null || state.ended || used < givenBytes;
        // Drop the chunks zlib has used whole; keep what follows the data when it is over.
        while (given.length > 0 && givenFrom + given[0].length <= used) givenFrom += given.shift()!.length;
        if (!over && !inputDone) {
          // Give zlib the next chunk before handing out this one's text.
          const r = await source.next();
          if (r.done) inputDone = true;
          else step = give(r.value);
        }
        const out = text;
        text = [];
        for (const b of out) {
          crc = crc32(b, crc);
          size += b.length;
          yield new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
        }
        if (state.failure) throw state.failure;
        if (over) {
          let rest: Uint8Array = EMPTY;
          for (const c of given) rest = joined(rest, c);
          held = rest.subarray(used - givenFrom);
          given = [];
          return { crc, size };
        }
        if (inputDone && step === null) step = finish();
      }
    } finally {
      inflater.destroy();
    }
  }
}
