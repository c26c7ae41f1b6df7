/**
 * How many threads parse a text input when nobody asked for a count (issue 13: the pool's
 * size from the machine's cores, `navigator.hardwareConcurrency` in the app and
 * `os.availableParallelism()` in the CLI). One rule for both, so that the app and the CLI
 * agree on when the pool pays.
 *
 * Below MIN_POOL_CORES cores it is one pass: on the 2-core machine this project measures on,
 * 2 threads loaded a text slower than one while other work held a core (README, Performance:
 * two threads of one process do memory work no faster than one there; the app's pool joins on
 * one thread). With the CLI's split build and a quiet machine they gained 1.26–1.38×; a
 * machine of 2 or 3 cores is seldom that quiet, and `--workers 2` is there for it. From
 * MIN_POOL_CORES on, every core but `spare` (the app leaves one for the page; the CLI has no
 * page), at most MAX_POOL_THREADS (each thread holds its batches' columns).
 */

/** Cores the pool needs before it is used by default. */
export const MIN_POOL_CORES = 4;
/** The pool never grows past this many threads. */
export const MAX_POOL_THREADS = 16;

/** Default parse threads on a machine of `cores` logical cores, leaving `spare` of them to others. */
export function defaultParseThreads(cores: number, spare: number): number {
  if (!(Number.isInteger(cores) && cores >= MIN_POOL_CORES)) return 1;
  return Math.max(1, Math.min(cores - spare, MAX_POOL_THREADS));
}
