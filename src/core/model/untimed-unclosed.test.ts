/**
 * Builder rule 7 in a trace with no duration at all: a call that did not return has none
 * either, where it once lasted as long as its children, 0 ns, and its function's totals read
 * "took no time" (0) instead of unknown (null) as every other function's.
 */
import { describe, expect, it } from 'vitest';
import { loadInRanges } from '../parallel/load-ranges';
import { summarize } from '../query/summary';
import { loadBytes, loadText, traceBytes } from '../../test-utils/traces';
import { modelDifference } from '../../test-utils/model-difference';
import { CallFlag } from './call-table';

/** The kernel's text with nocontext-info: no column at all, durations included (print_graph_duration). */
const NOINFO = ['# tracer: function_graph', '#', 'tcp_sendmsg() {', '  lock_sock_nested();', '  tcp_sendmsg_locked() {', '    tcp_push();', '  }', '  release_sock() {'];

describe('a call that did not return, in a trace without durations', () => {
  it('nocontext-info: has no duration, and its function no total', () => {
    const m = loadText(NOINFO.join('\n') + '\n');
    const name = (i: number): string => m.strings.get(m.calls.func[i]);
    const unclosed = [...Array(m.calls.length).keys()].filter((i) => m.calls.flags[i] & CallFlag.Unclosed);
    expect(unclosed.map(name)).toEqual(['tcp_sendmsg', 'release_sock']);
    for (const i of unclosed) expect([name(i), m.calls.duration[i], m.calls.self[i]]).toEqual([name(i), Number.NaN, Number.NaN]);
    const totals = Object.fromEntries(summarize(m).functions.map((f) => [f.name, f.totalNs]));
    expect(totals).toEqual({ tcp_sendmsg: null, lock_sock_nested: null, tcp_sendmsg_locked: null, tcp_push: null, release_sock: null });
  });

  it('nofuncgraph-duration, cut inside calls (test/traces 04, its last 40 lines gone): the same', () => {
    const text = new TextDecoder().decode(traceBytes('04-tracefs-nofuncgraph-duration.txt'));
    const lines = text.split('\n');
    const m = loadText(lines.slice(0, lines.length - 40).join('\n') + '\n');
    expect(m.diagnostics.unclosedCalls).toBeGreaterThan(0);
    expect(summarize(m).functions.filter((f) => f.totalNs !== null)).toEqual([]);
    expect(modelDifference(m, loadInRanges(new TextEncoder().encode(lines.slice(0, lines.length - 40).join('\n') + '\n'), 3))).toBeNull();
  });

  it('a trace with durations keeps rule 7: without times an unclosed call lasts as long as its children', () => {
    const m = loadBytes(new TextEncoder().encode([' 1)               |  f() {', ' 1)   2.000 us    |    g();', ''].join('\n')));
    expect([m.calls.duration[0], m.calls.self[0]]).toEqual([2000, 0]);
  });
});
