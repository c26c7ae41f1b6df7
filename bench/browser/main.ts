/**
 * The bench page: hands the picked File to a Web Worker (no copy: a File is a handle),
 * times a plain `file.stream()` read and the full load there, and measures memory while
 * the worker still holds the model. Playwright calls `window.runBench()`.
 */
import type { BrowserResult, MemoryResult, PipelineResult, StreamResult, WorkerReply, WorkerRequest } from './protocol';

declare global {
  interface Window {
    runBench(): Promise<BrowserResult>;
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

window.runBench = async (): Promise<BrowserResult> => {
  const input = document.getElementById('file') as HTMLInputElement;
  const file = input.files?.[0];
  if (!file) throw new Error('no file picked');
  const worker = new Worker('./bench.worker.js', { type: 'module' });
  try {
    const warmup = (await call(worker, { cmd: 'stream', file })) as StreamResult;
    log(`warm-up stream ${warmup.ms.toFixed(0)} ms`);
    const s1 = (await call(worker, { cmd: 'stream', file })) as StreamResult;
    log(`stream ${s1.ms.toFixed(0)} ms`);
    const p = (await call(worker, { cmd: 'pipeline', file })) as PipelineResult & { workerHeap?: MemoryResult['workerHeap'] };
    log(`pipeline ${p.ms.toFixed(0)} ms`);
    const memory = await measureMemory();
    if (p.workerHeap) memory.workerHeap = p.workerHeap;
    await call(worker, { cmd: 'release' });
    const s2 = (await call(worker, { cmd: 'stream', file })) as StreamResult;
    log(`stream ${s2.ms.toFixed(0)} ms`);
    return {
      userAgent: navigator.userAgent,
      crossOriginIsolated,
      file: { name: file.name, size: file.size },
      warmup,
      streams: [s1, s2],
      pipeline: p,
      memory,
    };
  } finally {
    worker.terminate();
  }
};

document.getElementById('run')!.addEventListener('click', () => {
  window.runBench().then(
    (r) => log(JSON.stringify(r, null, 2)),
    (e) => log(String(e)),
  );
});
