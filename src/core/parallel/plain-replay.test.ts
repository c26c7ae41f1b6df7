/**
 * The join's plain lane: a replayed row without rare fields is offered to
 * TraceBuilder.addPlain first (RecordBatchReader.replay's `plain`), and only the rows it
 * refuses go through `add`. The model is the one `add` alone makes, on every real text
 * trace and on the seam traces; the lane takes most rows of a sound trace, refuses every
 * line that needs a rule of its own, and leaves each record it takes as it was (the reader
 * fills the next row over it without a reset). The byte fast path's records, which have no
 * rare field either, are offered to it too: in the one-pass loader and in the join's own range.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TraceLoader } from '../load';
import { TraceBuilder } from '../model/builder';
import type { TraceModel } from '../model/tables';
import { createRecord, RecordFlag, RecordKind, sameRecord, type LineRecord } from '../parse/record';
import { modelDifference } from '../../test-utils/model-difference';
import { traceCmdSeamTrace, tracefsSeamTrace } from '../../test-utils/seam-traces';
import { traceBytes, traceManifest } from '../../test-utils/traces';
import { PLAN_HEAD_BYTES, planRanges } from './plan';
import { loadInRanges, parseRange } from './load-ranges';
import { RecordBatchReader } from './record-batch';

const TEXT_TRACES = traceManifest()
  .files.map((f) => f.file)
  .filter((f) => !f.endsWith('.dat') && !f.endsWith('.dat.gz'));

/** Above this, a trace is checked on its first bytes (cut at a line end), as load-ranges.test.ts does. */
const WHOLE_UP_TO = 2 << 20;

/** The model of `bytes` parsed into batches and replayed through one builder, with or without the plain lane. */
function replayed(bytes: Uint8Array, lane: boolean): { model: TraceModel; rows: number; plain: number; changed: number } {
  const plan = planRanges(bytes.subarray(0, PLAN_HEAD_BYTES), bytes.length, 1);
  if (!plan) throw new Error('not a text the range parse reads');
  // Small batches: the reader's record is carried across them.
  const { batches } = parseRange(bytes, plan, 0, 1 << 20, 4096);
  const builder = new TraceBuilder();
  const reader = new RecordBatchReader(builder.strings);
  let line = 0;
  let plain = 0;
  let changed = 0;
  const before = createRecord();
  const offer = (r: LineRecord) => {
    Object.assign(before, r);
    const took = builder.addPlain(r, line + 1);
    if (!sameRecord(before, r)) changed++;
    if (took) {
      line++;
      plain++;
    }
    return took;
  };
  for (const b of batches) reader.replay(b, (r) => builder.add(r, ++line), lane ? offer : undefined);
  return { model: builder.finish(plan.format), rows: line, plain, changed };
}

describe('the plain lane of the replay', () => {
  for (const name of TEXT_TRACES) {
    it(`${name}: gives the model of add alone, and changes no record it is offered`, () => {
      const all = traceBytes(name);
      const bytes = all.length <= WHOLE_UP_TO ? all : all.subarray(0, all.indexOf(10, WHOLE_UP_TO) + 1);
      const lane = replayed(bytes, true);
      expect([name, modelDifference(lane.model, replayed(bytes, false).model)]).toEqual([name, null]);
      expect(lane.changed).toBe(0);
    });
  }

  it('takes most rows of a sound trace (the seed report)', () => {
    const all = traceBytes('01-seed-curl-fgraph.report.txt.gz');
    const { rows, plain } = replayed(all.subarray(0, all.indexOf(10, WHOLE_UP_TO) + 1), true);
    expect(plain).toBeGreaterThan(rows * 0.8);
  });

  // The kernel's text keeps interrupt arrows open, where the lane steps aside: only the report's must see it used.
  for (const [name, make, used] of [
    ['trace-cmd report', traceCmdSeamTrace, true],
    ['kernel function_graph text', tracefsSeamTrace, false],
  ] as const) {
    it(`${name} with every hard place (seam traces): gives the model of add alone`, () => {
      for (const seed of [1, 2, 3]) {
        const { bytes } = make(seed);
        const lane = replayed(bytes, true);
        expect([seed, modelDifference(lane.model, replayed(bytes, false).model)]).toEqual([seed, null]);
        expect(lane.changed).toBe(0);
        if (used) expect(lane.plain).toBeGreaterThan(0);
      }
    });
  }
});

function line(kind: RecordKind, depth: number, ts: number, dur = Number.NaN, name = ''): LineRecord {
  const r = createRecord();
  r.kind = kind;
  r.name = name;
  r.depth = depth;
  r.tsNs = ts;
  r.durNs = dur;
  r.pid = 7;
  r.comm = 'task';
  r.cpu = 0;
  return r;
}

/** The records through addPlain first where `lane`, else through add alone. */
function build(records: readonly LineRecord[], lane: boolean): { model: TraceModel; plain: number } {
  const b = new TraceBuilder();
  let plain = 0;
  records.forEach((record, i) => {
    const r = { ...record };
    if (lane && b.addPlain(r, i + 1)) plain++;
    else b.add(r, i + 1);
  });
  return { model: b.finish('trace-cmd-report'), plain };
}

describe('TraceBuilder.addPlain', () => {
  it('takes entries, leaves and unnamed exits that need no rule, with the model add makes', () => {
    const records = [
      line(RecordKind.Entry, 0, 1000, Number.NaN, 'outer'),
      line(RecordKind.Leaf, 1, 1100, 80, 'leaf'),
      { ...line(RecordKind.Entry, 1, 1200, Number.NaN, 'inner'), flagsText: 'dNh1.' },
      { ...line(RecordKind.Exit, 1, 1300, 95), flags: RecordFlag.RawTime },
      line(RecordKind.Exit, 0, 1400, 400),
    ];
    const lane = build(records, true);
    expect(lane.plain).toBe(records.length);
    expect(modelDifference(lane.model, build(records, false).model)).toBeNull();
  });

  it("finds each line's task as add does when CPUs take turns, a task moves CPU and a comm changes (its memo per CPU)", () => {
    const on = (cpu: number, pid: number, comm: string, r: LineRecord) => ({ ...r, cpu, pid, comm });
    const records = [
      on(0, 7, 'a', line(RecordKind.Entry, 0, 1000, Number.NaN, 'f')),
      on(1, 8, 'b', line(RecordKind.Entry, 0, 1001, Number.NaN, 'g')),
      on(0, 7, 'a', line(RecordKind.Leaf, 1, 1002, 1, 'h')),
      on(1, 8, 'b', line(RecordKind.Leaf, 1, 1003, 1, 'h')),
      on(1, 7, 'a', line(RecordKind.Leaf, 1, 1004, 1, 'h')), // 7 moves to CPU 1
      on(0, 8, 'b', line(RecordKind.Leaf, 1, 1005, 1, 'h')), // and 8 to CPU 0
      on(1, 7, 'a2', line(RecordKind.Leaf, 1, 1006, 1, 'h')), // 7 renamed itself
      on(1, 7, '<...>', line(RecordKind.Leaf, 1, 1007, 1, 'h')), // a name trace-cmd did not know
      on(0, 7, 'a2', line(RecordKind.Exit, 0, 1008, 8)),
      on(0, 8, 'b', line(RecordKind.Exit, 0, 1009, 8)),
    ];
    const lane = build(records, true);
    expect(lane.plain).toBe(records.length);
    expect(modelDifference(lane.model, build(records, false).model)).toBeNull();
    expect(lane.model.tasks.map((t) => [t.pid, t.comm, t.cpus])).toEqual([
      [7, 'a2', [0, 1]],
      [8, 'b', [0, 1]],
    ]);
  });

  it('refuses every line that needs a rule of its own, and changes nothing add would not change the same way', () => {
    const marker = { ...createRecord(), kind: RecordKind.Meta, instance: 'net' };
    const arrow = { ...line(RecordKind.IrqMarker, -1, 2050), name: '==========>' };
    const records = [
      line(RecordKind.Entry, 0, 1000, Number.NaN, 'outer'),
      line(RecordKind.Entry, 2, 1100, Number.NaN, 'gap'), // a depth gap
      line(RecordKind.Exit, 2, 1150, 40, 'gap'), // a named exit
      line(RecordKind.Entry, 0, 1200, Number.NaN, 'next'), // closes outer as Unclosed
      line(RecordKind.Exit, 1, 1250, 30), // no frame at its depth: an orphan
      // `next` is open at depth 0 from here: a leaf at depth 1 is plain but for its own fault.
      line(RecordKind.Leaf, 1, 900, 20, 'back'), // the CPU's time goes back
      line(RecordKind.Leaf, 1, 1300, Number.NaN, 'untimed'), // no duration
      line(RecordKind.Leaf, 1, 1400, -5, 'before'), // returned before it was called
      line(RecordKind.Leaf, 1, Number.NaN, 5, 'notime'), // no time
      line(RecordKind.Leaf, 1, 2 ** 70, 5, 'late'), // past any clock
      line(RecordKind.Entry, 70_000, 1500, Number.NaN, 'deep'), // deeper than any graph
      { ...line(RecordKind.Leaf, 1, 1600, 5, 'nocpu'), cpu: -1 },
      marker, // the next line's instance is the marker's
      line(RecordKind.Leaf, 1, 1700, 5, 'instanced'),
      arrow, // an interrupt arrow open on the CPU
      line(RecordKind.Leaf, 1, 2100, 5, 'inside'),
    ];
    const lane = build(records, true);
    expect(lane.plain).toBe(1); // outer's entry
    expect(modelDifference(lane.model, build(records, false).model)).toBeNull();
    const d = lane.model.diagnostics;
    expect([d.depthGaps, d.orphanExits, d.timeBackwards, d.unclosedCalls].every((n) => n > 0)).toBe(true);
  });
});

describe("the byte fast path's records", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** How many records `load` had the plain lane take, and how many lines it read. */
  function taken(load: () => TraceModel): { plain: number; lines: number } {
    const spy = vi.spyOn(TraceBuilder.prototype, 'addPlain');
    const model = load();
    const plain = spy.mock.results.filter((r) => r.value === true).length;
    spy.mockRestore();
    return { plain, lines: model.diagnostics.linesRead };
  }

  const all = traceBytes('01-seed-curl-fgraph.report.txt.gz');
  const bytes = all.subarray(0, all.indexOf(10, WHOLE_UP_TO) + 1);

  it('go to the plain lane in the one-pass loader', () => {
    const { plain, lines } = taken(() => {
      const loader = new TraceLoader(bytes.length);
      loader.pushBytes(bytes);
      return loader.finish();
    });
    expect(plain).toBeGreaterThan(lines * 0.8);
  });

  it("go to the plain lane in the join's own range (parsed straight into its builder), as the replayed rows do", () => {
    // One range, parsed where the join builds: no batch is replayed.
    const { plain, lines } = taken(() => loadInRanges(bytes, 1, 1 << 20, undefined, true));
    expect(plain).toBeGreaterThan(lines * 0.8);
  });
});
