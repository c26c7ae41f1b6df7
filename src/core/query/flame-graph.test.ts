import { describe, expect, test } from 'vitest';
import { buildCallTree, type CallTree, type CallTreeView } from './call-tree';
import { filterMask } from './filter';
import { computeChildrenFit, computeLayoutWidths, flameChart } from './flame-graph';
import { flameGraph, type FlameGraphRects } from '../../test-utils/reference/flame-graph';
import { modelFromDsl, SAMPLE_DSL, seedModel, withoutTimestamps, withoutUnclosedDurations } from '../../test-utils/model-dsl';
import { modelWithCalls } from '../../test-utils/reference/queries';
import { firstDifference, REFERENCE_MODELS, referenceMasks } from '../../test-utils/reference/models';
import { freshFacts } from '../../test-utils/fresh-facts';
import { loadBytes, traceBytes } from '../../test-utils/traces';

/** Rects as `depth name x0-x1` with x in 1/18ths (the sample's 13 + 5 µs). */
function describeRects(tree: CallTreeView, r: FlameGraphRects, scale: number): string[] {
  const out: string[] = [];
  for (let k = 0; k < r.length; k++) {
    out.push(`${r.depth[k]} ${tree.name(r.node[k])} ${+(r.x0[k] * scale).toFixed(6)}-${+(r.x1[k] * scale).toFixed(6)}`);
  }
  return out;
}

describe('flameGraph', () => {
  const m = modelFromDsl(SAMPLE_DSL);
  const tree = buildCallTree(freshFacts(m));

  test('all roots, siblings by name like flamegraph.pl', () => {
    const r = flameGraph(tree);
    expect(r.total).toBe(18000);
    expect(r.maxDepth).toBe(4);
    expect(describeRects(tree, r, 18)).toEqual([
      '0 __x64_sys_write 0-13',
      '1 h 0-1',
      '1 vfs_write 1-11',
      '2 f 1-7',
      '3 g 1-4',
      '4 f 1-2',
      '2 g 7-8',
      '0 main 13-18',
      '1 f 13-15',
    ]);
  });

  test('siblings by total', () => {
    const r = flameGraph(tree, { order: 'total' });
    expect(describeRects(tree, r, 18).slice(0, 3)).toEqual(['0 __x64_sys_write 0-13', '1 vfs_write 0-10', '2 f 0-6']);
  });

  test('zoomed on a node, x is a fraction of its total; narrow frames are dropped with their subtree', () => {
    const vfs = tree.findPath(['__x64_sys_write', 'vfs_write']);
    const r = flameGraph(tree, { zoom: vfs, minWidth: 0.15 });
    expect(describeRects(tree, r, 10)).toEqual(['0 vfs_write 0-10', '1 f 0-6', '2 g 0-3']);
    expect(r.total).toBe(10000);
    expect(flameGraph(tree, { zoom: vfs, maxDepth: 1 }).length).toBe(3);
  });

  test('a parent whose total is unknown is widened to hold its children', () => {
    const m2 = withoutUnclosedDurations(
      modelFromDsl(`
t-1 1 0 | a {
t-1 1 1 |   b 2
t-1 1 5 |   c 3
`),
    );
    const t2 = buildCallTree(freshFacts(m2));
    const r = flameGraph(t2);
    expect(describeRects(t2, r, 5)).toEqual(['0 a 0-5', '1 b 0-2', '1 c 2-5']);
  });

  test('works on the inverted tree (icicle)', () => {
    const inv = buildCallTree(freshFacts(m), { inverted: true });
    const f = inv.findPath(['f']);
    const r = flameGraph(inv, { zoom: f });
    expect(describeRects(inv, r, 6)).toEqual([
      '0 f 0-6',
      '1 g 0-1',
      '2 f 0-1',
      '3 vfs_write 0-1',
      '4 __x64_sys_write 0-1',
      '1 main 1-3',
      '1 vfs_write 3-6',
      '2 __x64_sys_write 3-6',
    ]);
  });

  test('an empty tree gives no rectangles', () => {
    const r = flameGraph(buildCallTree(freshFacts(m), { mask: new Uint8Array(m.calls.length) }));
    expect(r.length).toBe(0);
    expect(r.total).toBe(0);
  });
});

describe('flameChart', () => {
  const m = modelFromDsl(SAMPLE_DSL);

  test('calls of one task overlapping a window, in time order, with depth', () => {
    const r = flameChart(freshFacts(m), undefined, 0, { startNs: 3500, endNs: 8500 });
    expect(Array.from(r.call.subarray(0, r.length))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(r.depth)).toEqual([0, 1, 2, 3, 4, 2]);
    expect(Array.from(r.start)).toEqual([0, 1000, 2000, 3000, 4000, 8000]);
    expect(Array.from(r.end)).toEqual([13000, 11000, 8000, 6000, 5000, 9000]);
    expect(r.approximate).toBe(false);
    expect(r.maxDepth).toBe(4);
  });

  test('skips calls shorter than minDurationNs and masked-out calls', () => {
    const r = flameChart(freshFacts(m), undefined, 0, { startNs: 3500, endNs: 8500, minDurationNs: 1500 });
    expect(Array.from(r.call)).toEqual([0, 1, 2, 3]);
    const mask = filterMask(freshFacts(m), {});
    mask[1] = 0;
    expect(Array.from(flameChart(freshFacts(m), mask, 0, { startNs: 3500, endNs: 8500 }).call)).toEqual([0, 2, 3, 4, 5]);
  });

  test('tinyMarkers keeps one call shorter than minDurationNs per row and per minDurationNs', () => {
    // A task of nothing but 1 µs leaves: four in the first 10 µs, two in the next, one deeper.
    const tiny = modelFromDsl(`
      t-1 0 0  | a 1
      t-1 0 2  | a 1
      t-1 0 4  | b 1
      t-1 0 6  | a 1
      t-1 0 12 | a 1
      t-1 0 14 | c {
      t-1 0 15 |   d 1
      t-1 0 17 | } 3
    `);
    const all = flameChart(freshFacts(tiny), undefined, 0, { minDurationNs: 10_000 });
    expect(all.length).toBe(0);
    const r = flameChart(freshFacts(tiny), undefined, 0, { minDurationNs: 10_000, tinyMarkers: true });
    // Row 0: the first call of [0, 10) µs and of [10, 20) µs; row 1: d.
    expect(Array.from(r.start, (t) => t / 1000)).toEqual([0, 12, 15]);
    expect(Array.from(r.depth)).toEqual([0, 0, 1]);
    // Calls as long as the minimum are kept as usual, beside the markers.
    expect(flameChart(freshFacts(tiny), undefined, 0, { minDurationNs: 1000, tinyMarkers: true }).length).toBe(7);
  });

  test('a window after everything, another task, and no window', () => {
    expect(flameChart(freshFacts(m), undefined, 0, { startNs: 14000 }).length).toBe(0);
    expect(Array.from(flameChart(freshFacts(m), undefined, 1).call)).toEqual([7, 8]);
    expect(flameChart(freshFacts(m), undefined, 0).length).toBe(7);
    expect(flameChart(freshFacts(m), undefined, 7).length).toBe(0);
  });

  test('without timestamps, calls are laid out by durations and marked approximate', () => {
    const m2 = withoutTimestamps(modelFromDsl(SAMPLE_DSL));
    const r = flameChart(freshFacts(m2), undefined, 0);
    expect(r.approximate).toBe(true);
    // __x64_sys_write 0-13; vfs_write 0-10, f 0-6, g 0-3, f 0-1, g 6-7; h 10-11.
    const byCall = new Map(Array.from(r.call).map((c, k) => [c, [r.start[k] / 1000, r.end[k] / 1000]]));
    expect(byCall.get(0)).toEqual([0, 13]);
    expect(byCall.get(5)).toEqual([6, 7]);
    expect(byCall.get(6)).toEqual([10, 11]);
    for (let k = 1; k < r.length; k++) expect(r.start[k]).toBeGreaterThanOrEqual(r.start[k - 1]);
  });

  test('on the seed trace every call returned is inside the window it was asked for', () => {
    const s = seedModel();
    const all = flameChart(freshFacts(s), undefined, 0);
    const t0 = all.start[0] + 100e6;
    const t1 = t0 + 1e6;
    const r = flameChart(freshFacts(s), undefined, 0, { startNs: t0, endNs: t1, minDurationNs: 500 });
    expect(r.length).toBeGreaterThan(0);
    let brute = 0;
    for (let k = 0; k < all.length; k++) {
      if (all.end[k] >= t0 && all.start[k] <= t1 && all.end[k] - all.start[k] >= 500) brute++;
    }
    expect(r.length).toBe(brute);
    for (let k = 0; k < r.length; k++) {
      expect(r.end[k]).toBeGreaterThanOrEqual(t0);
      expect(r.start[k]).toBeLessThanOrEqual(t1);
    }
  });

  test('a call that ends past the start of the next one is kept in a window that starts in that overhang', () => {
    // Times in µs, durations in ns (as trace-cmd prints them): b runs 1000..3500, c starts at
    // 3000. A window from 3200 starts after c, but b still runs then.
    const late = modelFromDsl(`
t-1 0 0 | a {
t-1 0 1 |   b 2.5
t-1 0 3 |   c 1
t-1 0 5 | } 5
`);
    const r = flameChart(freshFacts(late), undefined, 0, { startNs: 3200, endNs: 3300 });
    expect(Array.from(r.call, (i) => late.strings.get(late.calls.func[i]))).toEqual(['a', 'b', 'c']);
    expect(Array.from(r.end)).toEqual([5000, 3500, 4000]);
  });

  test('a window where n calls printed at one time still run costs work linear in n, not n²', () => {
    // A coarse trace clock (uptime, jiffies) prints one time for every call of a tick while
    // their durations are in ns (fgraph.c: calltime = trace_clock_local()): each call ends
    // past the start of the next, so all are late calls and all still run 50 ns in.
    const sameTime = (n: number) =>
      modelFromDsl(['t-1 0 1 | a {', ...Array.from({ length: n }, () => 't-1 0 1 |   b 0.1'), 't-1 0 2 | } 1'].join('\n'));
    // Elements Array.prototype.indexOf / includes look at while the window is answered.
    const arrayScans = (m: ReturnType<typeof modelFromDsl>): { work: number; length: number } => {
      const facts = freshFacts(m);
      facts.taskTimeline();
      const proto = Array.prototype as unknown as Record<'indexOf' | 'includes', (...a: unknown[]) => unknown>;
      const originals = { indexOf: proto.indexOf, includes: proto.includes };
      let work = 0;
      for (const k of ['indexOf', 'includes'] as const) {
        proto[k] = function (this: unknown[], ...args: unknown[]) {
          work += this.length;
          return Reflect.apply(originals[k], this, args);
        };
      }
      try {
        const r = flameChart(facts, undefined, 0, { startNs: 1050, endNs: 1060 });
        return { work, length: r.length };
      } finally {
        Object.assign(proto, originals);
      }
    };
    const small = arrayScans(sameTime(500));
    const large = arrayScans(sameTime(2000));
    expect(small.length).toBe(501);
    expect(large.length).toBe(2001);
    expect(large.work).toBeLessThanOrEqual(4 * small.work + 100);
  });

  test.each(['01-seed-curl-fgraph.report.txt.gz', '03-systemwide-sched-irq.report.txt.gz'])(
    '%s: a window at the end of any call holds that call',
    (name) => {
      // The text reports truncate times to the µs: about 1 call in 120 ends past the start of the next.
      const s = loadBytes(traceBytes(name));
      const facts = freshFacts(s);
      const { end } = facts.times();
      const missed: number[] = [];
      for (let i = 0; i < s.calls.length; i++) {
        const r = flameChart(facts, undefined, s.calls.task[i], { startNs: end[i], endNs: end[i] });
        if (!r.call.includes(i)) missed.push(i);
      }
      expect(missed).toEqual([]);
    },
  );
});

/** computeLayoutWidths as the worker asks it: with whether the model's calls fit in their parents. */
const widthsOf = (tree: CallTree): Float64Array => computeLayoutWidths(tree, computeChildrenFit(tree.model.calls));

describe('computeLayoutWidths', () => {
  /** The widths as first written: every node max(total, sum of its children's widths). */
  const plainWidths = (tree: CallTree): Float64Array => {
    const w = new Float64Array(tree.length);
    const childSum = new Float64Array(tree.length);
    for (let k = tree.length - 1; k >= 0; k--) {
      const v = tree.total[k] > childSum[k] ? tree.total[k] : childSum[k];
      w[k] = v;
      if (tree.parent[k] >= 0) childSum[tree.parent[k]] += v;
    }
    return w;
  };

  test.each(REFERENCE_MODELS)('%s: the same widths under every mask, merged and grouped', (_name, model) => {
    const m = model();
    const facts = freshFacts(m);
    for (const [, mask] of referenceMasks(m)) {
      for (const groupByTask of [false, true]) {
        const tree = buildCallTree(facts, { mask, groupByTask });
        expect(firstDifference(widthsOf(tree), plainWidths(tree))).toBe(-1);
      }
    }
  });

  test('when every call returned and its children fit in it, the widths are the totals', () => {
    const m = modelFromDsl(SAMPLE_DSL);
    for (const mask of [undefined, filterMask(freshFacts(m), { tasks: [0] })]) {
      const tree = buildCallTree(freshFacts(m), { mask, groupByTask: true });
      expect(widthsOf(tree)).toBe(tree.total);
      expect(firstDifference(widthsOf(tree), plainWidths(tree))).toBe(-1);
    }
  });

  test('a call whose children outlast it widens its node to them', () => {
    const m = modelWithCalls(modelFromDsl('t-1 0 0 | x 1'), [
      ['a', -1, 0, 0, 5],
      ['b', 0, 0, 0, 4],
      ['c', 0, 0, 4, 3], // 4 + 3 > 5
    ]);
    const tree = buildCallTree(freshFacts(m));
    const widths = widthsOf(tree);
    expect(widths[tree.roots()[0]]).toBe(7);
    expect(tree.total[tree.roots()[0]]).toBe(5);
  });
});
