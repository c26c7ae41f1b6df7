/**
 * A trace-cmd trace.dat in the worker: read through the core's random-access reader from
 * the Blob itself (a stream of the Blob per CPU's data, never the whole file in one buffer:
 * blob-source.ts), with progress by bytes of the file and Cancel between blocks.
 */
import type { TraceModel } from '../../core/model/tables';
import { loadTraceDat } from '../../core/trace-dat/load-trace-dat';
import { BlobSource } from './blob-source';

/** The whole input as a Blob: the Blob itself, or the head chunks and the rest of a stream. */
export async function inputBlob(head: Uint8Array[], next: () => Promise<Uint8Array | undefined>): Promise<Blob> {
  const parts: Uint8Array<ArrayBuffer>[] = head.map((h) => h.slice());
  for (let chunk = await next(); chunk; chunk = await next()) parts.push(chunk.slice());
  return new Blob(parts);
}

export async function loadTraceDatBlob(
  blob: Blob,
  onProgress: (bytesRead: number) => void,
  shouldStop: () => boolean,
): Promise<TraceModel> {
  const source = new BlobSource(blob);
  try {
    return await loadTraceDat(source, { onProgress, shouldStop });
  } finally {
    source.close();
  }
}
