/**
 * Feeds range `k` of a plan to its parser from the file: from the byte before the range
 * (whether it begins on a line start), its own bytes, then the bytes after it until the
 * parser has met the next seam (core/parallel/range-parser.ts). Node only.
 */
import type { RangePlan } from '../core/parallel/plan';
import type { RangeParser } from '../core/parallel/range-parser';
import { readFileChunks } from './read-chunks';

export async function readRange(path: string, plan: RangePlan, k: number, parser: RangeParser, chunkSize: number): Promise<void> {
  const end = plan.offsets[k + 1];
  let position = k === 0 ? 0 : Math.max(0, plan.offsets[k] - 1);
  let own = position < end;
  if (!own) parser.endOwn();
  for await (const chunk of readFileChunks(path, chunkSize, position)) {
    if (own && position + chunk.length >= end) {
      parser.push(chunk.subarray(0, end - position));
      parser.endOwn();
      own = false;
      parser.push(chunk.subarray(end - position));
    } else parser.push(chunk);
    position += chunk.length;
    if (parser.done) break;
  }
}
