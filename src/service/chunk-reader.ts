/**
 * Reads a trace's input chunk by chunk. A Blob (a dropped or picked file) is read with a
 * BYOB reader into buffers that the caller gives back once done with a chunk, so a
 * multi-gigabyte file is read through a handful of buffers instead of thousands of freshly
 * allocated chunks: on machines that charge for every first-touched page (VMs), fresh chunk
 * memory costs about as much as parsing it. A ReadableStream (a fetched URL), or a Blob
 * whose stream is not a byte stream, is read with the default reader.
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

export function openChunkReader(source: Blob | ReadableStream<Uint8Array>): ChunkReader {
  const isBlob = typeof Blob !== 'undefined' && source instanceof Blob;
  const stream = isBlob ? source.stream() : (source as ReadableStream<Uint8Array>);
  if (isBlob) {
    let byob: ReadableStreamBYOBReader | undefined;
    try {
      byob = stream.getReader({ mode: 'byob' });
    } catch {
      byob = undefined; // not a byte stream here: the default reader below
    }
    if (byob) return new ByobChunkReader(byob);
  }
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

  constructor(private readonly reader: ReadableStreamBYOBReader) {}

  async read(): Promise<Uint8Array | undefined> {
    const buffer = this.spare.pop() ?? new ArrayBuffer(CHUNK_BYTES);
    // The read takes `buffer` over and answers with a view of the same memory.
    const r = await this.reader.read(new Uint8Array(buffer, 0, buffer.byteLength));
    if (r.done || !r.value) return undefined;
    return r.value;
  }

  recycle(buffer: ArrayBuffer): void {
    if (buffer.byteLength === CHUNK_BYTES && this.spare.length < MAX_SPARE) this.spare.push(buffer);
  }

  cancel(reason?: unknown): Promise<void> {
    return this.reader.cancel(reason);
  }
}
