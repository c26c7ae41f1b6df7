/** Feeds range `k` of a plan to its parser from the file (core/parallel/range-feed.ts). Node only. */
import type { RangePlan } from '../core/parallel/plan';
import type { RangeParser } from '../core/parallel/range-parser';
import { RangeFeed } from '../core/parallel/range-feed';
import { readFileChunks } from './read-chunks';

export async function readRange(path: string, plan: RangePlan, k: number, parser: RangeParser, chunkSize: number): Promise<void> {
  const feed = new RangeFeed(plan, k, parser);
  for await (const chunk of readFileChunks(path, chunkSize, feed.from)) {
    feed.push(chunk);
    if (feed.done) break;
  }
}
