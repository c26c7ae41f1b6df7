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
}

/** A source over bytes already in memory (tests, small files). */
export function memorySource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: (offset, length) => Promise.resolve(bytes.subarray(offset, Math.min(bytes.length, offset + length))),
  };
}
