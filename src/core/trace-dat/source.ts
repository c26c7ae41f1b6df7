/**
 * Where a trace.dat's bytes come from: any random-access source (a Blob's `slice` in the
 * browser, a file handle in Node, an array in tests). The reader asks for the pieces it
 * needs and never holds the whole file.
 */
export interface ByteSource {
  /** Size of the file in bytes. */
  readonly size: number;
  /**
   * The bytes at [offset, offset + length), shorter only at the end of the file. The reader
   * keeps the result while it decodes it (across other reads): a source must not reuse it.
   */
  read(offset: number, length: number): Promise<Uint8Array>;
  /**
   * Optional: the bytes of [offset, end) in order, each read into memory the reader owns
   * and fills again with later blocks (a CPU's plain data, read from its start to its end).
   * A source that can (a file handle, a Blob's byte stream) saves the reader a fresh buffer
   * per block, where fresh memory is paid for at its first touch, page by page (over a
   * file's CPU data a good part of the read); and a Blob's stream reads several times
   * faster than one `slice` per block in Chromium.
   */
  region?(offset: number, end: number): RegionReader;
}

/** A region of a source read in order into memory the caller gives (ByteSource.region). */
export interface RegionReader {
  /**
   * The region's next bytes written into `target` from its start, as many as fit; resolves
   * to how many (fewer only at the region's end, 0 after it).
   */
  read(target: Uint8Array): Promise<number>;
  /** Done with the region (its end reached or not wanted): lets go of what reads it. */
  close(): void;
}

/** The region reader of a source that fills memory at any offset (a file handle). */
export function positionalRegion(fill: (offset: number, target: Uint8Array) => Promise<number>, offset: number, end: number): RegionReader {
  let at = offset;
  return {
    async read(target) {
      const n = await fill(at, target.subarray(0, Math.max(0, Math.min(target.length, end - at))));
      at += n;
      return n;
    },
    close: () => undefined,
  };
}

/** A source over bytes already in memory (tests, small files). */
export function memorySource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: (offset, length) => Promise.resolve(bytes.subarray(offset, Math.min(bytes.length, offset + length))),
  };
}

/**
 * A source over a file held as consecutive pieces (a trace.dat inflated from gzip, which
 * cannot be read at random until it is inflated): no piece is copied, except the bytes of
 * a read that spans two of them.
 */
export function chunkListSource(chunks: readonly Uint8Array[]): ByteSource {
  const starts: number[] = [];
  let size = 0;
  for (const c of chunks) {
    starts.push(size);
    size += c.length;
  }
  /** The index of the piece holding byte `offset` (the last piece whose start is at or below it). */
  const pieceAt = (offset: number): number => {
    let lo = 0;
    let hi = chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  return {
    size,
    read(offset, length) {
      const end = Math.min(size, offset + length);
      if (offset >= end) return Promise.resolve(new Uint8Array(0));
      let k = pieceAt(offset);
      const first = chunks[k];
      const at = offset - starts[k];
      if (end - starts[k] <= first.length) return Promise.resolve(first.subarray(at, end - starts[k]));
      const out = new Uint8Array(end - offset);
      let done = 0;
      while (done < out.length) {
        const c = chunks[k];
        const from = offset + done - starts[k];
        const n = Math.min(c.length - from, out.length - done);
        out.set(c.subarray(from, from + n), done);
        done += n;
        k++;
      }
      return Promise.resolve(out);
    },
  };
}
