/**
 * The fuzzer itself: cases are reproducible from (seed, index), and each property check
 * finds the fault it is there for when one is planted in a clean model.
 */
import { describe, expect, it, vi } from 'vitest';
import { Rng } from '../../bench/rng';
import { loadText } from '../../src/test-utils/traces';
import { makeCase, makeDatCase } from './cases';
import { DEFAULT_SCALE, MUTATORS } from './mutators';
import { checkDatErrors, checkDiagnostics, checkLines, checkNesting, checkSelf, checkSelfSum, expectedLines, modelDifference } from './properties';
import { datBytes } from './inputs';
import { SLEEP_LEFT_OUT_NOTE } from '../../src/core/model/sleep-left-out';
import { runCase } from './run-case';
import { checkFirstFlameGraph } from './first-flame-graph';
import { LazyCallTree } from '../../src/core/query/lazy-call-tree';

const line = (t: number, body: string) => `            curl-139   [001]    11.${String(524000 + t).padStart(6, '0')}: ${body}\n`;
/** a() { b(); c(); } — every call timed, nothing repaired. */
const CLEAN =
  'cpus=2\n' +
  line(0, 'funcgraph_entry:                   |  a() {') +
  line(2, 'funcgraph_entry:        1.000 us   |    b();') +
  line(5, 'funcgraph_entry:        2.000 us   |    c();') +
  line(10, 'funcgraph_exit:        10.000 us   |  }');

describe('fuzz cases', () => {
  it('are the same for the same seed and index, and differ between indexes', () => {
    const a = makeCase(42, 3, DEFAULT_SCALE);
    const b = makeCase(42, 3, DEFAULT_SCALE);
    expect(b.bytes).toEqual(a.bytes);
    expect(b.mutations).toEqual(a.mutations);
    expect(b.chunkings).toEqual(a.chunkings);
    expect(makeCase(42, 4, DEFAULT_SCALE).bytes).not.toEqual(a.bytes);
  });

  it('every mutator changes a real trace, the same way for the same seed', () => {
    const text = Buffer.from(makeCase(7, 0, DEFAULT_SCALE).bytes).toString('latin1');
    const small = { nested: 2000, tasks: 2000, longLine: 70_000 };
    for (const m of MUTATORS) {
      const once = m.apply(new Rng(5), text, small);
      expect(once, m.name).not.toBe(text);
      expect(m.apply(new Rng(5), text, small), m.name).toBe(once);
    }
  });

  it('many tasks copied from a line an earlier mutation made 10 MB long stay a string V8 can make', () => {
    const long = line(0, `funcgraph_entry:        0.100 us   |  ${'x'.repeat(10 << 20)}();`);
    const manyTasks = MUTATORS.find((m) => m.name === 'many-tasks')!;
    const out = manyTasks.apply(new Rng(149), long + CLEAN, DEFAULT_SCALE);
    expect(out.length).toBeGreaterThan(CLEAN.length + long.length);
    expect(out.length).toBeLessThanOrEqual(CLEAN.length + long.length + (64 << 20));
  });
});

describe('properties', () => {
  it('hold on a clean trace', async () => {
    const m = loadText(CLEAN);
    const bytes = new TextEncoder().encode(CLEAN);
    expect([...checkLines(m, bytes, false), ...checkSelf(m), ...checkNesting(m), ...checkDiagnostics(m, CLEAN)]).toEqual([]);
    const c = { ...makeCase(1, 0, DEFAULT_SCALE), bytes, chunkings: [[3], [bytes.length]] };
    expect((await runCase(c, { selfSum: true })).failures).toEqual([]);
  });

  it('hold on an input that is no trace: its load fails with the lines read, and keeps no trace to ask', async () => {
    // Seed 20261220, cases 41 and 58: trace.dat headers flipped into text of no format.
    const bytes = new TextEncoder().encode('not a trace\nnor this line\n');
    const c = { ...makeCase(1, 0, DEFAULT_SCALE), bytes, chunkings: [[bytes.length]] };
    expect((await runCase(c, { selfSum: true })).failures).toEqual([]);
  });

  it('count lines as the input has them: a last line without a newline counts', () => {
    expect(expectedLines(new TextEncoder().encode('a\nb'))).toBe(2);
    expect(expectedLines(new TextEncoder().encode('a\nb\n'))).toBe(2);
    expect(expectedLines(new Uint8Array(0))).toBe(0);
    const m = loadText(CLEAN);
    expect(checkLines(m, new TextEncoder().encode(CLEAN + 'x\n'), false).map((f) => f.property)).toContain('lines');
  });

  it('find a self time below 0 or above the total', () => {
    const m = loadText(CLEAN);
    m.calls.self[0] = -1;
    m.calls.self[1] = m.calls.duration[1] + 1;
    expect(checkSelf(m).filter((f) => f.property === 'self')).toHaveLength(2);
  });

  it('find self times that do not add up to the outermost timed calls, a timed call under an untimed one being outermost', () => {
    const m = loadText(CLEAN);
    expect(checkSelfSum(m)).toEqual([]);
    m.calls.self[1] += 5;
    expect(checkSelfSum(m).map((f) => f.property)).toEqual(['self-sum']);
    // An exit line without a duration closing a timed call read before it (fuzz seed 700, case 117).
    const untimed = loadText(' 1)   1.914 us    |                  __build_skb_around();\n 1)               }\n');
    expect(untimed.calls.length).toBe(2);
    expect(checkSelfSum(untimed)).toEqual([]);
  });

  it('find a first flame graph that is not the whole tree\'s', () => {
    const m = loadText(CLEAN);
    expect(checkFirstFlameGraph(m)).toEqual([]);
    // A lazy tree whose call counts are off.
    const off = vi.spyOn(LazyCallTree.prototype, 'callsOf').mockReturnValue(-1);
    try {
      const failures = checkFirstFlameGraph(m);
      expect(failures.map((f) => f.property)).toContain('first-flame-graph');
      expect(failures[0].message).toMatch(/lazy tree\)\.calls/);
    } finally {
      off.mockRestore();
    }
  });

  it('find a child outside its parent, unless a repair flag says why', () => {
    const m = loadText(CLEAN);
    m.calls.start[2] += 20_000;
    expect(checkNesting(m)).toHaveLength(1);
    m.calls.flags[2] |= 1; // Orphan
    expect(checkNesting(m)).toEqual([]);
  });

  it('find two models that differ in one value', () => {
    const a = loadText(CLEAN);
    const b = loadText(CLEAN);
    expect(modelDifference(a, b)).toBeNull();
    b.calls.duration[1] = 999;
    expect(modelDifference(a, b)).toMatch(/calls\.duration\[1\]/);
  });

  it('take markup from the input as data, and flag markup the engine would have made', () => {
    const hostile = CLEAN.replace('c();', '<img src=x onerror=alert(1)>();') + 'garbage <b>\n';
    const m = loadText(hostile);
    expect(checkDiagnostics(m, hostile)).toEqual([]);
    // A name from the input in a message's own words (seed 1042818212, case 436: a depth gap's "NAME's").
    m.diagnostics.items.push({ line: 1, kind: 'depth-gap', message: "<img src=x onerror=alert(1)>'s entry is missing; (<img src=x onerror=alert(1)>), <img", call: -1 });
    expect(checkDiagnostics(m, hostile)).toEqual([]);
    // A line quoted as the parsers read it: its colour codes out (seed 20261213, case 808: a
    // word of binary text and `<k` around an ESC [ [ the quote left out).
    const coloured = `${hostile}x\x1b[1m<k\tnot a trace line\n`;
    const c = loadText(coloured);
    expect(c.diagnostics.items.some((it) => it.text?.includes('x<k'))).toBe(true);
    expect(checkDiagnostics(c, coloured)).toEqual([]);
    m.diagnostics.items.push({ line: 1, kind: 'unparsed', message: 'made <b>bold</b> by the engine', call: -1 });
    m.diagnostics.items.push({ line: 1, kind: 'unparsed', message: 'escaped &lt;img&gt;', call: -1 });
    expect(checkDiagnostics(m, hostile).map((f) => f.message)).toEqual([
      expect.stringContaining('<b>bold</b>'),
      expect.stringContaining('&lt;img&gt;'),
    ]);
  });

  it('find a trace.dat error that names no place in the file, or a place past its end it did not name', () => {
    const m = loadText(CLEAN);
    m.diagnostics.inputErrors.push('trace.dat CPU 1 data at byte 8192: the compressed chunk does not decompress (bad)');
    m.diagnostics.inputErrors.push('trace.dat options section header at byte 976780: needs 16 bytes but the file ends at byte 4000 (truncated)');
    // The model's own note names calls, not bytes: a flipped call time reads as nosleep-time's.
    m.diagnostics.inputErrors.push(`${SLEEP_LEFT_OUT_NOTE}: do_sys_poll lasts 126784869 ns, but …`);
    expect(checkDatErrors(m, 10_000)).toEqual([]);
    m.diagnostics.inputErrors.push('something broke');
    m.diagnostics.inputErrors.push('trace.dat CPU 0 data at byte 20000: bad page');
    expect(checkDatErrors(m, 10_000).map((f) => f.message)).toEqual([expect.stringContaining('names no place'), expect.stringContaining('past the end')]);
  });
});

describe('trace.dat cases', () => {
  it('are reproducible and run through the binary reader', async () => {
    const c = makeDatCase(1, 5, '06-function-stacktrace.dat');
    expect(c.binary).toBe(true);
    expect(makeDatCase(1, 5, '06-function-stacktrace.dat').bytes).toEqual(c.bytes);
    expect(c.mutations.every((m) => m.startsWith('dat: '))).toBe(true);
    const r = await runCase({ ...c, mutations: [], bytes: datBytes(c.origin), serviceChunks: null, serviceGzip: 1 }, { selfSum: false });
    expect(r.failures.filter((f) => f.property !== 'self' && f.property !== 'nesting')).toEqual([]);
  }, 60_000);
});
