/**
 * `npm run fuzz`: a seeded, reproducible fuzzing campaign over the loader (issue 10 §4).
 *
 *   npm run fuzz                               a short run (CI budget), random seed
 *   npm run fuzz -- --minutes 30               a long campaign
 *   npm run fuzz -- --seed 123 --cases 500     500 cases, the same every time
 *   npm run fuzz -- --seed 123 --case 17       replays case 17 here and prints its failures
 *   npm run fuzz -- --seed 123 --case 17 --write out.txt [--minimise]
 *                                              writes its input (shrunk while it still fails)
 *
 * Inputs: windows of the real traces in test/traces and the bench generator's output,
 * mutated (mutators.ts); properties: properties.ts; each case runs the core loader in
 * several chunkings and the worker's service (run-case.ts).
 */
import { randomInt } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runCampaign } from './campaign';
import { makeCase } from './cases';
import { minimise } from './minimise';
import { DEFAULT_SCALE, FULL_SCALE } from './mutators';
import { describeChunking, runCase, type CaseResult, type RunOptions } from './run-case';

/** The default budget: short enough for CI on a 2-core machine. */
const DEFAULT_SECONDS = 45;

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    case: { type: 'string' },
    cases: { type: 'string' },
    from: { type: 'string' },
    minutes: { type: 'string' },
    seconds: { type: 'string' },
    workers: { type: 'string' },
    'full-scale': { type: 'boolean', default: false },
    'no-self-sum': { type: 'boolean', default: false },
    write: { type: 'string' },
    minimise: { type: 'boolean', default: false },
    known: { type: 'string', default: '' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});

if (values.help) {
  console.log(`usage: npm run fuzz -- [--seed S] [--cases N] [--minutes M | --seconds S] [--workers W]
                      [--from N] [--full-scale] [--no-self-sum] [--known PROPERTY,...]
       npm run fuzz -- --seed S --case N [--write FILE [--minimise]]`);
  process.exit(0);
}

const int = (name: string, v: string | undefined, fallback: number): number => {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name}: not a number: ${v}`);
  return n;
};

const seed = int('seed', values.seed, randomInt(2 ** 31)) >>> 0;
const scale = values['full-scale'] ? FULL_SCALE : DEFAULT_SCALE;
const run: RunOptions = { selfSum: !values['no-self-sum'] };
/**
 * Properties known to fail on today's engine, with their reproducers in the report: cases
 * failing only these are listed and counted, but do not fail the run.
 */
const known = new Set((values.known ?? '').split(',').filter(Boolean));
const replay = `npm run fuzz -- --seed ${seed}${values['full-scale'] ? ' --full-scale' : ''} --case`;

function printFailures(r: CaseResult, origin: string, mutations: string[]): void {
  const props = [...new Set(r.failures.map((f) => f.property))].join(', ');
  console.log(`case ${r.index} FAILED (${props}): ${origin}; mutations: ${mutations.join(', ') || 'none'}; ${r.bytes} bytes`);
  for (const f of r.failures) console.log(`  ${f.property}: ${f.message}`);
  console.log(`  replay: ${replay} ${r.index}`);
}

async function replayCase(index: number): Promise<number> {
  const c = makeCase(seed, index, scale);
  console.log(`fuzz: seed ${seed}, case ${index}: ${c.origin}; mutations: ${c.mutations.join(', ') || 'none'}; ${c.bytes.length} bytes`);
  console.log(`  core chunkings: ${c.chunkings.map(describeChunking).join(' ')}`);
  console.log(`  service: ${c.serviceGzip === 0 ? 'plain' : c.serviceGzip === 1 ? 'gzip' : 'two gzip members'}, ${c.serviceChunks ? `stream ${describeChunking(c.serviceChunks)}` : 'Blob'}`);
  const r = await runCase(c, run);
  console.log(`  ${r.cpuMs.toFixed(0)} ms CPU (first load), ${r.wallMs.toFixed(0)} ms in all`);
  if (r.failures.length > 0) printFailures(r, c.origin, c.mutations);
  else console.log('  every property holds');
  if (values.write) {
    let bytes = c.bytes;
    if (values.minimise && c.binary) console.log('  a trace.dat case is written as it is: the minimiser works on lines of text');
    else if (values.minimise && r.failures.length > 0) {
      const property = r.failures[0].property;
      bytes = await minimise(c, property, run, 300_000);
      console.log(`  minimised for "${property}": ${c.bytes.length} -> ${bytes.length} bytes`);
      const again = await runCase({ ...c, bytes }, run);
      for (const f of again.failures) console.log(`  ${f.property}: ${f.message}`);
    }
    writeFileSync(values.write, bytes);
    console.log(`  input written to ${values.write}`);
  }
  return r.failures.length > 0 ? 1 : 0;
}

async function campaign(): Promise<number> {
  const cases = values.cases !== undefined ? int('cases', values.cases, 0) : Number.POSITIVE_INFINITY;
  const timed = values.minutes !== undefined || values.seconds !== undefined;
  const budgetMs = timed
    ? (int('minutes', values.minutes, 0) * 60 + int('seconds', values.seconds, 0)) * 1000
    : cases === Number.POSITIVE_INFINITY
      ? DEFAULT_SECONDS * 1000
      : Number.POSITIVE_INFINITY;
  const workers = int('workers', values.workers, 1);
  const from = int('from', values.from, 0);
  console.log(
    `fuzz: seed ${seed}, ${cases === Number.POSITIVE_INFINITY ? 'no case limit' : `${cases} cases`}, ` +
      `${budgetMs === Number.POSITIVE_INFINITY ? 'no time limit' : `${budgetMs / 1000} s`}, ${workers} worker(s), from case ${from}`,
  );
  let failed = 0;
  let knownFailed = 0;
  let bytes = 0;
  /** Failing cases by property, then by mutations, with the first few case numbers. */
  const groups = new Map<string, Map<string, number[]>>();
  let slowest: { index: number; nsPerByte: number; cpuMs: number; bytes: number } | undefined;
  let lastReport = Date.now();
  let count = 0;
  const { cases: ran, ms } = await runCampaign({
    seed,
    from,
    cases,
    budgetMs,
    workers,
    scale,
    run,
    onCase(r, origin, mutations) {
      count++;
      bytes += r.bytes;
      if (r.bytes > 100_000) {
        const nsPerByte = (r.cpuMs * 1e6) / r.bytes;
        if (!slowest || nsPerByte > slowest.nsPerByte) slowest = { index: r.index, nsPerByte, cpuMs: r.cpuMs, bytes: r.bytes };
      }
      if (r.failures.length === 0) return;
      const props = new Set(r.failures.map((f) => f.property));
      const onlyKnown = [...props].every((p) => known.has(p));
      if (onlyKnown) knownFailed++;
      else failed++;
      const how = [...new Set(mutations)].sort().join('+') || 'none';
      for (const p of props) {
        const byMutation = groups.get(p) ?? new Map<string, number[]>();
        groups.set(p, byMutation);
        const list = byMutation.get(how) ?? [];
        byMutation.set(how, list);
        list.push(r.index);
      }
      if (onlyKnown) console.log(`case ${r.index} failed known-open ${[...props].join(', ')} (${how}): ${replay} ${r.index}`);
      else printFailures(r, origin, mutations);
      if (Date.now() - lastReport > 30_000) {
        lastReport = Date.now();
        console.log(`fuzz: ${count} cases so far, ${failed} failed`);
      }
    },
  });
  if (slowest) {
    console.log(`fuzz: slowest load per byte: case ${slowest.index}, ${slowest.nsPerByte.toFixed(0)} ns/byte (${slowest.cpuMs.toFixed(0)} ms CPU, ${slowest.bytes} bytes)`);
  }
  for (const [p, byMutation] of groups) {
    const total = [...byMutation.values()].reduce((s, l) => s + l.length, 0);
    console.log(`fuzz: ${p}${known.has(p) ? ' (known open)' : ''}: ${total} cases`);
    const sorted = [...byMutation].sort((a, b) => b[1].length - a[1].length);
    for (const [how, list] of sorted.slice(0, 12)) console.log(`  ${list.length} x ${how}: cases ${list.slice(0, 5).join(', ')}`);
  }
  const knownText = knownFailed > 0 ? ` (and ${knownFailed} failed only known-open properties: ${[...known].join(', ')})` : '';
  console.log(`fuzz: ${ran} cases (${(bytes / 1e6).toFixed(1)} MB) in ${(ms / 1000).toFixed(0)} s, seed ${seed}: ${failed} failed${knownText}`);
  return failed > 0 ? 1 : 0;
}

const code = values.case !== undefined ? await replayCase(int('case', values.case, 0)) : await campaign();
process.exit(code);
