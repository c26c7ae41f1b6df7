/**
 * Reads a trace's input chunk by chunk. A Blob (a dropped or picked file) is read with a
 * BYOB reader into buffers that the caller gives back once done with a chunk, so a
 * multi-gigabyte file is read through a handful of buffers instead of thousands of freshly
 * allocated chunks: on machines that charge for every first-touched page (VMs), fresh chunk
 * memory costs about as much as parsing it. A ReadableStream (a fetched URL), or a Blob
 * whose stream is not a byte stream, is read with the default reader.
 *
 * A BYOB read of a File's stream was seen never to settle in Chromium 156's worker (a
 * 256 MiB text, 3 loads of 3 in the trace.dat benchmark on 2026-12-04; the worker idle,
 * the default reader finishing the same load): a read that gets no answer for `stallMs`
 * while the thread was free to receive it is given up, and the rest of the Blob is read
 * from the same offset through a fresh stream's default reader. Nothing is read twice or
 * skipped, so at worst (a read only slow, on a network drive) the buffers are not reused.
 */

export interface ChunkReader {
  /** The next chunk, or undefined at the end of the input. */
  read(): Promise<Uint8Array | undefined>;
  /**
   * Returns a chunk's buffer once nothing uses the chunk any more: a later read may fill it
   * again. Optional: a buffer not given back is simply garbage.
   */
  recycle(buffer: ArrayBuffer): void;
  cancel(reason?: unknown): Promise<void>;
}

/** Bytes asked for per read of a Blob (a file's byte stream fills about 64–256 KiB per read). */
export const CHUNK_BYTES = 256 * 1024;
/**
 * Spare buffers kept for reuse. In the app a parsed chunk goes on to the hash worker and
 * its buffer comes back only when the parser yields (every 50 ms): enough spares for the
 * chunks of that interval; beyond this many (16 MiB) they are dropped.
 */
const MAX_SPARE = 64;
/** How long a Blob read may go unanswered, the thread free, before its stream is given up. */
export const STALL_MS = 3000;

export interface ChunkReaderOptions {
  /** For tests: how long a stalled BYOB read is waited for (default STALL_MS). */
  stallMs?: number;
}

export function openChunkReader(source: Blob | ReadableStream<Uint8Array>, options: ChunkReaderOptions = {}): ChunkReader {
  const isBlob = typeof Blob !== 'undefined' && source instanceof Blob;
  const stream = isBlob ? source.stream() : (source as ReadableStream<Uint8Array>);
  if (isBlob) {
    let byob: ReadableStreamBYOBReader | undefined;
    try {
      byob = stream.getReader({ mode: 'byob' });
    } catch {
      byob = undefined; // not a byte stream here: the default reader below
    }
    if (byob) return new ByobChunkReader(source, byob, options.stallMs ?? STALL_MS);
  }
  return defaultChunkReader(stream);
}

function defaultChunkReader(stream: ReadableStream<Uint8Array>): ChunkReader {
  const reader = stream.getReader();
  return {
    read: async () => {
      const r = await reader.read();
      return r.done ? undefined : r.value;
    },
    recycle: () => undefined,
    cancel: (reason) => reader.cancel(reason),
  };
}

class ByobChunkReader implements ChunkReader {
  private readonly spare: ArrayBuffer[] = [];
  /** Bytes answered so far: where a fresh stream goes on after a stalled read. */
  private offset = 0;
  /** The default reader of the rest of the Blob, once a BYOB read stalled. */
  private rest: ChunkReader | undefined;

  constructor(
    private readonly blob: Blob,
    private readonly reader: ReadableStreamBYOBReader,
    private readonly stallMs: number,
  ) {}

  async read(): Promise<Uint8Array | undefined> {
    if (this.rest) return this.rest.read();
    const buffer = this.spare.pop() ?? new ArrayBuffer(CHUNK_BYTES);
    // The read takes `buffer` over and answers with a view of the same memory.
    const r = await answeredOrStalled(this.reader.read(new Uint8Array(buffer, 0, buffer.byteLength)), this.stallMs);
    if (r === STALLED) {
      this.reader.cancel('stalled').catch(() => undefined);
      this.rest = defaultChunkReader(this.blob.slice(this.offset).stream());
      return this.rest.read();
    }
    if (r.done || !r.value) return undefined;
    this.offset += r.value.byteLength;
    return r.value;
  }

  recycle(buffer: ArrayBuffer): void {
    if (!this.rest && buffer.byteLength === CHUNK_BYTES && this.spare.length < MAX_SPARE) this.spare.push(buffer);
  }

  cancel(reason?: unknown): Promise<void> {
    return this.rest ? this.rest.cancel(reason) : this.reader.cancel(reason);
  }
}

const STALLED = Symbol('stalled');

/**
 * The read's answer, or STALLED once a timer of `ms` fired on time (the thread free all
 * along) with still no answer. A timer that fires late means the thread was busy and the
 * answer may be queued behind it: it waits another round instead.
 */
function answeredOrStalled<T>(read: Promise<T>, ms: number): Promise<T | typeof STALLED> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      const armedAt = Date.now();
      timer = setTimeout(() => {
        if (settled) return;
        if (Date.now() - armedAt > ms + LATE_MS) arm();
        else resolve(STALLED);
      }, ms);
    };
    read.then(
      (v) => {
        settled = true;
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        settled = true;
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
    arm();
  });
}

/** A timer this much later than asked fired after the thread was busy. */
const LATE_MS = 250;
