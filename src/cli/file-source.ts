/** A file on disk as the trace.dat reader's random-access source. Node only. */
import type { FileHandle } from 'node:fs/promises';
import { positionalRegion, type ByteSource } from '../core/trace-dat/source';

/**
 * Reads from an open file: `read` gives each read a buffer of its own (the reader keeps
 * blocks), `region` fills the reader's own reused buffers (its CPU data).
 */
export function fileSource(file: FileHandle, size: number): ByteSource {
  const fill = async (offset: number, buf: Uint8Array): Promise<number> => {
    const n = Math.max(0, Math.min(buf.length, size - offset));
    let done = 0;
    while (done < n) {
      const { bytesRead } = await file.read(buf, done, n - done, offset + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return done;
  };
  return {
    size,
    async read(offset, length) {
      const buf = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
      const done = await fill(offset, buf);
      return done === buf.length ? buf : buf.subarray(0, done);
    },
    region: (offset, end) => positionalRegion(fill, offset, end),
  };
}
