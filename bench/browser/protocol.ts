/** Messages between the bench page and its worker, and the result the page returns. */

/** The steps the driver runs one by one (`window.benchStep`). */
export type BenchStep =
  | 'stream'
  | 'stream-default'
  | 'pipeline'
  | 'dat-pipeline'
  /** The read stage alone (bench/read-stage.ts): the text's parsers, or the trace.dat's decode and merge from the Blob, into a sink that counts. */
  | 'records'
  | 'dat-records'
  | 'stream-dat'
  | 'memory'
  | 'release'
  | 'close'
  /** The full pipeline through the app's parse pool with N threads (service/load/range-pool.ts). */
  | `pool-${number}`;

export type WorkerRequest =
  | { cmd: 'stream'; file: File }
  | { cmd: 'stream-default'; file: File }
  | { cmd: 'pipeline'; file: File }
  /** A trace.dat through the app's reader (Blob slices → loadTraceDat) → function stats. */
  | { cmd: 'dat-pipeline'; file: File }
  /** The read stage alone: no model (bench/read-stage.ts). */
  | { cmd: 'records'; file: File }
  | { cmd: 'dat-records'; file: File }
  /** The app's parse pool: `workers` parse threads (this worker and workers − 1 range workers) → function stats. */
  | { cmd: 'pool'; file: File; workers: number }
  | { cmd: 'release' };

export interface StreamResult {
  bytes: number;
  chunks: number;
  ms: number;
  /** CPU time of the renderer process during the step (filled in by the driver from /proc). */
  cpuMs?: number;
  /** Kernel part of cpuMs, and minor page faults of the renderer during the step. */
  systemMs?: number;
  minorFaults?: number;
  /**
   * CPU time (ms) of every Chromium process during the step, by what its threads do
   * (bench/app/procs.ts cpuRole): the workers, the File's reading by the browser, V8's
   * helper threads, the page.
   */
  cpuRoles?: Record<string, number>;
}

export interface PipelineResult extends StreamResult {
  /** Parse threads (the pool's runs; absent for the one-pass pipeline). */
  workers?: number;
  /** The pool's runs: when each range worker started, first answered, finished; when the join ended. */
  timeline?: string[];
  /** Reading + parsing + building, until the last chunk was pushed. */
  streamMs: number;
  finishMs: number;
  statsMs: number;
  calls: number;
  callTableBytes: number;
  lines: number;
  tasks: number;
  statsRows: number;
  unparsedLines: number;
  orphanExits: number;
  unclosedCalls: number;
}

export interface MemoryResult {
  /** performance.memory of the page (Chrome only; the page's heap, not the worker's). */
  pageHeap?: { used: number; total: number; limit: number };
  /** performance.memory inside the worker, when Chrome exposes it there. */
  workerHeap?: { used: number; total: number; limit: number };
  /** performance.measureUserAgentSpecificMemory() (needs cross-origin isolation). */
  uasm?: { bytes: number; workerBytes: number; windowBytes: number };
  uasmError?: string;
}

export interface BrowserResult {
  userAgent: string;
  crossOriginIsolated: boolean;
  file: { name: string; size: number };
  warmup: StreamResult;
  /** Plain streams: one before each pipeline run and one after the last. */
  streams: StreamResult[];
  /** One plain stream with the default reader (a fresh chunk per read), for comparison. */
  defaultStream?: StreamResult;
  pipelines: PipelineResult[];
  /** The fastest of `pipelines`. */
  pipeline: PipelineResult;
  /** The pool's runs, for each thread count asked (1 is the one-pass pipeline), in run order. */
  pools?: PipelineResult[];
  /** Taken after the pipeline while the worker still holds the model and the statistics. */
  memory: MemoryResult;
}

export type WorkerReply =
  | ({ ok: true } & Partial<PipelineResult> & { workerHeap?: MemoryResult['workerHeap'] })
  | { ok: false; error: string };

/** What bench/browser/range-probe.worker.ts posts before its range's `done`: absolute times (performance.timeOrigin + now), ms. */
export interface RangeProbe {
  type: 'probe';
  marks: { script: number; job: number; firstBatch: number; done: number };
}
