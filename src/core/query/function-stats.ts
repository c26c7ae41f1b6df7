/**
 * Per-function statistics over a set of calls: count, total, self, min, p50, p95, p99, max,
 * and "interrupt time inside": the time of the interrupt frames nested in its calls
 * (interrupt-mode.ts `InterruptView.inside`), the same in every interrupt mode.
 *
 * `calls` counts every call of the function (entries, leaves, orphan exits, unclosed
 * entries); the time figures cover only calls whose duration is in the trace.
 * Percentiles are nearest-rank over those durations.
 */
import type { CallTable } from '../model/call-table';
import type { StringTable } from '../model/string-table';
import { nearestRankIndex, selectInPlace } from './select';

export interface FunctionStatsTable {
  /** Function (string table) id of each row. */
  func: Uint32Array;
  calls: Float64Array;
  /** Calls that have a duration. */
  timed: Float64Array;
  total: Float64Array;
  self: Float64Array;
  min: Float64Array;
  p50: Float64Array;
  p95: Float64Array;
  p99: Float64Array;
  max: Float64Array;
  /** Interrupt time nested in the function's calls (in place), summed like `total`. */
  irq: Float64Array;
  length: number;
}

/**
 * Durations grouped at a time (32 MB): a trace with more timed calls is grouped in several
 * passes over the calls, a range of functions each, so the summary made at `ready` leaves
 * no copy of every duration behind (issue 13: 0.2 GB of garbage at 25M calls, there when
 * the work ahead starts allocating).
 */
export const DURATIONS_PER_PASS = 1 << 22;

/** `include(i)` picks calls (all when omitted). */
export function computeFunctionStats(
  calls: CallTable,
  strings: StringTable,
  include?: (call: number) => boolean,
  irqInside?: Float64Array,
  durationsPerPass = DURATIONS_PER_PASS,
): FunctionStatsTable {
  const nFuncs = strings.size;
  const count = new Float64Array(nFuncs);
  const timedCount = new Uint32Array(nFuncs);
  const n = calls.length;
  const { func, duration } = calls;
  for (let i = 0; i < n; i++) {
    if (include && !include(i)) continue;
    const f = func[i];
    count[f]++;
    if (!Number.isNaN(duration[i])) timedCount[f]++;
  }
  // Sums in call order (the order every figure has always been added in).
  const total = new Float64Array(nFuncs);
  const self = new Float64Array(nFuncs);
  const irq = new Float64Array(nFuncs);
  for (let i = 0; i < n; i++) {
    const d = duration[i];
    if (Number.isNaN(d) || (include && !include(i))) continue;
    const f = func[i];
    if (irqInside) irq[f] += irqInside[i];
    total[f] += d;
    const s = calls.self[i];
    if (!Number.isNaN(s)) self[f] += s;
  }
  let rows = 0;
  for (let f = 0; f < nFuncs; f++) if (count[f] > 0) rows++;
  const out: FunctionStatsTable = {
    func: new Uint32Array(rows),
    calls: new Float64Array(rows),
    timed: new Float64Array(rows),
    total: new Float64Array(rows),
    self: new Float64Array(rows),
    min: new Float64Array(rows),
    p50: new Float64Array(rows),
    p95: new Float64Array(rows),
    p99: new Float64Array(rows),
    max: new Float64Array(rows),
    irq: new Float64Array(rows),
    length: rows,
  };
  // Group durations by function (counting sort) so each function's slice can be sorted:
  // functions [fLo, fHi) per pass, as many as fit in `durationsPerPass` (one at least).
  // A function's percentiles are order statistics of its durations: the same in any pass.
  const offset = new Uint32Array(nFuncs + 1);
  const fill = new Uint32Array(nFuncs);
  let durs = new Float64Array(0);
  let r = 0;
  for (let fLo = 0; fLo < nFuncs; ) {
    let fHi = fLo;
    let held = 0;
    while (fHi < nFuncs && (fHi === fLo || held + timedCount[fHi] <= durationsPerPass)) held += timedCount[fHi++];
    offset[fLo] = 0;
    for (let f = fLo; f < fHi; f++) {
      offset[f + 1] = offset[f] + timedCount[f];
      fill[f] = offset[f];
    }
    if (durs.length < held) durs = new Float64Array(Math.max(held, Math.min(durationsPerPass, n)));
    if (held > 0) {
      for (let i = 0; i < n; i++) {
        const f = func[i];
        if (f < fLo || f >= fHi) continue;
        const d = duration[i];
        if (Number.isNaN(d) || (include && !include(i))) continue;
        durs[fill[f]++] = d;
      }
    }
    for (let f = fLo; f < fHi; f++) {
      if (count[f] === 0) continue;
      out.func[r] = f;
      out.calls[r] = count[f];
      const k = timedCount[f];
      out.timed[r] = k;
      out.total[r] = total[f];
      out.self[r] = self[f];
      out.irq[r] = irq[f];
      if (k > 0) {
        const lo = offset[f];
        const hi = offset[f + 1];
        let min = durs[lo];
        let max = min;
        for (let i = lo + 1; i < hi; i++) {
          const d = durs[i];
          if (d < min) min = d;
          else if (d > max) max = d;
        }
        out.min[r] = min;
        out.max[r] = max;
        // Ascending ranks: each selection leaves only larger values to its right.
        const i50 = lo + nearestRankIndex(k, 0.5);
        const i95 = lo + nearestRankIndex(k, 0.95);
        const i99 = lo + nearestRankIndex(k, 0.99);
        selectInPlace(durs, lo, hi, i50);
        selectInPlace(durs, i50, hi, i95);
        selectInPlace(durs, i95, hi, i99);
        out.p50[r] = durs[i50];
        out.p95[r] = durs[i95];
        out.p99[r] = durs[i99];
      } else {
        out.min[r] = out.max[r] = out.p50[r] = out.p95[r] = out.p99[r] = Number.NaN;
      }
      r++;
    }
    fLo = fHi;
  }
  return out;
}
