/**
 * The CLI's parallel load: worker threads that each read their own range of the file give
 * the model of the one-pass load (the core's tests prove the join exact on every seam;
 * these prove the threads, the file ranges and the transfers).
 */
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliInProcess } from '../test-utils/run-cli';
import { testTempDir } from '../test-utils/temp-dir';
import { loadBytes, traceBytes } from '../test-utils/traces';
import { busyTraceWithLateTask, traceCmdBusyTrace, traceCmdSeamTrace } from '../test-utils/seam-traces';
import { modelDifference } from '../test-utils/model-difference';
import { sharedRowsAt } from '../core/parallel/shared-calls';
import { planRanges } from '../core/parallel/plan';
import { loadTraceFile } from './load-file';
import { summarize } from '../core/query/summary';

const cli = runCliInProcess;

describe('cli --workers', () => {
  it('3 workers print the summary of 1 on a real trace of more than the parallel minimum', async () => {
    const dir = testTempDir('ftrace-par-');
    const file = join(dir, 'systemwide.txt');
    const bytes = traceBytes('03-systemwide-sched-irq.report.txt.gz');
    writeFileSync(file, bytes);
    const one = await cli('--workers', '1', 'summary', file);
    const three = await cli('summary', '--workers=3', file);
    expect([one.status, three.status, three.stderr]).toEqual([0, 0, '']);
    expect(three.stdout).toBe(one.stdout);
    expect(JSON.parse(one.stdout)).toEqual(JSON.parse(JSON.stringify(summarize(loadBytes(bytes)))));
  }, 120_000);

  it('refuses a worker count that is not a whole number from 1 to 256', async () => {
    for (const bad of ['0', '2x']) {
      const r = await cli('--workers', bad, 'summary', 'no-such-file');
      expect([bad, r.status, r.stderr]).toEqual([bad, 2, expect.stringContaining('--workers takes a whole number')]);
    }
  });
});

describe('the thread count of --workers N', () => {
  it('parseThreads: the request, at most the cores and one per 2 MiB of a plain file (size 0: unknown, a gzip)', async () => {
    const { parseThreads } = await import('./parallel-load');
    const MiB = 1 << 20;
    expect([parseThreads(64, 8 * MiB, 2), parseThreads(64, 8 * MiB, 64), parseThreads(3, 1024 * MiB, 16), parseThreads(256, 0, 8), parseThreads(4, 0, 1)]).toEqual([2, 4, 3, 8, 1]);
  });

  it('is bounded by the cores and by one per 2 MiB of the file, where 64 on an 8 MB file started 63 workers', async () => {
    const file = join(testTempDir('ftrace-par-'), 'seed-part.txt');
    const text = traceBytes('01-seed-curl-fgraph.report.txt.gz');
    const bytes = text.subarray(0, text.indexOf(10, (4 << 20) + 500_000) + 1);
    writeFileSync(file, bytes);
    /** The ranges parsed, each by a thread of its own (the phases of the load). */
    const ranges = async (workers: number, cores: number): Promise<number> => {
      const phases: string[] = [];
      const model = await loadTraceFile(file, { workers, cores, onPhase: (what) => phases.push(what) });
      expect(modelDifference(loadBytes(bytes), model)).toBeNull();
      return phases.filter((p) => /^range \d+ parsed/.test(p)).length;
    };
    // 4.5 MiB: 2 threads at most, whatever the cores; one core: one pass (no range at all).
    expect(await ranges(8, 64)).toBe(2);
    expect(await ranges(8, 1)).toBe(0);
    expect(await ranges(2, 2)).toBe(2);
  }, 120_000);
});

describe('text of no trace format', () => {
  it('is read in one pass, plain or gzip, where worker threads sent every line back (100 MB of yes: out of heap)', async () => {
    const { loadGzipInParallel } = await import('./gzip-parallel-load');
    const dir = testTempDir('ftrace-par-');
    const bytes = Buffer.from('not a trace line\n'.repeat((5 << 20) / 17));
    const plain = join(dir, 'log.txt');
    writeFileSync(plain, bytes);
    const phases: string[] = [];
    const model = await loadTraceFile(plain, { workers: 2, cores: 2, onPhase: (what) => phases.push(what) });
    expect(model.format).toBe('unknown');
    expect(phases).toEqual(['planned: one pass']);
    const gz = join(dir, 'log.txt.gz');
    writeFileSync(gz, gzipSync(bytes));
    const gzPhases: string[] = [];
    expect(await loadGzipInParallel(gz, 2, undefined, undefined, undefined, (what) => gzPhases.push(what))).toBeUndefined();
    expect(gzPhases).toEqual(['planned: one pass']);
  }, 120_000);
});

describe('loadInWorkers', () => {
  it('joins the ranges read by worker threads into the one-pass model, the hard places included', async () => {
    const { loadInWorkers } = await import('./parallel-load');
    const dir = testTempDir('ftrace-par-');
    const file = join(dir, 'seams.txt');
    const { bytes, spots } = traceCmdSeamTrace(7, 200);
    writeFileSync(file, bytes);
    // Cuts on hard places, read in small chunks so that a range's end falls inside a chunk.
    const cuts = [spots[10].offset, spots[40].offset + 1, spots[90].offset];
    const plan = planRanges(bytes, bytes.length, cuts);
    if (!plan) throw new Error('no plan');
    const one = loadBytes(bytes);
    expect(modelDifference(one, await loadInWorkers(file, bytes.length, plan, 4096))).toBeNull();
    // Batches of 50 rows: the workers write most of them into columns the join handed back.
    expect(modelDifference(one, await loadInWorkers(file, bytes.length, plan, 65536, 50))).toBeNull();
  }, 60_000);

  it('stitches the split build of a worker thread, and reads its range again here where its seam is not what it assumed', async () => {
    const { loadInWorkers } = await import('./parallel-load');
    const dir = testTempDir('ftrace-par-');
    const cases = [
      { name: 'busy', bytes: traceCmdBusyTrace(3), cuts: 2, phase: 'to be stitched' },
      { name: 'open', ...busyTraceWithLateTask(false), phase: 'read again' },
    ];
    for (const c of cases) {
      const file = join(dir, `${c.name}.txt`);
      writeFileSync(file, c.bytes);
      const plan = planRanges(c.bytes, c.bytes.length, 'cut' in c ? [c.cut] : c.cuts);
      if (!plan) throw new Error('no plan');
      const phases: string[] = [];
      const model = await loadInWorkers(file, c.bytes.length, plan, 4096, undefined, [], (what) => phases.push(what), true);
      expect([c.name, modelDifference(loadBytes(c.bytes), model)]).toEqual([c.name, null]);
      expect([c.name, phases.some((p) => p.includes(c.phase))]).toEqual([c.name, true]);
    }
  }, 60_000);

  it('a worker thread builds its rows in memory shared with this thread, moved down in place when stitched', async () => {
    const { loadInWorkers } = await import('./parallel-load');
    const dir = testTempDir('ftrace-par-');
    const bytes = traceCmdBusyTrace(3);
    const file = join(dir, 'busy.txt');
    writeFileSync(file, bytes);
    const one = loadBytes(bytes);
    for (const ranges of [2, 3]) {
      const plan = planRanges(bytes, bytes.length, ranges);
      if (!plan) throw new Error('no plan');
      // Regions a little larger than each range's rows (moved in place), and far too small (copied as before).
      for (const factor of [1.05, 0.2]) {
        const rows = sharedRowsAt(plan.offsets, (factor * one.calls.length) / bytes.length, 16);
        const phases: string[] = [];
        const model = await loadInWorkers(file, bytes.length, plan, 4096, undefined, [], (what) => phases.push(what), true, rows);
        expect([ranges, factor, modelDifference(one, model)]).toEqual([ranges, factor, null]);
        const moved = Number(/rows moved in place (\d+)/.exec(phases.join('\n'))?.[1]);
        if (factor > 1) expect(moved).toBeGreaterThan(one.calls.length / (2 * ranges));
        else expect(moved).toBe(0);
      }
    }
  }, 60_000);
});
