/** What the parse pool's tests hand it: a trace's bytes as a File would be, and a plan of its ranges. */
import { planRanges, type RangePlan } from '../core/parallel/plan';

/** The bytes as a Blob (a copy: the Blob must not share a buffer a test goes on reading). */
export const blobOf = (bytes: Uint8Array): Blob => new Blob([new Uint8Array(bytes)]);

/** The plan of `bytes` cut into `cuts` ranges (a count, or the cut offsets), as the pool's read makes it. */
export function planOf(bytes: Uint8Array, cuts: number | number[]): RangePlan {
  const p = planRanges(bytes.subarray(0, 1 << 20), bytes.length, cuts);
  if (!p) throw new Error('no plan');
  return p;
}
