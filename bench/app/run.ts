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
 *    expand, one search keystroke (its commit to the store shown on its own). Target ≤ 50 ms.
 * 6. Main-thread long tasks (long-tasks.ts): each trace loaded once waited on and once
 *    used right at ready (a search keystroke, the Call tree, an expand, the Functions tab),
 *    every task over 50 ms from the file picked until the worker is idle, wall and CPU
 *    time. Target: none.
 * 7. A table (date, load average, Chromium version, figures, targets) and a JSON file
 *    ($TMPDIR/ftrace-explorer-app-bench/last.json unless --json FILE).
 * With --profile (or by default, for each figure that misses its target) the step is run
 * once more under Chrome tracing with the V8 sampling profiler, and the hottest functions
 * per thread are listed, mapped to src/ files through the build's source maps.
 *
 * Options:
 *   --small N        calls in the load/interaction trace (default 1000000)
 *   --large N        calls in the memory trace (default 5000000)
 *   --no-large       skip the large trace
 *   --no-long-tasks  skip the long tasks step
 *   --load-runs N    loads of the small trace (default 3; median shown, all listed)
 *   --reps N         repetitions of each interaction (default 10)
 *   --no-profile     never profile; --profile: profile every step
 *   --json FILE      where to write the figures
 *
 * This file runs the steps in order; the parts live beside it: options.ts (the options),
 * server.ts (build and preview), stream-reference.ts (the plain stream), load.ts (opening
 * the app and timing a load), page-timing.ts and interactions.ts (timing an interaction,
 * the scenarios), profiling.ts, figures.ts (statistics, number formats) and report.ts (the
 * targets, the report and its printed table).
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_PATH } from '../browser-bench';
import type { StreamResult } from '../browser/protocol';
import { median, secs } from './figures';
import { expandBench, panZoomBench, searchBench, zoomBench } from './interactions';
import { loadTrace, openApp, type LoadResult } from './load';
import { measureLongTasks } from './long-tasks';
import { parseOptions } from './options';
import { settle } from './page-timing';
import { RssSampler } from './procs';
import { profiled } from './profiling';
import { print, TARGET_INTERACTION_MS, TARGET_LOAD_RATIO, type Report } from './report';
import { buildApp, startPreview, stopPreview } from './server';
import { StreamReference } from './stream-reference';
import { benchTrace, gzippedTrace, TRACE_DIR } from './traces';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-gpu',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

const log = (s: string) => process.stderr.write(s);

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
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
    const mainThreadStream = await app!.page.evaluate<{ ms: number; bytes: number; chunks: number }>('window.__ab.streamFile()');
    log('done\n');
    const loadMedian = median(runs.map((r) => r.totalMs));
    const streamMedian = median(streams.map((s) => s.ms));
    report.load = { runs, median: loadMedian, streams, streamMedian, mainThreadStream, ratio: loadMedian / streamMedian };
    report.userAgent = await app!.page.evaluate<string>('navigator.userAgent');

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

    // ---- 6. main-thread long tasks while loading and building, each trace waited on and used ----
    if (o.longTasks) {
      const lt = await measureLongTasks(browser, [{ label: 'this', url, dir: buildDir }], large ? [small, large] : [small], { runs: 1, scenarios: ['load', 'interact'], profile: false });
      report.longTasks = lt.samples;
    }
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

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : String(err));
  process.exit(1);
});