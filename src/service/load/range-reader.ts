/**
 * Feeds range `k` of a plan to its parser from a Blob (core/parallel/range-feed.ts):
 * `blob.slice()` from the range's start, read into buffers used again (chunk-reader.ts).
 */
import type { RangePlan } from '../../core/parallel/plan';
import type { RangeParser } from '../../core/parallel/range-parser';
import { RangeFeed } from '../../core/parallel/range-feed';
import { openChunkReader } from '../chunk-reader';

export interface RangeReadHooks {
  /** After each chunk is parsed: the range's bytes read so far. May pause the read (a yield). */
  afterChunk?: (bytesRead: number) => Promise<void> | void;
  /** Stops the read early (a cancelled load). */
  stopped?: () => boolean;
}

/** Reads range `k` into `parser`; resolves with the bytes read (its own and the tail up to the seam). */
export async function readBlobRange(blob: Blob, plan: RangePlan, k: number, parser: RangeParser, hooks: RangeReadHooks = {}): Promise<number> {
  const feed = new RangeFeed(plan, k, parser);
  const reader = openChunkReader(blob.slice(feed.from));
  try {
    for (let chunk = await reader.read(); chunk; chunk = await reader.read()) {
      feed.push(chunk);
      // The parser keeps no view of a pushed chunk: its buffer may be read into again.
      reader.recycle(chunk.buffer as ArrayBuffer);
      if (feed.done || hooks.stopped?.()) break;
      await hooks.afterChunk?.(feed.bytesRead);
    }
  } finally {
    // Not awaited: the range is read; nothing waits for the rest of the file to be let go.
    if (feed.done || hooks.stopped?.()) void reader.cancel('range read').catch(() => undefined);
  }
  return feed.bytesRead;
}
