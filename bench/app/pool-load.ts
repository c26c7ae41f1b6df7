/**
 * The app's 1M-call load (file picked → flame graph drawn, as bench/app/run.ts times it)
 * with the parse pool's thread counts side by side, alternating, in one run: `?workers=1`,
 * `?workers=2`, … and the default (the page decides from its cores). Also when the
 * fingerprint reached the link (`h=` in the fragment: it is made after ready), and the
 * load average. Several builds may be compared in the same run (`--dist label=DIR`,
 * prebuilt `vite build` output, e.g. of another commit); without it this checkout is built.
 * `--gzip`: the same trace gzipped (level 6): inflated in one worker, its text dealt to the
 * pool in pieces (service/load/gzip-pool-read.ts).
 *
 *   npx tsx bench/app/pool-load.ts [--calls 1000000] [--runs 3] [--workers 1,2,default] [--gzip] [--dist before=../before/dist ...]
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_PATH } from '../browser-bench';
import { numberOption } from '../args';
import { median, secs, table } from './figures';
import { fingerprintInLink, loadTrace, openApp } from './load';
import { serveBuilds } from './server';
import { benchTrace, gzippedTrace } from './traces';

const log = (s: string) => process.stderr.write(s);

interface Sample {
  build: string;
  workers: string;
  totalMs: number;
  readyMs: number;
  /** change → the fragment carries the fingerprint. */
  hashMs: number;
  cpuMs: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    strict: true,
    options: {
      calls: { type: 'string' },
      runs: { type: 'string' },
      workers: { type: 'string' },
      dist: { type: 'string', multiple: true },
      gzip: { type: 'boolean' },
    },
  });
  const calls = numberOption('calls', values.calls, 1_000_000, 1);
  const runs = numberOption('runs', values.runs, 3, 1);
  const workers = (values.workers ?? '1,2,default').split(',');
  const trace = benchTrace(calls);
  const gz = values.gzip ? gzippedTrace(trace) : undefined;
  const input = gz ? gz.path : trace.path;
  const load0 = loadavg();
  const { servers, stop } = await serveBuilds(values.dist, 'ftrace-pool-load-build-');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'], headless: true });
  const samples: Sample[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      for (const server of servers) {
        for (const w of workers) {
          const app = await openApp(browser, server.url, w === 'default' ? '?sample=0' : `?sample=0&workers=${w}`);
          log(`${server.label} workers=${w} ${i + 1}/${runs} … `);
          const r = await loadTrace(app.page, input, 180_000);
          await fingerprintInLink(app.page, 60_000, 5);
          const hashAt = await app.page.evaluate<number>('performance.now() - window.__ab.load.change');
          samples.push({ build: server.label, workers: w, totalMs: r.totalMs, readyMs: r.readyMs, hashMs: hashAt, cpuMs: r.machine.busyMs });
          log(`${secs(r.totalMs)}\n`);
          await app.context.close();
        }
      }
    }
  } finally {
    await browser.close().catch(() => undefined);
    stop();
  }
  const rows = [['build', 'workers', 'load (median)', 'ready', 'fingerprint in link', 'machine CPU', 'loads']];
  for (const { label } of servers) {
    for (const w of workers) {
      const xs = samples.filter((s) => s.build === label && s.workers === w);
      const med = (f: (s: Sample) => number) => median(xs.map(f));
      rows.push([label, w, secs(med((s) => s.totalMs)), secs(med((s) => s.readyMs)), secs(med((s) => s.hashMs)), secs(med((s) => s.cpuMs)), xs.map((s) => secs(s.totalMs)).join(' ')]);
    }
  }
  const la = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  console.log(`${trace.calls.toLocaleString('en-US')}-call trace${gz ? `, gzipped (${(gz.bytes / 1e6).toFixed(1)} MB)` : ''}, ${cpus().length} cores, load average ${la(load0)} → ${la(loadavg())}`);
  console.log(table(rows));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : String(err));
  process.exit(1);
});
