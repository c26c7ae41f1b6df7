/**
 * The call tree view's rows asked before the whole tree is kept come from the tree expanded
 * only where it is read (DerivedData.lazyTopDown): every answer must be the whole tree's to
 * the bit (rows, order, figures, untimed rows as NaN, child counts), and so must a call's
 * path (search stepping), on the real traces, generated ones and the DSL shapes.
 */
import { describe, expect, test } from 'vitest';
import type { TraceModel } from '../../core/model/tables';
import { lazyTreeShapes } from '../../test-utils/lazy-tree-traces';
import { traceCmdSeamTrace, tracefsSeamTrace } from '../../test-utils/seam-traces';
import { loadBytes, loadTraceModel, traceManifest } from '../../test-utils/traces';
import { DerivedData, type TreeKey } from '../derived/derived-data';
import { pathOfCall, treeLevels, treeSubtree, type TreeRows } from './tree';

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
    if (fresh.lazyTopDown(key, false) === undefined) lazily = false;
  }
  return { lazily, untimed };
}

describe("the call tree's rows from the lazy tree: the whole tree's rows", () => {
  test('every real trace in test/traces, untimed rows among them', async () => {
    const files = traceManifest().files.map((f) => f.file);
    expect(files.length).toBeGreaterThan(20);
    const lazily: string[] = [];
    const untimed: string[] = [];
    for (const file of files) {
      const r = expectLazyRowsWhole(await loadTraceModel(file));
      if (r.lazily) lazily.push(file);
      if (r.lazily && r.untimed) untimed.push(file);
    }
    expect(lazily).toContain('01-seed-curl-fgraph.report.txt.gz');
    expect(lazily.length).toBeGreaterThan(20);
    // A trace whose tracer records no durations (the function tracer): its rows read "—", lazily too.
    expect(untimed.length).toBeGreaterThan(0);
  }, 120_000);

  test('generated traces (trace-cmd report and tracefs text, several tasks)', () => {
    for (const seed of [1, 2, 3]) {
      expect(expectLazyRowsWhole(loadBytes(traceCmdSeamTrace(seed, 120).bytes)).lazily).toBe(true);
      expect(expectLazyRowsWhole(loadBytes(tracefsSeamTrace(seed, 120).bytes)).lazily).toBe(true);
    }
  });

  // Rows read no layout widths: the shapes the flame graph builds whole for are answered lazily too.
  for (const { name, model } of lazyTreeShapes()) {
    test(`${name}: the same rows, lazily`, () => {
      expect(expectLazyRowsWhole(model).lazily).toBe(true);
    });
  }
});
