/**
 * Feeds one range of a plan to its parser as the bytes come, wherever they come from (a
 * file in the CLI, a Blob in the browser): from the byte before the range (whether it
 * begins on a line start), its own bytes, `endOwn()` at its nominal end, then the bytes
 * after it until the parser has met the next seam (range-parser.ts).
 */
import type { RangePlan } from './plan';
import type { RangeParser } from './range-parser';

export class RangeFeed {
  /** Where the reader starts: the byte before the range (0 for the first range). */
  readonly from: number;
  private readonly end: number;
  private position: number;
  private own: boolean;

  constructor(
    plan: RangePlan,
    k: number,
    private readonly parser: RangeParser,
  ) {
    this.end = plan.offsets[k + 1];
    this.from = k === 0 ? 0 : Math.max(0, plan.offsets[k] - 1);
    this.position = this.from;
    this.own = this.position < this.end;
    if (!this.own) parser.endOwn();
  }

  /** Bytes fed so far (the range's own and the tail up to the seam). */
  get bytesRead(): number {
    return this.position - this.from;
  }

  /** Whether the parser needs no more bytes (it has met the next seam). */
  get done(): boolean {
    return this.parser.done;
  }

  /** The next chunk, split where the range's own bytes end. The parser keeps no view of it. */
  push(chunk: Uint8Array): void {
    const { parser } = this;
    if (this.own && this.position + chunk.length >= this.end) {
      parser.push(chunk.subarray(0, this.end - this.position));
      parser.endOwn();
      this.own = false;
      parser.push(chunk.subarray(this.end - this.position));
    } else parser.push(chunk);
    this.position += chunk.length;
  }
}
