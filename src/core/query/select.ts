/**
 * Order statistics without a full sort: the k-th smallest of a Float64Array range, in
 * place (quickselect). Percentiles of millions of durations need three ranks, not an
 * ordering; a sort of 6M doubles costs several times the three selections.
 */

/** Below this many values a plain sort is cheaper than partitioning. */
const SORT_BELOW = 32;

/**
 * Rearranges `a[lo, hi)` so that `a[k]` holds the value that a sort would put there, every
 * value before it is <= it and every value after it is >= it. `lo <= k < hi`. No NaN.
 */
export function selectInPlace(a: Float64Array, lo: number, hi: number, k: number): void {
  let left = lo;
  let right = hi - 1;
  while (right - left >= SORT_BELOW) {
    // Median of three as the pivot: sorted or constant input stays linear.
    const mid = (left + right) >>> 1;
    if (a[mid] < a[left]) swap(a, mid, left);
    if (a[right] < a[left]) swap(a, right, left);
    if (a[right] < a[mid]) swap(a, right, mid);
    const pivot = a[mid];
    // Hoare partition: equal values go to both sides, so many duplicates stay balanced.
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    // Now a[left, j] <= pivot <= a[i, right], and a[j+1, i-1] (if any) equal the pivot.
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
  a.subarray(left, right + 1).sort();
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/** 1-based nearest rank of quantile `q` among `n` sorted values. */
export function nearestRankIndex(n: number, q: number): number {
  return Math.min(n, Math.max(1, Math.ceil(q * n))) - 1;
}
