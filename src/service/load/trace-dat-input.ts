/**
 * A trace-cmd trace.dat in the worker: read through the core's random-access reader from
 * the Blob itself (`slice` per header or compressed block, each CPU's plain pages through
 * a stream of their region; never the whole file in one buffer), with progress by bytes of
 * the file and Cancel between blocks.
 */
import type { TraceModel } from '../../core/model/tables';
import { loadTraceDat } from '../../core/trace-dat/load-trace-dat';
import type { ByteSource } from '../../core/trace-dat/source';
import { blobRegion } from './blob-region';

/** A Blob as the reader's random-access source (also the benchmark's read stage in the worker). */
export function blobSource(blob: Blob): ByteSource {
  return {
    size: blob.size,
    read: async (offset, length) => new Uint8Array(await blob.slice(offset, Math.min(blob.size, offset + length)).arrayBuffer()),
    // A CPU's plain pages, in order: through the region's stream (blob-region.ts).
    region: (offset, end) => blobRegion(blob, offset, end),
  };
}

/**
 * The whole input as a Blob: the head chunks and the rest of a stream, or null once it
 * holds more than `maxBytes` (the chunks are held in memory until the Blob is made).
 */
export async function inputBlob(head: Uint8Array[], next: () => Promise<Uint8Array | undefined>, maxBytes: number): Promise<Blob | null> {
  const parts: Uint8Array<ArrayBuffer>[] = head.map((h) => h.slice());
  let bytes = parts.reduce((n, p) => n + p.byteLength, 0);
  for (;;) {
    if (bytes > maxBytes) return null;
    const chunk = await next();
    if (!chunk) return new Blob(parts);
    parts.push(chunk.slice());
    bytes += chunk.byteLength;
  }
}

export async function loadTraceDatBlob(
  blob: Blob,
  onProgress: (bytesRead: number) => void,
  shouldStop: () => boolean,
  maxCalls?: number,
): Promise<TraceModel> {
  return loadTraceDat(blobSource(blob), { onProgress, shouldStop, maxCalls });
}
