/**
 * The Functions view's detail, walked from the calls (core/query/function-walk.ts), is the
 * whole tree's (functionDetailFromTree) to the bit: totals, counts, caller paths in their
 * order (ties by the tree's numbering), which times are unknown, callees, the histogram and
 * the slowest call. On every real trace, generated ones and the DSL shapes, unfiltered and
 * under filters (a task, a time range, syscalls only, paths from a function) and in every
 * Interrupts mode.
 */
import { describe, expect, test } from 'vitest';
import { applyIrqMode } from '../../core/model/interrupt-mode';
import type { TraceModel } from '../../core/model/tables';
import { walkFunctionDetail, type WalkedFunctionDetail } from '../../core/query/function-walk';
import type { ViewFilter } from '../../core/query/filter';
import { lazyTreeShapes } from '../../test-utils/lazy-tree-traces';
import { modelFromDsl, SAMPLE_DSL } from '../../test-utils/model-dsl';
import { traceCmdSeamTrace } from '../../test-utils/seam-traces';
import { loadBytes, loadTraceModel, traceManifest } from '../../test-utils/traces';
import { DerivedData } from '../derived/derived-data';
import { functionDetailFromTree, functionDetailOf } from './functions';

/**
 * The detail without node ids (the walk numbers only the nodes it visits; their order is in
 * the paths' order): each path's row with whether its time is known, the timed callees sorted.
 */
function withoutNodes(d: WalkedFunctionDetail): unknown {
  const { untimedNodes, timedCallees, callerPaths, ...rest } = d;
  return {
    ...rest,
    callerPaths: callerPaths.map(({ node, ...row }) => ({ ...row, untimed: untimedNodes.has(node) && row.source === 'tree' })),
    timedCallees: [...timedCallees].sort((a, b) => a - b),
  };
}

/** Up to `most` functions spread over the string table, and the heaviest few by calls. */
function functionsToAsk(model: TraceModel, most: number): number[] {
  const counts = new Map<number, number>();
  const { func, length } = model.calls;
  for (let i = 0; i < length; i++) counts.set(func[i], (counts.get(func[i]) ?? 0) + 1);
  const all = [...counts.keys()].sort((a, b) => a - b);
  const step = Math.max(1, Math.ceil(all.length / most));
  const spread = all.filter((_, k) => k % step === 0);
  const heaviest = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 5).map(([f]) => f);
  return [...new Set([...spread, ...heaviest])];
}

/** Filters that leave calls out in different ways: a task, the middle of the time, syscalls, paths from a function. */
function filtersOf(model: TraceModel, pathsFrom: string | undefined): ViewFilter[] {
  const { start, length } = model.calls;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < length; i++) {
    if (start[i] < lo) lo = start[i];
    if (start[i] > hi) hi = start[i];
  }
  const filters: ViewFilter[] = [{}, { syscallsOnly: true }];
  if (model.tasks.length > 0) filters.push({ tasks: [model.calls.task[0]] });
  if (hi > lo) filters.push({ range: [lo + (hi - lo) / 4, lo + (3 * (hi - lo)) / 4] });
  if (pathsFrom) filters.push({ pathsFrom });
  return filters;
}

/** Every asked function's walked detail against the tree's, under each filter; returns how many details had calls. */
function expectWalkIsTree(model: TraceModel, most = 16): number {
  const funcs = functionsToAsk(model, most);
  const pathsFrom = funcs.length > 0 ? model.strings.get(funcs[funcs.length - 1]) : undefined;
  let found = 0;
  const filters = filtersOf(model, pathsFrom);
  for (const filter of filters) {
    const derived = new DerivedData(model);
    const mask = derived.mask(filter);
    for (const f of funcs) {
      // The panel's cap on paths, where the sort decides which are kept.
      for (const maxPaths of filter === filters[0] ? [undefined, 2] : [undefined]) {
        const walked = walkFunctionDetail(derived, f, { mask, maxPaths });
        expect(walked).not.toBeNull();
        expect(withoutNodes(walked!)).toEqual(withoutNodes(functionDetailFromTree(derived, filter, f, maxPaths)));
        if (walked!.calls > 0) found++;
      }
    }
  }
  return found;
}

describe('a function\'s detail walked from its calls is the whole tree\'s', () => {
  test('every real trace in test/traces, in place and with interrupts apart', async () => {
    const files = traceManifest().files.map((f) => f.file);
    expect(files.length).toBeGreaterThan(20);
    let found = 0;
    let recorded = 0;
    for (const file of files) {
      const model = await loadTraceModel(file);
      found += expectWalkIsTree(model);
      // Interrupts apart moves frames (hidden drops them: fewer calls, the same walk).
      found += expectWalkIsTree(applyIrqMode(model, 'apart'), 8);
      // The function tracer's lone calls, listed by the caller it printed.
      const derived = new DerivedData(model);
      for (const f of functionsToAsk(model, 10)) {
        if (walkFunctionDetail(derived, f)!.callerPaths.some((p) => p.source !== 'tree')) recorded++;
      }
    }
    expect(found).toBeGreaterThan(1000);
    expect(recorded).toBeGreaterThan(0);
  }, 240_000);

  test('generated traces and the DSL shapes (recursion, zero durations, calls that never returned)', () => {
    for (const seed of [1, 2]) expect(expectWalkIsTree(loadBytes(traceCmdSeamTrace(seed, 120).bytes))).toBeGreaterThan(0);
    for (const { name, model } of lazyTreeShapes()) {
      expect(expectWalkIsTree(model), name).toBeGreaterThan(0);
    }
  });

  test('the panel\'s answer: the recursion counted once, nested calls apart, the slowest call\'s path', () => {
    const model = modelFromDsl(SAMPLE_DSL);
    const fresh = new DerivedData(model);
    const key = { filter: {}, inverted: false, groupByTask: true };
    const a = functionDetailOf(fresh, key, 'f');
    expect(a.found).toBe(true);
    const tree = functionDetailFromTree(new DerivedData(model), {}, model.strings.find('f')!, 200);
    expect(a.nestedCalls).toBeGreaterThan(0);
    expect(a.calls).toBe(tree.calls);
    expect(a.totalNs).toBe(tree.totalNs);
    expect(a.nestedCalls).toBe(tree.nestedCalls);
    expect(a.callerPaths.map((p) => p.path)).toEqual(tree.callerPaths.map((p) => p.path));
    expect(a.slowestPath[a.slowestPath.length - 1]).toBe('f');
    // The walk built no tree to answer: none is kept for the detail's key (the tree's
    // answer above was read from a DerivedData of its own).
    expect(fresh.lazyTopDown({ filter: {}, inverted: false, groupByTask: false }, false)).toBeDefined();
  });
});
