/**
 * A trace recorded with nosleep-time: a call's duration leaves out the time its task slept
 * (its call time moved on by it), so its interval does not hold the children it called.
 * They stay its children, the durations stay the kernel's, and the model says why.
 */
import { describe, expect, it } from 'vitest';
import { loadInRanges } from '../parallel/load-ranges';
import { loadTraceDat } from '../trace-dat/load-trace-dat';
import { memorySource } from '../trace-dat/source';
import { loadText } from '../../test-utils/traces';
import { modelDifference } from '../../test-utils/model-difference';
import { writeTraceDat, type PageItem } from '../../test-utils/trace-dat-writer';
import type { TraceModel } from './tables';
import { SLEEP_LEFT_OUT_NOTE } from './sleep-left-out';

/**
 * P (depth 0) calls a, then schedule, which sleeps 10 ms (1.000004 to 1.010004 s), then b.
 * With nosleep-time the kernel adds the 10 ms to the call time of P and schedule, the calls
 * open while the task slept: P's record says calltime 1.010000 s, rettime 1.010008 s.
 */
const MS10 = 10_000_000;
const CALLS = {
  P: { depth: 0, call: 1_000_000_000 + MS10, ret: 1_010_008_000 },
  a: { depth: 1, call: 1_000_001_000, ret: 1_000_002_000 },
  schedule: { depth: 1, call: 1_000_003_000 + MS10, ret: 1_010_005_000 },
  b: { depth: 1, call: 1_010_006_000, ret: 1_010_007_000 },
};
/** Record order: [name, entry time] for an entry, [name] for its exit. */
const ORDER: [keyof typeof CALLS, number?][] = [['P', 1_000_000_000], ['a', 1_000_001_000], ['a'], ['schedule', 1_000_003_000], ['schedule'], ['b', 1_010_006_000], ['b'], ['P']];

const PREFIX = '            curl-139   [001]';
const secs = (ns: number): string => (ns / 1e9).toFixed(6);

/** trace-cmd report -R: entries and exits with the kernel's calltime and rettime. */
function rawReport(): string {
  const lines = ['cpus=2'];
  for (const [name, at] of ORDER) {
    const c = CALLS[name];
    if (at !== undefined) lines.push(`${PREFIX}    ${secs(at)}: funcgraph_entry:       func=${name} depth=${c.depth}`);
    else
      lines.push(
        `${PREFIX}    ${secs(c.ret)}: funcgraph_exit:        func=${name} depth=${c.depth} overrun=0 calltime=${c.call.toString(16)} rettime=${c.ret.toString(16)}`,
      );
  }
  return lines.join('\n') + '\n';
}

/** trace-cmd report: leaves folded at their entry times, durations rettime - calltime. */
function prettyReport(): string {
  const us = (name: keyof typeof CALLS): string => ((CALLS[name].ret - CALLS[name].call) / 1000).toFixed(3).padStart(8);
  const indent = (name: keyof typeof CALLS): string => '  '.repeat(CALLS[name].depth + 1);
  const entered = (name: keyof typeof CALLS): string => secs(ORDER.find(([o, at]) => o === name && at !== undefined)?.[1] ?? NaN);
  const leaves = (['a', 'schedule', 'b'] as const).map((n) => `${PREFIX}    ${entered(n)}: funcgraph_entry:      ${us(n)} us |${indent(n)}${n}();`);
  const entry = `${PREFIX}    ${entered('P')}: funcgraph_entry:                   |${indent('P')}P() {`;
  const exit = `${PREFIX}    ${secs(CALLS.P.ret)}: funcgraph_exit:       ${us('P')} us |${indent('P')}}`;
  return ['cpus=2', entry, ...leaves, exit].join('\n') + '\n';
}

const FUNCS: Record<keyof typeof CALLS, bigint> = { P: 0xffffffff81000100n, a: 0xffffffff81000200n, schedule: 0xffffffff81000300n, b: 0xffffffff81000400n };

/** The same records in a trace.dat, as trace-cmd record writes them. */
function traceDat(): Uint8Array {
  const items: PageItem[] = ORDER.map(([name, at]) => {
    const c = CALLS[name];
    if (at !== undefined) return { ts: at, event: { kind: 'entry', pid: 139, func: FUNCS[name], depth: c.depth } };
    return { ts: c.ret, event: { kind: 'exit', pid: 139, func: FUNCS[name], depth: c.depth, calltime: c.call, rettime: c.ret } };
  });
  return writeTraceDat({
    version: 7,
    kallsyms: Object.entries(FUNCS)
      .map(([name, addr]) => `${addr.toString(16)} T ${name}\n`)
      .join(''),
    cmdlines: '139 curl\n',
    cpus: [
      { cpu: 0, pages: [] },
      { cpu: 1, pages: [{ ts: 1e9, items }] },
    ],
  });
}

/** `name parent-name duration` per call. */
function calls(m: TraceModel): string[] {
  const name = (i: number): string => (i < 0 ? '-' : m.strings.get(m.calls.func[i]));
  return [...Array(m.calls.length).keys()].map((i) => `${name(i)} ${name(m.calls.parent[i])} ${m.calls.duration[i]}`).sort();
}

const EXPECTED = ['P - 8000', 'a P 1000', 'b P 1000', 'schedule P 2000'];

function expectSaid(m: TraceModel): void {
  const notes = m.diagnostics.inputErrors.filter((e) => e.startsWith(SLEEP_LEFT_OUT_NOTE));
  expect(notes).toHaveLength(1);
  expect(notes[0]).toMatch(/nosleep-time/);
  expect(m.diagnostics.depthGaps).toBe(0);
  expect(m.diagnostics.items.filter((i) => i.kind === 'depth-gap')).toEqual([]);
}

describe('a trace recorded with nosleep-time', () => {
  it('-R: P keeps a, called before its recorded call time, and says why', () => {
    const m = loadText(rawReport());
    expect(calls(m)).toEqual(EXPECTED);
    expectSaid(m);
    expect(m.diagnostics.inputErrors.find((e) => e.startsWith(SLEEP_LEFT_OUT_NOTE))).toMatch(/^[^.]*P lasts 8000 ns, but its recorded call time is 9999000 ns after that of a/);
    // The kernel's numbers are kept: P's call time and duration, its self time what its children leave.
    const p = m.calls.parent.indexOf(-1);
    expect([m.calls.start[p], m.calls.duration[p], m.calls.self[p]]).toEqual([CALLS.P.call, 8000, 4000]);
  });

  it('trace-cmd report (printed entry times, which lines missing from the text make look the same): the diagnostic of b names both causes', () => {
    const m = loadText(prettyReport());
    expect(m.diagnostics.inputErrors).toEqual([]);
    expect(m.diagnostics.items.filter((i) => i.kind === 'depth-gap').map((i) => i.message)).toEqual([
      'b (1000 ns) is not inside P (8000 ns): it was entered after its parent returned (lines missing from the trace, or durations that leave out the time the task slept: the nosleep-time option); counted under its task',
    ]);
  });

  it('trace.dat: the same', async () => {
    const m = await loadTraceDat(memorySource(traceDat()));
    expect(calls(m)).toEqual(EXPECTED);
    expectSaid(m);
  });

  it('is the same model read in ranges', () => {
    for (const text of [rawReport(), prettyReport()]) {
      const bytes = new TextEncoder().encode(text);
      for (const cut of [100, 300, 500]) expect(modelDifference(loadText(text), loadInRanges(bytes, [cut], 13, 2))).toBeNull();
    }
  });

  it('says nothing of a trace recorded with sleep-time on (the call time is the entry, the sleep inside)', () => {
    const on = rawReport()
      .replace(`calltime=${CALLS.P.call.toString(16)}`, `calltime=${(CALLS.P.call - MS10).toString(16)}`)
      .replace(`calltime=${CALLS.schedule.call.toString(16)}`, `calltime=${(CALLS.schedule.call - MS10).toString(16)}`);
    const m = loadText(on);
    expect(calls(m)).toEqual(['P - 10008000', 'a P 1000', 'b P 1000', 'schedule P 10002000']);
    expect(m.diagnostics.inputErrors).toEqual([]);
  });
});
