/**
 * The joining thread's two parts of a 2-way parallel load, this checkout's code against other
 * commits' (`--rev label=COMMIT`, their `src/` from `git archive`), alternating in one process
 * over the same record batches: the first range parsed straight into the builder (the joining
 * thread's own share, cut as `--workers 2` cuts it), then the replay of the second range's
 * batches (the join). Each is timed on the main thread alone (its CPU from /proc, in 10 ms
 * ticks, so V8's helper threads and the rest of a busy machine count for nothing), with its
 * minor page faults (the call table's first touches). In one process the builds meet the
 * same minutes; fresh processes alternating (cli-workers.ts) differ by more than a change
 * of the join is worth. Linux only. With `MALLOC_MMAP_THRESHOLD_=131072` every run's call
 * table is fresh memory, as in a fresh process: glibc otherwise hands some runs the pages a
 * freed table left (2,600 faults, not 42,700) and their CPU drops with it.
 *
 *   node --import tsx bench/join-ab.ts FILE [--rounds 4] --rev before=COMMIT [--rev ...]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { numberOption } from './args';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The main thread's CPU (user + system, ms) and minor faults so far. */
function threadStat(): { ms: number; faults: number } {
  const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return { ms: (Number(fields[11]) + Number(fields[12])) * 10, faults: Number(fields[7]) };
}

/** What a build's core offers this benchmark. */
interface Build {
  label: string;
  nominalCuts: typeof import('../src/core/parallel/cuts').nominalCuts;
  planRanges: typeof import('../src/core/parallel/plan').planRanges;
  parseRange: typeof import('../src/core/parallel/load-ranges').parseRange;
  RangeJoin: typeof import('../src/core/parallel/range-join').RangeJoin;
  PLAN_HEAD_BYTES: number;
}

async function loadBuild(label: string, src: string): Promise<Build> {
  const at = (path: string) => pathToFileURL(join(src, path)).href;
  const cuts = (await import(at('core/parallel/cuts.ts'))) as typeof import('../src/core/parallel/cuts');
  const plan = (await import(at('core/parallel/plan.ts'))) as typeof import('../src/core/parallel/plan');
  const ranges = (await import(at('core/parallel/load-ranges.ts'))) as typeof import('../src/core/parallel/load-ranges');
  const rangeJoin = (await import(at('core/parallel/range-join.ts'))) as typeof import('../src/core/parallel/range-join');
  return {
    label,
    nominalCuts: cuts.nominalCuts,
    planRanges: plan.planRanges,
    PLAN_HEAD_BYTES: plan.PLAN_HEAD_BYTES,
    parseRange: ranges.parseRange,
    RangeJoin: rangeJoin.RangeJoin,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { rounds: { type: 'string' }, rev: { type: 'string', multiple: true } } });
  const file = positionals[0];
  if (!file || !values.rev?.length) throw new Error('usage: bench/join-ab.ts FILE [--rounds 4] --rev label=COMMIT [--rev ...]');
  const rounds = numberOption('rounds', values.rounds, 4, 1);
  const work = mkdtempSync(join(tmpdir(), 'ftrace-join-ab-'));
  try {
    const builds = [await loadBuild('this', join(ROOT, 'src'))];
    for (const [k, spec] of values.rev.entries()) {
      const at = spec.indexOf('=');
      const [label, commit] = at < 0 ? [spec, spec] : [spec.slice(0, at), spec.slice(at + 1)];
      const dir = join(work, String(k));
      // With the package's settings: tsx compiles a tree without its tsconfig.json and
      // package.json otherwise (class fields and module format): the same code took 920 ms
      // where this checkout's took 500 in one such run.
      const r = spawnSync('sh', ['-c', 'mkdir -p "$2" && git archive "$1" src package.json tsconfig.json | tar -x -C "$2"', 'sh', commit, dir], { cwd: ROOT, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`git archive ${commit} failed: ${r.stderr}`);
      builds.push(await loadBuild(label, join(dir, 'src')));
    }
    const bytes = new Uint8Array(readFileSync(file));
    const chunk = 1 << 20;
    // One plan and one set of batches for all: the batch format is the same in every build compared.
    const b0 = builds[0];
    const plan = b0.planRanges(bytes.subarray(0, b0.PLAN_HEAD_BYTES), bytes.length, b0.nominalCuts(bytes.length, 2));
    if (!plan) throw new Error('the file is not one the range parse reads');
    const second = b0.parseRange(bytes, plan, 1, chunk);
    const own: Record<string, number[]> = {};
    const joined: Record<string, number[]> = {};
    console.log(`${file}: ${(bytes.length / 1e6).toFixed(0)} MB, the joining thread's range ${((100 * plan.offsets[1]) / bytes.length).toFixed(0)}% of the bytes; main thread CPU`);
    for (let round = 0; round < rounds; round++) {
      // Each round in the other order: neither build always meets the memory the other just freed.
      for (const b of round % 2 ? [...builds].reverse() : builds) {
        const j = new b.RangeJoin(plan.format, bytes.length);
        const t0 = threadStat();
        j.startRange();
        j.endRange(b.parseRange(bytes, plan, 0, chunk, undefined, j.directSink()).summary);
        const t1 = threadStat();
        j.startRange();
        for (const batch of second.batches) j.add(batch);
        j.endRange(second.summary);
        const t2 = threadStat();
        const calls = j.finish(bytes.length).calls.length;
        (own[b.label] ??= []).push(t1.ms - t0.ms);
        (joined[b.label] ??= []).push(t2.ms - t1.ms);
        console.log(
          `round ${round + 1} ${b.label.padEnd(8)} own range ${t1.ms - t0.ms} ms (${t1.faults - t0.faults} faults), join ${t2.ms - t1.ms} ms (${t2.faults - t1.faults} faults), ${calls} calls; load average ${loadavg()[0].toFixed(2)}`,
        );
      }
    }
    for (const b of builds) {
      const o = own[b.label];
      const j = joined[b.label];
      console.log(
        `${b.label.padEnd(8)} own range median ${median(o)} ms (${Math.min(...o)}-${Math.max(...o)}), join median ${median(j)} ms (${Math.min(...j)}-${Math.max(...j)}), ${rounds} runs`,
      );
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
