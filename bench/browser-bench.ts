/**
 * The Chromium half of the benchmark: bundles bench/browser (page + worker importing
 * src/core) with esbuild, serves it on 127.0.0.1 with cross-origin isolation (so
 * `performance.measureUserAgentSpecificMemory` works), opens it in Chromium through
 * Playwright, picks the trace with `setInputFiles` like a user would, and runs
 * the steps of `window.benchStep()` one by one, reading the renderer's CPU time (and RSS)
 * from /proc around each.
 *
 *   tsx bench/browser-bench.ts FILE      (prints the JSON result)
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { chromium } from '@playwright/test';
import { chromiumThreadCpu, cpuByRole, ourProcesses, ThreadCpuTracker } from './app/procs';
import type { BenchStep, BrowserResult, MemoryResult, PipelineResult, StreamResult } from './browser/protocol';

const HERE = fileURLToPath(new URL('.', import.meta.url));

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-gpu',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
  // Memory figures: exact performance.memory, and measureUserAgentSpecificMemory without
  // waiting for the next natural GC.
  '--enable-precise-memory-info',
  '--enable-blink-features=ForceEagerMeasureMemory',
];

export interface BrowserBenchResult extends BrowserResult {
  browserVersion: string;
  /** Peak RSS of the largest renderer process while the benchmark ran (Linux /proc), bytes. */
  rendererPeakRss: number;
  buildMs: number;
}

/** Bundles the page and the worker into `outDir`. */
export async function buildBenchPage(outDir: string): Promise<void> {
  await build({
    entryPoints: {
      main: join(HERE, 'browser/main.ts'),
      'bench.worker': join(HERE, 'browser/bench.worker.ts'),
      // The app's range worker, which the pool steps start beside the bench worker, telling
      // when its job came and its batches went (range-probe.worker.ts).
      'range.worker': join(HERE, 'browser/range-probe.worker.ts'),
    },
    outdir: outDir,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    sourcemap: 'linked',
    logLevel: 'error',
  });
  copyFileSync(join(HERE, 'browser/index.html'), join(outDir, 'index.html'));
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
};

/** A static server for `dir` on 127.0.0.1 (random port), cross-origin isolated. */
export function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
    if (name.includes('..') || !readdirSync(dir).includes(name)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[extname(name)] ?? 'application/octet-stream',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cache-Control': 'no-store',
    });
    res.end(readFileSync(join(dir, name)));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}/` });
    });
  });
}

/** The longest a benchmark step may take before the run is given up. */
const STEP_TIMEOUT_MS = 240_000;

/** Clock ticks per second of /proc/PID/stat utime and stime (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

/**
 * Chromium renderer processes descended from this process (Linux /proc): the largest RSS
 * among them, and their CPU time added up (the worker is a thread of the page's renderer).
 * `workerCpuMs` is the CPU time of their Web Worker threads alone: the renderer's total also
 * counts its main thread and V8's helper threads, which in headless Chromium on the 2-core VM
 * burn 0.2–0.5 s of CPU per second even while the page only waits (measured with a page
 * asleep in a timer), so it grows with a step's wall time, not only with its work.
 */
export function rendererStats(): { rss: number; cpuMs: number; systemMs: number; minorFaults: number; workerCpuMs: number } {
  const out = { rss: 0, cpuMs: 0, systemMs: 0, minorFaults: 0, workerCpuMs: 0 };
  for (const { pid, type } of ourProcesses()) {
    if (type !== 'renderer') continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // After the `)`: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.cpuMs += ((Number(f[11]) + Number(f[12])) * 1000) / USER_HZ;
      out.systemMs += (Number(f[12]) * 1000) / USER_HZ;
      out.minorFaults += Number(f[7]);
      out.workerCpuMs += workerThreadsCpuMs(pid);
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) out.rss = Math.max(out.rss, Number(m[1]) * 1024);
    } catch {
      /* the process went away */
    }
  }
  return out;
}

/** CPU time of a process's threads named DedicatedWorker (Chromium's Web Worker threads), ms. */
function workerThreadsCpuMs(pid: number): number {
  let ms = 0;
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return 0;
  }
  for (const t of tasks) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${t}/stat`, 'utf8');
      if (!stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).startsWith('DedicatedWorker')) continue;
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ms += ((Number(f[11]) + Number(f[12])) * 1000) / USER_HZ;
    } catch {
      /* the thread ended */
    }
  }
  return ms;
}

/**
 * `poolWorkers`: thread counts of the app's parse pool to run after the one-pass pipeline
 * (1 is the one-pass pipeline again), each `poolRounds` times, the counts alternating.
 */
export async function runBrowserBench(file: string, workDir?: string, runs = 1, poolWorkers: number[] = [], poolRounds = 1): Promise<BrowserBenchResult> {
  const own = workDir === undefined;
  const dir = workDir ?? mkdtempSync(join(tmpdir(), 'ftrace-bench-page-'));
  const b0 = performance.now();
  await buildBenchPage(dir);
  const buildMs = performance.now() - b0;
  const { server, url } = await serve(dir);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  let peak = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, rendererStats().rss);
  }, 250);
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url);
    await page.setInputFiles('#file', file);
    const step = async <T>(name: BenchStep): Promise<T> => {
      const before = rendererStats();
      // Read once a second (a thread that ends meanwhile keeps its last reading): often enough
      // for steps of seconds, seldom enough not to take the cores it measures.
      const threads = new ThreadCpuTracker(1000, chromiumThreadCpu);
      threads.start();
      // A step that hangs (seen on a 2-core VM shared by several browsers) fails the run instead of stalling it.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const stalled = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${STEP_TIMEOUT_MS / 1000} s`)), STEP_TIMEOUT_MS);
      });
      const r = await Promise.race([page.evaluate((s) => window.benchStep(s), name), stalled]).finally(() => clearTimeout(timer)).catch((err: unknown) => {
        throw new Error(`${name}: ${err instanceof Error ? err.message : String(err)}${errors.length ? `\npage errors: ${errors.join('\n')}` : ''}`);
      });
      const after = rendererStats();
      const roles = cpuByRole(threads.stop(0));
      if (process.env.BENCH_VERBOSE) process.stderr.write(`${name}: ${((r as { ms?: number } | null)?.ms ?? 0).toFixed(0)} ms ${((r as { timeline?: string[] } | null)?.timeline ?? []).join('; ')}\n`);
      peak = Math.max(peak, after.rss);
      if (r && typeof r === 'object' && 'ms' in r) {
        const sr = r as StreamResult;
        sr.cpuMs = after.cpuMs - before.cpuMs;
        sr.systemMs = after.systemMs - before.systemMs;
        sr.minorFaults = after.minorFaults - before.minorFaults;
        sr.cpuRoles = roles;
      }
      return r as T;
    };
    // Plain streams around each pipeline run, so both see the same machine conditions.
    const warmup = await step<StreamResult>('stream');
    const streams: StreamResult[] = [];
    const pipelines: PipelineResult[] = [];
    let memory: MemoryResult = {};
    for (let i = 0; i < runs; i++) {
      streams.push(await step<StreamResult>('stream'));
      const p = await step<PipelineResult & { workerHeap?: MemoryResult['workerHeap'] }>('pipeline');
      pipelines.push(p);
      if (i === runs - 1) {
        memory = await step<MemoryResult>('memory');
        if (p.workerHeap) memory.workerHeap = p.workerHeap;
      }
      await step('release');
    }
    const pools: PipelineResult[] = [];
    for (let round = 0; round < poolRounds; round++) {
      for (const n of poolWorkers) {
        const r = await step<PipelineResult>(n === 1 ? 'pipeline' : `pool-${n}`);
        pools.push({ ...r, workers: n });
        await step('release');
      }
    }
    streams.push(await step<StreamResult>('stream'));
    const defaultStream = await step<StreamResult>('stream-default');
    await step('close');
    const info = await page.evaluate(() => ({ userAgent: navigator.userAgent, crossOriginIsolated }));
    const f = statSync(file);
    return {
      ...info,
      file: { name: basename(file), size: f.size },
      warmup,
      streams,
      defaultStream,
      pipelines,
      pipeline: pipelines.reduce((best, p) => (p.ms < best.ms ? p : best)),
      pools,
      memory,
      browserVersion: browser.version(),
      rendererPeakRss: peak,
      buildMs,
    };
  } finally {
    clearInterval(timer);
    await browser.close();
    await new Promise<void>((r) => server.close(() => r()));
    if (own) rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { positionals, values } = parseArgs({ allowPositionals: true, strict: true, options: { pool: { type: 'string' }, rounds: { type: 'string' } } });
  const [file] = positionals;
  if (!file) {
    console.error('usage: tsx bench/browser-bench.ts FILE [--pool 1,2,4] [--rounds N]');
    process.exit(2);
  }
  const pool = values.pool ? values.pool.split(',').map(Number) : [];
  runBrowserBench(file, undefined, 1, pool, Number(values.rounds ?? 1)).then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (err) => {
      console.error(err instanceof Error ? err.stack : String(err));
      process.exit(1);
    },
  );
}
