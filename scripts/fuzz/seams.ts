/**
 * The seams property (issue 13, "seam placement is fuzzed"): a text input the parse pool
 * would cut (plan.ts) is loaded in ranges (load-ranges.ts, one thread: the split build as the
 * CLI runs it, or the replay of parsed ranges as the app's pool runs it) at the case's random
 * cuts, and must give the one-pass model exactly.
 */
import { Rng } from '../../bench/rng';
import { loadInRanges } from '../../src/core/parallel/load-ranges';
import { PLAN_HEAD_BYTES, planRanges } from '../../src/core/parallel/plan';
import type { TraceModel } from '../../src/core/model/tables';
// The tests' comparison, stricter than properties.ts's: call lines, interrupt contexts, interrupts.
import { modelDifference } from '../../src/test-utils/model-difference';
import type { Failure } from './properties';

/** One load in ranges: where it is cut, and how its ranges are fed and batched. */
export interface SeamPlacement {
  /**
   * The cuts as fractions of the input's size (sorted, repeats allowed: empty ranges), so a
   * minimised input keeps cuts at the same share of it.
   */
  cuts: number[];
  /** Snap each cut to the next line start, shifted by -1, 0 or +1 (null: the cut stays where it falls). */
  snap: (-1 | 0 | 1 | null)[];
  chunk: number;
  rows: number;
  /** The first range straight into the join's builder, as the CLI's main thread reads it. */
  direct: boolean;
  /**
   * Later ranges build their own calls, stitched in (the CLI's split build), or only parse,
   * the join replaying them (the app's pool, the gzip pieces).
   */
  split: boolean;
}

/** Range counts drawn, as the tests use them (the CLI's 2 cores, 3, 7, and the 16 of a big machine). */
const RANGE_COUNTS = [2, 3, 7, 16];

/** The placements of a case, drawn from their own stream so the other draws stay as they were. */
export function randomSeams(rng: Rng): SeamPlacement[] {
  const out: SeamPlacement[] = [];
  for (let p = 0; p < 3; p++) {
    const n = RANGE_COUNTS[rng.int(RANGE_COUNTS.length)];
    const cuts = Array.from({ length: n - 1 }, () => rng.next()).sort((a, b) => a - b);
    const snap = cuts.map(() => (rng.next() < 0.5 ? null : ((rng.int(3) - 1) as -1 | 0 | 1)));
    const chunk = [5, 64, 4096, 1 << 20][rng.int(4)];
    const rows = [1, 3, 100, 1 << 16][rng.int(4)];
    // The second placement (which inputs up to 4 MiB get) takes the replay, the others the split build.
    out.push({ cuts, snap, chunk, rows, direct: rng.next() < 0.5, split: p !== 1 });
  }
  return out;
}

/**
 * How many placements an input of `bytes` gets: a bounded share of a case (a load in ranges
 * costs one to two one-pass loads: a range whose seam does not fit is read again; the big
 * inputs get one), and tiny chunks only where they stay cheap.
 */
export function seamBudget(bytes: number): { placements: number; minChunk: number } {
  if (bytes <= 256 * 1024) return { placements: 3, minChunk: 1 };
  if (bytes <= 4 << 20) return { placements: 2, minChunk: 4096 };
  return { placements: 1, minChunk: 1 << 20 };
}

/** The byte offsets of a placement's cuts in an input of `bytes`. */
export function seamOffsets(bytes: Uint8Array, s: SeamPlacement): number[] {
  return s.cuts.map((f, k) => {
    const at = Math.min(bytes.length, Math.floor(f * bytes.length));
    const snap = s.snap[k];
    if (snap === null) return at;
    const nl = bytes.indexOf(10, at);
    return nl < 0 ? at : Math.max(0, Math.min(bytes.length, nl + 1 + snap));
  }).sort((a, b) => a - b);
}

const errorText = (err: unknown): string => (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).slice(0, 500);

/** Loads `bytes` in ranges at each placement the budget allows and compares with `one` (the one-pass model). */
export function checkSeams(bytes: Uint8Array, seams: readonly SeamPlacement[], one: TraceModel): Failure[] {
  // Only what the pool would cut: binary files, UTF-16 and text of no format load in one pass.
  if (!planRanges(bytes.subarray(0, PLAN_HEAD_BYTES), bytes.length, 2)) return [];
  const { placements, minChunk } = seamBudget(bytes.length);
  const failures: Failure[] = [];
  for (const s of seams.slice(0, placements)) {
    const cuts = seamOffsets(bytes, s);
    const chunk = Math.max(minChunk, s.chunk);
    const how = `${cuts.length + 1} ranges cut at [${cuts.join(',')}], chunks of ${chunk}, batches of ${s.rows}${s.direct ? ', first range direct' : ''}${s.split ? ', split build' : ', replayed'}`;
    let diff: string | null;
    try {
      diff = modelDifference(one, loadInRanges(bytes, cuts, chunk, s.rows, s.direct, s.split));
    } catch (err) {
      failures.push({ property: 'seams', message: `${how}: ${errorText(err)}` });
      continue;
    }
    if (diff) failures.push({ property: 'seams', message: `${how}: ${diff}` });
  }
  return failures;
}
