/**
 * The trace's fingerprint (src/core/hash/content-hash.ts: SHA-256 over 4 MiB blocks) of its
 * input bytes (as read, compressed or not), for permalinks. It is fed chunk by chunk while
 * the trace streams in, so the file is read once and never kept.
 *
 * In the browser the hashing runs in a worker of its own (workers/hash.worker.ts), beside
 * the parser: a plain input's chunks are handed over once parsed (their buffer moves to the
 * hash worker, no copy) and come back to the reader when hashed, so the read buffers are
 * used over and over; a gzip input's compressed chunks are copied (they go on to the
 * inflater). That worker gives the blocks to WebCrypto's native SHA-256, which Chromium runs
 * on the calling thread (~600 MB/s here, 5× the JavaScript one, which is left for contexts
 * without WebCrypto: a page served over plain http from another host). Elsewhere (tests,
 * Node) it runs in line. A File read again after the load (`digestBlob`) is hashed while
 * the user may be acting: between blocks it holds off after the page's questions (`hold`).
 */
import { CONTENT_HASH_BLOCK_BYTES, ContentHash, jsBlockDigester, type BlockDigester } from '../core/hash/content-hash';
import { openChunkReader } from './chunk-reader';
import { BackOff } from './load/back-off';

/** Receives a handed-over chunk's buffer back once the hasher is done with it. */
export type GiveBack = (buffer: ArrayBuffer) => void;

export interface InputHasher {
  /**
   * Adds `chunk` to the hash. With `giveBack`, the caller is done with the chunk: the hasher
   * takes its whole buffer (no copy) and returns it through `giveBack` after hashing.
   */
  update(chunk: Uint8Array, giveBack?: GiveBack): void;
  /** The hex digest of everything passed to `update`. Call once. */
  digest(): Promise<string>;
  /**
   * The digest of a whole Blob read by the hasher itself (the parse pool's input, which no
   * thread of the load reads in order): instead of `update` and `digest`. Call once.
   */
  digestBlob(blob: Blob): Promise<string>;
  /**
   * The page is asking questions: a Blob being read again (`digestBlob`) pauses a moment,
   * as the trace worker's work ahead does (load/back-off.ts). No effect on the rest.
   */
  hold(): void;
  /** Drops the work (a cancelled load). */
  dispose(): void;
}

/** WebCrypto's SHA-256 for the blocks, or null where this context has no WebCrypto. */
export function webCryptoDigester(): BlockDigester | null {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  // `digest` copies the block before it returns, so the caller may refill it at once.
  return async (block) => new Uint8Array(await subtle.digest('SHA-256', block));
}

/** Hashes on the caller's thread. */
export class InlineHasher implements InputHasher {
  private readonly hash: ContentHash;

  constructor(digester: BlockDigester = jsBlockDigester) {
    this.hash = new ContentHash(digester);
  }

  update(chunk: Uint8Array, giveBack?: GiveBack): void {
    this.hash.update(chunk);
    giveBack?.(chunk.buffer as ArrayBuffer);
  }

  digest(): Promise<string> {
    return this.hash.hex();
  }

  async digestBlob(blob: Blob): Promise<string> {
    await hashBlobInto(this.hash, blob);
    return this.hash.hex();
  }

  /** In line (tests, Node) there is no page to give way to. */
  hold(): void {}

  dispose(): void {}
}

/**
 * Feeds a Blob's bytes to `hash`, in order. After each block's worth (a few ms of hashing)
 * it waits until no more than two blocks' digests are still being made, then for `gate`
 * when there is one. A 4 GiB File read again this way kept the renderer's peak 0.2 GB
 * lower than fresh chunks and digests let pile up (bench/app/huge-load.ts --settle done).
 */
async function hashBlobInto(hash: ContentHash, blob: Blob, gate?: () => Promise<void>): Promise<void> {
  // Through a few buffers given back (chunk-reader.ts), not a fresh chunk for every read.
  const reader = openChunkReader(blob);
  let sinceGate = 0;
  for (let chunk = await reader.read(); chunk; chunk = await reader.read()) {
    // update() copies the bytes into its block: the buffer may be read into again.
    hash.update(chunk);
    reader.recycle(chunk.buffer as ArrayBuffer);
    sinceGate += chunk.length;
    if (sinceGate >= CONTENT_HASH_BLOCK_BYTES) {
      sinceGate = 0;
      await hash.settled();
      if (gate) await gate();
    }
  }
}

/** Messages of the hashing worker's protocol. */
export type HashRequest =
  | { type: 'update'; chunk: Uint8Array }
  /** Hash `buffer[0, length)`, then send the buffer back (`returned`). */
  | { type: 'hash-and-return'; buffer: ArrayBuffer; offset: number; length: number }
  /** Hash a whole Blob, reading it here (then `digest`). */
  | { type: 'blob'; blob: Blob }
  /** The page is asking questions: the Blob's reading holds off a moment (InputHasher.hold). */
  | { type: 'hold' }
  | { type: 'digest' };
export type HashReply = { type: 'digest'; hex: string } | { type: 'returned'; buffer: ArrayBuffer };

/**
 * The hashing worker's side: one hash per worker lifetime. A Blob read again after the load
 * is work for no question on screen: between its blocks it gives way to the page's
 * questions (`hold`) through `backOff`, as the trace worker's work ahead does.
 */
export function hashWorkerHandler(
  post: (reply: HashReply, transfer?: Transferable[]) => void,
  digester: BlockDigester = jsBlockDigester,
  backOff: BackOff = new BackOff(),
): (req: HashRequest) => void {
  const hash = new ContentHash(digester);
  /** A Blob being read: the digest waits for it. */
  let reading: Promise<void> = Promise.resolve();
  const gate = (): Promise<void> => backOff.whenQuiet();
  return (req) => {
    if (req.type === 'update') hash.update(req.chunk);
    else if (req.type === 'hash-and-return') {
      hash.update(new Uint8Array(req.buffer, req.offset, req.length));
      post({ type: 'returned', buffer: req.buffer }, [req.buffer]);
    } else if (req.type === 'blob') reading = hashBlobInto(hash, req.blob, gate);
    else if (req.type === 'hold') backOff.userActive();
    else void reading.then(() => hash.hex()).then((hex) => post({ type: 'digest', hex }));
  };
}

/** Hashes in a separate worker. Messages are handled in order, so buffers return in order. */
export class WorkerHasher implements InputHasher {
  private readonly giveBacks: GiveBack[] = [];
  private onDigest: ((hex: string) => void) | undefined;

  constructor(private readonly worker: Worker) {
    this.worker.onmessage = (e: MessageEvent<HashReply>) => {
      const reply = e.data;
      if (reply.type === 'returned') this.giveBacks.shift()?.(reply.buffer);
      else {
        this.onDigest?.(reply.hex);
        this.worker.terminate();
      }
    };
  }

  update(chunk: Uint8Array, giveBack?: GiveBack): void {
    if (giveBack) {
      const buffer = chunk.buffer as ArrayBuffer;
      this.giveBacks.push(giveBack);
      this.worker.postMessage(
        { type: 'hash-and-return', buffer, offset: chunk.byteOffset, length: chunk.byteLength } satisfies HashRequest,
        [buffer],
      );
      return;
    }
    const copy = chunk.slice();
    this.worker.postMessage({ type: 'update', chunk: copy } satisfies HashRequest, [copy.buffer]);
  }

  digest(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.onDigest = resolve;
      this.worker.onerror = (e) => {
        reject(new Error(e.message || 'the hashing worker failed'));
        this.worker.terminate();
      };
      this.worker.postMessage({ type: 'digest' } satisfies HashRequest);
    });
  }

  digestBlob(blob: Blob): Promise<string> {
    this.worker.postMessage({ type: 'blob', blob } satisfies HashRequest);
    return this.digest();
  }

  hold(): void {
    this.worker.postMessage({ type: 'hold' } satisfies HashRequest);
  }

  dispose(): void {
    this.worker.terminate();
  }
}
