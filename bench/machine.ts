/**
 * `npm run bench` (its first part), or `tsx bench/machine.ts`: what this machine gives the
 * loads, so that the other parts' figures can be read against it. Prints figures; never
 * fails on them.
 *
 * - cores, and what two threads of one process get done at once against one thread alone:
 *   (a) arithmetic only; (b) memory made and dropped (an 8 MiB typed array at a time, each
 *   page written, then let go: what a parse's batches and a build's growing columns do);
 *   (c) fresh memory kept (what a build's columns are);
 * - the first touch of fresh memory (256 MiB kept, each 4 KiB page written once), in ms a
 *   MiB: every load pays it for the model's columns and the views' trees (a 1M-call model
 *   is about 50 MB of columns), and on a virtual machine it can cost many times what it
 *   costs on bare metal.
 *
 * Each measurement runs in worker threads started for it (one, then two at once), timed
 * from the moment each worker begins its loop, so start-up is not counted.
 */
import { cpus, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';

type Kind = 'compute' | 'churn' | 'touch';

interface Job {
  kind: Kind;
  /** Loop size: iterations (compute) or MiB (churn, touch). */
  size: number;
}

/**
 * The work of one thread; returns a number so that none of it can be left out. It runs in
 * a worker from its source text (a worker thread gets no TypeScript loader), so it names
 * nothing outside itself.
 */
function work({ kind, size }: Job): number {
  const PAGE_FLOATS = 512; // one 4 KiB page
  const BLOCK_FLOATS = 1 << 20; // 8 MiB
  if (kind === 'compute') {
    let x = 0;
    for (let i = 0; i < size; i++) x += Math.sqrt(i) * 1.0001;
    return x;
  }
  const kept: Float64Array[] = [];
  let sum = 0;
  for (let m = 0; m < size; m += 8) {
    const a = new Float64Array(BLOCK_FLOATS);
    for (let i = 0; i < a.length; i += PAGE_FLOATS) a[i] = i;
    sum += a[PAGE_FLOATS];
    if (kind === 'touch') kept.push(a);
  }
  return sum + kept.length;
}

/** Wall time of `threads` workers doing `job` at once, each timed from its loop's start. */
function runThreads(job: Job, threads: number): Promise<number> {
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const work = ${work.toString()};
    const start = performance.timeOrigin + performance.now();
    work(workerData);
    parentPort.postMessage({ start, end: performance.timeOrigin + performance.now() });`;
  const workers = Array.from({ length: threads }, () => new Worker(source, { eval: true, workerData: job }));
  return Promise.all(
    workers.map(
      (w) =>
        new Promise<{ start: number; end: number }>((resolve, reject) => {
          w.once('message', resolve);
          w.once('error', reject);
        }),
    ),
  ).then((spans) => {
    for (const w of workers) void w.terminate();
    // performance.timeOrigin + now: the workers' clocks on one scale.
    return Math.max(...spans.map((s) => s.end)) - Math.min(...spans.map((s) => s.start));
  });
}

async function main(): Promise<void> {
  const n = cpus().length;
  console.log(`\nThis machine: ${n} cores (${cpus()[0]?.model ?? 'unknown'}), load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  const rows: [string, Job][] = [
    ['arithmetic only', { kind: 'compute', size: 2e8 }],
    ['memory made and dropped (8 MiB at a time, 800 MiB)', { kind: 'churn', size: 800 }],
    ['fresh memory kept (256 MiB, each page written once)', { kind: 'touch', size: 256 }],
  ];
  let touchMs = Number.NaN;
  for (const [label, job] of rows) {
    const one = await runThreads(job, 1);
    if (job.kind === 'touch') touchMs = one / job.size;
    const two = n >= 2 ? await runThreads(job, 2) : Number.NaN;
    const gain = (2 * one) / two;
    console.log(
      `  ${label}: one thread ${one.toFixed(0)} ms; two at once ${Number.isNaN(two) ? '– (one core)' : `${two.toFixed(0)} ms: ${gain.toFixed(2)}× the work of one in the same time`}`,
    );
  }
  // From the one-thread run of fresh memory kept: 256 pages of 4 KiB a MiB.
  console.log(`  first touch of fresh memory: ${touchMs.toFixed(2)} ms a MiB (${((touchMs / 256) * 1000).toFixed(1)} µs a 4 KiB page)`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : String(err));
  process.exit(1);
});
