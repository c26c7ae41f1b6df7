/**
 * The overview's question: call density over time (call starts per bucket) under a filter,
 * its range ignored (the overview shows the whole trace and draws the range on it).
 */
import type { Nanoseconds } from '../../core/model/call-table';
import { withoutRange, type ViewFilter } from '../../core/query/filter';
import { bytesOf } from '../derived/budgeted-memo';
import type { DerivedData } from '../derived/derived-data';
import { filterKey } from '../derived/keys';

export interface Timeline {
  /** False for a trace without timestamps: no density to show. */
  hasTimestamps: boolean;
  /** Time span of the buckets: the first start to the last end of the calls in the filter. */
  startNs: Nanoseconds;
  endNs: Nanoseconds;
  /** Call starts per bucket (bucket b covers startNs + b * (endNs - startNs) / buckets). */
  counts: Uint32Array;
  maxCount: number;
}

const MAX_TIMELINE_BUCKETS = 4096;

/** Histogram of call starts over time for `filter` with its range ignored. */
export function timeline(derived: DerivedData, filter: ViewFilter, buckets: number): Timeline {
  const nb = Math.max(1, Math.min(MAX_TIMELINE_BUCKETS, Math.floor(buckets) || 1));
  const f = withoutRange(filter);
  return derived.keep('timeline', `${filterKey(f)}|${nb}`, () => computeTimeline(derived, f, nb), (t) => bytesOf(t.counts));
}

function computeTimeline(derived: DerivedData, f: ViewFilter, nb: number): Timeline {
  const model = derived.model;
  if (!model.hasTimestamps) {
    return { hasTimestamps: false, startNs: 0, endNs: 0, counts: new Uint32Array(0), maxCount: 0 };
  } else {
    const mask = derived.mask(f);
    const n = model.calls.length;
    let t0 = Number.POSITIVE_INFINITY;
    let t1 = Number.NEGATIVE_INFINITY;
    // When every call has its start and duration, the call times would only copy them (end =
    // start + duration): read the table, and leave the call times to the views that need them.
    const timed = derived.allTimed();
    const start = timed ? model.calls.start : derived.times().start;
    if (timed) {
      const { duration } = model.calls;
      for (let i = 0; i < n; i++) {
        if (mask && !mask[i]) continue;
        const s = start[i];
        if (s < t0) t0 = s;
        const e = s + duration[i];
        if (e > t1) t1 = e;
      }
    } else {
      const { end } = derived.times();
      for (let i = 0; i < n; i++) {
        if (mask && !mask[i]) continue;
        if (start[i] < t0) t0 = start[i];
        if (end[i] > t1) t1 = end[i];
      }
    }
    const counts = new Uint32Array(nb);
    let maxCount = 0;
    if (t1 >= t0) {
      const width = t1 - t0 || 1;
      for (let i = 0; i < n; i++) {
        if (mask && !mask[i]) continue;
        const b = Math.min(nb - 1, Math.floor(((start[i] - t0) / width) * nb));
        if (b >= 0 && ++counts[b] > maxCount) maxCount = counts[b];
      }
    } else {
      t0 = t1 = 0;
    }
    return { hasTimestamps: true, startNs: t0, endNs: t1, counts, maxCount };
  }
}
