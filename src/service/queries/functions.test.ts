/** The functions table and callers & callees queries, on the seed trace and a DSL model. */
import { describe, expect, it } from 'vitest';
import { modelFromReport, SAMPLE_DSL } from '../../test-utils/model-dsl';
import { DerivedData } from '../derived/derived-data';
import { dsl, grouped, seed } from '../../test-utils/service-views';
import { loadText, traceText } from '../../test-utils/traces';
import { functionDetailOf, functionTable } from './functions';

const SLOW = 60_000;


function row(t: ReturnType<typeof functionTable>, name: string) {
  const r = t.names.indexOf(name);
  if (r < 0) return undefined;
  return { calls: t.calls[r], total: t.total[r], self: t.self[r], min: t.min[r], p50: t.p50[r], max: t.max[r] };
}

describe('functionTable', () => {
  it('has one row per function in view, and follows the filter', () => {
    const v = dsl(SAMPLE_DSL);
    const all = functionTable(v, {});
    expect(all.names.slice().sort()).toEqual(['__x64_sys_write', 'f', 'g', 'h', 'main', 'vfs_write']);
    expect(row(all, 'f')).toEqual({ calls: 3, total: 9000, self: 6000, min: 1000, p50: 2000, max: 6000 });
    const model = v.model;
    const sh = model.tasks.findIndex((t) => t.comm === 'sh');
    const only = functionTable(v, { tasks: [sh] });
    expect(only.names.slice().sort()).toEqual(['f', 'main']);
    expect(row(only, 'f')).toEqual({ calls: 1, total: 2000, self: 2000, min: 2000, p50: 2000, max: 2000 });
    // Cached: the same filter gives the same answer object.
    expect(functionTable(v, { tasks: [sh] })).toBe(only);
  });

  // The function tracer records no durations: Total, Self and the percentiles read "—", and
  // Irq inside read "0 ns" beside them, a figure the trace does not have.
  it('gives no interrupt time (NaN) to a function none of whose calls has a duration', () => {
    const v = new DerivedData(loadText(traceText('06-function-stacktrace.report.txt')));
    const t = functionTable(v, {});
    expect(t.names.length).toBeGreaterThan(0);
    for (let r = 0; r < t.names.length; r++) {
      expect(t.timed[r]).toBe(0);
      expect(t.total[r]).toBeNaN();
      expect(t.irq[r]).toBeNaN();
    }
    // A timed function keeps its figure (0 where no interrupt came inside it).
    const timed = functionTable(dsl(SAMPLE_DSL), {});
    for (let r = 0; r < timed.names.length; r++) expect(timed.irq[r]).toBe(0);
  });

  it('sorts the seed by p95 with the columns aligned', { timeout: SLOW }, () => {
    const t = functionTable(seed(), {});
    expect(t.names.length).toBeGreaterThan(100);
    const rowsByP95 = t.names.map((_, r) => r).filter((r) => !Number.isNaN(t.p95[r]));
    rowsByP95.sort((a, b) => t.p95[b] - t.p95[a]);
    const top = rowsByP95.slice(0, 20);
    for (let k = 1; k < top.length; k++) expect(t.p95[top[k - 1]]).toBeGreaterThanOrEqual(t.p95[top[k]]);
    for (const r of top) {
      expect(t.min[r]).toBeLessThanOrEqual(t.p50[r]);
      expect(t.p50[r]).toBeLessThanOrEqual(t.p95[r]);
      expect(t.p95[r]).toBeLessThanOrEqual(t.p99[r]);
      expect(t.p99[r]).toBeLessThanOrEqual(t.max[r]);
      expect(t.self[r]).toBeLessThanOrEqual(t.total[r] + 1e-6);
    }
    const tcp = row(t, 'tcp_sendmsg');
    expect(tcp?.calls).toBeGreaterThan(0);
  });
});

describe('functionDetailOf', () => {
  it('a recursion 300 deep: the paths sent are the only ones read (not 300 paths of up to 300 names)', () => {
    const n = 300;
    const lines: string[] = [];
    for (let i = 0; i < n; i++) lines.push(`r-1 0 ${i} | ${'  '.repeat(i)}recurse {`);
    for (let i = n - 1; i >= 0; i--) lines.push(`r-1 0 ${2 * n - i} | ${'  '.repeat(i)}} ${2 * (n - i)}`);
    const v = dsl(lines.join('\n'));
    const tree = v.topDown({ ...grouped, groupByTask: false });
    let names = 0;
    const pathOf = tree.pathOf.bind(tree);
    tree.pathOf = (node) => {
      const path = pathOf(node);
      names += path.length;
      return path;
    };
    const d = functionDetailOf(v, { ...grouped, groupByTask: false }, 'recurse');
    expect(d.callerPathCount).toBe(n);
    expect(d.callerPaths.length).toBe(200);
    expect(d.callerPaths.at(-1)!.path.length).toBe(199);
    // The 200 paths sent (0 to 199 names) and the slowest call's, read once each.
    expect(names).toBeLessThanOrEqual((199 * 200) / 2 + n);
  });

  it('lists caller paths merged across tasks, callees and the slowest call path', () => {
    const v = dsl(SAMPLE_DSL);
    const d = functionDetailOf(v, grouped, 'f');
    expect(d.found).toBe(true);
    expect(d.calls).toBe(3);
    expect(d.totalNs).toBe(8000);
    // The table's Total of f is 9 µs: the panel says one call is nested, counted once.
    const table = functionTable(v, {});
    expect(table.total[table.names.indexOf('f')]).toBe(9000);
    expect(d.nestedCalls).toBe(1);
    expect(d.callerPaths.map((p) => p.path.join('>'))).toEqual([
      '__x64_sys_write>vfs_write',
      'main',
      '__x64_sys_write>vfs_write>f>g',
    ]);
    expect(d.callerPathCount).toBe(3);
    expect(d.callees).toEqual([{ name: 'g', calls: 1, totalNs: 3000, selfNs: 2000 }]);
    expect(Array.from(d.histogram.counts).reduce((a, b) => a + b, 0)).toBe(3);
    expect(d.histogram.slowestNs).toBe(6000);
    expect(d.slowestPath).toEqual(['curl-1', '__x64_sys_write', 'vfs_write', 'f']);
    const inv = functionDetailOf(v, { ...grouped, inverted: true }, 'f');
    expect(inv.slowestPath).toEqual(['f', 'vfs_write', '__x64_sys_write', 'curl-1']);
  });

  // tracefs with funcgraph-abstime and nofuncgraph-duration: each line has its time, none a
  // duration (trace_functions_graph.c prints the duration column only with
  // TRACE_GRAPH_PRINT_DURATION). f and h have an exit line, so their times are the exit's
  // less the entry's (f 52 µs, h 20 µs); a leaf g has one line and no time.
  const NO_DURATION = [
    '# tracer: function_graph',
    '#',
    '#     TIME        CPU  FUNCTION CALLS',
    '#      |          |     |   |   |   |',
    '  124.173505 |   1)  f() {',
    '  124.173527 |   1)    g();',
    '  124.173531 |   1)    h() {',
    '  124.173533 |   1)      g();',
    '  124.173551 |   1)    }',
    '  124.173557 |   1)  }',
    '',
  ].join('\n');

  it('a caller path or callee none of whose calls has a duration: its time unknown (NaN), as the call tree says, not 0 ns', () => {
    const v = new DerivedData(modelFromReport(NO_DURATION));
    const f = functionDetailOf(v, grouped, 'f');
    expect(f.callees.map((c) => [c.name, c.calls, c.totalNs, c.selfNs])).toEqual([
      ['h', 1, 20000, 20000],
      ['g', 1, NaN, NaN],
    ]);
    const g = functionDetailOf(v, grouped, 'g');
    expect(g.calls).toBe(2);
    expect(g.histogram.untimed).toBe(2);
    expect(g.callerPaths.map((p) => [p.path.join('>'), p.calls, p.totalNs, p.selfNs]).sort()).toEqual([
      ['f', 1, NaN, NaN],
      ['f>h', 1, NaN, NaN],
    ]);
    // A timed path keeps its time.
    expect(functionDetailOf(v, grouped, 'h').callerPaths.map((p) => [p.path.join('>'), p.totalNs])).toEqual([['f', 20000]]);
  });

  it('says not found for an unknown function or one filtered out', () => {
    const v = dsl(SAMPLE_DSL);
    expect(functionDetailOf(v, grouped, 'nope').found).toBe(false);
    const sh = v.model.tasks.findIndex((t) => t.comm === 'sh');
    expect(functionDetailOf(v, { ...grouped, filter: { tasks: [sh] } }, 'vfs_write').found).toBe(false);
  });

  it('tcp_sendmsg in the seed is reached from __x64_sys_sendto', { timeout: SLOW }, () => {
    const d = functionDetailOf(seed(), grouped, 'tcp_sendmsg');
    expect(d.found).toBe(true);
    // One call, from curl: x64_sys_call › __x64_sys_sendto › __sys_sendto › __sock_sendmsg › inet_sendmsg.
    const viaSendto = d.callerPaths.find((p) => p.path.includes('__x64_sys_sendto'));
    expect(viaSendto?.path.slice(-4)).toEqual(['__x64_sys_sendto', '__sys_sendto', '__sock_sendmsg', 'inet_sendmsg']);
    expect(d.callees.map((c) => c.name)).toContain('tcp_sendmsg_locked');
    expect(d.slowestPath[0]).toBe('curl-139');
    expect(d.slowestPath.at(-1)).toBe('tcp_sendmsg');
  });
});
