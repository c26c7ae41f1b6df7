import { describe, expect, it } from 'vitest';
import type { Task, TraceModel } from '../model/tables';
import { loadText, traceBytes, loadBytes } from '../../test-utils/traces';
import { foldedLines } from './folded';

/** The first implementation (a path string per call), kept as the reference for the output. */
function referenceFolded(model: TraceModel): string[] {
  const { calls, strings, tasks } = model;
  const fold = (s: string) => s.replace(/[;\s]/g, '_');
  const frame = (t: Task) => `${t.instance ? `${t.instance}:` : ''}${t.comm || '?'}-${t.pid}`;
  const path: (string | undefined)[] = new Array(calls.length);
  const totals = new Map<string, number>();
  for (let i = 0; i < calls.length; i++) {
    if (!(calls.self[i] > 0)) continue;
    const chain: number[] = [];
    let j = i;
    while (j >= 0 && path[j] === undefined) {
      chain.push(j);
      j = calls.parent[j];
    }
    let prefix = j >= 0 ? (path[j] as string) : '';
    while (chain.length > 0) {
      const k = chain.pop()!;
      const name = fold(strings.get(calls.func[k]));
      prefix = prefix ? `${prefix};${name}` : `${fold(frame(tasks[calls.task[k]]))};${name}`;
      path[k] = prefix;
    }
    totals.set(path[i]!, (totals.get(path[i]!) ?? 0) + calls.self[i]);
  }
  return [...totals].map(([k, v]) => `${k} ${v}`);
}

function folded(model: TraceModel): string[] {
  return [...foldedLines(model)];
}

describe('foldedLines', () => {
  it('gives the lines of the reference on real traces (kernel and trace-cmd, idle tasks of several CPUs)', () => {
    for (const name of ['02-midstream-nc-fgraph.report.txt.gz', '03-systemwide-sched-irq.report.txt.gz', '04-tracefs-funcgraph-proc.txt']) {
      const model = loadBytes(traceBytes(name));
      const lines = folded(model);
      expect(lines.length).toBeGreaterThan(100);
      expect(new Set(lines).size).toBe(lines.length);
      expect([...lines].sort()).toEqual(referenceFolded(model).sort());
    }
  });

  it('names with `;` or blanks cannot split a frame', () => {
    const m = loadText(['# tracer: function_graph', '#', ' 0)               |  a;b() {', ' 0)   1.000 us    |    c d();', ' 0)   3.000 us    |  }'].join('\n') + '\n');
    const lines = folded(m);
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(l.split(' ')).toHaveLength(2);
    expect(lines.join('\n')).toContain('a_b;c_d 1000');
  });

  it('control characters in a name or a comm (an escape sequence, a bell) become U+FFFD, not bytes for a terminal or flamegraph.pl', () => {
    const m = loadText(
      ['cpus=1', '   a\u0007b-7     [000]    11.000001: funcgraph_entry:        1.000 us   |  ev\u001b]0;x\u0007il\u007f\u009b();'].join('\n') + '\n',
    );
    expect(m.tasks.map((t) => t.comm)).toEqual(['a\u0007b']);
    expect(folded(m)).toEqual(['a\ufffdb-7;ev\ufffd]0_x\ufffdil\ufffd\ufffd 1000']);
  });

  it('U+FFFE and U+FFFF in a comm or a name (valid UTF-8, not XML 1.0 characters) become U+FFFD: flamegraph.pl copies frames into its SVG', () => {
    const m = loadText(['cpus=1', '   a\ufffeb-7     [000]    11.000001: funcgraph_entry:        1.000 us   |  f\uffffg();'].join('\n') + '\n');
    expect(m.tasks.map((t) => t.comm)).toEqual(['a\ufffeb']);
    expect(folded(m)).toEqual(['a\ufffdb-7;f\ufffdg 1000']);
  });

  it("a name's right-to-left override becomes U+FFFD: flamegraph.pl sets it before the figures of its title", () => {
    const m = loadText(['cpus=1', '   ev\u202eil-7     [000]    11.000001: funcgraph_entry:        1.000 us   |  f\u2067g\u2069();'].join('\n') + '\n');
    expect(folded(m)).toEqual(['ev\ufffdil-7;f\ufffdg\ufffd 1000']);
  });

  it('a task the trace never names (function_graph text without funcgraph-proc) is "? (CPU n)", not pid -1', () => {
    const m = loadText(
      [
        '# tracer: function_graph',
        '#',
        '# CPU  DURATION                  FUNCTION CALLS',
        '# |     |   |                     |   |   |   |',
        ' 1)   2.000 us    |  __x64_sys_connect();',
        ' ------------------------------------------',
        ' 1)    curl-846    =>   httpd-847   ',
        ' ------------------------------------------',
        '',
        ' 1)   3.000 us    |  tcp_sendmsg();',
        ' 0)   5.000 us    |  __x64_sys_recvfrom();',
      ].join('\n') + '\n',
    );
    // CPU 1's first call is curl's (the switch away from it names it); nothing names CPU 0's.
    expect(folded(m).sort()).toEqual(['?_(CPU_0);__x64_sys_recvfrom 5000', 'curl-846;__x64_sys_connect 2000', 'httpd-847;tcp_sendmsg 3000']);
  });

  it('a very deep stack is written line by line, one path per depth', () => {
    const depth = 3000;
    const lines = ['cpus=1'];
    const ts = (x: number) => `${Math.floor(x / 1e6)}.${String(x % 1e6).padStart(6, '0')}`;
    for (let d = 0; d < depth; d++) lines.push(`  deep-1   [000] ${ts(1e6 + d)}: funcgraph_entry:       func=f${d % 5} depth=${d}`);
    for (let d = depth - 1; d >= 0; d--) {
      lines.push(`  deep-1   [000] ${ts(2e6 - d)}: funcgraph_exit:        func=f${d % 5} depth=${d} overrun=0 calltime=0x${(0x1000 + d).toString(16)} rettime=0x${(0x1000 + 2 * depth - d).toString(16)}`);
    }
    const model = loadText(lines.join('\n') + '\n');
    expect(model.calls.length).toBe(depth);
    const out = folded(model);
    expect(out).toHaveLength(depth); // every level has self time (2 ns)
    const deepest = out.find((l) => l.split(';').length === depth + 1);
    expect(deepest).toMatch(/^deep-1;f0;f1;f2;f3;f4;f0;.* 2$/);
  });
});
