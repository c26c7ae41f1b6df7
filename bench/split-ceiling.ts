/**
 * The most any split of a load across two threads can gain here: each half of a plain
 * text trace (cut at the line nearest the middle) loaded by its own `TraceLoader` in its
 * own worker thread, at the same time, with no batches, no join and no stitching at the
 * seam (so the two models together are not the trace's model: this is a bound, not a
 * load), against one thread loading the whole file. Fresh processes, alternating; the
 * script bundles itself (a worker thread from TypeScript source would first register
 * tsx's loader). Prints figures; never fails on them.
 *
 * `--warm`: each thread first loads the file's first 8 MiB, untimed, so that its parser is
 * compiled before the clock starts (the bound of a pool whose workers are started and warm
 * before the file is picked); the timed load follows at a signal to both threads at once.
 *
 *   npx tsx bench/split-ceiling.ts FILE [--rounds 3] [--warm]
 */
import { spawnSync } from 'node:child_process';
import { closeSync, fstatSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { TraceLoader } from '../src/core/load';
import { numberOption } from './args';
import { bundleForNode } from './cli-bundle';

interface Half {
  file: string;
  from: number;
  to: number;
}

/** Loads bytes [from, to) of the file into a model; its call count. */
function loadRange({ file, from, to }: Half): number {
  const fd = openSync(file, 'r');
  try {
    const loader = new TraceLoader(to - from);
    const buf = new Uint8Array(1 << 20);
    for (let at = from; at < to; ) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, to - at), at);
      if (n <= 0) break;
      loader.pushBytes(buf.subarray(0, n));
      at += n;
    }
    return loader.finish().calls.length;
  } finally {
    closeSync(fd);
  }
}

/** The two halves, cut after the first line end past the middle. */
function halves(file: string): [Half, Half] {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const probe = new Uint8Array(1 << 16);
    const n = readSync(fd, probe, 0, probe.length, Math.floor(size / 2));
    const nl = probe.subarray(0, n).indexOf(10);
    const mid = nl < 0 ? size : Math.floor(size / 2) + nl + 1;
    return [
      { file, from: 0, to: mid },
      { file, from: mid, to: size },
    ];
  } finally {
    closeSync(fd);
  }
}

/** The untimed warm-up's bytes: enough lines for the optimising compiler to take the parser. */
const WARM_BYTES = 8 << 20;

/** The first line end at or past `at` (the end of the warm-up's bytes). */
function warmRange(file: string): Half {
  const [, second] = halves(file);
  const fd = openSync(file, 'r');
  try {
    const probe = new Uint8Array(1 << 16);
    const at = Math.min(WARM_BYTES, second.to);
    const n = readSync(fd, probe, 0, probe.length, at);
    const nl = probe.subarray(0, n).indexOf(10);
    return { file, from: 0, to: nl < 0 ? at : at + nl + 1 };
  } finally {
    closeSync(fd);
  }
}

/** A worker for one half: warmed first when asked, then its half loaded at the 'go' message. */
function startHalf(half: Half, warm: Half | null): { ready: Promise<void>; go: () => Promise<number> } {
  const w = new Worker(new URL(import.meta.url), { workerData: { half, warm } });
  const messages: ((m: unknown) => void)[] = [];
  w.on('message', (m) => messages.shift()?.(m));
  const next = () =>
    new Promise<unknown>((resolve, reject) => {
      messages.push(resolve);
      w.once('error', reject);
    });
  const ready = next().then(() => undefined);
  return {
    ready,
    go: () => {
      const done = next() as Promise<number>;
      w.postMessage('go');
      return done;
    },
  };
}

/** One measurement in this (bundled) process: `one` thread for the whole file, or `two` at once. */
async function measure(mode: string, file: string, warmUp: boolean): Promise<void> {
  const [first, second] = halves(file);
  const warm = warmUp ? warmRange(file) : null;
  let calls = 0;
  let cpu0: NodeJS.CpuUsage;
  let t0: number;
  if (mode === 'one') {
    if (warm) loadRange(warm);
    cpu0 = process.cpuUsage();
    t0 = performance.now();
    calls = loadRange({ file, from: 0, to: second.to });
  } else {
    const halvesAt = [first, second].map((half) => startHalf(half, warm));
    // Without --warm the clock runs from the workers' start, as a cold pool's would.
    if (warm) await Promise.all(halvesAt.map((h) => h.ready));
    cpu0 = process.cpuUsage();
    t0 = performance.now();
    if (!warm) await Promise.all(halvesAt.map((h) => h.ready));
    calls = (await Promise.all(halvesAt.map((h) => h.go()))).reduce((a, b) => a + b, 0);
  }
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({ mode, wallMs: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, calls }));
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { rounds: { type: 'string' }, warm: { type: 'boolean' } } });
  const file = positionals[0];
  if (!file) throw new Error('usage: npx tsx bench/split-ceiling.ts FILE [--rounds 3] [--warm]');
  const rounds = numberOption('rounds', values.rounds, 3);
  const dir = mkdtempSync(join(tmpdir(), 'ftrace-explorer-split-'));
  try {
    await bundleForNode({ 'split-ceiling': fileURLToPath(import.meta.url) }, dir, { 'process.env.SPLIT_CEILING_BUNDLED': '"1"' });
    const bundle = join(dir, 'split-ceiling.mjs');
    const runs: Record<string, { wallMs: number; cpuMs: number; calls: number }[]> = { one: [], two: [] };
    console.log(`${file}${values.warm ? ', threads warmed first' : ''}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
    for (let r = 0; r < rounds; r++) {
      for (const mode of ['one', 'two']) {
        const out = spawnSync(process.execPath, [bundle, mode, file, values.warm ? 'warm' : 'cold'], { encoding: 'utf8', maxBuffer: 1 << 20 });
        if (out.status !== 0) throw new Error(`${mode} failed: ${out.stderr}`);
        const m = JSON.parse(out.stdout.trim()) as { wallMs: number; cpuMs: number; calls: number };
        runs[mode].push(m);
        console.log(`  round ${r + 1} ${mode === 'one' ? 'one thread, whole file ' : 'two threads, a half each'}: wall ${(m.wallMs / 1000).toFixed(2)} s, CPU ${(m.cpuMs / 1000).toFixed(2)} s, ${m.calls.toLocaleString('en-US')} calls`);
      }
    }
    const best = (xs: { wallMs: number }[]) => Math.min(...xs.map((x) => x.wallMs));
    console.log(`  fastest: one ${(best(runs.one) / 1000).toFixed(2)} s, two ${(best(runs.two) / 1000).toFixed(2)} s: the bound of a 2-thread split here is ${(best(runs.one) / best(runs.two)).toFixed(2)}× (the targets ask 1.6×)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (!isMainThread) {
  const { half, warm } = workerData as { half: Half; warm: Half | null };
  if (warm) loadRange(warm);
  parentPort!.postMessage('ready');
  parentPort!.once('message', () => parentPort!.postMessage(loadRange(half)));
} else if (process.env.SPLIT_CEILING_BUNDLED === '1') {
  const [mode, file, warm] = process.argv.slice(2);
  await measure(mode, file, warm === 'warm');
} else {
  await main();
}
