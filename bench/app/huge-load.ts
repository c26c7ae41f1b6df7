/**
 * A gigabyte-sized trace in the app (issue 13: "a generated 4 GiB trace-cmd report text
 * (about 26M calls) loads in Chromium; renderer peak memory under 2.5 GB"): generates (or
 * reuses) the text with bench/generate.ts, opens the built app in headless Chromium, picks
 * the file and times it to the first flame graph drawn (as bench/app/run.ts times its
 * loads), sampling the renderer's resident memory every 250 ms (and its VmHWM). Prints the
 * time, the peak, the load average, and the tab's memory limit against what the calls need
 * (service/load/memory-limit.ts: a load stops early, with a message, when it would not fit).
 * It takes the whole machine for minutes: run it alone.
 *
 *   npx tsx bench/app/huge-load.ts [--bytes 4G] [--dir DIR] [--workers N] [--dist DIR] [--settle 5] [--interact N] [--details N [--profile]] [--browse N]
 *
 * --dir: where the trace is kept and reused (default $TMPDIR/ftrace-explorer-app-bench);
 * --workers: `?workers=N` (default: the page decides); --dist: a prebuilt `vite build` output;
 * --settle: seconds the renderer is still watched after the drawing (default 5), or `done`:
 * until the work ahead has ended and the fingerprint is in the link (it is made last), then
 * one more second, so that the peak covers everything a load builds without a question;
 * --interact: then N zooms, expands and search keystrokes (interactions.ts, as `npm run
 * bench` times them at 1M calls), their median and p95 against the 50 ms target, and the
 * renderer's peak RSS while they ran (a first expand or search builds what it reads);
 * --details: then the Functions view's detail (callers, callees, histogram) of its first N
 * rows, each timed from the click to the panel's answer, and the renderer's peak RSS
 * meanwhile (it read the whole tree of every call once: 0.6 GB at this size); with
 * --profile, under Chrome tracing with the V8 sampler (the hottest functions per thread);
 * --browse: then, from the table's first row, ArrowDown N times (one press every
 * BROWSE_GAP_MS, as a user reading down the list), timed from the last press to the
 * panel's answer for the row it landed on: what the rows passed on the way still cost.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_PATH } from '../browser-bench';
import { GENERATOR_VERSION, generateTraceFile, parseSize, type GenerateOptions } from '../generate';
import { BYTES_PER_CALL } from '../../src/service/load/memory-limit';
import { numberOption } from '../args';
import { median, quantile, secs } from './figures';
import { TARGET_INTERACTION_MS } from './report';
import { fingerprintInLink, loadTrace, openApp } from './load';
import { profiled } from './profiling';
import { RssSampler } from './procs';
import { expandBench, searchBench, zoomBench } from './interactions';
import type { InteractionStats } from './page-timing';
import { buildApp, startPreview, stopPreview } from './server';
import { TRACE_DIR } from './traces';

/** How long the renderer is still watched after the flame graph is drawn, by default. */
const SETTLE_MS = 5000;
/** With `--settle done`: the longest wait for the fingerprint, and the watch after it. */
const DONE_MAX_MS = 600_000;
const AFTER_DONE_MS = 1000;
const log = (s: string) => process.stderr.write(s);
const GB = (b: number) => `${(b / 1e9).toFixed(2)} GB`;
const la = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

interface Meta {
  version: number;
  opts: GenerateOptions;
  stats: { bytes: number; calls: number; lines: number };
}

/** The largest sampled RSS of each `stepMs` from `from` on, in GB: "+0 s 1.86, +2 s 1.91, …". */
function rssSteps(timeline: readonly { at: number; rss: number }[], from: number, stepMs: number): string {
  const steps: number[] = [];
  for (const s of timeline) {
    if (s.at < from) continue;
    const k = Math.floor((s.at - from) / stepMs);
    steps[k] = Math.max(steps[k] ?? 0, s.rss);
  }
  return steps.map((rss, k) => `+${(k * stepMs) / 1000} s ${(rss / 1e9).toFixed(2)}`).join(', ');
}

/** The trace of `bytes` bytes (seed 1) in `dir`, generated unless an identical one is there. */
function hugeTrace(dir: string, bytes: number): { path: string; bytes: number; calls: number; lines: number } {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `trace-${bytes}bytes-seed1.report.txt`);
  const opts: GenerateOptions = { targetBytes: bytes, seed: 1 };
  if (existsSync(path) && existsSync(`${path}.json`)) {
    const m = JSON.parse(readFileSync(`${path}.json`, 'utf8')) as Meta;
    if (m.version === GENERATOR_VERSION && JSON.stringify(m.opts) === JSON.stringify(opts) && statSync(path).size === m.stats.bytes) {
      return { path, ...m.stats };
    }
  }
  log(`generating ${(bytes / 2 ** 30).toFixed(2)} GiB of trace-cmd report text into ${path} … `);
  const s = generateTraceFile(path, opts);
  log(`${secs(s.elapsedMs)}\n`);
  const stats = { bytes: s.bytes, calls: s.calls, lines: s.lines };
  writeFileSync(`${path}.json`, JSON.stringify({ version: GENERATOR_VERSION, opts, stats } satisfies Meta));
  return { path, ...stats };
}

/** Times `reps` zooms, expands and search keystrokes on the loaded trace; prints each against the target, and the RSS peak meanwhile. */
async function interact(page: Page, reps: number, sampler: RssSampler): Promise<void> {
  sampler.reset();
  sampler.start();
  const line = (what: string, st: InteractionStats) => {
    console.log(`  ${what}: median ${st.median.toFixed(1)} ms, p95 ${st.p95.toFixed(1)} ms of ${st.samples.length} (target p95 <= ${TARGET_INTERACTION_MS} ms: ${st.p95 <= TARGET_INTERACTION_MS && st.samples.length > 0 ? 'met' : 'NOT MET'})${st.timeouts ? `, ${st.timeouts} timed out` : ''}; each: ${st.samples.map((x) => x.toFixed(0)).join(' ')} ms`);
    const parts = Object.entries(st.parts).map(([k, v]) => `${k} ${median(v).toFixed(1)} / ${quantile(v, 0.95).toFixed(1)}`);
    console.log(`    parts, median / p95 ms: ${parts.join('; ')}`);
  };
  log('zoom … ');
  const zoom = await zoomBench(page, reps);
  log('expand … ');
  const expand = await expandBench(page, reps);
  log('search … ');
  const search = await searchBench(page, reps);
  log('done\n');
  sampler.sample();
  sampler.stop();
  line('zoom in', zoom.zoomIn);
  line('zoom out', zoom.zoomOut);
  line('expand', expand);
  line('search keystroke', search);
  const peak = sampler.peak();
  console.log(`  renderer peak RSS while they ran ${GB(peak.rss)}, VmHWM ${GB(peak.hwm)} (the process's high-water mark since it started)`);
}

/** Opens the Functions view and asks for the detail of its first `count` rows, one at a time; prints each one's time and the RSS peak. */
async function details(page: Page, count: number, sampler: RssSampler): Promise<void> {
  sampler.reset();
  sampler.start();
  const opened = performance.now();
  await page.getByRole('tab', { name: 'Functions' }).click();
  const rows = page.getByRole('grid', { name: 'Functions' }).locator('.fn-body > [role=row]');
  await rows.first().waitFor({ timeout: 600_000 });
  sampler.sample();
  const table = sampler.peak();
  console.log(`  Functions view: the table shown ${secs(performance.now() - opened)} after the tab's click; renderer peak RSS meanwhile ${GB(table.rss)}, VmHWM ${GB(table.hwm)}`);
  sampler.reset();
  const times: string[] = [];
  for (let k = 0; k < count; k++) {
    const row = rows.nth(k);
    const name = ((await row.locator('.fn-name').textContent()) ?? '').trim();
    const t0 = performance.now();
    await row.click();
    // The panel says busy until the worker's answer is shown.
    await page.locator(`section.fd-panel[aria-label=${JSON.stringify(`Callers and callees of ${name}`)}]:not([aria-busy=true])`).waitFor({ timeout: 600_000 });
    times.push(`${name} ${secs(performance.now() - t0)}`);
  }
  sampler.sample();
  sampler.stop();
  const peak = sampler.peak();
  console.log(`  the detail (and Hook points) of its first ${count} rows, click → answer shown: ${times.join(', ')}`);
  console.log(`  renderer peak RSS meanwhile ${GB(peak.rss)} (VmHWM ${GB(peak.hwm)}: the process's high-water mark since it started)`);
}

/** Between two ArrowDown presses of --browse: faster than a detail is answered at this size. */
const BROWSE_GAP_MS = 150;

/** --browse: from the Functions table's first row, `count` ArrowDowns; the last press → its detail shown. */
async function browse(page: Page, count: number): Promise<void> {
  await page.getByRole('tab', { name: 'Functions' }).click();
  const grid = page.getByRole('grid', { name: 'Functions' });
  const rows = grid.locator('.fn-body > [role=row]');
  await rows.first().click();
  const panelOf = (name: string) => page.locator(`section.fd-panel[aria-label=${JSON.stringify(`Callers and callees of ${name}`)}]:not([aria-busy=true])`);
  await panelOf(((await rows.first().locator('.fn-name').textContent()) ?? '').trim()).waitFor({ timeout: 600_000 });
  await new Promise((resolve) => setTimeout(resolve, 2000)); // its Hook points too
  let t0 = 0;
  for (let k = 0; k < count; k++) {
    if (k > 0) await new Promise((resolve) => setTimeout(resolve, BROWSE_GAP_MS));
    t0 = performance.now();
    await page.keyboard.press('ArrowDown');
  }
  const name = ((await grid.locator('[role=row][aria-selected=true] .fn-name').textContent()) ?? '').trim();
  await panelOf(name).waitFor({ timeout: 600_000 });
  console.log(`  ${count} ArrowDowns ${BROWSE_GAP_MS} ms apart in the Functions table: the last one → ${name}'s detail shown ${secs(performance.now() - t0)}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    strict: true,
    options: { bytes: { type: 'string' }, dir: { type: 'string' }, workers: { type: 'string' }, dist: { type: 'string' }, settle: { type: 'string' }, interact: { type: 'string' }, details: { type: 'string' }, profile: { type: 'boolean' }, browse: { type: 'string' } },
  });
  const interactReps = numberOption('interact', values.interact, 0, 0);
  const detailCount = numberOption('details', values.details, 0, 0);
  const browseCount = numberOption('browse', values.browse, 0, 0);
  const untilDone = values.settle === 'done';
  const settleMs = untilDone ? 0 : numberOption('settle', values.settle, SETTLE_MS / 1000, 0) * 1000;
  const trace = hugeTrace(values.dir ?? TRACE_DIR, parseSize(values.bytes ?? '4G'));
  const workers = numberOption('workers', values.workers, undefined, 1);
  let builtDir: string | undefined;
  const dist = values.dist ?? (builtDir = mkdtempSync(join(tmpdir(), 'ftrace-huge-load-build-')));
  if (builtDir) {
    log('building … ');
    buildApp(builtDir);
  }
  const { child, url } = await startPreview(dist);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'], headless: true });
  const sampler = new RssSampler(250);
  const load0 = la();
  try {
    const app = await openApp(browser, url, workers === undefined ? '?sample=0' : `?sample=0&workers=${workers}`);
    const limit = await app.page.evaluate<number | null>('performance.memory ? performance.memory.jsHeapSizeLimit : null');
    sampler.start();
    log(`loading ${trace.path} (${GB(trace.bytes)}) … `);
    const t0 = performance.now();
    let result: Awaited<ReturnType<typeof loadTrace>> | undefined;
    let failure = '';
    try {
      result = await loadTrace(app.page, trace.path, 1_800_000);
    } catch (err) {
      failure = err instanceof Error ? err.message : String(err);
    }
    sampler.sample();
    log(`${secs(performance.now() - t0)}\n`);
    const peak = sampler.peak();
    // What the worker still builds after the first drawing (the work ahead, then the fingerprint).
    const drawnAt = performance.now();
    let doneAfterMs: number | null = null;
    if (untilDone && result) {
      try {
        await fingerprintInLink(app.page, DONE_MAX_MS);
        doneAfterMs = performance.now() - drawnAt;
      } catch {
        // Not done in time: the peak so far is printed as such.
      }
      await new Promise((resolve) => setTimeout(resolve, AFTER_DONE_MS));
    } else await new Promise((resolve) => setTimeout(resolve, settleMs));
    sampler.sample();
    sampler.stop();
    const settled = sampler.peak();
    console.log(`${GB(trace.bytes)} trace-cmd report text (${trace.calls.toLocaleString('en-US')} calls generated, ${trace.lines.toLocaleString('en-US')} lines); ${cpus().length} cores; load average ${load0} → ${la()}`);
    console.log(`  ${workers === undefined ? 'default thread count' : `?workers=${workers}`}; Chromium ${browser.version()}`);
    if (result) {
      console.log(`  file picked → flame graph drawn ${secs(result.totalMs)} (ready ${secs(result.readyMs)}; ${((trace.bytes / 1e6) / (result.readyMs / 1000)).toFixed(0)} MB/s to ready)`);
      const busy = result.threads.slice(0, 6).map((t) => `${t.name} ${secs(t.cpuMs)}`).join(', ');
      console.log(`  renderer threads' CPU: ${busy}; machine busy ${secs(result.machine.busyMs)} of ${secs(result.machine.capacityMs)}`);
    } else console.log(`  the load did not finish: ${failure}`);
    if (result) {
      // When the peak fell: during the read and parse, or while the opening views were built.
      const { rssBefore, peakAt } = sampler.around(t0 + result.readyMs);
      console.log(`  renderer RSS up to ready ${GB(rssBefore)}; the peak sample ${secs(peakAt - t0)} after the pick (ready ${secs(result.readyMs)}, drawn ${secs(result.totalMs)})`);
    }
    console.log(`  renderer peak RSS ${GB(peak.rss)} sampled every 250 ms, VmHWM ${GB(peak.hwm)} (target < 2.5 GB: ${Math.max(peak.rss, peak.hwm) < 2.5e9 ? 'met' : 'NOT MET'})`);
    const watched = untilDone
      ? doneAfterMs === null
        ? `until ${secs(DONE_MAX_MS)} after the drawing, the fingerprint not yet made`
        : `until the work ahead and the fingerprint were done (${secs(doneAfterMs)} after the drawing) and ${secs(AFTER_DONE_MS)} more`
      : `with the ${secs(settleMs)} after the drawing`;
    console.log(`  ${watched}: peak RSS ${GB(settled.rss)}, VmHWM ${GB(settled.hwm)}${untilDone ? ` (target < 2.5 GB: ${Math.max(settled.rss, settled.hwm) < 2.5e9 ? 'met' : 'NOT MET'})` : ''}`);
    if (untilDone) console.log(`  renderer RSS after the drawing, the largest of each 2 s: ${rssSteps(sampler.timeline, drawnAt, 2000)}`);
    console.log(
      `  memory limit of the tab ${limit === null ? 'none' : GB(limit)}; the calls need ${GB(trace.calls * BYTES_PER_CALL)} at ${BYTES_PER_CALL} bytes a call: ` +
        `${limit === null || trace.calls * BYTES_PER_CALL <= limit ? 'within it' : 'over it (the load stops with a message)'}`,
    );
    if (result && interactReps > 0) await interact(app.page, interactReps, sampler);
    if (result && detailCount > 0) {
      if (values.profile) {
        const p = await profiled(browser, app.page, dist, 'huge-load-details', () => details(app.page, detailCount, sampler));
        console.log(`  under the profiler (${p.file}):\n${p.summary.text}`);
      } else await details(app.page, detailCount, sampler);
    }
    if (result && browseCount > 0) await browse(app.page, browseCount);
    if (app.errors.length) console.log(`  page errors: ${app.errors.join('; ')}`);
    await app.context.close();
  } finally {
    sampler.stop();
    await browser.close().catch(() => undefined);
    stopPreview(child);
    if (builtDir) rmSync(builtDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : String(err));
  process.exit(1);
});
