/**
 * What is asked of the opening tree before the whole tree is built is answered from the tree
 * expanded only where it is read (DerivedData.lazyTopDown): the flame graph, the call tree's
 * rows, a call's path, a step from a focused row (search stepping) and the hook candidates
 * under a frame. Every answer must be the whole tree's to the bit (frames, order, widths,
 * names, figures; rows with untimed ones as NaN, child counts), on the real traces,
 * generated ones and the DSL shapes.
 */
import { describe, expect, test } from 'vitest';
import type { TraceModel } from '../../core/model/tables';
import { lazyTreeShapes } from '../../test-utils/lazy-tree-traces';
import { traceCmdSeamTrace, tracefsSeamTrace } from '../../test-utils/seam-traces';
import { loadBytes, loadTraceModel, traceManifest } from '../../test-utils/traces';
import { DerivedData, type TreeKey } from '../derived/derived-data';
import { flameGraphFrames, type FlameGraphFrames, type FlameGraphRequest } from './flame-graph';
import { hookCandidatesOf } from './hook-points';
import { pathOfCall, stepSearch, treeLevels, treeSubtree, type TreeRows } from './tree';

/** The names from the zoom root down to frame `r` of an answer. */
function pathTo(a: FlameGraphFrames, r: number): string[] {
  const out: string[] = [];
  for (let k = r; k >= 0; k = a.parent[k]) out.push(a.names[a.name[k]]);
  return out.reverse();
}

/** The questions a flame graph asks: the opening view, finer detail, a window, zooms (deep, shallow, missing). */
function questions(whole: DerivedData, key: TreeKey): FlameGraphRequest[] {
  const base = { ...key, zoomPath: [] as string[], minWidth: 0.0005 };
  const all = flameGraphFrames(whole, { ...base, minWidth: 0 });
  let deepest = -1;
  for (let r = 0; r < all.length; r++) if (deepest < 0 || all.depth[r] > all.depth[deepest]) deepest = r;
  const out: FlameGraphRequest[] = [base, { ...base, minWidth: 0 }, { ...base, minWidth: 0.001, window: [0.25, 0.5] }, { ...base, zoomPath: ['no such frame'] }];
  if (all.length > 0) {
    const deep = pathTo(all, deepest);
    out.push({ ...base, zoomPath: deep }, { ...base, zoomPath: deep.slice(0, 2) }, { ...base, zoomPath: [...deep.slice(0, 1), 'no such frame'] });
    out.push({ ...base, zoomPath: pathTo(all, Math.floor(all.length / 2)), minWidth: 0.01, window: [0.1, 0.9] });
  }
  return out;
}

/**
 * The two answers are equal to the bit: columns byte for byte, everything else by toEqual.
 * toEqual alone walks every element of every column generically, which made this file a
 * minute of the suite (28 traces, every frame of each at minWidth 0); on a difference it
 * still shows toEqual's own report.
 */
function expectSameAnswer(got: FlameGraphFrames, want: FlameGraphFrames): void {
  const plain = (a: FlameGraphFrames) => Object.fromEntries(Object.entries(a).filter(([, v]) => !ArrayBuffer.isView(v)));
  const columnsSame = Object.entries(want).every(([k, v]) => {
    if (!ArrayBuffer.isView(v)) return true;
    const g = (got as unknown as Record<string, unknown>)[k];
    return ArrayBuffer.isView(g) && g.constructor === v.constructor && Buffer.from(g.buffer, g.byteOffset, g.byteLength).equals(Buffer.from(v.buffer, v.byteOffset, v.byteLength));
  });
  if (!columnsSame) expect(got).toEqual(want);
  expect(plain(got)).toEqual(plain(want));
}

/**
 * Each question answered by a fresh DerivedData (the lazy tree, where it applies) and by one
 * that built the whole tree first; true when the lazy tree answered.
 */
function expectLazyAnswersWhole(model: TraceModel): boolean {
  let lazily = true;
  for (const groupByTask of [true, false]) {
    const key: TreeKey = { filter: {}, inverted: false, groupByTask };
    const whole = new DerivedData(model);
    whole.tree(key);
    expect(whole.lazyTopDown(key)).toBeUndefined();
    const fresh = new DerivedData(model);
    for (const q of questions(whole, key)) expectSameAnswer(flameGraphFrames(fresh, q), flameGraphFrames(whole, q));
    // Still no whole tree: every answer came from the lazy one (when it applies).
    if (fresh.lazyTopDown(key) === undefined) lazily = false;
  }
  return lazily;
}

/** Paths to ask for: the roots, every row down to `depth` levels along the first `width` children of each, and a missing one. */
function paths(whole: DerivedData, key: TreeKey, depth = 4, width = 3): string[][] {
  const out: string[][] = [[]];
  const walk = (path: string[], rows: TreeRows | null): void => {
    if (!rows || path.length >= depth) return;
    for (let k = 0; k < Math.min(width, rows.name.length); k++) {
      if (rows.childCount[k] === 0) continue;
      const next = [...path, rows.names[rows.name[k]]];
      out.push(next);
      walk(next, treeLevels(whole, key, [next]).levels[0]);
    }
  };
  walk([], treeLevels(whole, key, [[]]).levels[0]);
  out.push(['no such row'], [...(out[1] ?? []), 'no such row']);
  return out;
}

/** Whether any row of any answer has an unknown time (NaN total): the untimed rows were read. */
const hasUntimed = (rows: TreeRows | null): boolean => rows !== null && rows.total.some((t) => Number.isNaN(t));

/**
 * Each question answered by a fresh DerivedData (the lazy tree, where it applies) and by one
 * that built the whole tree first. Returns whether the lazy tree answered, and whether an
 * untimed row was among the answers.
 */
function expectLazyRowsWhole(model: TraceModel): { lazily: boolean; untimed: boolean } {
  let lazily = true;
  let untimed = false;
  for (const groupByTask of [true, false]) {
    const key: TreeKey = { filter: {}, inverted: false, groupByTask };
    const whole = new DerivedData(model);
    whole.tree(key);
    const fresh = new DerivedData(model);
    const asked = paths(whole, key);
    const levels = treeLevels(fresh, key, asked);
    expect(levels).toEqual(treeLevels(whole, key, asked));
    untimed ||= levels.levels.some(hasUntimed);
    for (const path of asked.slice(0, 3)) {
      for (const cap of [5, 2_000]) expect(treeSubtree(fresh, key, path, cap)).toEqual(treeSubtree(whole, key, path, cap));
    }
    // A call's path (search stepping), top-down and inverted, for calls spread over the table.
    const step = Math.max(1, Math.floor(model.calls.length / 200));
    for (const inverted of [false, true]) {
      const k = { ...key, inverted };
      for (let call = 0; call < model.calls.length; call += step) expect(pathOfCall(fresh, k, call)).toEqual(pathOfCall(whole, k, call));
    }
    // A step through matches from a focused row: it starts at the row's earliest call.
    for (const path of asked.slice(1, 8)) {
      const pattern = path[path.length - 1];
      for (const direction of [1, -1] as const) {
        expect(stepSearch(fresh, key, pattern, { path }, direction)).toEqual(stepSearch(whole, key, pattern, { path }, direction));
      }
    }
    // Hook candidates under a frame: the path's calls (a node's) from the lazy tree.
    for (const path of asked.slice(1, 6)) {
      const at = { path, groupByTask };
      const frame = path[path.length - 1];
      expect(hookCandidatesOf(fresh, {}, frame, at)).toEqual(hookCandidatesOf(whole, {}, frame, at));
    }
    if (fresh.lazyTopDown(key, false) === undefined) lazily = false;
  }
  return { lazily, untimed };
}

describe('the opening views from the lazy tree: the whole tree\'s answers', () => {
  test('every real trace in test/traces (the ones whose calls all returned lazily)', async () => {
    const files = traceManifest().files.map((f) => f.file);
    expect(files.length).toBeGreaterThan(20);
    const lazily: string[] = [];
    const rowsLazily: string[] = [];
    const untimed: string[] = [];
    for (const file of files) {
      // One load a trace for both checks: loading them is most of this test's time.
      const model = await loadTraceModel(file);
      if (expectLazyAnswersWhole(model)) lazily.push(file);
      const rows = expectLazyRowsWhole(model);
      if (rows.lazily) rowsLazily.push(file);
      if (rows.lazily && rows.untimed) untimed.push(file);
    }
    expect(lazily).toContain('01-seed-curl-fgraph.report.txt.gz');
    expect(lazily.length).toBeGreaterThan(20);
    // The rows take the lazy tree wherever the flame graph does, and more (they read no widths).
    expect(rowsLazily).toEqual(expect.arrayContaining(lazily));
    // A trace whose tracer records no durations (the function tracer): its rows read "—", lazily too.
    expect(untimed.length).toBeGreaterThan(0);
  }, 120_000);

  test('generated traces (trace-cmd report and tracefs text, several tasks)', () => {
    for (const seed of [1, 2, 3]) {
      for (const model of [loadBytes(traceCmdSeamTrace(seed, 120).bytes), loadBytes(tracefsSeamTrace(seed, 120).bytes)]) {
        expectLazyAnswersWhole(model);
        expect(expectLazyRowsWhole(model).lazily).toBe(true);
      }
    }
  });

  for (const { name, model, lazy } of lazyTreeShapes()) {
    test(`${name}: ${lazy ? 'answered lazily' : 'built whole (widths are sums over the whole tree)'}, the same answer`, () => {
      expect(expectLazyAnswersWhole(model)).toBe(lazy);
      // Rows read no layout widths: the shapes the flame graph builds whole for are answered lazily too.
      expect(expectLazyRowsWhole(model).lazily).toBe(true);
    });
  }

  test('a filter, an Interrupts mode or the inverted graph builds the whole tree', () => {
    const { model } = lazyTreeShapes().find((s) => s.name.startsWith('several tasks'))!;
    const derived = new DerivedData(model);
    for (const key of [
      { filter: { tasks: [0] }, inverted: false, groupByTask: true },
      { filter: { irq: 'apart' as const }, inverted: false, groupByTask: true },
      { filter: {}, inverted: true, groupByTask: true },
    ]) {
      expect(derived.lazyTopDown(key)).toBeUndefined();
    }
  });

  test('once the whole tree is built it answers', () => {
    const { model } = lazyTreeShapes().find((s) => s.name.startsWith('several tasks'))!;
    const derived = new DerivedData(model);
    const key: TreeKey = { filter: {}, inverted: false, groupByTask: true };
    const q = { ...key, zoomPath: [], minWidth: 0 };
    const before = flameGraphFrames(derived, q);
    derived.tree(key);
    expect(derived.lazyTopDown(key)).toBeUndefined();
    expect(flameGraphFrames(derived, q)).toEqual(before);
  });
});
