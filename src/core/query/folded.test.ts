import { describe, expect, it } from 'vitest';
import { applyIrqMode, type IrqMode } from '../model/interrupt-mode';
import { taskLabel, type Task, type TraceModel } from '../model/tables';
import { loadText, traceBytes, loadBytes } from '../../test-utils/traces';
import { buildCallTree } from './call-tree';
import { filterMask, type ViewFilter } from './filter';
import { computeLayoutWidths } from './flame-graph';
import { foldedLines, foldName } from './folded';
import { lazyModelFacts } from './lazy-facts';

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

/** Each path's width in the flame graph drawn from folded lines: the sum of the counts of the lines under it (flamegraph.pl). */
function foldedWidths(lines: Iterable<string>): Map<string, number> {
  const widths = new Map<string, number>();
  for (const line of lines) {
    const cut = line.lastIndexOf(' ');
    const ns = Number(line.slice(cut + 1));
    const frames = line.slice(0, cut).split(';');
    for (let d = 1; d <= frames.length; d++) {
      const path = frames.slice(0, d).join(';');
      widths.set(path, (widths.get(path) ?? 0) + ns);
    }
  }
  return widths;
}

/**
 * Each path's width in the app's flame graph grouped by task (the call tree of the mask, its
 * layout widths), the task root named as the folded lines name it (`comm-pid`; the idle tasks
 * of several CPUs share `<idle>-0`, their widths summed). Paths of no width are not drawn.
 */
function viewWidths(model: TraceModel, mask: Uint8Array | undefined): Map<string, number> {
  const facts = lazyModelFacts(model);
  const tree = buildCallTree(facts, { mask, groupByTask: true });
  const width = computeLayoutWidths(tree, facts.childrenFit());
  const frame = (t: Task) => foldName(t.pid < 0 ? taskLabel(t) : `${t.instance ? `${t.instance}:` : ''}${t.comm || '?'}-${t.pid}`);
  const path: string[] = [];
  const out = new Map<string, number>();
  for (let k = 0; k < tree.length; k++) {
    const f = tree.func[k];
    const name = f >= 0 ? foldName(model.strings.get(f)) : frame(model.tasks[-1 - f]);
    const p = tree.parent[k];
    path[k] = p >= 0 ? `${path[p]};${name}` : name;
    if (width[k] > 0) out.set(path[k], (out.get(path[k]) ?? 0) + width[k]);
  }
  return out;
}

describe('foldedLines under a filter: the flame graph the views show', () => {
  /** The filters a view can be under, for one trace: a task, a CPU, 0.8 ms ranges, Syscalls only, and those together. */
  function filtersOf(model: TraceModel): [string, ViewFilter][] {
    // Ranges from calls' starts (a long trace has gaps where nothing ran).
    const starts = Float64Array.from(lazyModelFacts(model).times().start.filter(Number.isFinite)).sort();
    const callsOf = new Uint32Array(model.tasks.length);
    for (let i = 0; i < model.calls.length; i++) callsOf[model.calls.task[i]]++;
    const busiest = callsOf.indexOf(Math.max(...callsOf));
    const cpus = [...new Set(model.calls.cpu)].sort((a, b) => a - b);
    const out: [string, ViewFilter][] = [
      ['no filter', {}],
      [`task ${taskLabel(model.tasks[busiest])}`, { tasks: [busiest] }],
      [`CPU ${cpus[0]}`, { cpus: [cpus[0]] }],
      ['syscalls only', { syscallsOnly: true }],
    ];
    for (const at of [0.15, 0.5, 0.85]) {
      const from = starts[Math.floor(starts.length * at)];
      out.push([`0.8 ms at ${at}`, { range: [from, from + 800_000] }]);
      out.push([`0.8 ms at ${at}, syscalls only`, { range: [from, from + 800_000], syscallsOnly: true }]);
    }
    return out;
  }

  for (const name of ['01-seed-curl-fgraph.report.txt.gz', '03-systemwide-sched-irq.report.txt.gz', '02-midstream-nc-fgraph.report.txt.gz', '04-tracefs-funcgraph-proc.txt']) {
    const irqs: IrqMode[] = name.startsWith('03') ? ['in-place', 'apart', 'hidden'] : ['in-place'];
    it(`${name}: every path's summed counts are its frame's width in the view (task, CPU, range, syscalls only${irqs.length > 1 ? ', interrupts apart and hidden' : ''})`, () => {
      const loaded = loadBytes(traceBytes(name));
      const wrong: string[] = [];
      let compared = 0;
      for (const irq of irqs) {
        const model = applyIrqMode(loaded, irq);
        const facts = lazyModelFacts(model);
        for (const [label, filter] of filtersOf(model)) {
          const mask = label === 'no filter' ? undefined : filterMask(facts, filter);
          const lines = [...foldedLines(model, mask)];
          const got = foldedWidths(lines);
          const want = viewWidths(model, mask);
          if (new Set(lines.map((l) => l.slice(0, l.lastIndexOf(' ')))).size !== lines.length) wrong.push(`${irq}, ${label}: a path on two lines`);
          for (const [path, w] of want) if (got.get(path) !== w) wrong.push(`${irq}, ${label}: ${path} is ${got.get(path)} in the lines, ${w} in the view`);
          for (const path of got.keys()) if (!want.has(path)) wrong.push(`${irq}, ${label}: ${path} is in the lines, not in the view`);
          compared += want.size;
        }
      }
      expect(wrong.slice(0, 5)).toEqual([]);
      expect(compared).toBeGreaterThan(1000);
    });
  }

  it('a call that straddles the range counts whole, its children outside the range its own time; Syscalls only starts at the entry', () => {
    const m = loadText(
      [
        'cpus=1',
        '   curl-139   [000]    11.000000: funcgraph_entry:                   |  do_syscall_64() {',
        '   curl-139   [000]    11.000001: funcgraph_entry:                   |    __x64_sys_read() {',
        '   curl-139   [000]    11.000002: funcgraph_entry:        5.000 us   |      early();',
        '   curl-139   [000]    11.000010: funcgraph_entry:        2.000 us   |      late();',
        '   curl-139   [000]    11.000013: funcgraph_exit:        12.000 us   |    }',
        '   curl-139   [000]    11.000014: funcgraph_exit:        14.000 us   |  }',
      ].join('\n') + '\n',
    );
    const facts = lazyModelFacts(m);
    const t = (us: number) => 11e9 + us * 1000;
    // [9 µs, 11 µs]: late() and its callers are in view, early() is not.
    expect([...foldedLines(m, filterMask(facts, { range: [t(9), t(11)] }))].sort()).toEqual([
      'curl-139;do_syscall_64 2000',
      'curl-139;do_syscall_64;__x64_sys_read 10000',
      'curl-139;do_syscall_64;__x64_sys_read;late 2000',
    ]);
    expect([...foldedLines(m, filterMask(facts, { syscallsOnly: true }))].sort()).toEqual([
      'curl-139;__x64_sys_read 5000',
      'curl-139;__x64_sys_read;early 5000',
      'curl-139;__x64_sys_read;late 2000',
    ]);
  });
});
