/**
 * Feeds range `k` of a plan to its parser from a Blob: from the byte before the range
 * (whether it begins on a line start), its own bytes, then the bytes after it until the
 * parser has met the next seam (core/parallel/range-parser.ts). The browser's twin of the
 * CLI's cli/read-range.ts: `blob.slice()` from the range's start, read into buffers used
 * again (chunk-reader.ts).
 */
import type { RangePlan } from '../../core/parallel/plan';
import type { RangeParser } from '../../core/parallel/range-parser';
import { openChunkReader } from '../chunk-reader';

export interface RangeReadHooks {
  /** After each chunk is parsed: the range's bytes read so far. May pause the read (a yield). */
  afterChunk?: (bytesRead: number) => Promise<void> | void;
  /** Stops the read early (a cancelled load). */
  stopped?: () => boolean;
}

/** Reads range `k` into `parser`; resolves with the bytes read (its own and the tail up to the seam). */
export async function readBlobRange(blob: Blob, plan: RangePlan, k: number, parser: RangeParser, hooks: RangeReadHooks = {}): Promise<number> {
  const end = plan.offsets[k + 1];
  const from = k === 0 ? 0 : Math.max(0, plan.offsets[k] - 1);
  let position = from;
  let own = position < end;
  if (!own) parser.endOwn();
  const reader = openChunkReader(blob.slice(from));
  try {
    for (let chunk = await reader.read(); chunk; chunk = await reader.read()) {
      if (own && position + chunk.length >= end) {
        parser.push(chunk.subarray(0, end - position));
        parser.endOwn();
        own = false;
        parser.push(chunk.subarray(end - position));
      } else parser.push(chunk);
      position += chunk.length;
      // The parser keeps no view of a pushed chunk: its buffer may be read into again.
      reader.recycle(chunk.buffer as ArrayBuffer);
      if (parser.done || hooks.stopped?.()) break;
      await hooks.afterChunk?.(position - from);
    }
  } finally {
    // Not awaited: the range is read; nothing waits for the rest of the file to be let go.
    if (parser.done || hooks.stopped?.()) void reader.cancel('range read').catch(() => undefined);
  }
  return position - from;
}
