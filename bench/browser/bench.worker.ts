/**
 * The bench worker: (i) reads a File (`file.stream()` into a reused buffer, as the app
 * does: src/service/chunk-reader.ts) and only counts bytes, or
 * (ii) runs the whole load: stream → TraceLoader → finish → computeFunctionStats.
 * It keeps the model until told to release it, so the page can measure memory.
 */
import { TraceLoader } from '../../src/core/load';
import { computeFunctionStats } from '../../src/core/query/function-stats';
import { openChunkReader } from '../../src/service/chunk-reader';
import { blobSource, loadTraceDatBlob } from '../../src/service/load/trace-dat-input';
import { countDatRecords, countTextRecords } from '../read-stage';
import { PLAN_HEAD_BYTES, planRanges } from '../../src/core/parallel/plan';
import { loadInPool, poolCuts, startRangeWorkers, type SpawnRangeWorker } from '../../src/service/load/range-pool';
import { rangeWorkerSpawner } from '../../src/service/load/range-worker-spawner';
import { keptRangeWorkers } from '../../src/service/load/range-worker-keeper';
import { yieldEvery } from '../../src/service/load/event-loop';
import { YIELD_MS } from '../../src/service/load/pool-read';
import type { TraceModel } from '../../src/core/model/tables';
import type { RangeProbe, WorkerReply, WorkerRequest } from './protocol';

let kept: unknown = null;

/** The range workers of the pool steps, kept from one step to the next as the app's trace worker keeps them. */
const rangeWorkers = keptRangeWorkers(rangeWorkerSpawner(() => new Worker('./range.worker.js', { type: 'module' })));

function heap(): { used: number; total: number; limit: number } | undefined {
  const m = (performance as unknown as { memory?: { usedJSHeapSize: number; totalJSHeapSize: number; jsHeapSizeLimit: number } }).memory;
  return m ? { used: m.usedJSHeapSize, total: m.totalJSHeapSize, limit: m.jsHeapSizeLimit } : undefined;
}

async function stream(file: File): Promise<WorkerReply> {
  const t0 = performance.now();
  let bytes = 0;
  let chunks = 0;
  // Read as the pipeline reads (and the app): into buffers given back after use.
  const reader = openChunkReader(file);
  for (let value = await reader.read(); value; value = await reader.read()) {
    bytes += value.byteLength;
    chunks++;
    reader.recycle(value.buffer as ArrayBuffer);
  }
  return { ok: true, bytes, chunks, ms: performance.now() - t0 };
}

/** The plainest read: `file.stream()`'s default reader, a fresh chunk each time. */
async function streamDefault(file: File): Promise<WorkerReply> {
  const t0 = performance.now();
  let bytes = 0;
  let chunks = 0;
  const reader = file.stream().getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    bytes += r.value.byteLength;
    chunks++;
  }
  return { ok: true, bytes, chunks, ms: performance.now() - t0 };
}

async function pipeline(file: File): Promise<WorkerReply> {
  const t0 = performance.now();
  // As the app does: the File size sizes the call table.
  const loader = new TraceLoader(file.size);
  let bytes = 0;
  let chunks = 0;
  const reader = openChunkReader(file);
  for (let value = await reader.read(); value; value = await reader.read()) {
    bytes += value.byteLength;
    chunks++;
    loader.pushBytes(value);
    reader.recycle(value.buffer as ArrayBuffer);
  }
  const t1 = performance.now();
  const model = loader.finish();
  const t2 = performance.now();
  const stats = computeFunctionStats(model.calls, model.strings);
  const t3 = performance.now();
  kept = { model, stats };
  return {
    ok: true,
    bytes,
    chunks,
    ms: t3 - t0,
    streamMs: t1 - t0,
    finishMs: t2 - t1,
    statsMs: t3 - t2,
    calls: model.calls.length,
    callTableBytes: model.calls.byteSize,
    lines: model.diagnostics.linesRead,
    tasks: model.tasks.length,
    statsRows: stats.length,
    unparsedLines: model.diagnostics.unparsedLines,
    orphanExits: model.diagnostics.orphanExits,
    unclosedCalls: model.diagnostics.unclosedCalls,
    workerHeap: heap(),
  };
}

/**
 * The app's parse pool (src/service/load/range-pool.ts) with `workers` parse threads: this
 * worker plans, parses the first range and joins, `workers - 1` range workers (bundled beside
 * this one) read and parse the rest from the File; then the statistics, as `pipeline`.
 */
async function poolPipeline(file: File, workers: number): Promise<WorkerReply> {
  const t0 = performance.now();
  let chunks = 0;
  const timeline: string[] = [];
  const spawn: SpawnRangeWorker = (events) => {
    const spawnAt = performance.now() - t0;
    let first = -1;
    let batches = 0;
    return rangeWorkers({
      message: (m) => {
        const probe = m as unknown as RangeProbe;
        if (probe.type === 'probe') {
          const at = (t: number) => (t - performance.timeOrigin - t0).toFixed(0);
          const { script, job, firstBatch, done } = probe.marks;
          timeline.push(`range worker: script ran ${at(script)}, job came ${at(job)}, first batch or note ${at(firstBatch)}, done ${at(done)} ms`);
          return;
        }
        if (first < 0) first = performance.now() - t0;
        if (m.type === 'batch') batches++;
        if (m.type === 'done') timeline.push(`worker spawned ${spawnAt.toFixed(0)} first message ${first.toFixed(0)} done ${(performance.now() - t0).toFixed(0)} ms, ${batches} batches`);
        events.message(m);
      },
      error: (message) => events.error(message),
    });
  };
  // As the app does (pool-read.ts): the range workers start (or are taken, kept from the step
  // before) before the head is read.
  const started = startRangeWorkers(spawn, workers - 1);
  const head = new Uint8Array(await file.slice(0, Math.min(file.size, PLAN_HEAD_BYTES)).arrayBuffer());
  const plan = planRanges(head, file.size, poolCuts(file.size, workers));
  if (!plan) throw new Error('the head decides no format: no plan');
  timeline.push(`cut at ${((100 * plan.offsets[1]) / file.size).toFixed(0)}% for this thread`);
  const pool = loadInPool({
    blob: file,
    plan,
    spawn,
    started,
    // As the app does (pool-read.ts): a turn of the event loop every YIELD_MS. Without it the
    // range workers' jobs, posted before their scripts ran, waited in this thread's queue
    // until its own range was nearly parsed (about 0.8 s of 1.9 s at 256 MiB, 2026-12-06).
    yieldSometimes: yieldEvery(YIELD_MS),
    onProgress: () => {
      chunks++;
    },
    // Not from the progress's bytes: with the split build they count the workers' bytes read too.
    onPhase: (what) => timeline.push(`${what} ${(performance.now() - t0).toFixed(0)} ms`),
  });
  const model: TraceModel = await pool.model;
  const t1 = performance.now();
  const { stitched, fellBack, built, prefix, tail } = pool.stats;
  timeline.push(`joined ${(t1 - t0).toFixed(0)} ms: ${stitched} ranges stitched, ${fellBack} read again; ${built} lines built apart, ${prefix + tail} replayed`);
  const stats = computeFunctionStats(model.calls, model.strings);
  const t2 = performance.now();
  kept = { model, stats };
  return {
    ok: true,
    workers,
    timeline,
    bytes: file.size,
    chunks,
    ms: t2 - t0,
    streamMs: t1 - t0,
    finishMs: 0,
    statsMs: t2 - t1,
    calls: model.calls.length,
    callTableBytes: model.calls.byteSize,
    lines: model.diagnostics.linesRead,
    tasks: model.tasks.length,
    statsRows: stats.length,
    unparsedLines: model.diagnostics.unparsedLines,
    orphanExits: model.diagnostics.orphanExits,
    unclosedCalls: model.diagnostics.unclosedCalls,
    workerHeap: heap(),
  };
}

/** A trace.dat as the app reads it: Blob slices per block into the binary reader, then the statistics. */
async function datPipeline(file: File): Promise<WorkerReply> {
  const t0 = performance.now();
  let chunks = 0;
  const model = await loadTraceDatBlob(
    file,
    () => chunks++,
    () => false,
  );
  const t1 = performance.now();
  const stats = computeFunctionStats(model.calls, model.strings);
  const t2 = performance.now();
  kept = { model, stats };
  return {
    ok: true,
    bytes: file.size,
    chunks,
    ms: t2 - t0,
    streamMs: t1 - t0,
    finishMs: 0,
    statsMs: t2 - t1,
    calls: model.calls.length,
    callTableBytes: model.calls.byteSize,
    lines: model.diagnostics.linesRead,
    tasks: model.tasks.length,
    statsRows: stats.length,
    unparsedLines: model.diagnostics.unparsedLines,
    orphanExits: model.diagnostics.orphanExits,
    unclosedCalls: model.diagnostics.unclosedCalls,
    workerHeap: heap(),
  };
}

/**
 * The read stage alone (bench/read-stage.ts), as Node's `records` / `dat-records`: the text
 * from `file.stream()`, its head from a slice; the trace.dat from the Blob as the app reads
 * it (blobSource). `lines`: the records counted.
 */
async function readStage(file: File, dat: boolean): Promise<WorkerReply> {
  const t0 = performance.now();
  let records: number;
  if (dat) records = await countDatRecords(blobSource(file));
  else {
    const head = new Uint8Array(await file.slice(0, Math.min(file.size, PLAN_HEAD_BYTES)).arrayBuffer());
    const reader = file.stream().getReader();
    const chunks = async function* (): AsyncGenerator<Uint8Array> {
      for (let r = await reader.read(); !r.done; r = await reader.read()) yield r.value;
    };
    records = await countTextRecords(head, chunks(), file.size);
  }
  const ms = performance.now() - t0;
  return { ok: true, bytes: file.size, chunks: 0, ms, streamMs: ms, finishMs: 0, statsMs: 0, calls: 0, callTableBytes: 0, lines: records, tasks: 0, statsRows: 0, unparsedLines: 0, orphanExits: 0, unclosedCalls: 0 };
}

self.onmessage = async (e: MessageEvent<WorkerRequest>) => {
  let reply: WorkerReply;
  try {
    const req = e.data;
    if (req.cmd === 'stream') reply = await stream(req.file);
    else if (req.cmd === 'stream-default') reply = await streamDefault(req.file);
    else if (req.cmd === 'pipeline') reply = await pipeline(req.file);
    else if (req.cmd === 'dat-pipeline') reply = await datPipeline(req.file);
    else if (req.cmd === 'records' || req.cmd === 'dat-records') reply = await readStage(req.file, req.cmd === 'dat-records');
    else if (req.cmd === 'pool') reply = await poolPipeline(req.file, req.workers);
    else {
      kept = null;
      reply = { ok: true };
    }
  } catch (err) {
    reply = { ok: false, error: err instanceof Error ? `${err.message}\n${err.stack}` : String(err) };
  }
  void kept;
  (self as unknown as Worker).postMessage(reply);
};
