/**
 * The split build (split-range.ts, split-stitch.ts): later ranges build their calls where
 * they are parsed and the join stitches them in, or reads a range again in one pass where its
 * seam is not what it assumed. Either way the model is the one-pass model in every field; the
 * tests count which way each range went, so that both are seen taken.
 */
import { describe, expect, it } from 'vitest';
import { loadInRanges, type RangeLoadStats } from './load-ranges';
import { modelDifference } from '../../test-utils/model-difference';
import { busyTraceThen, busyTraceWithLateTask, graphText, seededRandom, traceCmdBusyTrace, traceCmdSeamTrace } from '../../test-utils/seam-traces';
import { loadBytes, traceBytes } from '../../test-utils/traces';
import { CallFlag } from '../model/call-table';

const noStats = (): RangeLoadStats => ({ stitched: 0, fellBack: 0, built: 0, prefix: 0, tail: 0 });

/** The model of `bytes` in `cuts` ranges with the split build, and how its ranges went. */
function splitLoad(bytes: Uint8Array, cuts: number | readonly number[], firstDirect = false) {
  const stats = noStats();
  const model = loadInRanges(bytes, cuts, 1 << 20, undefined, firstDirect, true, stats);
  return { model, stats };
}

describe('the split build', () => {
  it('stitches the ranges of a busy trace of many tasks (calls open at every seam) into the one-pass model', () => {
    const bytes = traceCmdBusyTrace(1);
    const one = loadBytes(bytes);
    for (const n of [2, 3, 7, 16]) {
      const { model, stats } = splitLoad(bytes, n, n === 3);
      expect([n, modelDifference(one, model)]).toEqual([n, null]);
      // Most later ranges are stitched, and most of their lines were built where they were parsed.
      expect(stats.stitched).toBeGreaterThanOrEqual(Math.ceil((n - 1) / 2));
      if (n <= 7) expect(stats.built).toBeGreaterThan(stats.prefix + stats.tail);
    }
  });

  it('reads again the ranges of the seam traces whose seam is not what they assumed, into the one-pass model', () => {
    const total = noStats();
    for (let seed = 1; seed <= 4; seed++) {
      const { bytes, spots } = traceCmdSeamTrace(seed);
      const one = loadBytes(bytes);
      for (const cuts of [7, 16, spots.filter((_, i) => i % 9 === 4).map((s) => s.offset)]) {
        const { model, stats } = splitLoad(bytes, cuts);
        expect([seed, cuts, modelDifference(one, model)]).toEqual([seed, cuts, null]);
        total.fellBack += stats.fellBack;
        total.built += stats.built;
      }
    }
    // Their ranges did build lines, and then fell back (a repair, a clock check not yet full…).
    expect(total.built).toBeGreaterThan(0);
    expect(total.fellBack).toBeGreaterThan(0);
  });

  it('takes both ways on the real traces, into the one-pass model', () => {
    const total = noStats();
    for (const name of ['02-midstream-nc-fgraph.report.txt.gz', '03-systemwide-sched-irq.report.txt.gz', '05-seed-report-latency.txt.gz']) {
      const bytes = traceBytes(name);
      const one = loadBytes(bytes);
      for (const n of [2, 3, 7, 16]) {
        const { model, stats } = splitLoad(bytes, n);
        expect([name, n, modelDifference(one, model)]).toEqual([name, n, null]);
        total.stitched += stats.stitched;
        total.fellBack += stats.fellBack;
      }
    }
    expect(total.stitched).toBeGreaterThan(0);
    expect(total.fellBack).toBeGreaterThan(0);
    // Three whole real traces, 13 loads each: 19 s in a clean-clone CI run at load 12, 49 s at load 11-19.
  }, 120_000);

  it('stitches a range whose prefix closes the calls open at its seam, and reads again one whose anchor finds a call still open', () => {
    const plain = busyTraceWithLateTask(true);
    const stitched = splitLoad(plain.bytes, [plain.cut]);
    expect(modelDifference(loadBytes(plain.bytes), stitched.model)).toBeNull();
    expect(stitched.stats).toMatchObject({ stitched: 1, fellBack: 0 });
    // `outer` is still open when `after` comes at depth 0: one pass closes it as never
    // returned, which the range, assuming an empty stack there, did not build.
    const open = busyTraceWithLateTask(false);
    const readAgain = splitLoad(open.bytes, [open.cut]);
    const one = loadBytes(open.bytes);
    expect(one.diagnostics.unclosedCalls).toBe(1);
    expect(modelDifference(one, readAgain.model)).toBeNull();
    expect(readAgain.stats).toMatchObject({ stitched: 0, fellBack: 1 });
  });

  it('gives the one-pass model of busy traces damaged here and there (the repairs fall in built ranges), cut anywhere', () => {
    const base = new TextDecoder().decode(traceCmdBusyTrace(5, 12_000)).split('\n');
    const total = noStats();
    for (let seed = 1; seed <= 16; seed++) {
      const rnd = seededRandom(seed);
      const lines = base.slice();
      // Lines dropped, doubled, swapped, indented a level deeper, durations stretched, CPUs moved:
      // orphans, unclosed calls, depth gaps, overfull calls and times going back.
      for (let m = 1 + Math.floor(rnd() * 6); m > 0; m--) {
        const i = 1 + Math.floor(rnd() * (lines.length - 2));
        const kind = Math.floor(rnd() * 6);
        if (kind === 0) lines.splice(i, 1);
        else if (kind === 1) lines.splice(i, 0, lines[i]);
        else if (kind === 2) {
          // Two leaves of one CPU at one depth swapped: its time goes back, nothing else does.
          const key = (line: string) => (line.endsWith('();') ? `${/\[\d{3}\]/.exec(line)?.[0]}${/\| +/.exec(line)?.[0]}` : undefined);
          let j = i;
          while (j + 2 < lines.length && (key(lines[j]) === undefined || key(lines[j]) !== key(lines[j + 1]))) j++;
          [lines[j], lines[j + 1]] = [lines[j + 1], lines[j]];
        }
        else if (kind === 3) lines[i] = lines[i].replace('|  ', '|    ');
        else if (kind === 4) lines[i] = lines[i].replace(/(\d+\.\d{3}) us/, (_, d: string) => `${(Number(d) * 50).toFixed(3)} us`);
        else lines[i] = lines[i].replace(/\[00(\d)\]/, (_, c: string) => `[00${(Number(c) + 1) % 3}]`);
      }
      const bytes = new TextEncoder().encode(lines.join('\n'));
      const one = loadBytes(bytes);
      for (let k = 0; k < 3; k++) {
        const cuts = Array.from({ length: 1 + Math.floor(rnd() * 5) }, () => Math.floor(rnd() * bytes.length)).sort((a, b) => a - b);
        const stats = noStats();
        const model = loadInRanges(bytes, cuts, 1 << 16, undefined, k === 1, true, stats);
        expect([seed, cuts, modelDifference(one, model)]).toEqual([seed, cuts, null]);
        total.stitched += stats.stitched;
        total.fellBack += stats.fellBack;
      }
    }
    expect(total.stitched).toBeGreaterThan(0);
    expect(total.fellBack).toBeGreaterThan(0);
  });

  it("leaves each CPU's task as the lines built there leave it, for a drop marker that follows", () => {
    const { entry, exit, leaf } = graphText;
    const lost = 'CPU:0 [LOST 5 EVENTS]';
    // `p` is inside `outer` from before the seam (its lines here are its prefix, replayed);
    // `q` begins at the seam (built). The marker flags the calls open in the task that ran last
    // on CPU 0: `p` after its leaf (taskFor's memo of `p` from before `q`'s lines must not hold),
    // `q` right after its entry (the run leaves CPU 0 to it).
    const afterReplayed = busyTraceThen(
      [['p-501', entry(0, 'outer')], ['p-501', entry(1, 'mid')], ['q-502', entry(0, 'work')], ['q-502', exit(0, 1)], ['p-501', leaf(2, 'step')], ['', lost], ['p-501', exit(1, 9)], ['p-501', exit(0, 9)]],
      1,
    );
    const afterBuilt = busyTraceThen(
      [['p-501', entry(0, 'outer')], ['p-501', entry(1, 'mid')], ['q-502', entry(0, 'work')], ['', lost], ['q-502', exit(0, 2)], ['p-501', exit(1, 9)], ['p-501', exit(0, 9)]],
      1,
    );
    for (const { bytes, cut } of [afterReplayed, afterBuilt]) {
      const one = loadBytes(bytes);
      expect(one.diagnostics.dropMarkers).toBe(1);
      const { model, stats } = splitLoad(bytes, [cut]);
      expect(modelDifference(one, model)).toBeNull();
      expect(stats).toMatchObject({ stitched: 1, fellBack: 0 });
    }
  });

  it('leaves the last exit to a closing interrupt arrow right after a run of built lines', () => {
    const { entry, exit } = graphText;
    // The arrow ends the speculation; it marks the call of the exit on the line before it,
    // which was built: the stitch hands that exit over as the builder's last.
    const arrow = 'funcgraph_exit:                      |  <==========';
    const { bytes, cut } = busyTraceThen(
      [['q-502', entry(0, 'before')], ['q-502', exit(0, 1)], ['q-502', entry(0, 'work')], ['q-502', exit(0, 2)], ['q-502', arrow], ['q-502', entry(0, 'after')], ['q-502', exit(0, 3)]],
      2,
    );
    const one = loadBytes(bytes);
    expect(one.calls.flags[one.calls.length - 2] & CallFlag.IrqArrow).toBe(CallFlag.IrqArrow);
    const { model, stats } = splitLoad(bytes, [cut]);
    expect(modelDifference(one, model)).toBeNull();
    expect(stats).toMatchObject({ stitched: 1, fellBack: 0 });
  });

  it('names a task as the last of its built lines prints it', () => {
    const { entry, exit } = graphText;
    // trace-cmd prints `<...>` for a pid whose name it did not save; the built lines name it.
    const { bytes, cut } = busyTraceThen(
      [['<...>-502', entry(0, 'before')], ['<...>-502', exit(0, 1)], ['renamed-502', entry(0, 'work')], ['<...>-502', exit(0, 2)]],
      2,
    );
    const one = loadBytes(bytes);
    expect(one.tasks.find((t) => t.pid === 502)?.comm).toBe('renamed');
    const { model, stats } = splitLoad(bytes, [cut]);
    expect(modelDifference(one, model)).toBeNull();
    expect(stats).toMatchObject({ stitched: 1, fellBack: 0 });
  });

  it('builds lines whose record flags say only how they were printed (an address for a name, an odd indent)', () => {
    const { entry, exit, leaf } = graphText;
    const { bytes, cut } = busyTraceThen(
      [['q-502', entry(0, 'before')], ['q-502', exit(0, 1)], ['q-502', entry(0, 'work')], ['q-502', leaf(1, '0xffffffff81234567')], ['q-502', ` ${leaf(1, 'odd')}`], ['q-502', exit(0, 30)]],
      2,
    );
    const one = loadBytes(bytes);
    expect(one.strings.find('0xffffffff81234567')).toBeDefined();
    const { model, stats } = splitLoad(bytes, [cut]);
    expect(modelDifference(one, model)).toBeNull();
    expect(stats).toMatchObject({ stitched: 1, fellBack: 0, built: 4, prefix: 0, tail: 0 });
  });
});
