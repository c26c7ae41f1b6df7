/**
 * The loader's shortcuts give the model of the plain way, field by field: an entry and its
 * exit taken as one call (builder.addExactPair, when the exit is the trace's very next
 * record) and names carried as string-table ids, against every record added one by one.
 */
import { describe, expect, it } from 'vitest';
import { TraceBuilder } from '../model/builder';
import type { TraceModel } from '../model/tables';
import { createRecord, RecordKind, type LineRecord } from '../parse/record';
import { datModelRecordByRecord } from '../../test-utils/dat-record-by-record';
import { modelDifference } from '../../test-utils/model-difference';
import { traceBytes } from '../../test-utils/traces';
import { loadTraceDat } from './load-trace-dat';
import { releaseOfUname } from './metadata';
import { readTraceDat } from './read-records';
import { memorySource } from './source';

describe('trace.dat pairs and ids', () => {
  for (const file of ['02-midstream-nc-fgraph.dat', '03-systemwide-sched-irq.dat']) {
    it(`${file}: the loader's model is the record-by-record one`, async () => {
      const bytes = traceBytes(file);
      const plain = await datModelRecordByRecord(bytes);
      const fast = await loadTraceDat(memorySource(bytes));
      expect(modelDifference(fast, plain)).toBeNull();
    });
  }

  it('02: most calls are taken as pairs (the shortcut is used)', async () => {
    const builder = new TraceBuilder();
    let line = 0;
    let pairs = 0;
    await readTraceDat(memorySource(traceBytes('02-midstream-nc-fgraph.dat')), {
      record: (r) => builder.add(r, ++line),
      error: () => undefined,
      strings: builder.strings,
      pair: (entry, exit) => {
        if (!builder.addExactPair(entry, exit, line + 1)) return false;
        line += 2;
        pairs++;
        return true;
      },
    });
    const calls = builder.finish('trace-cmd-dat').calls.length;
    // 17,408 of its 30,075 calls are an entry right before its exit; the builder takes
    // 12,972 of them (the others sit in a stack the mid-stream start left with gaps).
    expect(pairs).toBeGreaterThan(calls / 3);
  });
});

describe('trace.dat fast lane', () => {
  it('03 (several CPUs, sched and irq events between the calls): nearly every graph record is taken as numbers, and the model is the record-by-record one', async () => {
    const bytes = traceBytes('03-systemwide-sched-irq.dat');
    const builder = new TraceBuilder();
    let line = 0;
    let lane = 0;
    const { meta } = await readTraceDat(memorySource(bytes), {
      record: (r) => builder.add(r, ++line),
      error: (message) => builder.addInputError(message, line),
      strings: builder.strings,
      graph: (g) => {
        if (!builder.addGraphRecord(g, line + 1)) return false;
        line++;
        lane++;
        return true;
      },
    });
    builder.cpuCount = meta.cpuCount;
    builder.kernelRelease = releaseOfUname(meta.uname);
    const model = builder.finish('trace-cmd-dat');
    expect(modelDifference(model, await datModelRecordByRecord(bytes))).toBeNull();
    // Two graph records per call; the first of each function and the repairs go the slow way.
    expect(lane).toBeGreaterThan(model.calls.length);
  });
});

function graph(kind: RecordKind, name: string, depth: number, ts: number, callTime = Number.NaN, dur = Number.NaN): LineRecord {
  const r = createRecord();
  r.kind = kind;
  r.name = name;
  r.depth = depth;
  r.tsNs = ts;
  r.pid = 7;
  r.comm = 'task';
  r.cpu = 0;
  r.callTimeNs = callTime;
  r.durNs = dur;
  return r;
}

/** The records as pairs where the builder takes them, else one by one. */
function build(records: LineRecord[], paired: boolean): { model: TraceModel; pairs: number } {
  const b = new TraceBuilder();
  let pairs = 0;
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    const next = records[i + 1];
    if (paired && next && b.addExactPair(r, next, i + 1)) {
      pairs++;
      i++;
      continue;
    }
    b.add(r, i + 1);
  }
  return { model: b.finish('trace-cmd-dat'), pairs };
}

describe('TraceBuilder.addExactPair', () => {
  it('a plain leaf is one call, the model of its two records', () => {
    const records = [
      graph(RecordKind.Entry, 'outer', 0, 1000),
      graph(RecordKind.Entry, 'leaf', 1, 1100),
      graph(RecordKind.Exit, 'leaf', 1, 1180, 1090, 85),
      graph(RecordKind.Exit, 'outer', 0, 1300, 995, 300),
    ];
    const paired = build(records, true);
    expect(paired.pairs).toBe(1);
    expect(modelDifference(paired.model, build(records, false).model)).toBeNull();
  });

  it('refuses what needs a repair (a depth gap, a frame to close, a time going back) and changes nothing', () => {
    const records = [
      graph(RecordKind.Entry, 'outer', 0, 1000),
      // depth 2 under a depth-0 call: a gap
      graph(RecordKind.Entry, 'deep', 2, 1100),
      graph(RecordKind.Exit, 'deep', 2, 1150, 1100, 40),
      // depth 0 again while outer is open: closes it
      graph(RecordKind.Entry, 'next', 0, 1200),
      graph(RecordKind.Exit, 'next', 0, 1250, 1200, 45),
      // an entry before the CPU's last time
      graph(RecordKind.Entry, 'back', 0, 900),
      graph(RecordKind.Exit, 'back', 0, 1300, 900, 20),
    ];
    const paired = build(records, true);
    expect(paired.pairs).toBe(0);
    expect(modelDifference(paired.model, build(records, false).model)).toBeNull();
    expect(paired.model.diagnostics.depthGaps + paired.model.diagnostics.unclosedCalls + paired.model.diagnostics.timeBackwards).toBeGreaterThan(0);
  });
});
