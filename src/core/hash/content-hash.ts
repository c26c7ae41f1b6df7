/**
 * The trace's fingerprint for permalinks: a SHA-256 "content hash" in Dropbox's published
 * scheme. The input is cut into 4 MiB blocks (by byte offset, wherever the read chunks
 * happen to end), each block gets its SHA-256, and the fingerprint is the SHA-256 of those
 * digests concatenated (of nothing, for an empty input).
 *
 * Why not one plain SHA-256 of the file: that has to run in JavaScript, chunk by chunk, at
 * ~120 MB/s in Chromium, and on a 2-core machine it took a whole core from the load (a 1M-
 * call trace loaded 1.5× slower with it). Per-block digests can go to the platform's native
 * SHA-256 (WebCrypto, ~1 GB/s), which is async, on a thread of its own and needs no copy of
 * the file, only of one block at a time. Collision resistance is SHA-256's.
 *
 * The block digester is passed in, so this stays pure: WebCrypto in the browser
 * (src/service/input-hasher.ts), this file's JavaScript SHA-256 anywhere else. Both give
 * the same fingerprint.
 */
import { Sha256 } from './sha256';

/** Dropbox's block size. */
export const CONTENT_HASH_BLOCK_BYTES = 4 * 1024 * 1024;

/**
 * SHA-256 of one block. It may keep `block` only until it returns: the caller reuses the
 * buffer right after (WebCrypto's digest copies its input before returning the promise).
 */
export type BlockDigester = (block: Uint8Array<ArrayBuffer>) => Promise<Uint8Array> | Uint8Array;

export const jsBlockDigester: BlockDigester = (block) => new Sha256().update(block).digest();

export class ContentHash {
  private readonly block: Uint8Array<ArrayBuffer>;
  private filled = 0;
  private readonly digests: (Promise<Uint8Array> | Uint8Array)[] = [];
  private finished = false;

  constructor(
    private readonly digestBlock: BlockDigester = jsBlockDigester,
    blockBytes = CONTENT_HASH_BLOCK_BYTES,
  ) {
    this.block = new Uint8Array(blockBytes);
  }

  /** Adds bytes; `data` is not kept (its bytes are copied into the current block). */
  update(data: Uint8Array): this {
    if (this.finished) throw new Error('ContentHash: update after digest');
    const size = this.block.length;
    let i = 0;
    while (i < data.length) {
      const take = Math.min(size - this.filled, data.length - i);
      this.block.set(data.subarray(i, i + take), this.filled);
      this.filled += take;
      i += take;
      if (this.filled === size) this.flush();
    }
    return this;
  }

  /** The fingerprint as 64 lowercase hex digits. Call once. */
  async hex(): Promise<string> {
    if (this.finished) throw new Error('ContentHash: digest twice');
    if (this.filled > 0) this.flush();
    this.finished = true;
    const digests = await Promise.all(this.digests);
    const all = new Sha256();
    for (const d of digests) all.update(d);
    return all.hex();
  }

  /**
   * Resolves once the digests of all blocks but the last `inFlight` are made: a reader that
   * outpaces the digester waits for it instead of piling up the digester's copies of the
   * blocks (4 MiB each).
   */
  async settled(inFlight = 2): Promise<void> {
    const upTo = this.digests.length - inFlight;
    if (upTo > 0) await this.digests[upTo - 1];
  }

  private flush(): void {
    this.digests.push(this.digestBlock(this.block.subarray(0, this.filled)));
    this.filled = 0;
  }
}
