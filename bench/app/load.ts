/** Opening the app in a fresh context and timing the load of a trace in it (step 3 and 4). */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { PROBE_SCRIPT } from './probe';
import { machineCpu, rendererThreadCpu, threadCpuDelta, ThreadCpuTracker, type ThreadCpu } from './procs';

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

export interface LoadResult {
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

/** A fresh app page on the flame tab; `search`: the page's query (`?workers=N` for the parse pool). */
export async function openApp(browser: Browser, url: string, search = '?sample=0'): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  await context.addInitScript(PROBE_SCRIPT);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${url}/${search}#v=1&view=flame`);
  await page.waitForSelector('html[data-trace-state=idle]', { state: 'attached', timeout: 30_000 });
  await quiesce();
  return { context, page, errors };
}

export async function loadTrace(page: Page, file: string, timeoutMs: number): Promise<LoadResult> {
  await page.evaluate('window.__ab.watchLoad()');
  const cpu = new ThreadCpuTracker(200);
  cpu.start();
  const m0 = machineCpu();
  const t0 = performance.now();
  await page.getByTestId('trace-file-input').setInputFiles(file);
  const r = await page.evaluate<LoadTimes>(
    `Promise.race([window.__ab.loadDone, new Promise((_, no) => setTimeout(() => no(new Error('load did not finish in ${timeoutMs} ms: ' + JSON.stringify(window.__ab.load))), ${timeoutMs}))])`,
  );
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

/**
 * Resolves once the page's link carries the input's fingerprint (`h=` in the fragment). It is
 * made after ready, once the worker's work ahead is done: the end of what a load builds
 * without being asked. Rejects after `timeoutMs`.
 */
export async function fingerprintInLink(page: Page, timeoutMs: number, pollingMs = 250): Promise<void> {
  await page.waitForFunction(() => /[#&]h=[0-9a-f]{64}/.test(location.hash), undefined, { timeout: timeoutMs, polling: pollingMs });
}
