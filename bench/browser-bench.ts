/**
 * The Chromium half of the benchmark: bundles bench/browser (page + worker importing
 * src/core) with esbuild, serves it on 127.0.0.1 with cross-origin isolation (so
 * `performance.measureUserAgentSpecificMemory` works), opens it in Chromium through
 * Playwright, picks the trace with `setInputFiles` like a user would, and runs
 * `window.runBench()`. Renderer RSS is sampled from /proc meanwhile.
 *
 *   tsx bench/browser-bench.ts FILE      (prints the JSON result)
 */
import { mkdtempSync, readFileSync, rmSync, copyFileSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { chromium } from '@playwright/test';
import type { BrowserResult } from './browser/protocol';

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

/** Largest RSS among Chromium renderer processes descended from this process (Linux). */
function rendererRss(): number {
  let best = 0;
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return 0;
  }
  const parents = new Map<number, number>();
  const renderers: number[] = [];
  for (const e of entries) {
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(e), ppid);
      if (readFileSync(`/proc/${e}/cmdline`, 'utf8').includes('--type=renderer')) renderers.push(Number(e));
    } catch {
      /* the process went away */
    }
  }
  for (const pid of renderers) {
    let p: number | undefined = pid;
    let ours = false;
    for (let k = 0; k < 20 && p !== undefined && p > 1; k++) {
      if (p === process.pid) {
        ours = true;
        break;
      }
      p = parents.get(p);
    }
    if (!ours) continue;
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) best = Math.max(best, Number(m[1]) * 1024);
    } catch {
      /* gone */
    }
  }
  return best;
}

export async function runBrowserBench(file: string, workDir?: string): Promise<BrowserBenchResult> {
  const own = workDir === undefined;
  const dir = workDir ?? mkdtempSync(join(tmpdir(), 'ftrace-bench-page-'));
  const b0 = performance.now();
  await buildBenchPage(dir);
  const buildMs = performance.now() - b0;
  const { server, url } = await serve(dir);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  let peak = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, rendererRss());
  }, 250);
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url);
    await page.setInputFiles('#file', file);
    const result = await page.evaluate(() => window.runBench()).catch((err: unknown) => {
      throw new Error(`${err instanceof Error ? err.message : String(err)}${errors.length ? `\npage errors: ${errors.join('\n')}` : ''}`);
    });
    peak = Math.max(peak, rendererRss());
    return { ...result, browserVersion: browser.version(), rendererPeakRss: peak, buildMs };
  } finally {
    clearInterval(timer);
    await browser.close();
    await new Promise<void>((r) => server.close(() => r()));
    if (own) rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: tsx bench/browser-bench.ts FILE');
    process.exit(2);
  }
  runBrowserBench(file).then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (err) => {
      console.error(err instanceof Error ? err.stack : String(err));
      process.exit(1);
    },
  );
}
