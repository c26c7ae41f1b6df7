/**
 * Hook candidates under one call path (a flame graph frame's "Hook candidates under it")
 * against those under every call of a function (the panel's button), on the seed trace,
 * where vfs_read is reached by two paths: __x64_sys_read > ksys_read > vfs_read and
 * __x64_sys_pread64 > vfs_read. The expected functions and counts are found here by
 * walking the model's parent links, not by the service's call tree.
 */
import { describe, expect, it } from 'vitest';
import { taskLabel, type TraceModel } from '../core/model/tables';
import { loadBytes, traceBytes } from '../test-utils/traces';
import type { LoadResult, SideBLoadResult } from './api';
import { TraceService } from './trace-service';

const SEED = '01-seed-curl-fgraph.report.txt.gz';
const MID = '02-midstream-nc-fgraph.report.txt.gz';

function expectLoaded(r: LoadResult | SideBLoadResult): void {
  if (r.kind !== 'loaded') throw new Error(`expected a loaded trace, got ${JSON.stringify(r).slice(0, 300)}`);
}

/** Names from the outermost call down to `call`, through the parent links. */
function pathOf(model: TraceModel, call: number): string[] {
  const out: string[] = [];
  for (let c = call; c >= 0; c = model.calls.parent[c]) out.push(model.strings.get(model.calls.func[c]));
  return out.reverse();
}

/** Per function name, its calls inside the `frames` calls (the frame's own function left out). */
function countsUnder(model: TraceModel, frames: ReadonlySet<number>, frameFunc: number): Map<string, number> {
  const { parent, func } = model.calls;
  const counts = new Map<string, number>();
  for (let c = 0; c < model.calls.length; c++) {
    if (func[c] === frameFunc) continue;
    let p = parent[c];
    while (p >= 0 && !frames.has(p)) p = parent[p];
    if (p < 0) continue;
    const name = model.strings.get(func[c]);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

describe('hook candidates under a call path', () => {
  it("a vfs_read frame under __x64_sys_pread64 ranks only what those calls ran; by name, every vfs_read's callees", async () => {
    const model = loadBytes(traceBytes(SEED));
    const s = new TraceService();
    expectLoaded(await s.load(new Blob([new Uint8Array(traceBytes(SEED))]), { name: 'seed' }));

    const vfsRead = model.strings.find('vfs_read')!;
    const byParent = (name: string) =>
      new Set([...Array(model.calls.length).keys()].filter((c) => model.calls.func[c] === vfsRead && model.strings.get(model.calls.func[model.calls.parent[c]]) === name));
    const pread = byParent('__x64_sys_pread64');
    const read = byParent('ksys_read');
    expect(pread.size).toBeGreaterThan(0);
    expect(read.size).toBeGreaterThan(0);
    // One path each (the seed's calls have one outermost chain per path).
    const preadPaths = new Set([...pread].map((c) => pathOf(model, c).join(' > ')));
    expect(preadPaths.size).toBe(1);
    const first = [...pread][0];
    const path = pathOf(model, first);
    expect(path.at(-2)).toBe('__x64_sys_pread64');

    const expected = countsUnder(model, pread, vfsRead);
    const onlyRead = [...countsUnder(model, read, vfsRead).keys()].filter((n) => !expected.has(n));
    // What the two paths tell apart: functions the read path's vfs_read calls and pread's does not.
    expect(onlyRead.length).toBeGreaterThan(0);

    const at = s.hookCandidates({}, 'vfs_read', { path, groupByTask: false })!;
    expect(at).toMatchObject({ frame: 'vfs_read', found: true, at: { path, groupByTask: false } });
    expect(new Map(at.rows.map((r) => [r.name, r.calls]))).toEqual(expected);
    for (const r of at.rows) expect(r.perFrameCall).toBeCloseTo(r.calls / pread.size, 12);
    for (const n of onlyRead) expect(at.rows.map((r) => r.name)).not.toContain(n);
    // A function pread's vfs_read shares with read's: a probe on it also fires for read(2).
    const underRead = countsUnder(model, read, vfsRead);
    const shared = at.rows.filter((r) => underRead.has(r.name) && r.inInterrupt === 0);
    expect(shared.length).toBeGreaterThan(0);
    for (const r of shared) expect(r.otherSyscalls).toContain('__x64_sys_read');

    // The same path in the tree of one root per task: the task's label first.
    const grouped = s.hookCandidates({}, 'vfs_read', { path: [taskLabel(model.tasks[model.calls.task[first]]), ...path], groupByTask: true })!;
    expect(grouped.found).toBe(true);
    expect(new Map(grouped.rows.map((r) => [r.name, r.calls]))).toEqual(expected);

    // By name: under every outermost vfs_read, the read path's callees included.
    const byName = s.hookCandidates({}, 'vfs_read')!;
    expect(byName).toMatchObject({ at: null, found: true });
    for (const n of onlyRead) expect(byName.rows.map((r) => r.name)).toContain(n);

    // A path the tree does not have (vfs_read straight under __x64_sys_read): found false, no rows.
    const absent = s.hookCandidates({}, 'vfs_read', { path: [...path.slice(0, -2), '__x64_sys_read', 'vfs_read'], groupByTask: false })!;
    expect(absent).toMatchObject({ found: false, rows: [], total: 0 });
  }, 60_000);

  it("compare mode: a differential flame graph frame's path ranks each side's calls of that path only", async () => {
    const model = loadBytes(traceBytes(SEED));
    const modelB = loadBytes(traceBytes(MID));
    const s = new TraceService();
    expectLoaded(await s.load(new Blob([new Uint8Array(traceBytes(SEED))]), { name: 'seed' }));
    expectLoaded(await s.load(new Blob([new Uint8Array(traceBytes(MID))]), { name: 'nc', side: 'b' }));

    // The same two vfs_read paths of side A as above; the merged paths hold no task.
    const vfsRead = model.strings.find('vfs_read')!;
    const calls = (m: TraceModel, path: string) => new Set([...Array(m.calls.length).keys()].filter((c) => pathOf(m, c).join(' > ') === path));
    const preadCall = [...Array(model.calls.length).keys()].find(
      (c) => model.calls.func[c] === vfsRead && model.strings.get(model.calls.func[model.calls.parent[c]]) === '__x64_sys_pread64',
    )!;
    const path = pathOf(model, preadCall);
    const readCall = [...Array(model.calls.length).keys()].find(
      (c) => model.calls.func[c] === vfsRead && model.strings.get(model.calls.func[model.calls.parent[c]]) === 'ksys_read',
    )!;
    const expectedA = countsUnder(model, calls(model, path.join(' > ')), vfsRead);
    const readPath = pathOf(model, readCall).join(' > ');
    const onlyRead = [...countsUnder(model, calls(model, readPath), vfsRead).keys()].filter((n) => !expectedA.has(n));
    expect(onlyRead.length).toBeGreaterThan(0);
    // Side B's calls of the same path (none when the mid-stream trace never reached it).
    const vfsReadB = modelB.strings.find('vfs_read');
    const expectedB = vfsReadB === undefined ? new Map<string, number>() : countsUnder(modelB, calls(modelB, path.join(' > ')), vfsReadB);

    const list = s.comparedHookCandidates({ a: {}, b: {} }, 'vfs_read', { path, groupByTask: false })!;
    expect(list.at).toEqual({ path, groupByTask: false });
    const rowsA = list.rows.filter((r) => r.side === 'a');
    expect(new Map(rowsA.map((r) => [r.name, r.calls]))).toEqual(expectedA);
    for (const r of list.rows.filter((r) => r.side === 'b')) {
      expect(expectedA.has(r.name)).toBe(false);
      expect(r.calls).toBe(expectedB.get(r.name));
    }
    for (const n of onlyRead) expect(list.rows.map((r) => r.name)).not.toContain(n);

    // A flame chart frame's one call is side A's: compared, each side ranks under its path.
    expect(s.comparedHookCandidates({ a: {}, b: {} }, 'vfs_read', { path, groupByTask: false, call: preadCall })).toEqual(list);

    const byName = s.comparedHookCandidates({ a: {}, b: {} }, 'vfs_read')!;
    expect(byName.at).toBeNull();
    for (const n of onlyRead) expect(byName.rows.map((r) => r.name)).toContain(n);
  }, 60_000);
});

describe('hook candidates under one call (a flame chart frame)', () => {
  it("rank what that call ran alone, found by the index the chart's frame carries; the chart's view ignores the time range", async () => {
    const model = loadBytes(traceBytes(SEED));
    const s = new TraceService();
    expectLoaded(await s.load(new Blob([new Uint8Array(traceBytes(SEED))]), { name: 'seed' }));
    const vfsRead = model.strings.find('vfs_read')!;
    // The vfs_read calls of the read path: the one with the most calls under it.
    const reads = [...Array(model.calls.length).keys()].filter((c) => model.calls.func[c] === vfsRead);
    expect(reads.length).toBeGreaterThan(2);
    const sizes = reads.map((c) => [...countsUnder(model, new Set([c]), vfsRead).values()].reduce((a, b) => a + b, 0));
    const call = reads[sizes.indexOf(Math.max(...sizes))];
    const expected = countsUnder(model, new Set([call]), vfsRead);
    const everyCall = countsUnder(model, new Set(reads), vfsRead);
    // Ranking under every call counts more: what the chart's frame is not.
    expect([...everyCall.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan([...expected.values()].reduce((a, b) => a + b, 0));

    // The chart of its task carries the call's index with its frame.
    const task = model.calls.task[call];
    const frames = s.flameChart({ filter: {}, task, startNs: model.calls.start[call], endNs: model.calls.start[call] + 1, minDurNs: 0 });
    const k = [...frames.call].indexOf(call);
    expect(k).toBeGreaterThanOrEqual(0);
    expect(frames.names[frames.name[k]]).toBe('vfs_read');

    const at = { path: [taskLabel(model.tasks[task]), ...pathOf(model, call)], groupByTask: true, call };
    const one = s.hookCandidates({}, 'vfs_read', at)!;
    expect(one.found).toBe(true);
    expect(new Map(one.rows.map((r) => [r.name, r.calls]))).toEqual(expected);
    for (const r of one.rows) expect(r.perFrameCall).toBe(r.calls);
    // A time range that leaves the call out: the chart shows it all the same, so are its candidates.
    const start = model.calls.start[call];
    const away = s.hookCandidates({ range: [start + model.calls.duration[call] + 1, start + model.calls.duration[call] + 2] }, 'vfs_read', at)!;
    expect(new Map(away.rows.map((r) => [r.name, r.calls]))).toEqual(expected);
    // An index that is no call of the function (another trace or interrupt mode since): not found.
    expect(s.hookCandidates({}, 'vfs_read', { ...at, call: model.calls.parent[call] })).toMatchObject({ found: false, rows: [] });
    expect(s.hookCandidates({}, 'vfs_read', { ...at, call: model.calls.length })).toMatchObject({ found: false, rows: [] });
  }, 60_000);
});
