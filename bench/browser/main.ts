/**
 * The bench page: hands the picked File to a Web Worker (no copy: a File is a handle),
 * times a plain `file.stream()` read and the full load there, and measures memory while
 * the worker still holds the model. Playwright calls `window.runBench()`.
 */
import type { BenchStep, BrowserResult, MemoryResult, PipelineResult, StreamResult, WorkerReply, WorkerRequest } from './protocol';

declare global {
  interface Window {
    runBench(): Promise<BrowserResult>;
    benchStep(step: BenchStep): Promise<unknown>;
  }
}

function call(worker: Worker, req: WorkerRequest): Promise<WorkerReply & { ok: true }> {
  return new Promise((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<WorkerReply>) => (e.data.ok ? resolve(e.data) : reject(new Error(e.data.error)));
    worker.onerror = (e) => reject(new Error(e.message || 'worker error'));
    worker.postMessage(req);
  });
}

interface UserAgentMemory {
  bytes: number;
  breakdown: { bytes: number; types: string[]; attribution: { scope: string; url: string }[] }[];
}

async function measureMemory(): Promise<MemoryResult> {
  const out: MemoryResult = {};
  const perf = performance as unknown as {
    memory?: { usedJSHeapSize: number; totalJSHeapSize: number; jsHeapSizeLimit: number };
    measureUserAgentSpecificMemory?: () => Promise<UserAgentMemory>;
  };
  if (perf.memory) {
    out.pageHeap = { used: perf.memory.usedJSHeapSize, total: perf.memory.totalJSHeapSize, limit: perf.memory.jsHeapSizeLimit };
  }
  if (perf.measureUserAgentSpecificMemory) {
    if (!crossOriginIsolated) out.uasmError = 'not cross-origin isolated';
    else {
      try {
        const m = await perf.measureUserAgentSpecificMemory();
        let worker = 0;
        let window = 0;
        for (const b of m.breakdown) {
          for (const a of b.attribution) {
            if (a.scope === 'DedicatedWorkerGlobalScope') worker += b.bytes;
            else if (a.scope === 'Window') window += b.bytes;
          }
        }
        out.uasm = { bytes: m.bytes, workerBytes: worker, windowBytes: window };
      } catch (err) {
        out.uasmError = String(err);
      }
    }
  } else out.uasmError = 'performance.measureUserAgentSpecificMemory is not available';
  return out;
}

const log = (s: string) => {
  document.getElementById('log')!.textContent += `${s}\n`;
};

let worker: Worker | undefined;

/** The first file picked, or with `last` the last one (the trace.dat beside its text). */
function picked(last = false): File {
  const files = (document.getElementById('file') as HTMLInputElement).files;
  const file = files?.[last ? files.length - 1 : 0];
  if (!file) throw new Error('no file picked');
  return file;
}

/** One step of the benchmark, so the driver can read process CPU time around each. */
window.benchStep = async (step: BenchStep): Promise<unknown> => {
  worker ??= new Worker('./bench.worker.js', { type: 'module' });
  if (step.startsWith('pool-')) {
    const workers = Number(step.slice('pool-'.length));
    const r = await call(worker, { cmd: 'pool', file: picked(), workers });
    log(`${step} ${r.ms?.toFixed(0)} ms`);
    return r;
  }
  switch (step) {
    case 'stream':
    case 'stream-default':
    case 'pipeline': {
      const r = await call(worker, { cmd: step, file: picked() });
      log(`${step} ${r.ms?.toFixed(0)} ms`);
      return r;
    }
    case 'stream-dat':
    case 'dat-pipeline': {
      const r = await call(worker, { cmd: step === 'stream-dat' ? 'stream' : 'dat-pipeline', file: picked(true) });
      log(`${step} ${r.ms?.toFixed(0)} ms`);
      return r;
    }
    case 'records':
    case 'dat-records': {
      // The text is the first file picked, the trace.dat the last (as 'pipeline' and 'dat-pipeline').
      const r = await call(worker, { cmd: step, file: picked(step === 'dat-records') });
      log(`${step} ${r.ms?.toFixed(0)} ms`);
      return r;
    }
    case 'memory':
      return measureMemory();
    case 'release':
      await call(worker, { cmd: 'release' });
      return null;
    case 'close':
      worker.terminate();
      worker = undefined;
      return null;
  }
};

/** All steps in a row (the button; the Playwright driver calls the steps itself). */
window.runBench = async (): Promise<BrowserResult> => {
  const file = picked();
  try {
    const warmup = (await window.benchStep('stream')) as StreamResult;
    const s1 = (await window.benchStep('stream')) as StreamResult;
    const p = (await window.benchStep('pipeline')) as PipelineResult & { workerHeap?: MemoryResult['workerHeap'] };
    const memory = (await window.benchStep('memory')) as MemoryResult;
    if (p.workerHeap) memory.workerHeap = p.workerHeap;
    await window.benchStep('release');
    const s2 = (await window.benchStep('stream')) as StreamResult;
    return {
      userAgent: navigator.userAgent,
      crossOriginIsolated,
      file: { name: file.name, size: file.size },
      warmup,
      streams: [s1, s2],
      pipelines: [p],
      pipeline: p,
      memory,
    };
  } finally {
    await window.benchStep('close');
  }
};

document.getElementById('run')!.addEventListener('click', () => {
  window.runBench().then(
    (r) => log(JSON.stringify(r, null, 2)),
    (e) => log(String(e)),
  );
});
