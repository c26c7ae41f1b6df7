/**
 * The flame views' worker queries against the small two-task sample (exact numbers) and
 * the real seed trace (curl under function_graph).
 */
import { describe, expect, test } from 'vitest';
import { computeCallTimes } from '../../core/query/call-extent';
import { modelFromDsl, modelFromReport, SAMPLE_DSL, seedModel, withoutTimestamps } from '../../test-utils/model-dsl';
import { DerivedData } from '../derived/derived-data';
import { chartTasks, flameChartFrames } from './flame-chart';
import { DerivedTime } from '../../lib/derived-time';
import { flameGraphFrames, type FlameGraphFrames } from './flame-graph';
import { matchedFuncs } from './search';
import { timeline } from './timeline';
import { elixirUrl } from '../../lib/kernel-source';
import { loadBytes, traceBytes } from '../../test-utils/traces';

/** Frames as `depth name x0-x1 parent` with x scaled (so the numbers are µs of the sample). */
function describeFrames(r: FlameGraphFrames, scale: number): string[] {
  const out: string[] = [];
  for (let k = 0; k < r.length; k++) {
    const parent = r.parent[k] >= 0 ? r.names[r.name[r.parent[k]]] : '-';
    out.push(`${r.depth[k]} ${r.names[r.name[k]]} ${+(r.x0[k] * scale).toFixed(6)}-${+(r.x1[k] * scale).toFixed(6)} <${parent}`);
  }
  return out;
}

const NO_FILTER = { filter: {}, inverted: false, groupByTask: false };

describe('flameGraphFrames of a function-tracer trace', () => {
  // trace-cmd record -p function: calls without durations, so no frame has a width.
  const views = new DerivedData(
    modelFromReport(
      [
        'cpus=2',
        '            curl-893   [001]   209.352400: function:             tcp_v4_connect',
        '            curl-893   [001]   209.364664: function:             tcp_sendmsg',
        '',
      ].join('\n'),
    ),
  );

  test('no frame, and the answer says the calls in view are untimed (not that the filters leave nothing)', () => {
    const r = flameGraphFrames(views, { ...NO_FILTER, zoomPath: [], minWidth: 0 });
    expect(r.length).toBe(0);
    expect(r.untimed).toBe(true);
  });

  test('the flame chart marks its calls as the function tracer\'s (no return recorded), not as never returned', () => {
    const r = flameChartFrames(views, { filter: {}, task: 0, startNs: 0, endNs: 1e15, minDurNs: 0 });
    expect(r.length).toBe(2);
    for (let k = 0; k < r.length; k++) expect(r.derived[k] & DerivedTime.NoReturn).toBe(DerivedTime.NoReturn);
    const timed = new DerivedData(modelFromDsl(SAMPLE_DSL));
    const t = flameChartFrames(timed, { filter: {}, task: 0, startNs: 0, endNs: 1e15, minDurNs: 0 });
    expect(t.length).toBeGreaterThan(0);
    for (let k = 0; k < t.length; k++) expect(t.derived[k] & DerivedTime.NoReturn).toBe(0);
  });

  test('the answer names the function tracer as why, and a function_graph text printed with funcgraph-duration off as that', () => {
    const r = flameGraphFrames(views, { ...NO_FILTER, zoomPath: [], minWidth: 0 });
    expect(r.untimedReason).toMatch(/function tracer/);
    // The kernel's own text with funcgraph-duration off (trace_functions_graph.c prints the
    // column only under TRACE_GRAPH_PRINT_DURATION): every return, no time. Not the function tracer.
    const noDuration = new DerivedData(loadBytes(traceBytes('04-tracefs-nofuncgraph-duration.txt')));
    const g = flameGraphFrames(noDuration, { ...NO_FILTER, zoomPath: [], minWidth: 0 });
    expect(g.untimed).toBe(true);
    expect(g.untimedReason).toMatch(/funcgraph-duration/);
    expect(g.untimedReason).not.toMatch(/function tracer/);
    expect(flameGraphFrames(new DerivedData(modelFromDsl(SAMPLE_DSL)), { ...NO_FILTER, zoomPath: [], minWidth: 0 }).untimedReason).toBe('');
  });

  test('a filter that leaves no call is not called untimed', () => {
    const r = flameGraphFrames(views, { ...NO_FILTER, filter: { cpus: [0] }, zoomPath: [], minWidth: 0 });
    expect(r.length).toBe(0);
    expect(r.untimed).toBe(false);
  });

  test('a timed trace is not untimed', () => {
    expect(flameGraphFrames(new DerivedData(modelFromDsl(SAMPLE_DSL)), { ...NO_FILTER, zoomPath: [], minWidth: 0 }).untimed).toBe(false);
  });
});

describe('flameGraphFrames', () => {
  const views = new DerivedData(modelFromDsl(SAMPLE_DSL));

  test('all roots: frames in pre-order with parents, names sent once, totals', () => {
    const r = flameGraphFrames(views, { ...NO_FILTER, zoomPath: [], minWidth: 0 });
    expect(describeFrames(r, 18)).toEqual([
      '0 __x64_sys_write 0-13 <-',
      '1 h 0-1 <__x64_sys_write',
      '1 vfs_write 1-11 <__x64_sys_write',
      '2 f 1-7 <vfs_write',
      '3 g 1-4 <f',
      '4 f 1-2 <g',
      '2 g 7-8 <vfs_write',
      '0 main 13-18 <-',
      '1 f 13-15 <main',
    ]);
    expect(r.names.length).toBe(new Set(r.names).size);
    expect(r.names).toHaveLength(6);
    expect(r.span).toBe(18000);
    expect(r.grandTotal).toBe(18000);
    expect(r.zoomNodeFound).toBe(true);
    expect(r.maxDepth).toBe(4);
    const vfs = r.names.indexOf('vfs_write');
    const k = Array.from(r.name).indexOf(vfs);
    expect([r.total[k], r.self[k], r.calls[k]]).toEqual([10000, 3000, 1]);
    // nameFuncs maps names back to model function ids (what matchedFuncs returns).
    expect(r.func[k]).toBe(r.nameFuncs[vfs]);
    // The answer carries names, not links: the UI links the name as it is sent.
    expect(r).not.toHaveProperty('links');
    expect(elixirUrl(r.names[vfs])).toBe('https://elixir.bootlin.com/linux/latest/A/ident/vfs_write');
  });

  test('zoomed by names; minWidth drops narrow frames; the window keeps frames that overlap it', () => {
    const zoomPath = ['__x64_sys_write', 'vfs_write'];
    const r = flameGraphFrames(views, { ...NO_FILTER, zoomPath, minWidth: 0.15 });
    expect(describeFrames(r, 10)).toEqual(['0 vfs_write 0-10 <-', '1 f 0-6 <vfs_write', '2 g 0-3 <f']);
    expect(r.span).toBe(10000);
    expect(r.rootParentTotal).toBe(13000);
    expect(r.zoomFound).toBe(2);
    expect(elixirUrl(r.names[r.names.indexOf('g')], 'v6.1')).toBe('https://elixir.bootlin.com/linux/v6.1/A/ident/g');
    const windowed = flameGraphFrames(views, { ...NO_FILTER, zoomPath, minWidth: 0, window: [0.65, 1] });
    expect(describeFrames(windowed, 10)).toEqual(['0 vfs_write 0-10 <-', '1 g 6-7 <vfs_write']);
  });

  test('a zoom path that is not in the tree falls back to its longest prefix', () => {
    const r = flameGraphFrames(views, { ...NO_FILTER, zoomPath: ['__x64_sys_write', 'nope', 'x'], minWidth: 0 });
    expect(r.zoomNodeFound).toBe(false);
    expect(r.zoomFound).toBe(1);
    expect(r.names[r.name[0]]).toBe('__x64_sys_write');
    expect(r.x1[0]).toBe(1);
    expect(Number.isNaN(r.rootParentTotal)).toBe(true);
  });

  test('task roots when grouped by task, inverted tree, and a task filter', () => {
    const grouped = flameGraphFrames(views, { ...NO_FILTER, groupByTask: true, zoomPath: [], minWidth: 0 });
    const roots = Array.from(grouped.depth)
      .map((d, k) => [d, k])
      .filter(([d]) => d === 0)
      .map(([, k]) => grouped.names[grouped.name[k]]);
    expect(roots).toEqual(['curl-1', 'sh-2']);
    // Task roots have negative ids (ui/source-link/frame-source-url.ts gives them no link),
    // and their labels are no C identifier either.
    const curl = grouped.names.indexOf('curl-1');
    expect(grouped.nameFuncs[curl]).toBeLessThan(0);
    expect(elixirUrl(grouped.names[curl])).toBeNull();

    const inverted = flameGraphFrames(views, { ...NO_FILTER, inverted: true, zoomPath: ['f'], minWidth: 0 });
    // The inverted graph orders callers largest first (a ranking of where self time went).
    expect(describeFrames(inverted, 6)).toEqual([
      '0 f 0-6 <-',
      '1 vfs_write 0-3 <f',
      '2 __x64_sys_write 0-3 <vfs_write',
      '1 main 3-5 <f',
      '1 g 5-6 <f',
      '2 f 5-6 <g',
      '3 vfs_write 5-6 <f',
      '4 __x64_sys_write 5-6 <vfs_write',
    ]);

    const sh = flameGraphFrames(views, { ...NO_FILTER, filter: { tasks: [1] }, zoomPath: [], minWidth: 0 });
    expect(describeFrames(sh, 5)).toEqual(['0 main 0-5 <-', '1 f 0-2 <main']);
  });
});

describe('flameChartFrames and chartTasks', () => {
  const views = new DerivedData(modelFromDsl(SAMPLE_DSL));

  test('one task in a window, with self, duration and the parent duration', () => {
    const r = flameChartFrames(views, { filter: {}, task: 0, startNs: 3500, endNs: 8500, minDurNs: 1500 });
    expect(Array.from(r.name, (j) => r.names[j])).toEqual(['__x64_sys_write', 'vfs_write', 'f', 'g']);
    expect(Array.from(r.start)).toEqual([0, 1000, 2000, 3000]);
    expect(Array.from(r.duration)).toEqual([13000, 10000, 6000, 3000]);
    expect(Array.from(r.self)).toEqual([2000, 3000, 3000, 2000]);
    expect(Number.isNaN(r.parentDuration[0])).toBe(true);
    expect(Array.from(r.parentDuration.subarray(1))).toEqual([13000, 10000, 6000]);
    expect(r.approximate).toBe(false);
  });

  test('a range in the filter does not cut the chart (it has its own window)', () => {
    const r = flameChartFrames(views, { filter: { range: [20000, 30000] }, task: 0, startNs: 0, endNs: 20000, minDurNs: 0 });
    expect(r.length).toBe(7);
  });

  test('tasks by calls with their extent and the time of their outermost calls', () => {
    const t = chartTasks(views, {});
    expect(t.hasTimestamps).toBe(true);
    expect(t.tasks.map((x) => [x.label, x.calls, x.startNs, x.endNs, x.totalNs])).toEqual([
      ['curl-1', 7, 0, 13000, 13000],
      ['sh-2', 2, 20000, 25000, 5000],
    ]);
    // Syscall subtrees only: sh-2 has none.
    expect(chartTasks(views, { syscallsOnly: true }).tasks.map((x) => x.label)).toEqual(['curl-1']);
  });

  test('without timestamps the chart is marked approximate and the timeline is empty', () => {
    const v = new DerivedData(withoutTimestamps(modelFromDsl(SAMPLE_DSL)));
    expect(flameChartFrames(v, { filter: {}, task: 0, startNs: 0, endNs: 1e9, minDurNs: 0 }).approximate).toBe(true);
    const tl = timeline(v, {}, 10);
    expect(tl.hasTimestamps).toBe(false);
    expect(tl.counts.length).toBe(0);
    expect(chartTasks(v, {}).hasTimestamps).toBe(false);
  });
});

describe('chartTasks of a trace with no time at all', () => {
  test('says why when the calls have neither a timestamp nor a duration (funcgraph-duration off, no abstime)', () => {
    const text = ['# tracer: function_graph', '#', ' 1) __x64_sys_connect() {', ' 1)   __sys_connect() {', ' 1)     __fget_light();', ' 1)   }', ' 1) }', ''].join('\n');
    const t = chartTasks(new DerivedData(modelFromReport(text)), {});
    expect(t.hasTimestamps).toBe(false);
    expect(t.tasks.map((x) => x.calls)).toEqual([3]);
    expect(t.untimedReason).toMatch(/^the function_graph text prints none: its funcgraph-duration option was off/);
  });

  test('says nothing when durations or timestamps place the calls', () => {
    const durations = ['# tracer: function_graph', '#', ' 0)               |  f() {', ' 0)   1.000 us    |    g();', ' 0)   3.000 us    |  }', ''].join('\n');
    expect(chartTasks(new DerivedData(modelFromReport(durations)), {}).untimedReason).toBe('');
    expect(chartTasks(new DerivedData(modelFromDsl(SAMPLE_DSL)), {}).untimedReason).toBe('');
  });
});

describe('flameChartFrames after lost events', () => {
  test('marks the calls open on the CPU when the kernel printed CPU:N [LOST M EVENTS], and only those', () => {
    const m = modelFromReport(
      [
        'cpus=2',
        '          curl-139   [001]    45.424192: funcgraph_entry:                   |  tcp_sendmsg() {',
        '          curl-139   [001]    45.424193: funcgraph_entry:        1.000 us   |    lock_sock_nested();',
        'CPU:1 [LOST 2417 EVENTS]',
        '          curl-139   [001]    45.424300: funcgraph_entry:        2.000 us   |    release_sock();',
        '          curl-139   [001]    45.424400: funcgraph_exit:       ! 208.000 us |  }',
        '          curl-139   [001]    45.424500: funcgraph_entry:        3.000 us   |  tcp_poll();',
        '',
      ].join('\n'),
    );
    const r = flameChartFrames(new DerivedData(m), { filter: {}, task: 0, startNs: 0, endNs: 1e12, minDurNs: 0 });
    const lossOf = new Map<string, boolean>();
    for (let k = 0; k < r.length; k++) lossOf.set(r.names[r.name[k]], (r.derived[k] & DerivedTime.AfterLoss) !== 0);
    expect(Object.fromEntries(lossOf)).toEqual({ tcp_sendmsg: true, lock_sock_nested: false, release_sock: false, tcp_poll: false });
  });
});

describe('timeline and matchedFuncs', () => {
  const views = new DerivedData(modelFromDsl(SAMPLE_DSL));

  test('call starts per bucket over the filter, range ignored', () => {
    const tl = timeline(views, { range: [0, 1] }, 5);
    expect([tl.startNs, tl.endNs]).toEqual([0, 25000]);
    // Buckets of 5 µs: starts 0,1,2,3,4 | 8 | 11 | 20,21.
    expect(Array.from(tl.counts)).toEqual([5, 1, 1, 0, 2]);
    expect(tl.maxCount).toBe(5);
    const sh = timeline(views, { tasks: [1] }, 2);
    expect([sh.startNs, sh.endNs, ...sh.counts]).toEqual([20000, 25000, 2, 0]);
  });

  test('every call timed: the span read from the table is the one of the call times', () => {
    const m = views.model;
    const { start, end } = computeCallTimes(m);
    const tl = timeline(views, {}, 7);
    expect([tl.startNs, tl.endNs]).toEqual([Math.min(...start), Math.max(...end)]);
  });

  test('matching function ids; empty pattern and bad regex match nothing', () => {
    const m = views.model;
    const ids = matchedFuncs(views, {}, 'write');
    expect(Array.from(ids, (f) => m.strings.get(f)).sort()).toEqual(['__x64_sys_write', 'vfs_write']);
    expect(matchedFuncs(views, {}, '/^[fg]$/').length).toBe(2);
    expect(matchedFuncs(views, {}, '').length).toBe(0);
    expect(matchedFuncs(views, {}, '/(/').length).toBe(0);
  });
});

describe('on the seed trace', () => {
  const model = seedModel();
  const views = new DerivedData(model);

  test('the busiest task is curl-139 and its chart covers its calls', () => {
    const t = chartTasks(views, {});
    expect(t.tasks[0].label).toBe('curl-139');
    const curl = t.tasks[0];
    const all = flameChartFrames(views, { filter: {}, task: curl.task, startNs: curl.startNs, endNs: curl.endNs, minDurNs: 0 });
    expect(all.length).toBe(curl.calls);
    // One pixel of a 1,000 px wide chart: far fewer frames, every one at least that long.
    const minDur = (curl.endNs - curl.startNs) / 1000;
    const coarse = flameChartFrames(views, { filter: {}, task: curl.task, startNs: curl.startNs, endNs: curl.endNs, minDurNs: minDur });
    expect(coarse.length).toBeGreaterThan(0);
    expect(coarse.length).toBeLessThan(all.length / 10);
    for (let k = 0; k < coarse.length; k++) expect(coarse.end[k] - coarse.start[k]).toBeGreaterThanOrEqual(minDur);
  });

  test('flame graph by task: zooming into tcp_sendmsg by names, frames nest inside their parents', () => {
    const full = flameGraphFrames(views, { filter: {}, inverted: false, groupByTask: true, zoomPath: [], minWidth: 1 / 2560 });
    const rootNames = Array.from(full.depth)
      .map((d, k) => (d === 0 ? full.names[full.name[k]] : null))
      .filter((x) => x !== null);
    expect(rootNames).toContain('curl-139');
    for (let k = 0; k < full.length; k++) {
      expect(full.x1[k] - full.x0[k]).toBeGreaterThanOrEqual(1 / 2560);
      const p = full.parent[k];
      if (p >= 0) {
        expect(full.depth[p]).toBe(full.depth[k] - 1);
        expect(full.x0[k]).toBeGreaterThanOrEqual(full.x0[p] - 1e-12);
        expect(full.x1[k]).toBeLessThanOrEqual(full.x1[p] + 1e-12);
      }
    }
    // The path to curl's tcp_sendmsg, built from parents the way the UI builds a zoom path.
    const tcp = full.names.indexOf('tcp_sendmsg');
    expect(tcp).toBeGreaterThanOrEqual(0);
    const k = Array.from(full.name).indexOf(tcp);
    const path: string[] = [];
    for (let q = k; q >= 0; q = full.parent[q]) path.unshift(full.names[full.name[q]]);
    expect(path[0]).toBe('curl-139');
    const zoomed = flameGraphFrames(views, { filter: {}, inverted: false, groupByTask: true, zoomPath: path, minWidth: 0.001 });
    expect(zoomed.zoomNodeFound).toBe(true);
    expect(zoomed.names[zoomed.name[0]]).toBe('tcp_sendmsg');
    expect(zoomed.span).toBe(full.total[k]);
    expect(zoomed.rootParentTotal).toBe(full.total[full.parent[k]]);
    expect(zoomed.length).toBeGreaterThan(5);
    // Search highlight: tcp_sendmsg is among the matched functions.
    expect(Array.from(matchedFuncs(views, {}, 'tcp_sendmsg'))).toContain(zoomed.func[0]);
  });

  test('the timeline counts every call once', () => {
    const tl = timeline(views, {}, 200);
    expect(tl.hasTimestamps).toBe(true);
    expect(tl.counts.reduce((a, b) => a + b, 0)).toBe(model.calls.length);
    expect(tl.endNs).toBeGreaterThan(tl.startNs);
  });
});
