/**
 * Compare mode in the service, called directly (no worker): side B loaded beside A by the
 * same read pipeline, each with its own derived data; the compared answers; leaving.
 * Real-pair counts are from the report text (see src/cli/diff.test.ts for the pipelines).
 */
import { ESTABLISHED_DSL, FRESH_CONNECTION_DSL } from '../test-utils/compare-pair';
import { describe, expect, it, vi } from 'vitest';
import { reportFromDsl } from '../test-utils/model-dsl';
import { traceBytes } from '../test-utils/traces';
import type { LoadResult, SideBLoadResult } from './api';
import type { CompareKey, CompareScale, DiffFlameRequest } from './queries/compare';
import { DiffLayoutBase } from './queries/diff-layout';
import { afterQueuedTasks } from './load/build-ahead';
import { AHEAD_AFTER_MS, ONE_SIDED_MIN_WIDTH } from './queries/compare';
import { TraceService } from './trace-service';
import { DerivedData } from './derived/derived-data';
import { CallTreeBuild } from '../core/query/call-tree';
import { runCliInProcess } from '../test-utils/run-cli';

const A_DSL = FRESH_CONNECTION_DSL;
const B_DSL = ESTABLISHED_DSL;

const RAW: CompareKey & CompareScale = { a: {}, b: {}, quantity: 'self', normalisation: { kind: 'raw' } };

function expectLoaded(r: LoadResult | SideBLoadResult): void {
  if (r.kind !== 'loaded') throw new Error(`expected a loaded trace, got ${JSON.stringify(r).slice(0, 300)}`);
}

async function pair(): Promise<TraceService> {
  const s = new TraceService();
  expectLoaded(await s.loadText(reportFromDsl(A_DSL), { name: 'a.txt' }));
  expectLoaded(await s.loadText(reportFromDsl(B_DSL), { name: 'b.txt', side: 'b' }));
  return s;
}

describe('TraceService compare mode', () => {
  it('side B’s load gives its trace in brief without a function table; the same file as A gives A’s facts and its functions', async () => {
    const s = new TraceService();
    const a = await s.loadText(reportFromDsl(A_DSL), { name: 'a.txt' });
    const b = await s.loadText(reportFromDsl(B_DSL), { name: 'b.txt', side: 'b' });
    if (a.kind !== 'loaded' || b.kind !== 'loaded') throw new Error('both sides load');
    expect(a.summary.functionCount).toBeGreaterThan(0);
    expect(b.summary).not.toHaveProperty('functions');
    expect(s.summary('b')).toEqual(b.summary);
    expect(b.summary.calls).toBe(s.derivedB().model.calls.length);
    // The facts are exactly side A’s opening summary’s, but the functions’ count.
    const alone = new TraceService();
    const full = await alone.loadText(reportFromDsl(B_DSL), { name: 'b.txt' });
    if (full.kind !== 'loaded') throw new Error('B loads alone');
    const { functionCount, ...facts } = full.summary;
    expect(functionCount).toBeGreaterThan(0);
    expect(b.summary).toEqual(facts);
  });

  it('side A’s work ahead waits while side B loads, and goes on once B is read', async () => {
    const s = new TraceService();
    expectLoaded(await s.loadText(reportFromDsl(A_DSL), { name: 'a.txt' }));
    // Nothing built ahead yet: the first step is a task after this one.
    const before = s.derived().stats().entries;
    let feed!: ReadableStreamDefaultController<Uint8Array>;
    const loadingB = s.load(new ReadableStream<Uint8Array>({ start: (c) => void (feed = c) }), { name: 'b.txt', side: 'b' });
    for (let k = 0; k < 8; k++) await afterQueuedTasks();
    expect(s.derived().stats().entries).toBe(before);
    feed.enqueue(new TextEncoder().encode(reportFromDsl(B_DSL)));
    feed.close();
    expectLoaded(await loadingB);
    for (let k = 0; k < 8; k++) await afterQueuedTasks();
    // The topology and the tree the comparison merges are kept now (compare mode's plan).
    expect(s.derived().stats().entries).toBeGreaterThan(before);
  });

  it('with a side B, both sides build ahead what the comparison merges, and A its opening views once compare mode is left', async () => {
    const built = vi.spyOn(DerivedData.prototype, 'buildAhead');
    const widths = vi.spyOn(DerivedData.prototype, 'layoutWidths');
    const search = vi.spyOn(DerivedData.prototype, 'prepareSearch');
    const s = new TraceService();
    expectLoaded(await s.loadText(reportFromDsl(A_DSL), { name: 'a.txt' }));
    // B's load starts before A's first step: A's work ahead waits for it.
    expectLoaded(await s.loadText(reportFromDsl(B_DSL), { name: 'b.txt', side: 'b' }));
    const a = s.derived();
    const b = s.derivedB();
    for (let k = 0; k < 12; k++) await afterQueuedTasks();
    // (other tests' services may work ahead meanwhile: only these two sides are looked at)
    const trees = (d: DerivedData) => built.mock.calls.filter((_, q) => built.mock.contexts[q] === d).map(([key]) => key.groupByTask);
    const mine = (spy: typeof widths | typeof search, d: DerivedData) => spy.mock.contexts.filter((c) => c === d).length;
    expect(new Set(trees(a))).toEqual(new Set([false]));
    expect(new Set(trees(b))).toEqual(new Set([false]));
    expect([mine(widths, a), mine(widths, b), mine(search, a), mine(search, b)]).toEqual([0, 0, 0, 0]);
    // The compared answers find the trees made: the first one builds none.
    built.mockClear();
    const buildTree = vi.spyOn(CallTreeBuild.prototype, 'advance');
    s.diffFlameGraph({ ...RAW, layoutBy: 'b', zoomPath: [], minWidth: 0.001 });
    expect(buildTree.mock.contexts.length).toBe(0);
    // Leaving compare mode: A's opening views (one root per task, widths, search) are built ahead.
    s.leaveCompare();
    for (let k = 0; k < 12; k++) await afterQueuedTasks();
    expect(trees(a)).toContain(true);
    expect(mine(widths, a)).toBe(1);
    expect(mine(search, a)).toBe(1);
    expect(await s.fingerprint('a')).toMatch(/^[0-9a-f]{64}$/);
    for (const spy of [built, widths, search, buildTree]) spy.mockRestore();
  });

  it('holds side B beside A, each with its own model and derived data', async () => {
    const s = await pair();
    expect(s.hasSideB()).toBe(true);
    expect(s.derivedB()).not.toBe(s.derived());
    expect(s.summary()!.tasks.map((t) => t.comm)).toEqual(['curl']);
    expect(s.summary('b')!.tasks.map((t) => t.comm)).toEqual(['nc']);
    expect(s.diagnostics(0, 10, 'b').total).toBe(0);
  });

  it('answers the compared functions table, with presence counts and the change', async () => {
    const s = await pair();
    const t = s.comparedFunctions({ ...RAW, quantity: 'total' });
    expect(t.names).toEqual(['connect', 'recvmsg', 'sendmsg', 'sys', 'tcp_v4_connect']);
    expect([...t.presence]).toEqual([1, 2, 3, 3, 1]);
    expect(t.counts).toEqual({ onlyA: 2, onlyB: 1, both: 2 });
    const send = t.names.indexOf('sendmsg');
    expect([t.a.calls[send], t.b.calls[send], t.valueA[send], t.valueB[send], t.delta[send], t.ratio[send]]).toEqual([
      1, 2, 2000, 6000, 4000, 3,
    ]);
    const onlyB = s.comparedFunctions({ ...RAW, rows: { presence: [2] } });
    expect(onlyB.names).toEqual(['recvmsg']);
    expect(onlyB.counts).toEqual(t.counts);
    // Per call of `sys` (A once, B twice): B's sendmsg self is 6 µs / 2.
    const perSys = s.comparedFunctions({ ...RAW, normalisation: { kind: 'perCall', root: 'sys' } });
    expect(perSys.factors).toEqual({ a: 1, b: 0.5, missing: [], perCall: { a: 1, b: 2 } });
    expect(perSys.valueB[perSys.names.indexOf('sendmsg')]).toBe(3000);
  });

  it('counts functions (distinct names) by presence beside the paths: a function in both can have a path on one side only', async () => {
    const s = new TraceService();
    const a = `
t-1 0 0 | sys {
t-1 0 1 |   lock 1
t-1 0 3 |   connect {
t-1 0 4 |     lock 1
t-1 0 6 |   } 3
t-1 0 8 | } 8
`;
    const b = `
u-2 0 0 | sys {
u-2 0 1 |   lock 1
u-2 0 3 | } 3
`;
    expectLoaded(await s.loadText(reportFromDsl(a), { name: 'a.txt' }));
    expectLoaded(await s.loadText(reportFromDsl(b), { name: 'b.txt', side: 'b' }));
    const t = s.comparedTreeLevels(RAW, []);
    // Paths: sys, sys>lock in both; sys>connect, sys>connect>lock only in A.
    expect(t.counts).toEqual({ onlyA: 2, onlyB: 0, both: 2 });
    // Functions: sys and lock in both, connect only in A.
    expect(t.functionCounts).toEqual({ onlyA: 1, onlyB: 0, both: 2 });
  });

  it('answers the compared call tree level by level', async () => {
    const s = await pair();
    const { levels, counts } = s.comparedTreeLevels(RAW, [[], ['sys'], ['sys', 'nope']]);
    expect(counts).toEqual({ onlyA: 2, onlyB: 1, both: 2 });
    expect(levels[0]!.names).toEqual(['sys']);
    expect([...levels[0]!.childCount]).toEqual([3]);
    const sys = levels[1]!;
    expect(sys.names).toEqual(['connect', 'recvmsg', 'sendmsg']);
    expect([...sys.presence]).toEqual([1, 2, 3]);
    expect([...sys.selfA]).toEqual([2000, 0, 2000]);
    expect([...sys.selfB]).toEqual([0, 1000, 6000]);
    expect([...sys.delta]).toEqual([-2000, 1000, 4000]);
    expect(levels[2]).toBeNull();
  });

  it('lays out the differential flame graph by B (a path only in A keeps a minimum width) or by A', async () => {
    const s = await pair();
    const byB = s.diffFlameGraph({ ...RAW, layoutBy: 'b', zoomPath: [], minWidth: 0 });
    const frame = (f: typeof byB, name: string) => {
      const r = [...f.name].findIndex((id) => f.names[id] === name);
      if (r < 0) throw new Error(`${name} is not drawn`);
      return r;
    };
    const root = frame(byB, 'sys');
    expect([byB.x0[root], byB.x1[root], byB.depth[root]]).toEqual([0, 1, 0]);
    const connect = frame(byB, 'connect');
    const width = byB.x1[connect] - byB.x0[connect];
    expect(width).toBeGreaterThan(0);
    // B's root is 12 µs wide and its children fit in it: connect (only in A) gets the floor.
    expect(width).toBeCloseTo(ONE_SIDED_MIN_WIDTH, 9);
    expect(byB.presence[connect]).toBe(1);
    // Inside a one-sided subtree, A's measures scaled to the floor: tcp_v4_connect is 3 of connect's 5 µs.
    const tcp = frame(byB, 'tcp_v4_connect');
    expect(byB.x1[tcp] - byB.x0[tcp]).toBeCloseTo((3 / 5) * width, 9);
    // A root too narrow for minWidth is still sent, the nested one is not.
    const coarse = s.diffFlameGraph({ ...RAW, layoutBy: 'b', zoomPath: [], minWidth: 0.01 });
    expect(coarse.names.includes('connect')).toBe(true);
    expect(coarse.names.includes('tcp_v4_connect')).toBe(false);
    // Zoomed into the one-sided frame: it is the whole width, its child keeps its share.
    const inside = s.diffFlameGraph({ ...RAW, layoutBy: 'b', zoomPath: ['sys', 'connect'], minWidth: 0 });
    expect([inside.x0[0], inside.x1[0]]).toEqual([0, 1]);
    expect(inside.x1[1] - inside.x0[1]).toBeCloseTo(3 / 5, 9);
    expect(byB.delta[frame(byB, 'sendmsg')]).toBe(4000);
    expect(byB.maxAbsDelta).toBe(4000);
    // By A: sendmsg is 2 of A's 10 µs; recvmsg (only in B) gets the floor.
    const byA = s.diffFlameGraph({ ...RAW, layoutBy: 'a', zoomPath: ['sys'], minWidth: 0 });
    expect(byA.zoomFound).toBe(1);
    const send = frame(byA, 'sendmsg');
    expect(byA.x1[send] - byA.x0[send]).toBeCloseTo(2 / 10, 6);
    const recv = frame(byA, 'recvmsg');
    expect(byA.x1[recv] - byA.x0[recv]).toBeCloseTo(ONE_SIDED_MIN_WIDTH, 6);
    // A switch of quantity (self to total) or normalisation keeps the layout, with new values.
    const total = s.diffFlameGraph({ ...RAW, quantity: 'total', layoutBy: 'b', zoomPath: [], minWidth: 0 });
    expect([...total.x0]).toEqual([...byB.x0]);
    expect(total.delta[frame(total, 'sys')]).toBe(12000 - 10000);
    const scaled = s.diffFlameGraph({ ...RAW, normalisation: { kind: 'scaled' }, layoutBy: 'b', zoomPath: [], minWidth: 0 });
    expect([...scaled.x1]).toEqual([...byB.x1]);
    expect(scaled.factors.b).toBeCloseTo(10 / 12, 12);
    // Frames in pre-order: every parent comes before its children.
    for (let r = 0; r < byA.length; r++) expect(byA.parent[r]).toBeLessThan(r);
  });

  it('makes the layouts a switch asks for ahead, after the first answer, so the switch lays out nothing', async () => {
    const s = await pair();
    // The quiet the work ahead waits for is timed by setTimeout, faked here: a loaded
    // machine delays a real timer's callback past AHEAD_AFTER_MS between two questions.
    // The work ahead itself runs in tasks of its own (MessageChannel), which stay real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const made = vi.spyOn(DiffLayoutBase.prototype, 'layout');
      const ask = (o: Partial<DiffFlameRequest>) => s.diffFlameGraph({ ...RAW, layoutBy: 'b', zoomPath: [], minWidth: 0.001, ...o });
      const first = ask({});
      // Layouts made by this comparison (other tests' services may work ahead meanwhile).
      const base = made.mock.contexts[0];
      const mine = () => made.mock.contexts.filter((c) => c === base).length;
      expect(mine()).toBe(1);
      // Not between the first screen's questions: each compared question puts the work ahead off…
      for (let k = 0; k < 5; k++) await afterQueuedTasks();
      // (three quiets of 0.8 × AHEAD_AFTER_MS: well past it since the first answer, never since a question)
      vi.advanceTimersByTime(AHEAD_AFTER_MS * 0.8);
      s.comparedTreeLevels(RAW, []);
      vi.advanceTimersByTime(AHEAD_AFTER_MS * 0.8);
      s.comparedTreeLevels(RAW, []);
      vi.advanceTimersByTime(AHEAD_AFTER_MS * 0.8);
      for (let k = 0; k < 5; k++) await afterQueuedTasks();
      expect(mine()).toBe(1);
      // …until AHEAD_AFTER_MS without one: then the worker's idle tasks make one layout each
      // (by A, and by calls on either side).
      vi.advanceTimersByTime(AHEAD_AFTER_MS);
      for (let k = 0; k < 5; k++) await afterQueuedTasks();
      expect(mine()).toBe(4);
      const switched = [ask({ layoutBy: 'a' }), ask({ quantity: 'calls' }), ask({ quantity: 'calls', layoutBy: 'a' }), ask({ quantity: 'total' })];
      expect(mine()).toBe(4);
      // …and each is the layout asked for (by A: A's widths).
      expect([...switched[0].x1]).not.toEqual([...first.x1]);
      expect(switched[0]).toEqual(s.diffFlameGraph({ ...RAW, layoutBy: 'a', zoomPath: [], minWidth: 0.001 }));
      // Another zoom is laid out when asked, and its switches made ahead in turn.
      ask({ zoomPath: ['sys'] });
      expect(mine()).toBe(5);
      // Leaving compare mode stops the work ahead (the one waiting for quiet too).
      s.leaveCompare();
      vi.advanceTimersByTime(AHEAD_AFTER_MS);
      for (let k = 0; k < 5; k++) await afterQueuedTasks();
      expect(mine()).toBe(5);
      made.mockRestore();
    } finally {
      vi.useRealTimers();
    }
  });

  it('honours the search box and limits the table to what runs under a frame', async () => {
    const s = await pair();
    const searched = s.comparedFunctions({ ...RAW, search: 'MSG' });
    expect(searched.names).toEqual(['recvmsg', 'sendmsg']);
    expect(searched.counts).toEqual({ onlyA: 0, onlyB: 1, both: 1 });
    expect(s.comparedFunctions({ ...RAW, search: '/^s/' }).names).toEqual(['sendmsg', 'sys']);
    // Under sys > connect: connect itself and tcp_v4_connect, with that subtree's figures.
    const under = s.comparedFunctions({ ...RAW, quantity: 'total', under: ['sys', 'connect'] });
    expect(under.underFound).toBe(true);
    expect(under.names).toEqual(['connect', 'tcp_v4_connect']);
    expect([...under.a.total]).toEqual([5000, 3000]);
    expect([...under.presence]).toEqual([1, 1]);
    expect(Number.isNaN(under.a.p50[0])).toBe(true);
    // Under sys: sendmsg is counted on both sides (B's two calls from two sys paths merged).
    const sys = s.comparedFunctions({ ...RAW, quantity: 'calls', under: ['sys'] });
    expect([sys.a.calls[sys.names.indexOf('sendmsg')], sys.b.calls[sys.names.indexOf('sendmsg')]]).toEqual([1, 2]);
    expect(s.comparedFunctions({ ...RAW, under: ['nope'] }).underFound).toBe(false);
    const tree = s.comparedTreeLevels({ ...RAW, search: 'send' }, [['sys']]).levels[0]!;
    expect([...tree.matched]).toEqual([0, 0, 1]);
    const frames = s.diffFlameGraph({ ...RAW, layoutBy: 'b', zoomPath: [], minWidth: 0, search: 'connect' });
    expect(frames.names.filter((_, j) => frames.nameMatched![j] === 1)).toEqual(['connect', 'tcp_v4_connect']);
    expect(s.diffFlameGraph({ ...RAW, layoutBy: 'b', zoomPath: [], minWidth: 0 }).nameMatched).toBeNull();
  });

  it("lists side B's tasks", async () => {
    const s = await pair();
    expect(s.taskList('b').tasks.map((t) => t.comm)).toEqual(['nc']);
    expect(s.taskList().tasks.map((t) => t.comm)).toEqual(['curl']);
  });

  it('compares one trace with itself through two filters, and leaves compare mode with A intact', async () => {
    const s = new TraceService();
    expectLoaded(await s.loadText(reportFromDsl(A_DSL + B_DSL)));
    expect(s.compareWithSame()).toBe(true);
    expect(s.derivedB()).toBe(s.derived());
    const tasks = s.taskList().tasks;
    const curl = tasks.find((t) => t.comm === 'curl')!.id;
    const nc = tasks.find((t) => t.comm === 'nc')!.id;
    const t = s.comparedFunctions({ ...RAW, a: { tasks: [curl] }, b: { tasks: [nc] } });
    expect(t.names).toEqual(['connect', 'recvmsg', 'sendmsg', 'sys', 'tcp_v4_connect']);
    expect([...t.presence]).toEqual([1, 2, 3, 3, 1]);
    s.leaveCompare();
    expect(s.hasSideB()).toBe(false);
    expect(() => s.comparedFunctions(RAW)).toThrow(/no side B/);
    expect(s.summary()!.calls).toBe(9);
  });

  it('a new side A ends compare mode; a side B that is not a trace is not comparable', async () => {
    const s = await pair();
    expectLoaded(await s.loadText(reportFromDsl(A_DSL)));
    expect(s.hasSideB()).toBe(false);
    const r = await s.loadText('hello\nworld\n', { side: 'b' });
    expect(r.kind).toBe('failed');
    expect(s.hasSideB()).toBe(false);
    expect(s.diagnostics(0, 10, 'b').total).toBeGreaterThan(0);
    expect(s.summary()!.tasks.map((t) => t.comm)).toEqual(['curl']);
  });

  it('the real pair: tcp_v4_connect only in the fresh connection, tcp_sendmsg 1 against 54', async () => {
    const s = new TraceService();
    const blob = (name: string) => new Blob([new Uint8Array(traceBytes(name))]);
    expectLoaded(await s.load(blob('01-seed-curl-fgraph.report.txt.gz'), { name: 'seed' }));
    expectLoaded(await s.load(blob('02-midstream-nc-fgraph.report.txt.gz'), { name: 'nc', side: 'b' }));
    const t = s.comparedFunctions({ ...RAW, quantity: 'calls' });
    const row = (name: string) => t.names.indexOf(name);
    expect(t.presence[row('tcp_v4_connect')]).toBe(1);
    expect([t.a.calls[row('tcp_v4_connect')], t.b.calls[row('tcp_v4_connect')]]).toEqual([1, 0]);
    expect([t.a.calls[row('tcp_sendmsg')], t.b.calls[row('tcp_sendmsg')]]).toEqual([1, 54]);
    expect(t.presence[row('tcp_sendmsg')]).toBe(3);
    // Each side's calls are its summary's (the table covers every call in view).
    let callsA = 0;
    let callsB = 0;
    for (let r = 0; r < t.length; r++) {
      callsA += t.a.calls[r];
      callsB += t.b.calls[r];
    }
    expect([callsA, callsB]).toEqual([s.summary()!.calls, s.summary('b')!.calls]);
    const frames = s.diffFlameGraph({ ...RAW, layoutBy: 'b', zoomPath: [], minWidth: 0.001 });
    expect(frames.length).toBeGreaterThan(10);
    const connectPath = s.comparedTreeLevels(RAW, [['x64_sys_call']]).levels[0]!;
    const sysConnect = connectPath.names.indexOf('__x64_sys_connect');
    expect(connectPath.presence[sysConnect]).toBe(1);
  }, 60_000);

  it('the real pair from tcp_sendmsg (Paths from): the paths below it meet on both sides, with cli diff --under tcp_sendmsg\'s figures', async () => {
    const SEED = 'test/traces/01-seed-curl-fgraph.report.txt.gz';
    const NC = 'test/traces/02-midstream-nc-fgraph.report.txt.gz';
    const s = new TraceService();
    const blob = (name: string) => new Blob([new Uint8Array(traceBytes(name))]);
    expectLoaded(await s.load(blob('01-seed-curl-fgraph.report.txt.gz'), { name: 'seed' }));
    expectLoaded(await s.load(blob('02-midstream-nc-fgraph.report.txt.gz'), { name: 'nc', side: 'b' }));
    const from = (name: string): CompareKey & CompareScale => ({ ...RAW, quantity: 'calls', a: { pathsFrom: name }, b: { pathsFrom: name } });
    // From the first frame, curl's tcp_sendmsg (under __x64_sys_sendto) and nc's (under
    // __x64_sys_write > … > sock_write_iter) are on no common path: no root is tcp_sendmsg.
    expect(s.comparedTreeLevels(RAW, [[]]).levels[0]!.names).not.toContain('tcp_sendmsg');
    const key = from('tcp_sendmsg');
    const t = s.comparedTreeLevels(key, [[], ['tcp_sendmsg']]);
    const [roots, below] = t.levels;
    expect(roots!.names).toEqual(['tcp_sendmsg']);
    expect([roots!.presence[0], roots!.callsA[0], roots!.callsB[0]]).toEqual([3, 1, 54]);
    const locked = below!.names.indexOf('tcp_sendmsg_locked');
    expect(below!.presence[locked]).toBe(3);
    // Every figure is the command line's (cli diff --under tcp_sendmsg: calls per function, each side).
    const r = await runCliInProcess('diff', '--under', 'tcp_sendmsg', SEED, NC);
    expect(r.status, r.stderr).toBe(0);
    const cli = JSON.parse(r.stdout) as { a: { calls: number }; b: { calls: number }; functions: { name: string; a: { calls: number; totalNs: number | null }; b: { calls: number; totalNs: number | null } }[] };
    const cliLocked = cli.functions.find((f) => f.name === 'tcp_sendmsg_locked')!;
    expect([below!.callsA[locked], below!.callsB[locked]]).toEqual([cliLocked.a.calls, cliLocked.b.calls]);
    expect([cliLocked.a.calls, cliLocked.b.calls]).toEqual([1, 54]);
    const table = s.comparedFunctions(key);
    expect(table.names).toEqual(cli.functions.map((f) => f.name));
    expect(cli.functions.map((f) => [f.a.calls, f.b.calls, f.a.totalNs, f.b.totalNs])).toEqual(
      cli.functions.map((_, k) => [table.a.calls[k], table.b.calls[k], table.a.total[k], table.b.total[k]]),
    );
    // The legend's counts: functions in both are those the command line finds on both sides.
    expect(t.functionCounts.both).toBe(cli.functions.filter((f) => f.a.calls > 0 && f.b.calls > 0).length);
    expect(t.counts.both).toBeGreaterThan(0);
    const frames = s.diffFlameGraph({ ...key, layoutBy: 'b', zoomPath: [], minWidth: 0.001 });
    expect(frames.names[frames.name[0]]).toBe('tcp_sendmsg');
    expect([...frames.depth].every((d, k) => d > 0 || frames.names[frames.name[k]] === 'tcp_sendmsg')).toBe(true);
    // A function on one side only leaves the other side with no path; one on neither, no path at all.
    const connect = s.comparedTreeLevels(from('tcp_v4_connect'), []);
    expect(connect.counts.onlyA).toBeGreaterThan(0);
    expect([connect.counts.onlyB, connect.counts.both]).toEqual([0, 0]);
    expect(s.comparedTreeLevels(from('no_such_function'), []).counts).toEqual({ onlyA: 0, onlyB: 0, both: 0 });
    // The comparison is keyed by the function: without it, the first frame's paths again.
    expect(s.comparedTreeLevels(RAW, [[]]).levels[0]!.names).not.toContain('tcp_sendmsg');
  }, 120_000);
  it("a side's time that no call of it has is unknown, not 0 ns (a path it lacks is 0): table, tree, flame graph", async () => {
    // A's tracefs trace without durations or timestamps (funcgraph-duration off, as
    // 04-tracefs-nofuncgraph-duration.txt): its calls are counted, their times are not known.
    const UNTIMED = ['# tracer: function_graph', '#', '# CPU  FUNCTION CALLS', '# |     |   |   |   |', ' 0) loop() {', ' 0)   work();', ' 0) }', ''].join('\n');
    const RETURNED = `
b-2 0 0  | loop {
b-2 0 1  |   work 3
b-2 0 5  |   extra 1
b-2 0 10 | } 10
`;
    const s = new TraceService();
    expectLoaded(await s.loadText(UNTIMED, { name: 'a.txt' }));
    expectLoaded(await s.loadText(reportFromDsl(RETURNED), { name: 'b.txt', side: 'b' }));
    const TOTAL: CompareKey & CompareScale = { ...RAW, quantity: 'total' };
    // The compared functions table: loop's A time unknown (was 0 ns, "+10 µs, new in B").
    const t = s.comparedFunctions(TOTAL);
    const loop = t.names.indexOf('loop');
    expect(t.a.calls[loop]).toBe(1);
    expect(t.a.total[loop]).toBeNaN();
    expect(t.a.self[loop]).toBeNaN();
    expect(t.b.total[loop]).toBe(10_000);
    expect([t.valueA[loop], t.delta[loop], t.ratio[loop]].every(Number.isNaN)).toBe(true);
    // extra is only in B: A has no call of it, so A's 0 is exact and the change known.
    const extra = t.names.indexOf('extra');
    expect([t.valueA[extra], t.valueB[extra], t.delta[extra], t.ratio[extra]]).toEqual([0, 1000, 1000, Infinity]);
    // The same under the loop frame.
    const under = s.comparedFunctions({ ...TOTAL, under: ['loop'] });
    expect(under.underFound).toBe(true);
    expect(under.a.total[under.names.indexOf('loop')]).toBeNaN();
    expect(under.a.self[under.names.indexOf('work')]).toBeNaN();
    expect([under.a.total[under.names.indexOf('extra')], under.delta[under.names.indexOf('extra')]]).toEqual([0, 1000]);
    // Calls are known: compared as counts.
    const calls = s.comparedFunctions({ ...RAW, quantity: 'calls' });
    expect([calls.valueA[calls.names.indexOf('loop')], calls.delta[calls.names.indexOf('loop')]]).toEqual([1, 0]);
    // The compared call tree.
    const roots = s.comparedTreeLevels(TOTAL, [[]]).levels[0]!;
    expect(roots.names).toEqual(['loop']);
    expect([roots.totalA[0], roots.selfA[0], roots.valueA[0], roots.delta[0]].every(Number.isNaN)).toBe(true);
    expect([roots.totalB[0], roots.callsA[0]]).toEqual([10_000, 1]);
    // The differential flame graph: loop's change unknown (pale), extra's +1 µs the largest.
    const frames = s.diffFlameGraph({ ...TOTAL, layoutBy: 'b', zoomPath: [], minWidth: 0 });
    const at = (name: string) => [...frames.name].findIndex((id) => frames.names[id] === name);
    expect(frames.valueA[at('loop')]).toBeNaN();
    expect(frames.delta[at('loop')]).toBeNaN();
    expect(frames.delta[at('work')]).toBeNaN();
    expect(frames.delta[at('extra')]).toBe(1000);
    expect(frames.maxAbsDelta).toBe(1000);
  });
});
