/**
 * The Node CLI's load (cli/load-file.ts, bundled as it ships) with 1 and 2 parse workers (or
 * the counts given), alternating run by run in fresh processes, so that a busy spell of a
 * shared machine hits every count alike; and, with `--rev label=COMMIT`, the same runs of
 * other commits' code in the same rounds (each bundled from `git archive`), to compare
 * before and after in one run. Prints each run's wall and CPU time, peak resident memory
 * (VmHWM) and the load average,
 * then per build and count the fastest and median wall time, the median CPU, and the rate
 * against 1 worker of the same build (issue 13's target: 2 workers >= 1.6×).
 *
 *   node --import tsx bench/cli-workers.ts FILE [--rounds 3] [--workers 1,2] [--rev before=COMMIT ...]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { numberOption } from './args';
import { bundleCliPipeline } from './cli-bundle';
import type { NodeResult } from './node-pipeline';

const ROOT = fileURLToPath(new URL('..', import.meta.url));


/** `src/` and `bench/` of `commit`, unpacked into `dir`. */
function archive(commit: string, dir: string): void {
  mkdirSync(dir, { recursive: true });
  const r = spawnSync('sh', ['-c', 'git archive "$1" src bench | tar -x -C "$2"', 'sh', commit, dir], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git archive ${commit} failed: ${r.stderr}`);
}

function runOnce(entry: string, file: string, workers: number): NodeResult {
  const r = spawnSync(process.execPath, [entry, 'parallel', file, String(1 << 20), String(workers)], { encoding: 'utf8', maxBuffer: 16 << 20 });
  if (r.status !== 0) throw new Error(`node-pipeline parallel failed (${r.status}): ${r.stderr || String(r.error)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as NodeResult;
}

const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const la = () => loadavg()[0].toFixed(2);

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { rounds: { type: 'string' }, workers: { type: 'string' }, rev: { type: 'string', multiple: true } },
  });
  const file = positionals[0];
  if (!file) throw new Error('usage: bench/cli-workers.ts FILE [--rounds 3] [--workers 1,2] [--rev label=COMMIT ...]');
  const rounds = numberOption('rounds', values.rounds, 3, 1);
  const counts = (values.workers ?? '1,2').split(',').map(Number);
  const work = mkdtempSync(join(tmpdir(), 'ftrace-cli-workers-'));
  try {
    const builds: { label: string; entry: string }[] = [];
    for (const spec of values.rev ?? []) {
      const at = spec.indexOf('=');
      const [label, commit] = at < 0 ? [spec, spec] : [spec.slice(0, at), spec.slice(at + 1)];
      const src = join(work, `src-${builds.length}`);
      archive(commit, src);
      builds.push({ label, entry: await bundleCliPipeline(src, join(work, `bundle-${builds.length}`)) });
    }
    builds.push({ label: 'this', entry: await bundleCliPipeline(ROOT, join(work, 'bundle-this')) });
    const load0 = la();
    const runs: { label: string; workers: number; r: NodeResult }[] = [];
    for (let i = 0; i < rounds; i++) {
      for (const b of builds) {
        for (const n of counts) {
          const r = runOnce(b.entry, file, n);
          runs.push({ label: b.label, workers: n, r });
          console.log(
            `round ${i + 1} ${b.label} --workers ${n}: wall ${secs(r.wallMs)}, CPU ${secs(r.cpuMs)} (all threads; kernel ${secs(r.systemMs)}, ` +
              `${r.minorFaults} minor faults), peak RSS ${(r.memory.maxRss / 2 ** 20).toFixed(0)} MiB, ${r.calls} calls; load average ${la()}`,
          );
          if (r.phases?.length) console.log(`  ${r.phases.join('; ')}`);
        }
      }
    }
    console.log(`\n${file}: ${(runs[0].r.bytes / 1e6).toFixed(0)} MB; ${cpus().length} cores; load average ${load0} at start, ${la()} at end`);
    console.log('build   workers   wall fastest   wall median   CPU median   vs 1 worker (fastest / median wall)');
    for (const b of builds) {
      const of = (n: number) => runs.filter((x) => x.label === b.label && x.workers === n).map((x) => x.r);
      const one = of(1);
      for (const n of counts) {
        const xs = of(n);
        const fast = Math.min(...xs.map((x) => x.wallMs));
        const med = median(xs.map((x) => x.wallMs));
        const vs = one.length
          ? `${(Math.min(...one.map((x) => x.wallMs)) / fast).toFixed(2)}× / ${(median(one.map((x) => x.wallMs)) / med).toFixed(2)}×`
          : '';
        console.log(
          `${b.label.padEnd(7)} ${String(n).padStart(7)}   ${secs(fast).padStart(12)}   ${secs(med).padStart(11)}   ${secs(median(xs.map((x) => x.cpuMs))).padStart(10)}   ${vs}`,
        );
      }
    }
    const models = new Set(runs.map((x) => `${x.r.calls}/${x.r.lines}/${x.r.statsRows}`));
    console.log(`every run built ${models.size === 1 ? 'the same' : 'DIFFERENT'} model (calls/lines/stats rows: ${[...models].join(', ')})`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : String(err));
  process.exit(1);
});
