/**
 * The interaction step of bench/app/run.ts alone (flame graph zoom, call tree expand, search
 * keystroke at 1M calls), for builds side by side: each round loads the trace once per build
 * in a fresh context, builds alternating, and runs the three scenarios on it. run.ts builds
 * this checkout and also does the stream reference, the gzip loads and the large trace first,
 * which takes minutes; this compares commits (`--dist label=DIR`, prebuilt `vite build`
 * outputs) on the same figures in one run.
 *
 *   npx tsx bench/app/interactions-alone.ts [--calls 1000000] [--runs 3] [--reps 10]
 *                                           [--dist before=DIR --dist after=DIR] [--profile]
 *
 * Prints per run and build: each interaction's median / p95 and the median of each part of
 * its path (interactions.ts), and the renderer threads' CPU time (/proc, 10 ms ticks) over
 * each scenario with the number of timed inputs in it: the settling between inputs and the
 * Escapes that clear a search count too, so it is an upper bound of the inputs' own cost.
 * `--profile`: then once more per build, the zooms and the search keystrokes under Chrome tracing with the
 * V8 sampler (profiling.ts: the hottest functions per thread, mapped to src/) and the
 * main-thread tasks of 8 ms or more in them with what ran them (long-task-trace.ts), and per
 * input each thread's tasks' wall and CPU time (input-windows.ts).
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_PATH } from '../browser-bench';
import { median, ms, quantile } from './figures';
import { expandBench, searchBench, zoomBench } from './interactions';
import { loadTrace, openApp } from './load';
import { inputWindowReport, mainCpuLine } from './input-windows';
import { longTaskReport } from './long-task-trace';
import { settle, type InteractionStats } from './page-timing';
import { rendererThreadCpu, threadCpuDelta } from './procs';
import { profiled } from './profiling';
import { serveBuilds } from './server';
import { benchTrace } from './traces';

const log = (s: string) => process.stderr.write(s);

/** CPU time of the renderer's main thread and its workers between two /proc readings. */
function cpuSplit(before: ReturnType<typeof rendererThreadCpu>): { main: number; workers: number } {
  const d = threadCpuDelta(before, rendererThreadCpu(), 0);
  const sum = (f: (n: string) => boolean) => d.filter((t) => f(t.name)).reduce((a, t) => a + t.cpuMs, 0);
  return { main: sum((n) => n === 'chromium' || n === 'CrRendererMain'), workers: sum((n) => n.startsWith('DedicatedWorker')) };
}

/** One profiled step: its inputs' times, the hottest functions, the long tasks, each input's window and the main thread's CPU per input. */
function printProfile(title: string, what: string, file: string, dir: string, samples: number[], hottest: string, timed?: (i: number) => boolean): void {
  console.log(`\n${title} under the profiler (${file}); ${what}s ${samples.map((x) => x.toFixed(1)).join(' ')} ms`);
  console.log(hottest);
  console.log(longTaskReport(file, dir, 8));
  console.log(inputWindowReport(file));
  console.log(mainCpuLine(file, what, timed));
}

function line(label: string, s: InteractionStats, cpu: { main: number; workers: number }): string {
  const parts = Object.entries(s.parts)
    .map(([k, v]) => `${k} ${ms(median(v))}`)
    .join('; ');
  const n = s.samples.length;
  return `  ${label}: median ${ms(s.median)}, p95 ${ms(s.p95)} (n ${n}${s.timeouts ? `, ${s.timeouts} timed out` : ''}); ${parts}; CPU over the step main ${ms(cpu.main)}, workers ${ms(cpu.workers)} (${n} inputs)`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    strict: true,
    options: { calls: { type: 'string' }, runs: { type: 'string' }, reps: { type: 'string' }, profile: { type: 'boolean' }, dist: { type: 'string', multiple: true } },
  });
  const trace = benchTrace(Number(values.calls ?? 1_000_000));
  const runs = Number(values.runs ?? 3);
  const reps = Number(values.reps ?? 10);
  const { servers, stop } = await serveBuilds(values.dist, 'ftrace-interactions-build-');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'], headless: true });
  const la = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  const all: Record<string, Record<'zoom' | 'expand' | 'search', number[]>> = {};
  console.log(`interactions at ${trace.calls.toLocaleString('en-US')} calls, ${cpus().length} cores, load average ${la(loadavg())}, ${runs} run(s), builds alternating`);
  try {
    for (let i = 0; i < runs; i++) {
      for (const s of servers) {
        log(`${s.label} ${i + 1}/${runs} … `);
        const app = await openApp(browser, s.url);
        await loadTrace(app.page, trace.path, 120_000);
        await settle(app.page, 300);
        const la0 = loadavg()[0];
        let c0 = rendererThreadCpu();
        const zoomed = await zoomBench(app.page, reps);
        const zoom = zoomed.zoomIn;
        const zc = cpuSplit(c0);
        c0 = rendererThreadCpu();
        const expand = await expandBench(app.page, reps);
        const ec = cpuSplit(c0);
        c0 = rendererThreadCpu();
        const search = await searchBench(app.page, reps);
        const sc = cpuSplit(c0);
        await app.context.close();
        log('done\n');
        console.log(`${s.label}, run ${i + 1} (load average ${la0.toFixed(2)} → ${loadavg()[0].toFixed(2)})${app.errors.length ? `, page errors: ${app.errors.join(' | ')}` : ''}`);
        console.log(line('zoom', zoom, zc));
        // Which frame each zoom went to: a slow one is most often the first into its task.
        console.log(`    zooms (ms): ${zoom.samples.map((x, k) => `${x.toFixed(1)} ${zoomed.names[k] ?? ''}`).join(', ')}`);
        console.log(line('expand', expand, ec));
        console.log(line('search', search, sc));
        console.log(`    search keystrokes (ms): ${search.samples.map((x) => x.toFixed(1)).join(' ')}`);
        const a = (all[s.label] ??= { zoom: [], expand: [], search: [] });
        a.zoom.push(...zoom.samples);
        a.expand.push(...expand.samples);
        a.search.push(...search.samples);
      }
    }
    for (const s of values.profile ? servers : []) {
      log(`${s.label}: zoom and search under the profiler … `);
      const app = await openApp(browser, s.url);
      await loadTrace(app.page, trace.path, 120_000);
      await settle(app.page, 300);
      // The zooms profiled first, as they are timed: right after the load.
      const z = await profiled(browser, app.page, s.dir, `zoom-${s.label}`, () => zoomBench(app.page, reps));
      // The keystrokes profiled as they were timed: after the zoom and the expand steps (by
      // then the input's fingerprint is made). Right after the load, the hash worker was still
      // reading the input again, and its fingerprint came during the first keystroke.
      await expandBench(app.page, reps);
      const p = await profiled(browser, app.page, s.dir, `search-${s.label}`, () => searchBench(app.page, reps));
      await app.context.close();
      log('done\n');
      // The zoom's trace also holds the Escapes back out (each an ab:input too): the report
      // lists every input, a zoom in and its two Escapes in turn; the timed inputs alternate,
      // a zoom in, then its first Escape.
      printProfile(`${s.label}: ${reps} zooms`, 'zoom', z.file, s.dir, z.value.zoomIn.samples, z.summary.text, (i) => i % 2 === 0);
      printProfile(`${s.label}: ${reps} search keystrokes`, 'search keystroke', p.file, s.dir, p.value.samples, p.summary.text);
    }
  } finally {
    await browser.close().catch(() => undefined);
    stop();
  }
  console.log(`all runs pooled (median / p95 nearest-rank), load average now ${la(loadavg())}:`);
  for (const [label, a] of Object.entries(all)) {
    console.log(`  ${label}: ${(['zoom', 'expand', 'search'] as const).map((k) => `${k} ${ms(median(a[k]))} / ${ms(quantile(a[k], 0.95))} (n ${a[k].length})`).join(', ')}`);
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : String(err));
  process.exit(1);
});
