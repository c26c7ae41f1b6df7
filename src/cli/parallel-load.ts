/**
 * The CLI's parallel load of a plain text file with N parse threads: the N - 1 worker
 * threads are started first (startRangeWorkers: a thread's start-up, 130–220 ms here,
 * overlaps the planning and this thread's own range), the format is decided
 * from the file's head (core/parallel/plan.ts), the file is cut into N ranges, this thread
 * parses the first straight into the builder while N - 1 worker threads each read and parse
 * their own range (range-worker.ts), and this thread then joins their record batches in
 * order (core/parallel/range-join.ts), the later ranges still being parsed meanwhile.
 * The model is the one a one-pass load builds (the core's tests hold it to that).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import type { TraceModel } from '../core/model/tables';
import { PLAN_HEAD_BYTES, planRanges, type RangePlan } from '../core/parallel/plan';
import { RangeJoin } from '../core/parallel/range-join';
import { batchBuffers, type RecordBatch } from '../core/parallel/record-batch';
import { RangeParser } from '../core/parallel/range-parser';
import { nominalCuts, SPLIT_CUT_COSTS, type CutCosts } from '../core/parallel/cuts';
import type { RangeJob, RangeMessage, ToRangeWorker } from './range-worker';
import { readRange } from './read-range';
import { SPLIT_BUILD } from '../core/parallel/split-range';
import { regionOf, sharedRowsFor, type SharedRows } from '../core/parallel/shared-calls';

/** Beside this module, with its extension: the TypeScript source, or a bundle built beside a bundle of this one. */
const WORKER_URL = new URL(`./range-worker${/\.[cm]?[jt]s$/.exec(import.meta.url)?.[0] ?? '.js'}`, import.meta.url);

/**
 * A range worker, waiting for its job. Run from TypeScript source (`npm run cli`, through
 * tsx), the thread must register tsx's loader itself before it imports the worker module:
 * neither the hooks of the main thread nor an `--import` in execArgv reach a worker thread
 * in Node 20.
 */
function startWorker(): Worker {
  if (!WORKER_URL.pathname.endsWith('.ts')) return new Worker(WORKER_URL);
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const boot = `import(${tsx}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL.href)}); })`;
  return new Worker(boot, { eval: true });
}

/**
 * `count` range workers started now, before the file is planned: each starts up (a thread,
 * its script) while this thread reads the head and parses its own range. Messages posted
 * before a worker listens wait in its port. Terminate them when no parallel load follows.
 */
export function startRangeWorkers(count: number): Worker[] {
  return Array.from({ length: count }, () => {
    const worker = startWorker();
    // A worker that fails before its job is given (its script, say) fails the load given it.
    const early = (err: Error) => {
      if (!endedEarly.has(worker)) endedEarly.set(worker, err);
    };
    worker.on('error', early);
    worker.on('exit', (code) => early(new Error(`a parse worker stopped (exit code ${code})`)));
    return worker;
  });
}

/** How a started worker ended before a load took it, if it did. */
const endedEarly = new WeakMap<Worker, Error>();

/** Why a worker of startRangeWorkers ended before a load took it, if it did. */
export function startedFailure(worker: Worker): Error | undefined {
  return endedEarly.get(worker);
}

/** Below this a file is read in one pass: starting workers would cost more than they save. */
export const MIN_PARALLEL_BYTES = 4 << 20;

/** The least text a parse thread is given: half the parallel minimum, as 2 threads share it. */
export const MIN_THREAD_BYTES = MIN_PARALLEL_BYTES >> 1;

/**
 * The parse threads a load uses when `requested` were asked for (`--workers N`): no more than
 * the machine's `cores` (the parse is CPU-bound: a thread past them only waits for one), nor,
 * for a plain file of `size` bytes, than one per MIN_THREAD_BYTES of it (each thread starts
 * Node and the parser). `--workers 64` on an 8 MB file on 2 cores started 63 workers: 104 s
 * where one pass took 6, 1.9 GB of memory, and Node aborted on exit on a native assertion
 * (status 134) after the output. `size` 0: not known (a gzip's text), cores alone bound it.
 * The model is the same for every count, so fewer threads change nothing but the time.
 */
export function parseThreads(requested: number, size: number, cores: number): number {
  const bySize = size > 0 ? Math.max(1, Math.floor(size / MIN_THREAD_BYTES)) : Number.POSITIVE_INFINITY;
  return Math.max(1, Math.min(requested, Math.max(1, cores), bySize));
}

/** The first bytes of a file (the whole file when it is shorter). */
export async function readHead(path: string, bytes: number): Promise<Uint8Array> {
  const file = await open(path, 'r');
  try {
    const head = new Uint8Array(bytes);
    let n = 0;
    while (n < bytes) {
      const { bytesRead } = await file.read(head, n, bytes - n, n);
      if (bytesRead === 0) break;
      n += bytesRead;
    }
    return head.subarray(0, n);
  } finally {
    await file.close();
  }
}

/**
 * The plan of a parallel load of the plain file `path` of `size` bytes with `workers`
 * threads, or undefined when one pass must read it (binary, a head that decides nothing).
 */
export async function planFile(path: string, size: number, workers: number, costs?: CutCosts): Promise<RangePlan | undefined> {
  return (await planFileAndRows(path, size, workers, costs, false))?.plan;
}

/**
 * planFile, and the load's shared rows (core/parallel/shared-calls.ts) laid out from samples
 * of each range when `shared` (the split build: each later range builds its rows where the
 * joined table will hold them).
 */
async function planFileAndRows(path: string, size: number, workers: number, costs: CutCosts | undefined, shared: boolean): Promise<{ plan: RangePlan; rows?: SharedRows } | undefined> {
  const head = await readHead(path, Math.min(size, PLAN_HEAD_BYTES));
  const plan = planRanges(head, size, nominalCuts(size, workers, costs));
  return plan && { plan, rows: shared ? sharedRowsFor(plan.offsets, sampleRanges(path, plan.offsets)) : undefined };
}

/** Samples a range's rows are guessed from: this many, evenly spaced in it, of SAMPLE_BYTES each. */
const SAMPLES_PER_RANGE = 4;
const SAMPLE_BYTES = 128 << 10;

/**
 * Samples of each range of the file cut at `offsets`, evenly spaced in it: a trace's density
 * of calls changes along it (a head of other events, a burst of interrupts), and the head alone
 * guessed the main thread's 55% of a trace 3% high here, where a region too small costs a copy.
 */
function sampleRanges(path: string, offsets: readonly number[]): Uint8Array[][] {
  // Read at once (a few hundred KiB from the page cache): an await a read would wait behind
  // the range workers' start-up on the thread pool, 30–80 ms of the main thread's own range.
  const fd = openSync(path, 'r');
  try {
    const out: Uint8Array[][] = [];
    for (let k = 0; k + 1 < offsets.length; k++) {
      const from = offsets[k];
      const length = offsets[k + 1] - from;
      const samples: Uint8Array[] = [];
      for (let j = 0; j < SAMPLES_PER_RANGE; j++) {
        const at = from + Math.max(0, Math.floor(((j + 0.5) * length) / SAMPLES_PER_RANGE) - SAMPLE_BYTES / 2);
        const sample = new Uint8Array(Math.min(SAMPLE_BYTES, offsets[k + 1] - at));
        samples.push(sample.subarray(0, readSync(fd, sample, 0, sample.length, at)));
      }
      out.push(samples);
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

/**
 * The parallel load of the plain file `path` with `workers` threads, the workers started
 * before the plan; undefined (the workers gone) when one pass must read it. `costs`: the
 * cut's cost model (benchmarks compare others; the measured one of the build by default).
 * `split`: the later ranges build their own calls (loadInWorkers), into shared rows where
 * samples of the ranges tell how many a byte makes.
 */
export async function loadFileInParallel(
  path: string,
  size: number,
  workers: number,
  chunkSize?: number,
  costs?: CutCosts,
  onPhase?: PhaseListener,
  split = SPLIT_BUILD,
): Promise<TraceModel | undefined> {
  const started = startRangeWorkers(workers - 1);
  let planned: Awaited<ReturnType<typeof planFileAndRows>>;
  try {
    planned = await planFileAndRows(path, size, workers, costs ?? (split ? SPLIT_CUT_COSTS : undefined), split);
  } finally {
    if (!planned) for (const w of started) void w.terminate();
  }
  const plan = planned?.plan;
  onPhase?.(
    `planned: ${plan ? `this thread's range ${((100 * plan.offsets[1]) / size).toFixed(0)}% of the bytes${planned?.rows ? `, shared rows ${planned.rows.starts.join(' / ')}` : ''}` : 'one pass'}`,
  );
  return plan ? loadInWorkers(path, size, plan, chunkSize, undefined, started, onPhase, split, planned?.rows) : undefined;
}

/** Told each phase of a parallel load as it ends (for benchmarks: which thread the load waited on). */
export type PhaseListener = (what: string) => void;

/**
 * Loads `path` in the ranges of `plan`: the first parsed by this thread straight into the
 * builder, each other by a worker thread of its own (one of `started`, or one started
 * now), its batches joined here in order. `split`: each later range builds its own calls
 * too (core/parallel/split-range.ts); once it is done it is stitched in when its seam is what
 * it assumed, else read again here in one pass. `rows`: the shared rows each range builds
 * into (core/parallel/shared-calls.ts), for the split build.
 */
export function loadInWorkers(
  path: string,
  size: number,
  plan: RangePlan,
  chunkSize = 1 << 20,
  batchRows?: number,
  started: readonly Worker[] = [],
  onPhase?: PhaseListener,
  split = SPLIT_BUILD,
  rows?: SharedRows,
): Promise<TraceModel> {
  const ranges = plan.offsets.length - 1;
  // Shared rows serve the split build only: a range that only parses builds no rows.
  const shared = split ? rows : undefined;
  const join = new RangeJoin(plan.format, size, shared);
  const queues: RangeMessage[][] = Array.from({ length: ranges }, () => []);
  const workers: (Worker | undefined)[] = [undefined];
  /** The range being joined; 0 while this thread parses the first. */
  let current = 0;
  /** The range being joined has been begun (startRange, or startSplitRange once its part came). */
  let begun = false;
  /** A range is being read again here (its split part did not fit its seam). */
  let reading = false;
  return new Promise<TraceModel>((resolve, reject) => {
    let failed = false;
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      for (const w of [...workers, ...started]) void w?.terminate();
      reject(err instanceof Error ? err : new Error(String(err)));
    };
    const next = () => {
      void workers[current]?.terminate();
      current++;
      begun = false;
    };
    // The range being joined read again here, in one pass, instead of its batches.
    const readAgain = () => {
      reading = true;
      queues[current].length = 0;
      const parser = new RangeParser({ format: plan.format, first: false, sink: join.directSink() });
      readRange(path, plan, current, parser, chunkSize).then(() => {
        join.endRange(parser.finish());
        onPhase?.(`range ${current + 1} read again (its split part did not fit)`);
        next();
        reading = false;
        pump();
      }, fail);
    };
    // Joins what has come of the range being joined, and moves on when it is done.
    const pump = () => {
      if (current === 0 || reading) return; // still parsing the first range, or reading one again
      try {
        while (current < ranges && queues[current].length > 0) {
          const queue = queues[current];
          if (!begun) {
            if (split) {
              const last = queue[queue.length - 1];
              if (last.type !== 'done') return; // its part comes with its summary
              if (last.part && !join.startSplitRange(last.part)) {
                readAgain();
                return;
              }
              if (last.part && last.part.built > 0) {
                const { built, prefix, tail } = last.part;
                onPhase?.(`range ${current + 1} to be stitched (${built} lines built, ${prefix + tail} replayed)`);
              }
              if (!last.part) join.startRange();
            } else join.startRange();
            begun = true;
          }
          const message = queue.shift()!;
          if (message.type === 'batch') {
            const batch = message.batch;
            join.add(batch);
            // Its columns go back to be written again: the worker allocates no fresh memory for them.
            const columns: RecordBatch = { ...batch, funcs: [], texts: [], internRows: [], internUpTo: [], extraRows: [], extras: [] };
            workers[current]?.postMessage({ type: 'recycle', batch: columns } satisfies ToRangeWorker, batchBuffers(columns));
            continue;
          }
          join.endRange(message.summary);
          onPhase?.(`range ${current + 1} joined`);
          next();
        }
        if (current === ranges && !failed) {
          if (shared) onPhase?.(`rows moved in place ${join.movedInPlace}`);
          resolve(join.finish(size));
        }
      } catch (err) {
        fail(err);
      }
    };
    for (let k = 1; k < ranges; k++) {
      const job: RangeJob = { path, plan, k, chunkSize, batchRows, split, region: shared && regionOf(shared, k) };
      const worker = started[k - 1] ?? startWorker();
      worker.on('message', (message: RangeMessage) => {
        if (message.type === 'done') onPhase?.(`range ${k + 1} parsed (its worker done)`);
        queues[k].push(message);
        if (k === current) pump();
      });
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (code !== 0 && k >= current && !failed) fail(new Error(`a parse worker stopped (exit code ${code})`));
      });
      workers.push(worker);
      const early = endedEarly.get(worker);
      if (early) fail(early);
      else worker.postMessage({ type: 'job', job } satisfies ToRangeWorker);
    }
    // Workers started for ranges the plan does not have.
    for (const w of started.slice(ranges - 1)) void w.terminate();
    if (failed) return;
    join.startRange();
    const first = new RangeParser({ format: plan.format, first: true, headLines: plan.headLines, sink: join.directSink() });
    readRange(path, plan, 0, first, chunkSize).then(() => {
      join.endRange(first.finish());
      onPhase?.('range 1 parsed (this thread)');
      current = 1;
      pump();
    }, fail);
  });
}
