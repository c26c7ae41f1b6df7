/**
 * Before ranges can be parsed apart: the format, decided by the input's first lines exactly
 * as the one-pass loader decides it (it is that loader, fed the head), and the nominal
 * offsets the input is cut at (range-parser.ts moves each to a seam).
 */
import { TraceLoader } from '../load';
import type { FormatId } from '../parse/record';

/** How much of the input a plan may need: the detection head (256 KiB of text) with room for long lines. */
export const PLAN_HEAD_BYTES = 1 << 20;

export interface RangePlan {
  format: FormatId;
  /** Lines the one-pass loader held to detect the format (the first range reads them without the fast path). */
  headLines: number;
  /** The byte after those lines. */
  headEnd: number;
  /** Nominal offsets: range k is cut at [offsets[k], offsets[k + 1]); the first is 0, the last the input's size. */
  offsets: number[];
}

/**
 * The plan for an input of `size` bytes whose first bytes are `head` (the whole input when
 * it is that short), cut at `cuts` (nominal offsets, ascending) or into `cuts` equal parts.
 * Undefined when only a one-pass load reads it right: a binary file (trace.dat, zstd…), text
 * in UTF-16, or a head that does not decide the format within these bytes; and for text of
 * no trace format, which ranges would only make dearer.
 */
export function planRanges(head: Uint8Array, size: number, cuts: number | readonly number[]): RangePlan | undefined {
  const loader = new TraceLoader();
  const step = 64 * 1024;
  for (let i = 0; i < head.length && loader.detectedFormat === undefined && !loader.isBinary; i += step) {
    loader.pushBytes(head.subarray(i, i + step));
  }
  // UTF-16 text is read decoded: a range's bytes are not the lines its parser would read.
  if (loader.isBinary || loader.textEncoding !== null) return undefined;
  let format = loader.detectedFormat;
  if (format === undefined) {
    if (head.length < size) return undefined;
    format = loader.finish().format;
  }
  // Text of no trace format: every line is an unread line, sent from its range with its
  // text (the CLI's 100 MB of `yes` ran out of heap in the join's messages, a gzip of it
  // took minutes where one pass takes seconds). One pass reads it as well, and the CLI stops
  // once its first lines say what it is.
  if (format === 'unknown') return undefined;
  const headLines = loader.headLineCount;
  let headEnd = 0;
  for (let n = 0; n < headLines && headEnd < head.length; n++) {
    const nl = head.indexOf(10, headEnd);
    headEnd = nl < 0 ? head.length : nl + 1;
  }
  // The first range reads the head lines without the byte fast path, as the one-pass loader
  // does; a range beginning among them would offer them to it (which interns names): only
  // formats without a fast path may be cut there.
  const floor = format === 'trace-cmd-report' ? headEnd : 0;
  const nominal =
    typeof cuts === 'number' ? Array.from({ length: Math.max(1, cuts) - 1 }, (_, k) => Math.floor((size * (k + 1)) / cuts)) : [...cuts];
  const offsets = [0];
  // Every range but the first begins after byte 0: it looks at the byte before its start.
  for (const x of nominal) offsets.push(Math.min(size, Math.max(x, floor, 1, offsets[offsets.length - 1])));
  offsets.push(size);
  return { format, headLines, headEnd, offsets };
}
