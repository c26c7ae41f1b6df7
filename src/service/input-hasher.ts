/**
 * The SHA-256 of a trace's input bytes (as read, compressed or not), for permalinks. It is
 * fed chunk by chunk while the trace streams in, so the file is read once and never kept.
 *
 * In the browser the hashing runs in a worker of its own (workers/hash.worker.ts), beside
 * the parser, so it costs a copy of each chunk instead of parser time; elsewhere (tests,
 * Node) it runs in line.
 */
import { Sha256 } from '../core/hash/sha256';

export interface InputHasher {
  update(chunk: Uint8Array): void;
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

  update(chunk: Uint8Array): void {
    const copy = chunk.slice();
    this.worker.postMessage({ type: 'update', chunk: copy } satisfies HashRequest, [copy.buffer]);
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
