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
import { nearestRankIndex } from './select';
import { RankSelector } from './select-ranks';

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

/** A function's figures in the first pass: ACC slots from function * ACC. */
const COUNT = 0;
const TIMED = 1;
const TOTAL = 2;
const SELF = 3;
const IRQ = 4;
const MIN = 5;
const MAX = 6;
const ACC = 8;

/** `include(i)` picks calls (all when omitted). */
export function computeFunctionStats(
  calls: CallTable,
  strings: StringTable,
  include?: (call: number) => boolean,
  irqInside?: Float64Array,
  durationsPerPass = DURATIONS_PER_PASS,
): FunctionStatsTable {
  const nFuncs = strings.size;
  const n = calls.length;
  // Sums in call order (the order every figure has always been added in), in the same pass
  // as the counts, and the least and greatest durations (the first seen of equal ones, as
  // ever), which the selection then need not read its slice for. A function's seven figures
  // lie side by side (64 bytes), so a call updates one or two cache lines, not one in each of
  // seven arrays (at 3000 functions those outgrow the first-level cache).
  const acc = new Float64Array(nFuncs * ACC);
  for (let f = 0; f < nFuncs; f++) {
    acc[f * ACC + MIN] = Infinity;
    acc[f * ACC + MAX] = -Infinity;
  }
  addUp(calls, include, irqInside, acc);
  const count = new Float64Array(nFuncs);
  const timedCount = new Uint32Array(nFuncs);
  for (let f = 0; f < nFuncs; f++) {
    count[f] = acc[f * ACC + COUNT];
    timedCount[f] = acc[f * ACC + TIMED];
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
  // Each function's next slot and its step (1, or 0 in another's pass) side by side.
  const slot = new Uint32Array(2 * nFuncs);
  let durs = new Float64Array(0);
  const selector = new RankSelector();
  const picked = new Float64Array(3);
  let r = 0;
  for (let fLo = 0; fLo < nFuncs; ) {
    let fHi = fLo;
    let held = 0;
    while (fHi < nFuncs && (fHi === fLo || held + timedCount[fHi] <= durationsPerPass)) held += timedCount[fHi++];
    offset[fLo] = 0;
    for (let f = fLo; f < fHi; f++) offset[f + 1] = offset[f] + timedCount[f];
    // A function of another pass writes its durations to one spare slot past the pass's own
    // and never moves on: no branch on the function's pass, which the processor guesses wrong
    // for many calls when the durations take two passes (6.4M calls, in a warm loop: 64 ms of
    // CPU for the grouping with the branch, 36 ms without).
    for (let f = 0; f < nFuncs; f++) {
      const mine = f >= fLo && f < fHi;
      slot[2 * f] = mine ? offset[f] : held;
      slot[2 * f + 1] = mine ? 1 : 0;
    }
    if (durs.length < held + 1) durs = new Float64Array(Math.max(held, Math.min(durationsPerPass, n)) + 1);
    if (held > 0) group(calls, include, slot, durs);
    for (let f = fLo; f < fHi; f++) {
      if (count[f] === 0) continue;
      out.func[r] = f;
      out.calls[r] = count[f];
      const k = timedCount[f];
      out.timed[r] = k;
      out.total[r] = acc[f * ACC + TOTAL];
      out.self[r] = acc[f * ACC + SELF];
      out.irq[r] = acc[f * ACC + IRQ];
      if (k > 0) {
        const lo = offset[f];
        const min = acc[f * ACC + MIN];
        const max = acc[f * ACC + MAX];
        selector.select(durs, lo, lo + k, nearestRankIndex(k, 0.5), nearestRankIndex(k, 0.95), nearestRankIndex(k, 0.99), min, max, picked);
        out.p50[r] = picked[0];
        out.p95[r] = picked[1];
        out.p99[r] = picked[2];
        out.min[r] = min;
        out.max[r] = max;
      } else {
        out.min[r] = out.max[r] = out.p50[r] = out.p95[r] = out.p99[r] = Number.NaN;
      }
      r++;
    }
    fLo = fHi;
  }
  return out;
}

// The passes over every call, each a function of its own.

/** The first pass: each function's figures into `acc` (ACC slots a function), in call order. */
function addUp(calls: CallTable, include: ((call: number) => boolean) | undefined, irqInside: Float64Array | undefined, acc: Float64Array): void {
  const { func, duration, self } = calls;
  for (let i = 0, n = calls.length; i < n; i++) {
    if (include && !include(i)) continue;
    const at = func[i] * ACC;
    acc[at + COUNT]++;
    const d = duration[i];
    if (Number.isNaN(d)) continue;
    acc[at + TIMED]++;
    if (d < acc[at + MIN]) acc[at + MIN] = d;
    if (d > acc[at + MAX]) acc[at + MAX] = d;
    if (irqInside) acc[at + IRQ] += irqInside[i];
    acc[at + TOTAL] += d;
    const s = self[i];
    if (!Number.isNaN(s)) acc[at + SELF] += s;
  }
}

/** A pass of the grouping: each call's duration to its function's next slot (slot[2f]), which moves on by slot[2f + 1]. */
function group(calls: CallTable, include: ((call: number) => boolean) | undefined, slot: Uint32Array, durs: Float64Array): void {
  const { func, duration } = calls;
  for (let i = 0, n = calls.length; i < n; i++) {
    const d = duration[i];
    if (Number.isNaN(d) || (include && !include(i))) continue;
    const f2 = 2 * func[i];
    const at = slot[f2];
    durs[at] = d;
    slot[f2] = at + slot[f2 + 1];
  }
}
