/**
 * Where a parallel load cuts its input: the thread that joins (the CLI's main thread, the
 * app's trace worker) also parses the first range straight into the builder, so it takes
 * the share that balances its time with a parse worker's; the other threads share the rest
 * equally. Used by the CLI (cli/parallel-load.ts) and the app (service/load/pool-read.ts).
 */

/**
 * What a byte costs, against a one-pass load of it, measured on the bench trace: parsed into
 * batches by a worker, and joined (replayed through the builder) by the joining thread.
 */
const PARSE_COST = 0.9;
const JOIN_COST = 0.45;

/**
 * The share of the input the joining thread parses itself (the first range, straight into
 * the builder), with `threads` parse threads in all: it also joins the others' batches, so
 * it takes what balances its time (f + JOIN_COST (1 - f)) with a worker's
 * (PARSE_COST (1 - f) / (threads - 1)). About 0.31 for 2 threads; none from 3 on, where
 * joining alone keeps it busy.
 */
export function mainShare(threads: number): number {
  if (threads <= 1) return 1;
  const worker = PARSE_COST / (threads - 1);
  return Math.max(0, (worker - JOIN_COST) / (1 - JOIN_COST + worker));
}

/** The nominal cuts of `size` bytes for `threads` parse threads: the joining thread's share first, then equal parts. */
export function nominalCuts(size: number, threads: number): number[] {
  const first = Math.floor(size * mainShare(threads));
  const rest = size - first;
  return Array.from({ length: threads - 1 }, (_, j) => first + Math.floor((rest * j) / (threads - 1)));
}
