import { describe, expect, test } from 'vitest';
import { functionDetail } from './callers-callees';
import { buildCallTree } from './call-tree';
import { filterMask } from './filter';
import { funcId, modelFromDsl, modelFromReport, SAMPLE_DSL, seedModel, withoutUnclosedDurations } from '../../test-utils/model-dsl';
import { freshFacts } from '../../test-utils/fresh-facts';

describe('functionDetail of function-tracer calls (no nesting recorded)', () => {
  // The kernel's function tracer text: `func <-parent` (trace_output.c trace_fn_trace), with
  // sym-offset on one line and print-parent off on another.
  const m = modelFromReport(
    [
      '# tracer: function',
      '            curl-893     [001] .....   209.352400: tcp_sendmsg <-inet_sendmsg',
      '            curl-893     [001] .....   209.352500: tcp_sendmsg+0x4/0x50 <-inet_sendmsg+0x2c/0x40',
      '            curl-893     [001] .....   209.352600: tcp_sendmsg <-sock_sendmsg',
      '            curl-893     [001] .....   209.352700: tcp_sendmsg',
      '',
    ].join('\n'),
  );
  const tree = buildCallTree(freshFacts(m));

  test('listed by the caller the trace printed, not as called at the top level; times unknown', () => {
    const d = functionDetail(tree, funcId(m, 'tcp_sendmsg'));
    expect(d.calls).toBe(4);
    expect(d.callerPaths.map((p) => [p.source, p.path.join('>'), p.calls, p.totalNs])).toEqual([
      ['recorded', 'inet_sendmsg', 2, NaN],
      ['recorded', 'sock_sendmsg', 1, NaN],
      ['none', '', 1, NaN],
    ]);
  });
});

describe('functionDetail', () => {
  const m = modelFromDsl(SAMPLE_DSL);
  const tree = buildCallTree(freshFacts(m));
  const f = funcId(m, 'f');

  test('caller paths, with recursion listed but not double counted in the total', () => {
    const d = functionDetail(tree, f);
    expect(d.name).toBe('f');
    expect(d.calls).toBe(3);
    expect(d.totalNs).toBe(8000); // 6 + 2: the inner f (1) is inside the outer one
    // The inner f, whose 1 µs the functions table's Total (9 µs) adds again.
    expect(d.nestedCalls).toBe(1);
    expect(functionDetail(tree, funcId(m, 'g')).nestedCalls).toBe(0);
    expect(d.selfNs).toBe(6000);
    expect(d.callerPaths.map((p) => [p.path.join('>'), p.calls, p.totalNs])).toEqual([
      ['__x64_sys_write>vfs_write', 1, 6000],
      ['main', 1, 2000],
      ['__x64_sys_write>vfs_write>f>g', 1, 1000],
    ]);
    expect(d.callees).toEqual([{ func: funcId(m, 'g'), name: 'g', calls: 1, totalNs: 3000, selfNs: 2000 }]);
  });

  test('callees merge over caller paths', () => {
    const d = functionDetail(tree, funcId(m, 'vfs_write'));
    expect(d.callees.map((c) => [c.name, c.calls, c.totalNs, c.selfNs])).toEqual([
      ['f', 1, 6000, 3000],
      ['g', 1, 1000, 1000],
    ]);
    const top = functionDetail(tree, funcId(m, '__x64_sys_write'));
    expect(top.callerPaths).toEqual([{ node: tree.roots()[0], path: [], source: 'tree', calls: 1, totalNs: 13000, selfNs: 2000 }]);
  });

  test('task-grouped trees start caller paths with the task; maxPaths keeps the heaviest', () => {
    const d = functionDetail(buildCallTree(freshFacts(m), { groupByTask: true }), f, { maxPaths: 2 });
    expect(d.callerPaths.map((p) => p.path.join('>'))).toEqual(['curl-1>__x64_sys_write>vfs_write', 'sh-2>main']);
  });

  test('a recursion n deep: the kept caller paths are read, not all n (n² names)', () => {
    const n = 400;
    const lines: string[] = [];
    for (let i = 0; i < n; i++) lines.push(`r-1 0 ${i} | ${'  '.repeat(i)}recurse {`);
    for (let i = n - 1; i >= 0; i--) lines.push(`r-1 0 ${2 * n - i} | ${'  '.repeat(i)}} ${2 * (n - i)}`);
    const deep = modelFromDsl(lines.join('\n'));
    const deepTree = buildCallTree(freshFacts(deep));
    // Names of every path the tree was asked for while the detail was made.
    let names = 0;
    const pathOf = deepTree.pathOf.bind(deepTree);
    deepTree.pathOf = (node) => {
      const path = pathOf(node);
      names += path.length;
      return path;
    };
    const d = functionDetail(deepTree, funcId(deep, 'recurse'), { maxPaths: 3 });
    expect(d.calls).toBe(n);
    expect(d.callerPathCount).toBe(n);
    // The heaviest is the outermost call (no caller), then the ones it holds.
    expect(d.callerPaths.map((p) => p.path.length)).toEqual([0, 1, 2]);
    expect(names).toBeLessThanOrEqual(3 * n);
  });

  test('follows the tree mask', () => {
    const masked = buildCallTree(freshFacts(m), { mask: filterMask(freshFacts(m), { tasks: [1] }) });
    const d = functionDetail(masked, f);
    expect(d.calls).toBe(1);
    expect(d.histogram.slowestCall).toBe(8);
  });

  test('log-scale histogram and the slowest call', () => {
    const h = functionDetail(tree, f, { binsPerDecade: 4 }).histogram;
    // 1000, 2000 and 6000 ns; bins [10^3, 10^3.25), [10^3.25, 10^3.5), …, [10^3.75, 10^4).
    expect(h.edges.length).toBe(5);
    expect(h.edges[0]).toBeCloseTo(1000, 6);
    expect(h.edges[4]).toBeCloseTo(10000, 6);
    expect(Array.from(h.counts)).toEqual([1, 1, 0, 1]);
    expect(h.slowestCall).toBe(2);
    expect(h.slowestNs).toBe(6000);
    expect(h.untimed).toBe(0);
  });

  test('histogram of untimed and zero-length calls', () => {
    const m2 = withoutUnclosedDurations(
      modelFromDsl(`
t-1 1 0 | a 0
t-1 1 1 | a {
`),
    );
    const h = functionDetail(buildCallTree(freshFacts(m2)), funcId(m2, 'a')).histogram;
    expect(h.untimed).toBe(1);
    expect(h.zero).toBe(1);
    expect(Array.from(h.counts)).toEqual([1]);
    expect(h.slowestCall).toBe(0);
    const none = functionDetail(buildCallTree(freshFacts(m2)), funcId(m2, '(unknown)')).histogram;
    expect(none.counts.length).toBe(0);
    expect(none.slowestCall).toBe(-1);
  });
});

describe('on the seed trace', () => {
  const m = seedModel();
  const tree = buildCallTree(freshFacts(m));

  test('tcp_sendmsg is reached from __x64_sys_sendto and calls tcp_sendmsg_locked', () => {
    const d = functionDetail(tree, funcId(m, 'tcp_sendmsg'));
    expect(d.calls).toBe(1);
    expect(d.callerPaths.length).toBe(1);
    expect(d.callerPaths[0].path).toContain('__x64_sys_sendto');
    expect(d.callees.map((c) => c.name)).toContain('tcp_sendmsg_locked');
    expect(d.histogram.slowestNs).toBe(d.totalNs);
  });

  test('histogram counts add up to the timed calls', () => {
    const f = funcId(m, '_raw_spin_lock');
    const d = functionDetail(tree, f);
    const sum = d.histogram.counts.reduce((a, b) => a + b, 0);
    expect(sum + d.histogram.untimed).toBe(d.calls);
    let max = 0;
    for (let i = 0; i < m.calls.length; i++) if (m.calls.func[i] === f && m.calls.duration[i] > max) max = m.calls.duration[i];
    expect(d.histogram.slowestNs).toBe(max);
    expect(m.calls.duration[d.histogram.slowestCall]).toBe(max);
  });
});
