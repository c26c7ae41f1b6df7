/**
 * Where a parallel load cuts its input: the thread that joins (the CLI's main thread, the
 * app's trace worker) also parses the first range straight into the builder, so it takes
 * the share that balances its time with a parse worker's; the other threads share the rest
 * equally. Used by the CLI (cli/parallel-load.ts) and the app (service/load/pool-read.ts).
 *
 * The balance, with f the joining thread's share of S bytes and N threads in all:
 *
 *   joining thread:  f S direct + (1 - f) S join
 *   each worker:     start + (1 - f) S parse / (N - 1)
 *
 * The joining thread parses its range, then joins the workers' batches as they come; it
 * joins faster than a worker parses, so once caught up it waits on the batches: the load
 * ends with the later of the two. Both equal when
 *
 *   f = (start / S + parse / (N - 1) - join) / (direct - join + parse / (N - 1)),
 *
 * clamped to [0, MAX_MAIN_SHARE]: from the thread count where joining alone keeps the
 * joining thread busy, it parses no range of its own; on a small input, where a worker's
 * start-up outweighs its range, every thread still gets a part (a count asked for is a
 * count used: `?workers=N` and `--workers N` in benchmarks and tests).
 */

/**
 * What a byte costs each thread, against a one-pass load of it (`direct`: parsed straight
 * into the builder, what the joining thread does with its own range; `parse`: parsed into
 * record batches by a worker; `join`: those batches replayed through the builder), and the
 * bytes the joining thread parses while a worker starts (`startBytes`: a new thread, its
 * script loaded and run). Measured with bench/join-cost.ts (168 MB, 1M calls, CPU time,
 * 2026-12-04): direct 1.00–1.14, parse 0.95–0.99, join 0.24–0.28; a Node worker thread's
 * start-up 130–220 ms (bundled, as the CLI ships) while one core parses about 180 MB/s.
 */
export interface CutCosts {
  direct: number;
  parse: number;
  join: number;
  startBytes: number;
}

export const MEASURED_CUT_COSTS: Readonly<CutCosts> = { direct: 1, parse: 0.97, join: 0.26, startBytes: 24 << 20 };

/**
 * The costs when each later range builds its own calls (the split build: split-range.ts). A
 * worker's byte then costs more than the joining thread's own (its lines classed, its prefixes
 * and runs written, its start: 1.12–1.13 of `direct` in the CLI's 2-thread load of 1 GiB,
 * per-thread CPU time of bench/cli-workers.ts, 2026-12-06, load 3.4–5.9; 1.28–1.39 in one
 * thread in bench/join-cost.ts, 168 MB), and the stitch waits for the whole range, so no join
 * overlaps the workers: `join` 0 in the balance (the stitch, 0.11–0.14 s of CPU at 1 GiB, one
 * of 0.38 s, comes after both).
 */
export const SPLIT_CUT_COSTS: Readonly<CutCosts> = { direct: 1, parse: 1.15, join: 0, startBytes: 24 << 20 };

/** The joining thread's share never exceeds this: the other threads always get a part. */
export const MAX_MAIN_SHARE = 0.75;

/**
 * The share of `size` bytes the joining thread parses itself (the first range, straight
 * into the builder), with `threads` parse threads in all: 0.43 for 2 threads on 1 GiB,
 * 0.50 on 168 MB, 0.64 on 64 MiB (a worker's start-up weighs more on a small input), at
 * most 0.75; 0.20 for 3 threads on 1 GiB, almost none from 5, where joining alone keeps it busy.
 */
export function mainShare(threads: number, size = Number.POSITIVE_INFINITY, costs: Readonly<CutCosts> = MEASURED_CUT_COSTS): number {
  if (threads <= 1) return 1;
  const worker = costs.parse / (threads - 1);
  const start = Number.isFinite(size) && size > 0 ? costs.startBytes / size : 0;
  const f = (start + worker - costs.join) / (costs.direct - costs.join + worker);
  return Math.min(MAX_MAIN_SHARE, Math.max(0, f));
}

/** The nominal cuts of `size` bytes for `threads` parse threads: the joining thread's share first, then equal parts. */
export function nominalCuts(size: number, threads: number, costs: Readonly<CutCosts> = MEASURED_CUT_COSTS): number[] {
  const first = Math.floor(size * mainShare(threads, size, costs));
  const rest = size - first;
  return Array.from({ length: threads - 1 }, (_, j) => first + Math.floor((rest * j) / (threads - 1)));
}
