/**
 * `npm run bench` (its third part), or `tsx bench/trace-dat.ts [options]`: the trace.dat
 * reader against the text parser on the same calls, in Node and in the Chromium worker,
 * in one run. Prints figures; never fails on them.
 *
 * 1. The generated trace-cmd report text (bench/generate.ts; 1 GiB by default, the same file
 *    `bench/run.ts --keep` makes) is loaded once and its calls written as a trace.dat
 *    (bench/dat-writer.ts: version 7, uncompressed), then `trace-cmd convert --compression
 *    zstd` makes the compressed copy trace-cmd users have (where there is no trace-cmd,
 *    the benchmark's writer makes it with the `zstd` command; with neither, the
 *    uncompressed file is timed alone).
 * 2. Node, a fresh process per measurement (bench/node-pipeline.ts): the text pipeline on the
 *    text, the binary reader on each trace.dat (load → function statistics); then the read
 *    stage of each alone (the text's parsers, the binary's decode and merge; no model).
 * 3. Chromium (bench/browser's page and worker): the same, the File picked with
 *    setInputFiles; the trace.dat read as the app reads it (Blob slices for its headers and
 *    compressed chunks, a stream of the Blob per CPU's plain pages); then the read stage of
 *    each alone, in the worker.
 * Figures: MB/s of file, calls/s, and the binary's speed per call over the text's, for the
 * whole load and for the read stage alone (labelled), in Node and in Chromium.
 *
 * Options:
 *   --size SIZE          text trace size in Node (default 1G; 200M, 64M …)
 *   --browser-size SIZE  in Chromium (default 1G: the 1 GiB text's equivalent, as issue 14
 *                        asks in Node and in the worker; the same files as Node's when equal)
 *   --seed N       generator seed (default 1)
 *   --no-node / --no-browser
 *   --keep         keep the files in $TMPDIR/ftrace-explorer-bench and reuse them next time
 *   --dir DIR      keep (and reuse) the files in DIR
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { TraceLoader } from '../src/core/load';
import { readFileChunks } from '../src/cli/read-chunks';
import { numberOption } from './args';
import { buildBenchPage, CHROMIUM_ARGS, CHROMIUM_PATH, rendererStats, serve } from './browser-bench';
import type { BenchStep, PipelineResult } from './browser/protocol';
import { DAT_WRITER_VERSION, writeModelAsTraceDat } from './dat-writer';
import { GENERATOR_VERSION, generateTraceFile, parseSize, type GenerateOptions } from './generate';
import type { NodeResult } from './node-pipeline';
import type { TraceModel } from '../src/core/model/tables';
import { hasZstd, zstdEach } from './zstd-cli';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MB = 1e6;
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rate = (bytes: number, ms: number) => (bytes / MB / (ms / 1000)).toFixed(1);
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const size = (bytes: number) => (bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(2)} GiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`);

interface Files {
  text: string;
  dats: { label: string; path: string }[];
}

function log(s: string): void {
  process.stderr.write(s);
}

/** The text trace (reused when bench/run.ts --keep made it) and its trace.dat copies. */
async function prepare(dir: string, bytes: number, seed: number): Promise<Files> {
  const text = join(dir, `trace-${seed}-${bytes}.report.txt`);
  const meta = `${text}.json`;
  const opts: GenerateOptions = { targetBytes: bytes, seed };
  let fresh = true;
  if (existsSync(text) && existsSync(meta)) {
    try {
      const saved = JSON.parse(readFileSync(meta, 'utf8')) as { version: number; opts: GenerateOptions; stats: { bytes: number } };
      fresh = !(saved.version === GENERATOR_VERSION && JSON.stringify(saved.opts) === JSON.stringify(opts) && statSync(text).size === saved.stats.bytes);
    } catch {
      fresh = true;
    }
  }
  if (fresh) {
    log(`generating ${size(bytes)} of trace-cmd report text … `);
    const stats = generateTraceFile(text, opts);
    writeFileSync(meta, JSON.stringify({ version: GENERATOR_VERSION, opts, stats: { ...stats, tasks: stats.tasks.length } }));
    log('done\n');
  }
  const plain = `${text}.w${DAT_WRITER_VERSION}.none.dat`;
  const zstd = `${text}.w${DAT_WRITER_VERSION}.zstd.dat`;
  const ownZstd = `${text}.w${DAT_WRITER_VERSION}.own-zstd.dat`;
  const loadText = async (): Promise<TraceModel> => {
    const loader = new TraceLoader(statSync(text).size);
    for await (const chunk of readFileChunks(text, 1 << 20)) loader.pushBytes(chunk);
    return loader.finish();
  };
  if (fresh || !existsSync(plain)) {
    log('writing its calls as a trace.dat (loading the text once) … ');
    const w = writeModelAsTraceDat(await loadText(), plain);
    log(`${size(w.bytes)}, ${int(w.calls)} calls on ${w.cpus} CPUs\n`);
    rmSync(zstd, { force: true });
    rmSync(ownZstd, { force: true });
  }
  const dats = [{ label: 'trace.dat v7, uncompressed', path: plain }];
  if (!existsSync(zstd)) {
    log('trace-cmd convert --compression zstd … ');
    const r = spawnSync('trace-cmd', ['convert', '-i', plain, '-o', zstd, '--compression', 'zstd'], { encoding: 'utf8' });
    log(r.status === 0 ? 'done\n' : `not made (${r.error?.message ?? r.stderr.trim().split('\n').pop()})\n`);
    if (r.status !== 0) rmSync(zstd, { force: true });
  }
  if (existsSync(zstd)) dats.unshift({ label: 'trace.dat v7, zstd (trace-cmd convert)', path: zstd });
  else {
    // No trace-cmd here: the same calls written compressed by the benchmark's own writer,
    // each chunk by the zstd command, as trace-cmd lays the file out.
    if (!existsSync(ownZstd) && hasZstd()) {
      log('writing a zstd copy with the zstd command … ');
      const w = writeModelAsTraceDat(await loadText(), ownZstd, { name: 'zstd', version: '1.5.4', compressEach: zstdEach });
      log(`${size(w.bytes)}\n`);
    }
    if (existsSync(ownZstd)) dats.unshift({ label: 'trace.dat v7, zstd (zstd command)', path: ownZstd });
  }
  return { text, dats };
}

function runNode(mode: 'pipeline' | 'dat' | 'records' | 'dat-records', file: string): NodeResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/node-pipeline.ts'), mode, file], { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 << 20 });
  if (r.status !== 0) throw new Error(`node-pipeline ${mode} failed (${r.status}): ${r.stderr || r.error}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as NodeResult;
}

interface Row {
  label: string;
  bytes: number;
  ms: number;
  cpuMs?: number;
  /** Chromium: the CPU time of the Web Worker's thread alone (see rendererStats). */
  workerCpuMs?: number;
  calls: number;
  peak?: number;
}

/**
 * `judged`: say beside each binary row whether the issue's expectation holds (the loads);
 * `stage`: say each binary row's ratio per call, labelled as the read stage's (a part).
 */
function printRows(title: string, rows: Row[], judged: 'load' | 'stage' = 'load'): void {
  console.log(`\n${title}`);
  const text = rows[0];
  // Per call against the text, by CPU time where there is one: on a shared machine the wall
  // time says more about the neighbours than about the code.
  // In Chromium, by the worker thread's CPU time: the renderer's also counts the page's idle
  // threads, which grow with wall time (rendererStats).
  const byWorker = rows.every((r) => r.workerCpuMs);
  const workerCol = rows.some((r) => r.workerCpuMs !== undefined);
  const header = ['input', 'file', 'wall', byWorker || workerCol ? 'renderer CPU' : 'CPU', ...(workerCol ? ['worker CPU'] : []), 'MB/s of file', 'calls', 'calls/s', `per call vs text (${byWorker ? 'worker CPU' : 'CPU'})`, 'peak RSS'];
  const cost = (r: Row) => (byWorker ? r.workerCpuMs! : r.cpuMs && text.cpuMs ? r.cpuMs : r.ms) / r.calls;
  const lines = rows.map((r) => {
    const perCall = cost(r) / cost(text);
    return [
      r.label,
      size(r.bytes),
      secs(r.ms),
      r.cpuMs ? secs(r.cpuMs) : '',
      ...(workerCol ? [r.workerCpuMs ? secs(r.workerCpuMs) : ''] : []),
      rate(r.bytes, r.ms),
      int(r.calls),
      int(r.calls / (r.ms / 1000)),
      r === text ? '1.00×' : `${(1 / perCall).toFixed(2)}× as fast`,
      r.peak ? size(r.peak) : '',
    ];
  });
  const all = [header, ...lines];
  const widths = header.map((_, i) => Math.max(...all.map((l) => l[i].length)));
  for (const l of all) console.log('  ' + l.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('   '));
  // Issue 14 expected the binary to be several times faster per call ("no text to scan"):
  // three times or more is "several" here; twice is "twice", not several.
  for (const r of rows.slice(1)) {
    const ratio = cost(text) / cost(r);
    if (judged === 'stage') {
      console.log(`  ${r.label}: the read stage alone ${ratio.toFixed(2)}× the text's speed per call (decode and merge against the text's parsers)`);
      continue;
    }
    const verdict = ratio >= 3 ? 'met' : ratio >= 1 ? 'faster, not several times' : 'NOT met: slower per call than the text';
    console.log(`  ${r.label}: ${ratio.toFixed(2)}× the text's speed per call (expected: several times faster) — ${verdict}`);
  }
}

/**
 * The text's parsers and the binary's decode and merge with no builder after them (bench/
 * read-stage.ts): what "a binary record is decoded with no text to scan" compares, apart
 * from the builder both loads share. Per call of each file's load (`loads`, same order).
 */
function readStageRows(files: Files, loads: readonly Row[]): Row[] {
  const inputs: [string, 'records' | 'dat-records'][] = [[files.text, 'records'], ...files.dats.map((d): [string, 'dat-records'] => [d.path, 'dat-records'])];
  return inputs.map(([path, mode], k) => {
    const r = runNode(mode, path);
    return { label: loads[k].label, bytes: r.bytes, ms: r.wallMs, cpuMs: r.cpuMs, calls: loads[k].calls, peak: r.memory.maxRss };
  });
}

/** The longest a load may take in Chromium before the run is given up with what the page said. */
const STEP_TIMEOUT_MS = 300_000;

async function stepWithin<T>(step: Promise<T>, what: string, errors: string[]): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${STEP_TIMEOUT_MS / 1000} s`)), STEP_TIMEOUT_MS);
  });
  try {
    return await Promise.race([step, stalled]);
  } catch (err) {
    throw new Error(`${what}: ${err instanceof Error ? err.message : String(err)}${errors.length ? `\npage errors: ${errors.join('\n')}` : ''}`);
  } finally {
    clearTimeout(timer);
  }
}

/** Each file in a fresh page of Chromium: `textStep` on the text, `datStep` on each trace.dat. */
async function browserRows(files: Files, workDir: string, textStep: BenchStep, datStep: BenchStep): Promise<Row[]> {
  const pageDir = join(workDir, 'page');
  mkdirSync(pageDir, { recursive: true });
  await buildBenchPage(pageDir);
  const { server, url } = await serve(pageDir);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  const rows: Row[] = [];
  try {
    const inputs: [string, string, BenchStep][] = [
      ['text (trace-cmd report)', files.text, textStep],
      ...files.dats.map((d): [string, string, BenchStep] => [d.label, d.path, datStep]),
    ];
    for (const [label, path, step] of inputs) {
      // A fresh page per input: each model is measured alone.
      const page = await browser.newPage();
      await page.goto(url);
      await page.setInputFiles('#file', path);
      const before = rendererStats();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('crash', () => errors.push('the page crashed'));
      const r = await stepWithin(page.evaluate((s) => window.benchStep(s), step) as Promise<PipelineResult>, `${label}: ${step}`, errors);
      const after = rendererStats();
      rows.push({ label, bytes: r.bytes, ms: r.ms, cpuMs: after.cpuMs - before.cpuMs, workerCpuMs: after.workerCpuMs - before.workerCpuMs, calls: r.calls, peak: after.rss });
      await page.evaluate(() => window.benchStep('close'));
      await page.close();
    }
    if (textStep === 'pipeline') console.log(`\nChromium ${browser.version()} (headless), Web Worker`);
  } finally {
    await browser.close();
    await new Promise<void>((r) => server.close(() => r()));
  }
  return rows;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    strict: true,
    options: {
      size: { type: 'string' },
      'browser-size': { type: 'string' },
      seed: { type: 'string' },
      'no-node': { type: 'boolean' },
      'no-browser': { type: 'boolean' },
      keep: { type: 'boolean' },
      dir: { type: 'string' },
    },
  });
  const bytes = parseSize(values.size ?? '1G');
  const browserBytes = parseSize(values['browser-size'] ?? '1G');
  const seed = numberOption('seed', values.seed, 1);
  const dir = values.dir ?? (values.keep ? join(tmpdir(), 'ftrace-explorer-bench') : mkdtempSync(join(tmpdir(), 'ftrace-explorer-dat-bench-')));
  const keep = values.dir !== undefined || values.keep === true;
  mkdirSync(dir, { recursive: true });
  try {
    const files = values['no-node'] ? await prepare(dir, browserBytes, seed) : await prepare(dir, bytes, seed);
    console.log(`\ntrace.dat against text, ${new Date().toISOString()}, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
    if (!values['no-node']) {
      log('node: text pipeline … ');
      const text = runNode('pipeline', files.text);
      const rows: Row[] = [{ label: 'text (trace-cmd report)', bytes: text.bytes, ms: text.wallMs, cpuMs: text.cpuMs, calls: text.calls, peak: text.memory.maxRss }];
      for (const d of files.dats) {
        log(`${d.label} … `);
        const r = runNode('dat', d.path);
        rows.push({ label: d.label, bytes: r.bytes, ms: r.wallMs, cpuMs: r.cpuMs, calls: r.calls, peak: r.memory.maxRss });
      }
      log('done\n');
      printRows(`Node ${process.version}: load → function statistics, a fresh process each`, rows);
      log('node: the read stage alone … ');
      const stage = readStageRows(files, rows);
      log('done\n');
      printRows('  the read stage alone (records handed to a sink that counts them; no model, no statistics), per call of the load above', stage, 'stage');
    }
    if (!values['no-browser']) {
      log('chromium: text, trace.dat … ');
      const browserFiles = browserBytes === bytes || values['no-node'] ? files : await prepare(dir, browserBytes, seed);
      const rows = await browserRows(browserFiles, dir, 'pipeline', 'dat-pipeline');
      log('done\nchromium: the read stage alone … ');
      const stage = await browserRows(browserFiles, dir, 'records', 'dat-records');
      log('done\n');
      printRows('  load → function statistics in the worker, a fresh page each; peak RSS: the renderer', rows);
      // Per call of the load above: the read stage counts records, not calls.
      for (const [k, r] of stage.entries()) r.calls = rows[k].calls;
      printRows('  the read stage alone in the worker (records handed to a sink that counts them; no model, no statistics), per call of the load above', stage, 'stage');
    }
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : String(err));
  process.exit(1);
});
