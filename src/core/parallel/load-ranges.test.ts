/**
 * The range-parallel load is exact: the model built from 2, 3, 7 and 16 ranges equals the
 * one-pass model in every field, on every real text trace and on generated traces with the
 * seams in the worst places; both with later ranges building their own calls (the CLI's split
 * build) and with the join replaying what they parsed (the app's pool, gzip pieces).
 */
import { describe, expect, it } from 'vitest';
import { loadInRanges, type RangeLoadStats } from './load-ranges';
import { modelDifference } from '../../test-utils/model-difference';
import { awkwardLineTexts, fuzzedCuts, seededRandom, traceCmdSeamTrace, tracefsSeamTrace } from '../../test-utils/seam-traces';
import { loadBytes, traceBytes, traceManifest } from '../../test-utils/traces';

const TEXT_TRACES = traceManifest()
  .files.map((f) => f.file)
  .filter((f) => !f.endsWith('.dat') && !f.endsWith('.dat.gz'));

/** Above this, a trace is checked on its first bytes (cut at a line end): seams matter, not length. */
const WHOLE_UP_TO = 2 << 20;

describe('ranges of the real traces', () => {
  for (const name of TEXT_TRACES) {
    it(`${name}: 2, 3, 7 and 16 ranges give the one-pass model`, () => {
      const all = traceBytes(name);
      const bytes = all.length <= WHOLE_UP_TO ? all : all.subarray(0, all.indexOf(10, WHOLE_UP_TO) + 1);
      const one = loadBytes(bytes);
      for (const n of [2, 3, 7, 16]) {
        const direct = n === 3; // the first range straight into the builder, as the CLI's main thread reads it
        // Later ranges build their own calls (the CLI's split build) or only parse, replayed by the join (the app's pool).
        const split = n !== 7;
        expect([name, n, modelDifference(one, loadInRanges(bytes, n, 1 << 20, undefined, direct, split))]).toEqual([name, n, null]);
      }
    });
  }

  it('the whole seed trace (36 MB) in 7 ranges gives the one-pass model', () => {
    const bytes = traceBytes('01-seed-curl-fgraph.report.txt.gz');
    expect(modelDifference(loadBytes(bytes), loadInRanges(bytes, 7))).toBeNull();
  }, 60_000);
});

const GENERATED = [
  { name: 'trace-cmd report', make: (seed: number) => traceCmdSeamTrace(seed) },
  { name: 'kernel function_graph text', make: (seed: number) => tracefsSeamTrace(seed) },
];

describe('ranges of generated traces, seams in the worst places', () => {
  for (const { name, make } of GENERATED) {
    it(`${name}: a seam at, just after and just before every hard place gives the one-pass model`, () => {
      const { bytes, spots } = make(1);
      const one = loadBytes(bytes);
      expect(one.diagnostics.unparsedLines).toBeGreaterThan(0); // the hard places are there
      const kinds = new Set(spots.map((s) => s.what));
      expect(kinds.size).toBeGreaterThanOrEqual(8);
      // A few of each kind keep the run short; the fuzzed test below reaches the rest.
      const perKind = new Map<string, number>();
      const chosen = spots.filter((s) => {
        const n = perKind.get(s.what) ?? 0;
        perKind.set(s.what, n + 1);
        return n < 5;
      });
      for (const { what, offset } of chosen) {
        for (const cut of [offset - 1, offset, offset + 1]) {
          // Small chunks and batches: a cut line is carried across pushes, strings across batches.
          expect([what, cut, modelDifference(one, loadInRanges(bytes, [cut], 13, 7))]).toEqual([what, cut, null]);
        }
      }
    });

    it(`${name}: fuzzed seams (2, 3, 7 and 16 ranges, seeded) give the one-pass model`, () => {
      const rnd = seededRandom(2026);
      for (let seed = 1; seed <= 6; seed++) {
        const trace = make(seed);
        const { bytes } = trace;
        const one = loadBytes(bytes);
        for (const n of [2, 3, 7, 16]) {
          const cuts = fuzzedCuts(rnd, trace, n - 1);
          const chunk = [5, 64, 4096, 1 << 20][Math.floor(rnd() * 4)];
          const rows = [1, 3, 100, 1 << 16][Math.floor(rnd() * 4)];
          // Half the time the first range goes straight into the builder, as the CLI's main thread reads it.
          const direct = rnd() < 0.5;
          // Half the time later ranges only parse and the join replays them (the app's pool), else they build their own calls (the CLI's).
          const split = rnd() < 0.5;
          expect([seed, cuts, direct, split, modelDifference(one, loadInRanges(bytes, cuts, chunk, rows, direct, split))]).toEqual([seed, cuts, direct, split, null]);
        }
      }
    });
  }

  it('CRLF line ends, no line end at the end, and text in no known format: fuzzed seams give the one-pass model', () => {
    const rnd = seededRandom(13);
    const texts = awkwardLineTexts();
    const [crlf, , unknown] = texts;
    for (const bytes of texts) {
      const one = loadBytes(bytes);
      for (const n of [2, 3, 7, 16]) {
        const cuts = Array.from({ length: n - 1 }, () => Math.floor(rnd() * bytes.length)).sort((a, b) => a - b);
        const split = n % 2 === 0;
        expect([n, cuts, modelDifference(one, loadInRanges(bytes, cuts, 4096, 50, false, split))]).toEqual([n, cuts, null]);
      }
    }
    expect(loadBytes(unknown).format).toBe('unknown');
    expect(loadBytes(crlf).diagnostics.unparsedLines).toBe(loadBytes(traceCmdSeamTrace(3).bytes).diagnostics.unparsedLines);
  });

  it('messages over several lines (trace-cmd report, the function tracer): a cut at any line gives the one-pass model', () => {
    const message = ['step 3 | { }', '', 'done: [001] 1.5: x'];
    const texts = [
      [
        'cpus=2',
        '            curl-139   [001]    11.000000: funcgraph_entry:                   |  vfs_write() {',
        '            curl-139   [001]    11.000001: print:                tracing_mark_write: phase 2',
        ...message,
        '            curl-139   [001]    11.000002: funcgraph_exit:         5.000 us   |  }',
        'not a trace line',
      ],
      [
        '# tracer: function',
        '            bash-1022    [000] .....   873.104542: tracing_mark_write: phase 2',
        ...message,
        '            bash-1022    [000] .....   873.104545: vfs_read <-ksys_read',
        'not a trace line',
      ],
    ];
    for (const lines of texts) {
      const bytes = new TextEncoder().encode(lines.join('\n') + '\n');
      const one = loadBytes(bytes);
      expect([one.events.text[0].split('\n').length, one.diagnostics.unparsedLines]).toEqual([4, 1]);
      for (let cut = 0; cut < bytes.length; cut++) {
        if (cut > 0 && bytes[cut - 1] !== 10) continue;
        for (const at of [cut - 1, cut, cut + 1]) expect([at, modelDifference(one, loadInRanges(bytes, [at], 7, 3))]).toEqual([at, null]);
      }
    }
  });

  it('the generated traces hold what their seams are tested on', () => {
    const tc = loadBytes(traceCmdSeamTrace(1).bytes);
    const k = loadBytes(tracefsSeamTrace(1).bytes);
    for (const m of [tc, k]) {
      expect(m.diagnostics.dropMarkers).toBeGreaterThan(0);
      expect(m.diagnostics.unclosedCalls).toBeGreaterThan(0);
      expect(Math.max(...m.tasks.map((t) => t.maxDepth))).toBeGreaterThan(8);
    }
    expect(tc.strings.strings).toContain('caf\u00e9_\u00df_lookup');
    expect(tc.diagnostics.items.some((it) => it.kind === 'unparsed' && it.message.includes('a line of more than'))).toBe(true);
    expect(k.tasks.map((t) => t.comm)).toContain('sh\u00e9ll');
    expect(k.kernelRelease).toMatch(/^6\.1\.\d+-amd64$/);
  });
});

describe('shared rows (the CLI: a later range built into the memory the joined table is on)', () => {
  /** Guesses of a range's rows: about right, too few (every table outgrows its region), too many (wide gaps). */
  const GUESSES = [
    { what: 'about right', factor: 1, slackRows: 64 },
    { what: 'too few', factor: 0.3, slackRows: 0 },
    { what: 'too many', factor: 4, slackRows: 4096 },
  ];

  it('the real traces in 2, 3, 7 and 16 ranges give the one-pass model, rows moved in place or copied', () => {
    let movedAll = 0;
    let keptShared = 0;
    for (const name of TEXT_TRACES) {
      const all = traceBytes(name);
      const bytes = all.length <= WHOLE_UP_TO ? all : all.subarray(0, all.indexOf(10, WHOLE_UP_TO) + 1);
      const one = loadBytes(bytes);
      const truth = one.calls.length / bytes.length;
      for (const n of [2, 3, 7, 16]) {
        for (const { what, factor, slackRows } of GUESSES) {
          const stats = { stitched: 0, fellBack: 0, built: 0, prefix: 0, tail: 0 } as RangeLoadStats;
          const model = loadInRanges(bytes, n, 1 << 16, undefined, n !== 3, true, stats, { rowsPerByte: truth * factor, slackRows });
          expect([name, n, what, modelDifference(one, model)]).toEqual([name, n, what, null]);
          movedAll += stats.moved ?? 0;
          if (model.calls.func.buffer instanceof SharedArrayBuffer) keptShared++;
        }
      }
    }
    // The in-place path ran, and tables stayed on the shared rows to the end.
    expect(movedAll).toBeGreaterThan(10_000);
    expect(keptShared).toBeGreaterThan(0);
  });

  it('fuzzed cuts, chunks and guesses on a real trace give the one-pass model', () => {
    const rnd = seededRandom(77);
    const name = TEXT_TRACES.find((f) => f.startsWith('02-'))!;
    const all = traceBytes(name);
    const bytes = all.subarray(0, all.indexOf(10, 1 << 20) + 1);
    const one = loadBytes(bytes);
    const truth = one.calls.length / bytes.length;
    let moved = 0;
    for (let round = 0; round < 12; round++) {
      const n = [2, 3, 7, 16][round % 4];
      const cuts = Array.from({ length: n - 1 }, () => Math.floor(rnd() * bytes.length)).sort((a, b) => a - b);
      const chunk = [5, 64, 4096, 1 << 20][Math.floor(rnd() * 4)];
      const rows = [1, 3, 100, 1 << 16][Math.floor(rnd() * 4)];
      const direct = rnd() < 0.5;
      const guess = { rowsPerByte: truth * (0.2 + rnd() * 2), slackRows: Math.floor(rnd() * 64) };
      const stats = { stitched: 0, fellBack: 0, built: 0, prefix: 0, tail: 0 } as RangeLoadStats;
      const model = loadInRanges(bytes, cuts, chunk, rows, direct, true, stats, guess);
      expect([round, cuts, guess, modelDifference(one, model)]).toEqual([round, cuts, guess, null]);
      moved += stats.moved ?? 0;
    }
    expect(moved).toBeGreaterThan(0);
  });
});
