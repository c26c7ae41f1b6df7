/** A file on disk as the trace.dat reader's random-access source. Node only. */
import type { FileHandle } from 'node:fs/promises';
import type { ByteSource } from '../core/trace-dat/source';

/** Reads from an open file; each read gets a buffer of its own (the reader keeps blocks). */
export function fileSource(file: FileHandle, size: number): ByteSource {
  return {
    size,
    async read(offset, length) {
      const n = Math.max(0, Math.min(length, size - offset));
      const buf = new Uint8Array(n);
      let done = 0;
      while (done < n) {
        const { bytesRead } = await file.read(buf, done, n - done, offset + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return done === n ? buf : buf.subarray(0, done);
    },
  };
}
