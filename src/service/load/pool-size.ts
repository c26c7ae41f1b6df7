/**
 * How many threads parse a text file in the app (the parse pool: pool-read.ts; a gzip's
 * text is dealt to it in pieces as it is inflated: gzip-pool-read.ts). The trace worker
 * counts as one: it parses the first range itself and joins the others' batches; each
 * other thread is a range worker of its own.
 *
 * The default leaves one core for the page and uses the pool only from 4 cores. Measured on
 * this project's 2-core VM (README, Performance, 2026-12-04), the pool with 2 threads loaded
 * a 256 MiB text at 0.54–0.74× the one-pass rate and spent twice its CPU: the join runs on
 * one thread (11–20% of a one-pass load, bench/join-cost.ts), a range worker starts cold (its first
 * batch came after 2.5–5 s, the parser not yet compiled while the two cores were shared
 * with the page and the browser), and the batches cost fresh memory; with the balanced cut
 * and the workers started before the plan (cuts.ts, range-pool.ts) it was still 0.70× the
 * one-pass rate (1.5–1.6× its CPU) that evening. With 3 threads or
 * more beside the page the parse leaves the join's thread and the rate can grow; below 4
 * cores the pool is for benchmarks and tests (`?workers=N`).
 */

import { defaultParseThreads, MAX_POOL_THREADS } from '../../core/parallel/default-threads';

/** Below this a file is read in one pass: starting workers would cost more than they save. */
export const MIN_POOL_BYTES = 4 << 20;

/**
 * Parse threads for a text input of `size` bytes (a gzip's: its compressed size): `asked`
 * when the page asked for a count (`?workers=N`: benchmarks and tests, whatever the size),
 * else from the machine's `cores` (navigator.hardwareConcurrency) one less than the cores
 * from MIN_POOL_CORES on, for inputs of at least MIN_POOL_BYTES. 1 means the one-pass load.
 */
export function parseThreads(size: number, asked: number | undefined, cores: number | undefined): number {
  if (asked !== undefined && Number.isInteger(asked) && asked >= 1) return Math.min(asked, MAX_POOL_THREADS);
  if (size < MIN_POOL_BYTES) return 1;
  // One core left for the page.
  return defaultParseThreads(cores ?? 1, 1);
}
