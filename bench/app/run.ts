/**
 * App-level speed benchmark: the production build of ftrace-explorer in headless Chromium,
 * driven like a user. Prints figures next to their targets; never fails on a target (the
 * exit status is non-zero only when a measurement could not run).
 *
 *   npx tsx bench/app/run.ts [options]
 *
 * 1. Generates (or reuses) a 1M-call and a 5M-call trace with bench/generate.ts in
 *    $TMPDIR/ftrace-explorer-app-bench.
 * 2. Builds the app once (vite build into a temp dir, so dist/ is left alone) and serves it
 *    with `vite preview` on a free loopback port.
 * 3. 1M calls: from handing the file to the page (setInputFiles; in the page: the input's
 *    `change` event) to data-trace-state=ready and the Flame graph drawn (the page is opened
 *    at `/?sample=0#v=1&view=flame`, so the app switches to the flame tab itself once the
 *    trace is ready), next to a plain `file.stream()` read of the same File in the same
 *    browser (bench/browser's worker, as bench/browser-bench.ts does; and on the app page's
 *    main thread). Target: load ≤ 1.25 × stream.
 * 4. 5M calls: load time and the peak RSS of the renderer (/proc VmRSS every 250 ms, and
 *    the kernel's VmHWM). Target < 1.5 GB.
 * 5. On the 1M trace, interaction latency from the input event's timeStamp to the end of
 *    the frame that shows the result: flame-graph click-to-zoom, call-tree ArrowRight
 *    expand, one search keystroke (debounce included, and shown on its own). Target ≤ 50 ms.
 * 6. A table (date, load average, Chromium version, figures, targets) and a JSON file
 *    ($TMPDIR/ftrace-explorer-app-bench/last.json unless --json FILE).
 * With --profile (or by default, for each figure that misses its target) the step is run
 * once more under Chrome tracing with the V8 sampling profiler, and the hottest functions
 * per thread are listed, mapped to src/ files through the build's source maps.
 *
 * Options:
 *   --small N        calls in the load/interaction trace (default 1000000)
 *   --large N        calls in the memory trace (default 5000000)
 *   --no-large       skip the large trace
 *   --load-runs N    loads of the small trace (default 3; median shown, all listed)
 *   --reps N         repetitions of each interaction (default 10)
 *   --no-profile     never profile; --profile: profile every step
 *   --json FILE      where to write the figures
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { buildBenchPage, CHROMIUM_PATH, serve } from '../browser-bench';
import type { StreamResult } from '../browser/protocol';
import { PROBE_SCRIPT } from './probe';
import { machineCpu, rendererThreadCpu, RssSampler, threadCpuDelta, ThreadCpuTracker, type ThreadCpu } from './procs';
import { profileSummary, type ProfileSummary } from './profile-trace';
import { benchTrace, gzippedTrace, TRACE_DIR, type BenchTrace } from './traces';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-gpu',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

const TARGET_LOAD_RATIO = 1.25;
const TARGET_PEAK_RSS = 1.5e9;
const TARGET_INTERACTION_MS = 50;

interface Options {
  small: number;
  large: number;
  doLarge: boolean;
  loadRuns: number;
  reps: number;
  profile: 'auto' | 'never' | 'always';
  json: string;
}

function parseArgs(argv: string[]): Options {
  const o: Options = {
    small: 1_000_000,
    large: 5_000_000,
    doLarge: true,
    loadRuns: 3,
    reps: 10,
    profile: 'auto',
    json: join(TRACE_DIR, 'last.json'),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${a} needs a value`);
      return x;
    };
    switch (a) {
      case '--small': o.small = Number(v()); break;
      case '--large': o.large = Number(v()); break;
      case '--no-large': o.doLarge = false; break;
      case '--load-runs': o.loadRuns = Math.max(1, Number(v())); break;
      case '--reps': o.reps = Math.max(1, Number(v())); break;
      case '--profile': o.profile = 'always'; break;
      case '--no-profile': o.profile = 'never'; break;
      case '--json': o.json = v(); break;
      default:
        throw new Error(`unknown option ${a} (see the comment at the top of bench/app/run.ts)`);
    }
  }
  return o;
}

// ---- small helpers ---------------------------------------------------------------------

const log = (s: string) => process.stderr.write(s);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ms = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : `${x.toFixed(x < 100 ? 1 : 0)} ms`);
const secs = (x: number) => `${(x / 1000).toFixed(2)} s`;
const gb = (b: number) => `${(b / 1e9).toFixed(2)} GB`;
const mbps = (bytes: number, t: number) => `${(bytes / 1e6 / (t / 1000)).toFixed(0)} MB/s`;

function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  // Nearest rank: with 10 samples the p95 is the largest one.
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}
const median = (xs: number[]) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function table(rows: string[][], indent = '  '): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows
    .map((r) => indent + r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('   ').trimEnd())
    .join('\n');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

// ---- the app server --------------------------------------------------------------------

function buildApp(outDir: string): number {
  const t0 = performance.now();
  const r = spawnSync('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 16 << 20,
  });
  if (r.status !== 0) throw new Error(`vite build failed (${r.status}): ${r.stderr || r.stdout || r.error}`);
  return performance.now() - t0;
}

async function startPreview(outDir: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--outDir', outDir], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true, // its own process group, so it and its children stop together
  });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += String(d)));
  const url = `http://127.0.0.1:${port}`;
  for (let k = 0; k < 150; k++) {
    if (child.exitCode !== null) throw new Error(`vite preview exited (${child.exitCode}): ${stderr}`);
    try {
      const res = await fetch(`${url}/`);
      if (res.ok) return { child, url };
    } catch {
      /* not yet */
    }
    await sleep(200);
  }
  stopPreview(child);
  throw new Error(`vite preview did not answer on ${url}: ${stderr}`);
}

function stopPreview(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    /* gone */
  }
}

// ---- the plain stream reference (bench/browser page) -----------------------------------

class StreamReference {
  private constructor(
    private readonly page: Page,
    private readonly close: () => Promise<void>,
  ) {}

  static async open(browser: Browser, file: string): Promise<StreamReference> {
    const dir = mkdtempSync(join(tmpdir(), 'ftrace-app-bench-stream-'));
    await buildBenchPage(dir);
    const { server, url } = await serve(dir);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url);
    await page.setInputFiles('#file', file);
    return new StreamReference(page, async () => {
      await page.evaluate(() => window.benchStep('close')).catch(() => undefined);
      await context.close();
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(dir, { recursive: true, force: true });
    });
  }

  /** One plain `file.stream()` read in the bench page's Web Worker. */
  stream(): Promise<StreamResult> {
    return this.page.evaluate(() => window.benchStep('stream')) as Promise<StreamResult>;
  }

  async setFile(file: string): Promise<void> {
    await this.page.setInputFiles('#file', file);
  }

  dispose(): Promise<void> {
    return this.close();
  }
}

// ---- loading the app -------------------------------------------------------------------

interface LoadTimes {
  change: number;
  loading: number;
  ready: number;
  flameTab: number;
  frames: number;
  drawn: number;
  painted: number;
  drawMs: number;
  frameCount: number;
  error: string | null;
}

interface LoadResult {
  /** In the page: input `change` event → end of the frame that shows the first flame graph. */
  totalMs: number;
  /** In the page: change → data-trace-state=ready. */
  readyMs: number;
  /** ready → flame tab selected → first frames → drawn → frame end. */
  phases: { toReady: number; readyToFlameTab: number; flameTabToFrames: number; framesToDrawn: number; drawnToPainted: number };
  /** Node side: setInputFiles called → the page reported the flame graph drawn. */
  wallMs: number;
  drawMs: number;
  frameCount: number;
  /** CPU time of the renderer threads during the load (/proc/PID/task/TID/stat). */
  threads: ThreadCpu[];
  /** Whole machine during the load: busy core-ms and available core-ms (all cores × wall). */
  machine: { busyMs: number; capacityMs: number };
}

/**
 * Waits until our renderer processes are quiet (under 25 ms of CPU in 500 ms), at most
 * `maxMs`. A new browser context starts a renderer for Chrome's own omnibox WebUI, which
 * spends about a second of CPU starting up; that must not overlap a measurement.
 */
async function quiesce(maxMs = 8000): Promise<number> {
  const t0 = performance.now();
  let before = rendererThreadCpu();
  while (performance.now() - t0 < maxMs) {
    await sleep(500);
    const now = rendererThreadCpu();
    const busy = threadCpuDelta(before, now, 0).reduce((a, t) => a + t.cpuMs, 0);
    before = now;
    if (busy < 25) break;
  }
  return performance.now() - t0;
}

async function openApp(browser: Browser, url: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  await context.addInitScript(PROBE_SCRIPT);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${url}/?sample=0#v=1&view=flame`);
  await page.waitForSelector('html[data-trace-state=idle]', { state: 'attached', timeout: 30_000 });
  await quiesce();
  return { context, page, errors };
}

async function loadTrace(page: Page, file: string, timeoutMs: number): Promise<LoadResult> {
  await page.evaluate('window.__ab.watchLoad()');
  const cpu = new ThreadCpuTracker(200);
  cpu.start();
  const m0 = machineCpu();
  const t0 = performance.now();
  await page.getByTestId('trace-file-input').setInputFiles(file);
  const r = (await page.evaluate(
    `Promise.race([window.__ab.loadDone, new Promise((_, no) => setTimeout(() => no(new Error('load did not finish in ${timeoutMs} ms: ' + JSON.stringify(window.__ab.load))), ${timeoutMs}))])`,
  )) as LoadTimes;
  const wallMs = performance.now() - t0;
  const threads = cpu.stop();
  const m1 = machineCpu();
  const jiffy = 1000 / 100;
  const machine = { busyMs: (m1.busy - m0.busy) * jiffy, capacityMs: (m1.total - m0.total) * jiffy };
  if (r.error) throw new Error(`the app could not load ${file}: ${r.error}`);
  return {
    totalMs: r.painted - r.change,
    readyMs: r.ready - r.change,
    phases: {
      toReady: r.ready - r.change,
      readyToFlameTab: r.flameTab - r.ready,
      flameTabToFrames: r.frames - r.flameTab,
      framesToDrawn: r.drawn - r.frames,
      drawnToPainted: r.painted - r.drawn,
    },
    wallMs,
    drawMs: r.drawMs,
    frameCount: r.frameCount,
    threads,
    machine,
  };
}

// ---- interactions ----------------------------------------------------------------------

interface Sample {
  input: number;
  handled: number;
  change: number;
  drawn: number;
  painted: number;
  drawMs: number;
  commit: number;
  value: string | null;
  timeout: boolean;
}

interface InteractionStats {
  samples: number[];
  median: number;
  p95: number;
  /** Parts of the median sample's path. */
  parts: Record<string, number[]>;
  timeouts: number;
  notes: string[];
}

function stats(samples: Sample[], parts: (s: Sample) => Record<string, number>): InteractionStats {
  const ok = samples.filter((s) => !s.timeout && s.painted >= 0 && s.input >= 0);
  const totals = ok.map((s) => s.painted - s.input);
  const p: Record<string, number[]> = {};
  for (const s of ok) for (const [k, v] of Object.entries(parts(s))) (p[k] ??= []).push(v);
  return { samples: totals, median: median(totals), p95: quantile(totals, 0.95), parts: p, timeouts: samples.length - ok.length, notes: [] };
}

const settle = (page: Page, quietMs = 200) => page.evaluate(`window.__ab.settle(${quietMs}, 4000)`);

/**
 * Polls a JavaScript expression in the page until it is truthy (page.waitForFunction
 * evaluates strings with eval, which the app's Content-Security-Policy forbids).
 */
async function waitFor(page: Page, expr: string, timeoutMs = 30_000): Promise<void> {
  const end = performance.now() + timeoutMs;
  for (;;) {
    if (await page.evaluate(expr)) return;
    if (performance.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${expr}`);
    await sleep(20);
  }
}

async function measure(page: Page, kind: 'zoom' | 'search' | 'expand', event: 'click' | 'keydown', key: string | undefined, act: () => Promise<void>): Promise<Sample> {
  await page.evaluate(`window.__ab.arm(${JSON.stringify(kind)}, ${JSON.stringify({ event, key, timeoutMs: 15_000 })})`);
  await act();
  return (await page.evaluate('window.__ab.pending')) as Sample;
}

async function showFlame(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Flame graph' }).click();
  await waitFor(page, `Number(document.querySelector('[data-testid=flame-graph]')?.dataset.frames) > 0 && document.querySelector('[data-testid=flame-graph]')?.dataset.drawMs !== undefined`, 60_000);
  await settle(page);
}

/** (a) Click a frame on the second row (a task's first function) at spread positions; then Escape twice. */
async function zoomBench(page: Page, reps: number): Promise<{ zoomIn: InteractionStats; zoomOut: InteractionStats; names: string[] }> {
  await showFlame(page);
  const canvas = page.getByRole('img', { name: 'Flame graph' });
  const box = (await canvas.boundingBox())!;
  const rowY = (depth: number) => box.y + box.height - 18 * depth - 9;
  const tooltip = page.getByTestId('frame-tooltip');
  const ins: Sample[] = [];
  const outs: Sample[] = [];
  const names: string[] = [];
  const tried = new Set<string>();
  const candidates = Array.from({ length: 4 * reps }, (_, k) => 0.02 + (0.96 * ((k * 7) % (4 * reps))) / (4 * reps));
  for (const fx of candidates) {
    if (ins.length >= reps) break;
    const x = box.x + box.width * fx;
    await page.mouse.move(x, rowY(1));
    const shown = await tooltip.waitFor({ state: 'visible', timeout: 1500 }).then(() => true, () => false);
    if (!shown) continue;
    const name = ((await tooltip.locator('.frame-tooltip-name').textContent()) ?? '').trim();
    const key = `${name}@${Math.round(fx * 20)}`;
    if (tried.has(key)) continue;
    tried.add(key);
    await settle(page);
    const s = await measure(page, 'zoom', 'click', undefined, () => page.mouse.click(x, rowY(1)));
    if (s.timeout) continue; // not a zoomable frame after all
    ins.push(s);
    names.push(s.value ?? name);
    await settle(page);
    // Escape: one level up (the task), then to all tasks; the canvas has the focus after the click.
    outs.push(await measure(page, 'zoom', 'keydown', 'Escape', () => page.keyboard.press('Escape')));
    await settle(page, 100);
    await page.keyboard.press('Escape');
    await waitFor(page, `document.querySelector('[data-testid=flame-graph]').dataset.zoomRoot === ''`, 30_000);
    await settle(page);
  }
  const parts = (s: Sample) => ({
    'input → zoom root answered': s.change - s.input,
    'answered → drawn': s.drawn - s.change,
    'draw (data-draw-ms)': s.drawMs,
    'drawn → frame end': s.painted - s.drawn,
  });
  return { zoomIn: stats(ins, parts), zoomOut: stats(outs, parts), names };
}

export interface GestureFrames {
  /** Animation frames during the gestures, and the gestures' wall time (ms). */
  frames: number;
  spanMs: number;
  /** Intervals between consecutive animation frames (ms). */
  intervals: number[];
  /** Main-thread cost of each flame-graph redraw (data-draw-ms). */
  draws: number[];
  longTasks: number[];
}

/**
 * (d) Pan and zoom at 60 fps: wheel zoom in and out around the middle of the flame graph,
 * then a drag pan, every input one frame apart, while the page records every animation
 * frame, every redraw's cost and every long task.
 */
async function panZoomBench(page: Page): Promise<GestureFrames> {
  await showFlame(page);
  const box = (await page.getByRole('img', { name: 'Flame graph' }).boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await settle(page);
  await page.evaluate('window.__ab.recordFrames()');
  const t0 = performance.now();
  const frame = () => sleep(16);
  for (let i = 0; i < 40; i++) {
    await page.mouse.wheel(0, -60);
    await frame();
  }
  await page.mouse.down();
  for (let i = 0; i < 60; i++) {
    await page.mouse.move(cx + (i % 30 < 15 ? 8 : -8) * (i % 15), cy);
    await frame();
  }
  await page.mouse.up();
  for (let i = 0; i < 40; i++) {
    await page.mouse.wheel(0, 60);
    await frame();
  }
  const spanMs = performance.now() - t0;
  const r = (await page.evaluate('window.__ab.stopFrames()')) as { frames: number[]; draws: number[]; longTasks: number[] };
  await page.keyboard.press('Escape');
  await settle(page);
  const intervals = r.frames.slice(1).map((t, i) => t - r.frames[i]);
  return { frames: r.frames.length, spanMs, intervals, draws: r.draws, longTasks: r.longTasks };
}

/** (b) ArrowRight on a collapsed focused row: a root, then its first child; next root. */
async function expandBench(page: Page, reps: number): Promise<InteractionStats & { levels: number[]; childRows: number[] }> {
  await page.getByRole('tab', { name: 'Call tree' }).click();
  const grid = page.getByRole('treegrid', { name: 'Call tree' });
  await grid.locator('[role=row][aria-level="1"]').first().waitFor({ timeout: 60_000 });
  await grid.focus();
  await page.keyboard.press('ArrowDown');
  const focused = () =>
    page.evaluate(`(() => { const r = document.querySelector('[role=treegrid] [role=row][aria-selected=true]'); return r ? { level: Number(r.getAttribute('aria-level')), expanded: r.getAttribute('aria-expanded'), index: Number(r.getAttribute('aria-rowindex')) } : null; })()`) as Promise<{ level: number; expanded: string | null; index: number } | null>;
  const waitFocus = (pred: string) =>
    waitFor(page, `(() => { const r = document.querySelector('[role=treegrid] [role=row][aria-selected=true]'); return r && (${pred}); })()`, 30_000);
  await waitFocus(`r.getAttribute('aria-level') === '1'`);
  await settle(page);
  const samples: Sample[] = [];
  const levels: number[] = [];
  const childRows: number[] = [];
  const expandHere = async () => {
    const f = await focused();
    if (!f || f.expanded !== 'false') return false;
    const s = await measure(page, 'expand', 'keydown', 'ArrowRight', () => page.keyboard.press('ArrowRight'));
    samples.push(s);
    levels.push(f.level);
    childRows.push(Number(s.value ?? 0));
    await settle(page);
    return !s.timeout;
  };
  for (let root = 0; samples.length < reps && root < 4 * reps; root++) {
    const top = await focused();
    if (!top) break;
    if (await expandHere()) {
      // Into the first child; expand it too when it has children.
      await page.keyboard.press('ArrowRight');
      await waitFocus(`r.getAttribute('aria-level') === '2'`);
      await settle(page, 100);
      if (samples.length < reps && (await expandHere())) {
        await page.keyboard.press('ArrowLeft'); // collapse the child
        await waitFocus(`r.getAttribute('aria-expanded') !== 'true'`);
      }
      await page.keyboard.press('ArrowLeft'); // to the root
      await waitFocus(`r.getAttribute('aria-level') === '1'`);
      await page.keyboard.press('ArrowLeft'); // collapse the root
      await waitFocus(`r.getAttribute('aria-expanded') !== 'true'`);
      await settle(page, 100);
    }
    const before = top.index;
    await page.keyboard.press('ArrowDown');
    const moved = await waitFocus(`Number(r.getAttribute('aria-rowindex')) !== ${before}`).then(() => true, () => false);
    if (!moved) break;
    await settle(page, 100);
  }
  const st = stats(samples, (s) => ({
    'input → rows in the DOM': s.change - s.input,
    'rows in the DOM → frame end': s.painted - s.change,
  }));
  return { ...st, levels, childRows };
}

/** (c) One keystroke at a time into the search box (each after the previous one settled). */
async function searchBench(page: Page, reps: number): Promise<InteractionStats & { debounce: number[]; afterCommit: number[]; typed: string[] }> {
  await showFlame(page);
  const box = page.getByRole('searchbox', { name: 'Search functions' });
  const words = ['sched', 'tcp_s', 'vfs_r', 'kmall', 'mutex', 'irq_e'];
  const samples: Sample[] = [];
  const typed: string[] = [];
  for (const w of words) {
    if (samples.length >= reps) break;
    await box.click();
    await settle(page);
    for (const ch of w) {
      if (samples.length >= reps) break;
      const s = await measure(page, 'search', 'keydown', ch, () => page.keyboard.press(ch));
      samples.push(s);
      typed.push(await box.inputValue());
      await settle(page);
    }
    // Escape clears the search.
    await page.keyboard.press('Escape');
    await waitFor(page, `document.querySelector('[data-testid=flame-graph]').dataset.matchedFrames === ''`, 30_000);
    await settle(page);
  }
  const st = stats(samples, (s) => ({
    'debounce (input → search committed)': s.commit - s.input,
    'committed → matches answered': s.change - s.commit,
    'answered → drawn': s.drawn - s.change,
    'draw (data-draw-ms)': s.drawMs,
    'drawn → frame end': s.painted - s.drawn,
  }));
  const ok = samples.filter((s) => !s.timeout && s.painted >= 0);
  return {
    ...st,
    debounce: ok.map((s) => s.commit - s.input),
    afterCommit: ok.map((s) => s.painted - s.commit),
    typed,
  };
}

// ---- profiling (Chrome tracing with the V8 sampler) ------------------------------------

const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'disabled-by-default-v8.cpu_profiler',
  'blink.user_timing',
];

async function profiled<T>(browser: Browser, page: Page, buildDir: string, label: string, fn: () => Promise<T>): Promise<{ value: T; summary: ProfileSummary; file: string }> {
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  let value: T;
  try {
    value = await fn();
  } catch (err) {
    await browser.stopTracing().catch(() => undefined);
    throw err;
  }
  const buf = await browser.stopTracing();
  const file = join(TRACE_DIR, `profile-${label.replace(/\W+/g, '-')}.json`);
  writeFileSync(file, buf);
  return { value, summary: profileSummary(JSON.parse(buf.toString('utf8')), buildDir), file };
}

// ---- main ------------------------------------------------------------------------------

interface Report {
  date: string;
  loadavg: { start: number[]; end: number[] };
  cpus: number;
  chromium: string;
  userAgent: string;
  traces: { small: BenchTrace; large?: BenchTrace };
  buildMs: number;
  load: {
    runs: LoadResult[];
    median: number;
    streams: StreamResult[];
    streamMedian: number;
    mainThreadStream?: { ms: number; bytes: number; chunks: number };
    ratio: number;
  };
  large?: { load: LoadResult; stream: StreamResult; ratio: number; peak: ReturnType<RssSampler['peak']>; samples: number };
  /** The small trace gzipped: loads of it (the inflating runs in its own worker). */
  gzip?: { bytes: number; runs: LoadResult[]; median: number };
  smallPeak?: ReturnType<RssSampler['peak']>;
  zoom?: Awaited<ReturnType<typeof zoomBench>>;
  panZoom?: GestureFrames;
  expand?: Awaited<ReturnType<typeof expandBench>>;
  search?: Awaited<ReturnType<typeof searchBench>>;
  profiles: { label: string; file: string; summary: ProfileSummary }[];
  errors: string[];
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const load0 = loadavg();
  const small = benchTrace(o.small);
  const large = o.doLarge ? benchTrace(o.large) : undefined;

  // Chrome traces of the previous run's profiles.
  for (const f of readdirSync(TRACE_DIR)) if (/^profile-.*\.json$/.test(f)) rmSync(join(TRACE_DIR, f), { force: true });
  const buildDir = mkdtempSync(join(tmpdir(), 'ftrace-app-bench-build-'));
  log(`building the app into ${buildDir} … `);
  const buildMs = buildApp(buildDir);
  log(`${secs(buildMs)}\n`);
  const { child: preview, url } = await startPreview(buildDir);
  log(`vite preview on ${url}\n`);

  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  const sampler = new RssSampler(250);
  sampler.start();
  const report: Partial<Report> & { profiles: Report['profiles']; errors: string[] } = { profiles: [], errors: [] };
  let exit = 0;
  let ref: StreamReference | undefined;
  try {
    report.chromium = browser.version();
    report.cpus = cpus().length;
    report.traces = { small, large };
    report.buildMs = buildMs;

    // ---- 3. load vs stream, small trace ----
    ref = await StreamReference.open(browser, small.path);
    log('stream (warm-up) … ');
    await ref.stream();
    const streams: StreamResult[] = [];
    const runs: LoadResult[] = [];
    let app: Awaited<ReturnType<typeof openApp>> | undefined;
    for (let i = 0; i < o.loadRuns; i++) {
      log(`stream … `);
      streams.push(await ref.stream());
      if (app) await app.context.close();
      sampler.reset();
      app = await openApp(browser, url);
      log(`load ${i + 1}/${o.loadRuns} … `);
      runs.push(await loadTrace(app.page, small.path, 120_000));
      report.smallPeak = sampler.peak();
      await settle(app.page, 300);
    }
    log('stream … ');
    streams.push(await ref.stream());
    const mainThreadStream = (await app!.page.evaluate('window.__ab.streamFile()')) as { ms: number; bytes: number; chunks: number };
    log('done\n');
    const loadMedian = median(runs.map((r) => r.totalMs));
    const streamMedian = median(streams.map((s) => s.ms));
    report.load = { runs, median: loadMedian, streams, streamMedian, mainThreadStream, ratio: loadMedian / streamMedian };
    report.userAgent = (await app!.page.evaluate('navigator.userAgent')) as string;

    // ---- the same trace gzipped ----
    const gz = gzippedTrace(small);
    const gzRuns: LoadResult[] = [];
    for (let i = 0; i < o.loadRuns; i++) {
      await app!.context.close();
      app = await openApp(browser, url);
      log(`gzip load ${i + 1}/${o.loadRuns} … `);
      gzRuns.push(await loadTrace(app.page, gz.path, 120_000));
      await settle(app.page, 300);
    }
    log('done\n');
    report.gzip = { bytes: gz.bytes, runs: gzRuns, median: median(gzRuns.map((r) => r.totalMs)) };

    // ---- 5. interactions on the small trace ----
    const page = app!.page;
    log('zoom … ');
    report.zoom = await zoomBench(page, o.reps);
    log('pan/zoom … ');
    report.panZoom = await panZoomBench(page);
    log('expand … ');
    report.expand = await expandBench(page, o.reps);
    log('search … ');
    report.search = await searchBench(page, o.reps);
    log('done\n');

    // ---- profiles of what missed (or everything with --profile) ----
    const want = (missed: boolean) => o.profile === 'always' || (o.profile === 'auto' && missed);
    if (want(report.load.ratio > TARGET_LOAD_RATIO)) {
      log('profiling a load … ');
      await app!.context.close();
      app = await openApp(browser, url);
      const p = await profiled(browser, app.page, buildDir, 'load-small', () => loadTrace(app!.page, small.path, 180_000));
      report.profiles.push({ label: `load of ${small.calls.toLocaleString('en-US')} calls (${secs(p.value.totalMs)} under the profiler)`, file: p.file, summary: p.summary });
      await settle(app.page, 300);
      log('done\n');
    }
    const interactionProfiles: [string, boolean, () => Promise<unknown>][] = [
      ['zoom', (report.zoom?.zoomIn.median ?? 0) > TARGET_INTERACTION_MS, () => zoomBench(app!.page, 3)],
      ['expand', (report.expand?.median ?? 0) > TARGET_INTERACTION_MS, () => expandBench(app!.page, 3)],
      ['search', (report.search?.median ?? 0) > TARGET_INTERACTION_MS, () => searchBench(app!.page, 3)],
    ];
    for (const [name, missed, fn] of interactionProfiles) {
      if (!want(missed)) continue;
      log(`profiling ${name} … `);
      const p = await profiled(browser, app!.page, buildDir, name, fn);
      const what: Record<string, string> = {
        zoom: '3 clicks into a frame and the 3 Escapes out one level (the second Escape is not measured)',
        expand: '3 ArrowRight expands',
        search: '3 keystrokes',
      };
      report.profiles.push({ label: `${name}: ${what[name]}; only the time from each input event to its frame end counts`, file: p.file, summary: p.summary });
      log('done\n');
    }
    await app!.context.close();

    // ---- 4. large trace: load time and peak renderer memory ----
    if (large) {
      log(`large trace: stream … `);
      await ref.setFile(large.path);
      await ref.stream(); // warm the page cache
      const stream = await ref.stream();
      await ref.dispose();
      ref = undefined;
      sampler.reset();
      const big = await openApp(browser, url);
      log('load … ');
      const load = await loadTrace(big.page, large.path, 400_000);
      await settle(big.page, 500);
      sampler.sample();
      report.large = { load, stream, ratio: load.totalMs / stream.ms, peak: sampler.peak(), samples: sampler.samples };
      if (big.errors.length) report.errors.push(...big.errors);
      await big.context.close();
      log('done\n');
    } else {
      await ref.dispose();
      ref = undefined;
    }
    if (app?.errors.length) report.errors.push(...app.errors);
  } catch (err) {
    exit = 1;
    report.errors.push(err instanceof Error ? (err.stack ?? err.message) : String(err));
  } finally {
    sampler.stop();
    await ref?.dispose().catch(() => undefined);
    await browser.close().catch(() => undefined);
    stopPreview(preview);
    rmSync(buildDir, { recursive: true, force: true });
  }
  report.date = new Date().toISOString();
  report.loadavg = { start: load0, end: loadavg() };
  print(report as Report, performance.now() - started);
  mkdirSync(join(o.json, '..'), { recursive: true });
  writeFileSync(o.json, JSON.stringify(report, null, 2));
  console.log(`\nJSON: ${o.json}`);
  process.exit(exit);
}

function print(r: Report, elapsedMs: number): void {
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT MET');
  const la = (x: number[]) => x.map((v) => v.toFixed(2)).join(' ');
  console.log(`\nftrace-explorer app benchmark — ${r.date}`);
  console.log(`  Chromium ${r.chromium ?? '?'} (headless), ${r.cpus ?? '?'} CPUs, load average ${la(r.loadavg.start)} at start, ${la(r.loadavg.end)} at end; run took ${secs(elapsedMs)}`);
  if (r.traces) {
    const d = (t: BenchTrace) => `${(t.bytes / 1e6).toFixed(1)} MB, ${t.calls.toLocaleString('en-US')} calls, ${t.lines.toLocaleString('en-US')} lines`;
    console.log(`  traces: ${d(r.traces.small)}${r.traces.large ? `; ${d(r.traces.large)}` : ''} (bench/generate.ts, seed 1)`);
  }
  const rows: string[][] = [['figure', 'measured', 'target', '']];
  if (r.load) {
    const L = r.load;
    rows.push([`1M load: file picked → ready + flame graph drawn (median of ${L.runs.length})`, secs(L.median), '', '']);
    rows.push([`plain file.stream() of the same File, worker (median of ${L.streams.length})`, secs(L.streamMedian), '', '']);
    rows.push(['load / stream', `${L.ratio.toFixed(2)} ×`, `≤ ${TARGET_LOAD_RATIO} ×`, verdict(L.ratio <= TARGET_LOAD_RATIO)]);
  }
  if (r.gzip) {
    rows.push([`1M load gzipped (${(r.gzip.bytes / 1e6).toFixed(1)} MB): file picked → flame graph drawn (median of ${r.gzip.runs.length})`, secs(r.gzip.median), '', '']);
  }
  if (r.large) {
    rows.push([`5M load: file picked → ready + flame graph drawn`, secs(r.large.load.totalMs), '', '']);
    rows.push([`5M plain file.stream() (worker); load ÷ stream`, `${secs(r.large.stream.ms)}; ${r.large.ratio.toFixed(2)} ×`, '', '']);
    rows.push([`5M renderer peak RSS (VmRSS every 250 ms; VmHWM ${gb(r.large.peak.hwm)})`, gb(r.large.peak.rss), `< ${TARGET_PEAK_RSS / 1e9} GB`, verdict(Math.max(r.large.peak.rss, r.large.peak.hwm) < TARGET_PEAK_RSS)]);
  }
  const inter = (name: string, s: InteractionStats | undefined) => {
    if (!s) return;
    const n = s.samples.length;
    rows.push([`${name} (n=${n}${s.timeouts ? `, ${s.timeouts} timed out` : ''}) median / p95`, `${ms(s.median)} / ${ms(s.p95)}`, `≤ ${TARGET_INTERACTION_MS} ms`, verdict(s.median <= TARGET_INTERACTION_MS && s.p95 <= TARGET_INTERACTION_MS)]);
  };
  inter('(a) flame graph click → zoomed frame drawn', r.zoom?.zoomIn);
  inter('    Escape → zoomed out one level, drawn', r.zoom?.zoomOut);
  if (r.panZoom) {
    const g = r.panZoom;
    const fps = (1000 * Math.max(0, g.frames - 1)) / Math.max(1, g.spanMs);
    const p95 = quantile(g.intervals, 0.95);
    rows.push([
      `    wheel zoom + drag pan, ${g.draws.length} redraws: frame interval median / p95 / max; redraw max`,
      `${ms(median(g.intervals))} / ${ms(p95)} / ${ms(Math.max(...g.intervals))}; ${ms(Math.max(0, ...g.draws))}`,
      '60 fps',
      verdict(p95 <= 1000 / 60 + 2 && Math.max(0, ...g.draws) < 1000 / 60),
    ]);
    rows.push([`    frames per second over the ${secs(g.spanMs)} of gestures; long tasks`, `${fps.toFixed(1)}; ${g.longTasks.length ? g.longTasks.map((d) => ms(d)).join(' ') : 'none'}`, '', '']);
  }
  inter('(b) call tree ArrowRight → child rows shown', r.expand);
  inter('(c) search keystroke → matches drawn (debounce included)', r.search);
  if (r.search) {
    rows.push([`    of which the debounce (keydown → search committed) median / p95`, `${ms(median(r.search.debounce))} / ${ms(quantile(r.search.debounce, 0.95))}`, '(next task by design)', '']);
    rows.push([`    after the debounce (committed → drawn) median / p95`, `${ms(median(r.search.afterCommit))} / ${ms(quantile(r.search.afterCommit, 0.95))}`, `≤ ${TARGET_INTERACTION_MS} ms`, verdict(median(r.search.afterCommit) <= TARGET_INTERACTION_MS && quantile(r.search.afterCommit, 0.95) <= TARGET_INTERACTION_MS)]);
  }
  console.log('');
  console.log(table(rows));
  console.log('  (interactions: from the input event timeStamp to the end of the frame that shows the result; p95 is nearest-rank, so with 10 samples it is the largest)');

  if (r.load) {
    console.log('\n  1M loads (in the page, from the input change event):');
    const lr: string[][] = [['run', 'total', '→ ready', 'ready → flame tab', '→ frames', '→ drawn', '→ frame end', 'draw', 'frames', 'Node wall']];
    r.load.runs.forEach((x, i) =>
      lr.push([String(i + 1), ms(x.totalMs), ms(x.phases.toReady), ms(x.phases.readyToFlameTab), ms(x.phases.flameTabToFrames), ms(x.phases.framesToDrawn), ms(x.phases.drawnToPainted), ms(x.drawMs), String(x.frameCount), ms(x.wallMs)]),
    );
    if (r.large) {
      const x = r.large.load;
      lr.push(['5M', ms(x.totalMs), ms(x.phases.toReady), ms(x.phases.readyToFlameTab), ms(x.phases.flameTabToFrames), ms(x.phases.framesToDrawn), ms(x.phases.drawnToPainted), ms(x.drawMs), String(x.frameCount), ms(x.wallMs)]);
    }
    console.log(table(lr, '    '));
    const cpuLine = (label: string, x: LoadResult) => {
      const own = x.threads.reduce((a, t) => a + t.cpuMs, 0);
      const pids = [...new Set(x.threads.map((t) => t.pid))];
      const per = pids.map((pid) => {
        const ts = x.threads.filter((t) => t.pid === pid);
        const name = (t: ThreadCpu) => (t.tid === t.pid ? 'main thread' : t.name === 'DedicatedWorker' ? `worker ${t.tid}` : t.name);
        return `renderer ${pid}: ${ts.map((t) => `${name(t)} ${secs(t.cpuMs)}`).join(', ')}`;
      });
      console.log(`    CPU during ${label} (threads with ≥ 30 ms): ${per.join('; ')}`);
      console.log(
        `      whole machine busy ${secs(x.machine.busyMs)} of ${secs(x.machine.capacityMs)} core-time; ${secs(Math.max(0, x.machine.busyMs - own))} of it outside these renderer threads (browser, GPU process, Node, other work)`,
      );
    };
    r.load.runs.forEach((x, i) => cpuLine(`1M load ${i + 1}`, x));
    if (r.large) cpuLine('the 5M load', r.large.load);
    const st = r.load.streams.map((s) => `${ms(s.ms)} (${mbps(s.bytes, s.ms)}, ${s.chunks} chunks)`).join(', ');
    console.log(`    plain streams (bench/browser worker): ${st}`);
    if (r.load.mainThreadStream) console.log(`    plain stream of the app page's own File on its main thread: ${ms(r.load.mainThreadStream.ms)} (${mbps(r.load.mainThreadStream.bytes, r.load.mainThreadStream.ms)})`);
    if (r.smallPeak) console.log(`    1M renderer peak RSS ${gb(r.smallPeak.rss)} (VmHWM ${gb(r.smallPeak.hwm)})`);
  }
  const parts = (title: string, s: InteractionStats | undefined) => {
    if (!s) return;
    console.log(`\n  ${title}: all samples ${s.samples.map((x) => x.toFixed(0)).join(' ')} ms`);
    const pr: string[][] = [['part', 'median', 'p95']];
    for (const [k, v] of Object.entries(s.parts)) pr.push([k, ms(median(v)), ms(quantile(v, 0.95))]);
    console.log(table(pr, '    '));
  };
  parts('(a) zoom in', r.zoom?.zoomIn);
  if (r.zoom) console.log(`    zoom roots: ${r.zoom.names.join(', ')}`);
  parts('    zoom out (Escape)', r.zoom?.zoomOut);
  parts('(b) expand', r.expand);
  if (r.expand) console.log(`    levels ${r.expand.levels.join(' ')}; child rows added ${r.expand.childRows.join(' ')}`);
  parts('(c) search keystroke', r.search);
  if (r.search) console.log(`    box text after each keystroke: ${r.search.typed.join(' ')}`);

  for (const p of r.profiles) {
    console.log(`\n  Profile: ${p.label} — trace ${p.file}`);
    console.log(p.summary.text);
  }
  if (r.errors.length) console.log(`\n  ERRORS:\n    ${r.errors.join('\n    ')}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : String(err));
  process.exit(1);
});
