/**
 * The trace worker: exposes one TraceService (src/service) over comlink, nothing else.
 * The additions: after a load, release the progress callback the main thread passed
 * as a `comlink.proxy`, so its MessagePort closes now instead of whenever GC runs; and
 * each question tells the work ahead to hold off a moment (service/question-signal.ts).
 */
import { expose, releaseProxy } from 'comlink';
import type { LoadOptions, ProgressCallback } from '../src/service/api';
import { TraceService } from '../src/service/trace-service';
import { WorkerHasher } from '../src/service/input-hasher';
import { workerInflater } from '../src/service/inflater';
import { rangeWorkerSpawner } from '../src/service/load/range-worker-spawner';
import { keptRangeWorkers } from '../src/service/load/range-worker-keeper';
import { signallingQuestions } from '../src/service/question-signal';

class WorkerTraceService extends TraceService {
  override async load(source: Blob | ReadableStream<Uint8Array>, opts?: LoadOptions, onProgress?: ProgressCallback) {
    try {
      return await super.load(source, opts, onProgress);
    } finally {
      (onProgress as { [releaseProxy]?: () => void } | undefined)?.[releaseProxy]?.();
    }
  }
}

// Hash the input in a worker of its own, beside the parser.
const hashWorker = () => new WorkerHasher(new Worker(new URL('./hash.worker.ts', import.meta.url), { type: 'module' }));

// Inflate a gzip input in a worker of its own too, while this one parses.
const inflater = workerInflater(() => new Worker(new URL('./inflate.worker.ts', import.meta.url), { type: 'module' }));

// A plain text file may be parsed by a pool of range workers (src/service/load/pool-size.ts says
// when), kept between loads so that the next load's workers start warm (range-worker-keeper.ts).
const pool = {
  spawn: keptRangeWorkers(rangeWorkerSpawner(() => new Worker(new URL('./range.worker.ts', import.meta.url), { type: 'module', name: 'range' }))),
  cores: navigator.hardwareConcurrency || 1,
};

expose(signallingQuestions(new WorkerTraceService(hashWorker, inflater, pool)));
