/**
 * The p50, p95 and p99 of one Float64Array range in two reads of it (given its min and max) and
 * few compares that the data decides: a radix select. A double's high 32 bits, made unsigned and
 * order-preserving, are a key as ordered as the values; a histogram of the keys (their span
 * cut into at most 2^16 buckets) tells in which bucket each rank lies and how many values are
 * below it; the values of those three buckets are copied aside and selected among. The three
 * quickselects before (still taken below RADIX_FROM values) read and swap the values several
 * times over, each step a compare that the data decides and the processor often guesses
 * wrong: at 6.4M calls they were the largest part of the statistics (issue 13); in a warm
 * loop over the same durations, 134 ms of CPU against 52-63 ms this way.
 *
 * Exact: the key orders values as `<` does (but -0 before +0, both 0), so the k-th value lies
 * in the bucket where the counts put rank k, and the bucket's own order statistic is found by
 * comparison. A bucket too large to copy (a function of few distinct durations) falls back to
 * the quickselects in place.
 */
import { selectInPlace } from './select';

/** Below this many values the quickselects are cheaper than the histogram's passes. */
export const RADIX_FROM = 1024;
const MAX_BUCKET_BITS = 16;

/** Whether the platform stores a double's high word second (every platform we run on). */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export class RankSelector {
  private histogram = new Uint32Array(0);
  private inside = new Float64Array(0);
  private readonly bits = new Float64Array(1);
  private readonly bitsHigh = new Int32Array(this.bits.buffer, LITTLE_ENDIAN ? 4 : 0, 1);

  /**
   * `out[0..3)` = the values a sort of `a[lo, hi)` would put at `lo + r50`, `lo + r95`,
   * `lo + r99` (ascending ranks in [0, hi - lo)); `min` and `max` are the range's least and
   * greatest values (the caller has them from its own pass). No NaN in the range. May
   * reorder `a[lo, hi)`.
   */
  select(a: Float64Array, lo: number, hi: number, r50: number, r95: number, r99: number, min: number, max: number, out: Float64Array): void {
    if (hi - lo < RADIX_FROM || !LITTLE_ENDIAN || !this.radix(a, lo, hi, r50, r95, r99, min, max, out)) {
      selectEach(a, lo, hi, r50, r95, r99, out);
    }
  }

  /** The order-preserving key of a value: its high 32 bits, sign flipped (negatives: all bits). */
  private keyOf(v: number): number {
    this.bits[0] = v;
    const h = this.bitsHigh[0];
    return (h ^ ((h >> 31) | 0x80000000)) >>> 0;
  }

  /** The radix way; false when a rank's bucket is too large to copy aside. */
  private radix(a: Float64Array, lo: number, hi: number, r50: number, r95: number, r99: number, min: number, max: number, out: Float64Array): boolean {
    const n = hi - lo;
    // The key puts -0 before +0, but `min` and `max` come from `<` and `>`, which take the
    // first seen of the two: a zero bound is widened to both zeros, or the other zero's key
    // would fall outside the histogram.
    const keyMin = this.keyOf(min === 0 ? -0 : min);
    const span = this.keyOf(max === 0 ? 0 : max) - keyMin;
    // About a bucket for every 8 values, at most 2^16: the histogram's clearing and scan stay
    // small beside the passes.
    const bucketBits = Math.min(MAX_BUCKET_BITS, 31 - Math.clz32(n >>> 3));
    const spanBits = 32 - Math.clz32(span);
    const shift = Math.max(0, spanBits - bucketBits);
    const buckets = (span >>> shift) + 1;
    if (this.histogram.length < buckets) this.histogram = new Uint32Array(1 << MAX_BUCKET_BITS);
    const hist = this.histogram;
    hist.fill(0, 0, buckets);
    const high = new Int32Array(a.buffer, a.byteOffset, a.length * 2);
    const first = 2 * lo + 1;
    const last = 2 * hi + 1;
    countKeys(high, first, last, keyMin, shift, hist);
    // The bucket of each rank and the count of values in the buckets before it.
    let b50 = -1, b95 = -1, b99 = -1;
    let before50 = 0, before95 = 0, before99 = 0;
    let sum = 0;
    for (let b = 0; b < buckets; b++) {
      const next = sum + hist[b];
      if (b50 < 0 && r50 < next) {
        b50 = b;
        before50 = sum;
      }
      if (b95 < 0 && r95 < next) {
        b95 = b;
        before95 = sum;
      }
      if (r99 < next) {
        b99 = b;
        before99 = sum;
        break;
      }
      sum = next;
    }
    // Copied aside: each distinct bucket once, at most an eighth of the range each.
    const size50 = hist[b50];
    const size95 = b95 === b50 ? 0 : hist[b95];
    const size99 = b99 === b95 ? 0 : hist[b99];
    const cap = Math.max(RADIX_FROM, n >>> 3);
    if (size50 > cap || size95 > cap || size99 > cap) return false;
    const need = size50 + size95 + size99;
    if (this.inside.length < need) this.inside = new Float64Array(Math.max(need, 2 * this.inside.length));
    const inside = this.inside;
    copyBuckets(a, high, first, last, keyMin, shift, b50, b95, b99, inside, size50, size50 + size95);
    const from95 = b95 === b50 ? 0 : size50;
    const from99 = b99 === b95 ? from95 : size50 + size95;
    const end50 = size50;
    const end95 = from95 + hist[b95];
    const end99 = from99 + hist[b99];
    out[0] = selected(inside, 0, end50, r50 - before50);
    out[1] = selected(inside, from95, end95, r95 - before95);
    out[2] = selected(inside, from99, end99, r99 - before99);
    return true;
  }
}

// The two passes are functions of their own: small, they are optimised soon and cheaply
// (a pass inlined in `radix` had the compiler take 30 ms of CPU over it, the first slices
// meanwhile read by the slower tiers).

/** hist[(key - keyMin) >>> shift]++ for the high words high[first], high[first + 2], ... before last. */
function countKeys(high: Int32Array, first: number, last: number, keyMin: number, shift: number, hist: Uint32Array): void {
  for (let i = first; i < last; i += 2) {
    const h = high[i];
    hist[(((h ^ ((h >> 31) | 0x80000000)) >>> 0) - keyMin) >>> shift]++;
  }
}

/**
 * The values of buckets b50 <= b95 <= b99 copied to `inside`: b50's from 0, b95's from at95
 * and b99's from at99 (a bucket that is also a lower rank's goes with that one's).
 */
function copyBuckets(
  a: Float64Array,
  high: Int32Array,
  first: number,
  last: number,
  keyMin: number,
  shift: number,
  b50: number,
  b95: number,
  b99: number,
  inside: Float64Array,
  at95: number,
  at99: number,
): void {
  let at50 = 0;
  for (let i = first; i < last; i += 2) {
    const h = high[i];
    const b = (((h ^ ((h >> 31) | 0x80000000)) >>> 0) - keyMin) >>> shift;
    if (b === b50) inside[at50++] = a[(i - 1) >>> 1];
    else if (b === b95) inside[at95++] = a[(i - 1) >>> 1];
    else if (b === b99) inside[at99++] = a[(i - 1) >>> 1];
  }
}

/** The value a sort of `a[from, to)` would put at `from + k`. */
function selected(a: Float64Array, from: number, to: number, k: number): number {
  selectInPlace(a, from, to, from + k);
  return a[from + k];
}

/** The quickselects in turn (ascending ranks: each leaves only larger values to its right). */
function selectEach(a: Float64Array, lo: number, hi: number, r50: number, r95: number, r99: number, out: Float64Array): void {
  const i50 = lo + r50;
  const i95 = lo + r95;
  const i99 = lo + r99;
  selectInPlace(a, lo, hi, i50);
  selectInPlace(a, i50, hi, i95);
  selectInPlace(a, i95, hi, i99);
  out[0] = a[i50];
  out[1] = a[i95];
  out[2] = a[i99];
}
