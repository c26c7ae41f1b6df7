/**
 * The SHA-256 of a trace's input bytes (as read, compressed or not), for permalinks. It is
 * fed chunk by chunk while the trace streams in, so the file is read once and never kept.
 *
 * In the browser the hashing runs in a worker of its own (workers/hash.worker.ts), beside
 * the parser: a plain input's chunks are handed over once parsed (no copy), a gzip input's
 * compressed chunks are copied (they go on to the inflater). Elsewhere (tests, Node) it
 * runs in line.
 */
import { Sha256 } from '../core/hash/sha256';

export interface InputHasher {
  /** `handOver`: the caller is done with `chunk`, so a worker may take it without a copy. */
  update(chunk: Uint8Array, handOver?: boolean): void;
  /** The hex digest of everything passed to `update`. Call once. */
  digest(): Promise<string>;
  /** Drops the work (a cancelled load). */
  dispose(): void;
}

export class InlineHasher implements InputHasher {
  private readonly sha = new Sha256();

  update(chunk: Uint8Array): void {
    this.sha.update(chunk);
  }


  digest(): Promise<string> {
    return Promise.resolve(this.sha.hex());
  }

  dispose(): void {}
}

/** Messages of the hashing worker's protocol. */
export type HashRequest = { type: 'update'; chunk: Uint8Array } | { type: 'digest' };
export type HashReply = { type: 'digest'; hex: string };

/** The hashing worker's side: one hash per worker lifetime. */
export function hashWorkerHandler(post: (reply: HashReply) => void): (req: HashRequest) => void {
  const sha = new Sha256();
  return (req) => {
    if (req.type === 'update') sha.update(req.chunk);
    else post({ type: 'digest', hex: sha.hex() });
  };
}

/** Hashes in a separate worker: each chunk is copied and the copy transferred. */
export class WorkerHasher implements InputHasher {
  constructor(private readonly worker: Worker) {}

  update(chunk: Uint8Array, handOver = false): void {
    // Handing over transfers the chunk's buffer (it becomes unusable here); otherwise copy.
    const sent = handOver && chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength ? chunk : chunk.slice();
    this.worker.postMessage({ type: 'update', chunk: sent } satisfies HashRequest, [sent.buffer as ArrayBuffer]);
  }

  digest(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.worker.onmessage = (e: MessageEvent<HashReply>) => {
        resolve(e.data.hex);
        this.worker.terminate();
      };
      this.worker.onerror = (e) => {
        reject(new Error(e.message || 'the hashing worker failed'));
        this.worker.terminate();
      };
      this.worker.postMessage({ type: 'digest' } satisfies HashRequest);
    });
  }

  dispose(): void {
    this.worker.terminate();
  }
}
