/**
 * Parser checklist, PREEMPT_RT kernels (docs/formats.md §2.9, §5.3): their lines carry up
 * to seven flag characters (`....1..`: a second need-resched letter for lazy preemption,
 * then the preempt, lazy-preempt and migrate-disable depths) while the legend above them
 * still announces four, and their irq threads are named with a trailing dash
 * (`irq/25-virtio0-`). The width is taken from each line, in every format that prints
 * flags: tracefs (default and latency format, function and function_graph), `trace-cmd
 * report -l`, trace-cmd 3.3+'s default, and the byte fast path.
 */
import { describe, expect, it } from 'vitest';
import { StringTable } from '../model/string-table';
import { loadText } from '../../test-utils/traces';
import { scanIrqFlags } from './context-prefix';
import { RecordKind, createRecord, type LineRecord, type LineParser } from './record';
import { TraceCmdFastPath } from './trace-cmd-fast';
import { TraceCmdReportParser } from './trace-cmd-report';
import { TracefsFunctionParser } from './tracefs-function';
import { TracefsGraphParser } from './tracefs-graph';

const K = RecordKind;

function parseAll(parser: LineParser, lines: readonly string[]): LineRecord[] {
  return lines.map((line, i) => {
    const r = createRecord();
    parser.parseLine(line, i + 1, r);
    return r;
  });
}

/** The legend of a latency-format function_graph trace: four flag columns announced. */
const LEGEND_OF_FOUR = [
  '# tracer: function_graph',
  '#',
  '# function_graph latency trace v1.1.5 on 6.1.0-28-rt-amd64',
  '#',
  '#      _-----=> irqs-off        ',
  '#     / _----=> need-resched    ',
  '#    | / _---=> hardirq/softirq ',
  '#    || / _--=> preempt-depth   ',
  '#    ||| /                      ',
  '# CPU||||     DURATION                  FUNCTION CALLS',
  '# |  ||||      |   |                     |   |   |   |',
];

describe('PREEMPT_RT flags: the width comes from the line', () => {
  it('scanIrqFlags takes 4 to 7 characters, one or two need-resched letters', () => {
    const width = (f: string) => {
      const e = scanIrqFlags(f + ' |', 0);
      return e < 0 ? -1 : e;
    };
    expect(['d..1', '.....', 'd..1.', '....1..', '....111', '.....13', 'dNh2.1.', 'dn.h1..', 'd.Lh1.1'].map(width)).toEqual([
      4, 5, 5, 7, 7, 7, 7, 7, 7,
    ]);
    // Eight characters, a context letter missing, a digit first: not flags.
    expect(['....1...', 'dN1.', '1...', 'd.', 'x...1'].map(width)).toEqual([-1, -1, -1, -1, -1]);
  });

  it('tracefs function_graph, latency format: seven flags under a legend of four', () => {
    const p = new TracefsGraphParser();
    const r = parseAll(p, [
      ...LEGEND_OF_FOUR,
      ' 1)  ....1.. |               |  irq_thread_fn() {',
      ' 1)  ....111 |   0.912 us    |    vring_interrupt();',
      ' 1)  .....13 | + 12.345 us   |  }',
      ' 1)  d..h2.1 |   1.000 us    |  irq_enter_rcu();',
    ]);
    const body = r.slice(LEGEND_OF_FOUR.length);
    expect(body.map((x) => [x.kind, x.flagsText, x.depth, x.name])).toEqual([
      [K.Entry, '....1..', 0, 'irq_thread_fn'],
      [K.Leaf, '....111', 1, 'vring_interrupt'],
      [K.Exit, '.....13', 0, ''],
      [K.Leaf, 'd..h2.1', 0, 'irq_enter_rcu'],
    ]);
    expect(body[1].durNs).toBe(912);
    expect(body[2].durNs).toBe(12_345);
  });

  it('tracefs function_graph with the proc column: an irq thread whose name ends in a dash', () => {
    const r = parseAll(new TracefsGraphParser(), [
      ...LEGEND_OF_FOUR,
      ' 1)  irq/25--163   |  ....1.. |               |  irq_thread_fn() {',
      ' 1)  irq/25--163   |  ....1.. |   0.912 us    |    vring_interrupt();',
    ]).slice(LEGEND_OF_FOUR.length);
    expect(r.map((x) => [x.kind, x.comm, x.pid, x.flagsText, x.depth])).toEqual([
      [K.Entry, 'irq/25-', 163, '....1..', 0],
      [K.Leaf, 'irq/25-', 163, '....1..', 1],
    ]);
  });

  it('tracefs function tracer, default and latency format', () => {
    const r = parseAll(new TracefsFunctionParser(), [
      '  irq/25-virtio0--163     [001] ....1..   873.104530: vring_interrupt <-irq_thread_fn',
      '  irq/25-v-163      1....1..   12us+: vring_interrupt <-irq_thread_fn',
      '      bash-1022     0d..h2.1    3us : irq_enter_rcu <-sysvec_apic_timer_interrupt',
    ]);
    expect(r.map((x) => [x.kind, x.comm, x.pid, x.cpu, x.flagsText, x.name, x.parentName])).toEqual([
      [K.FunctionCall, 'irq/25-virtio0-', 163, 1, '....1..', 'vring_interrupt', 'irq_thread_fn'],
      [K.FunctionCall, 'irq/25-v', 163, 1, '....1..', 'vring_interrupt', 'irq_thread_fn'],
      [K.FunctionCall, 'bash', 1022, 0, 'd..h2.1', 'irq_enter_rcu', 'sysvec_apic_timer_interrupt'],
    ]);
    expect(r[1].mark).toBe('+');
    expect(r[1].tsNs).toBe(12_000);
  });

  const TRACE_CMD_DEFAULT = [
    '  irq/25-virtio0--163   [001] ....1..   873.104530: funcgraph_entry:                   |  irq_thread_fn() {',
    '  irq/25-virtio0--163   [001] ....111   873.104531: funcgraph_entry:        0.912 us   |    vring_interrupt();',
    '  irq/25-virtio0--163   [001] .....13   873.104543: funcgraph_exit:       + 12.345 us  |  }',
  ];

  it('trace-cmd 3.3+ default: the string parser', () => {
    const r = parseAll(new TraceCmdReportParser(), TRACE_CMD_DEFAULT);
    expect(r.map((x) => [x.kind, x.comm, x.pid, x.cpu, x.flagsText, x.depth])).toEqual([
      [K.Entry, 'irq/25-virtio0-', 163, 1, '....1..', 0],
      [K.Leaf, 'irq/25-virtio0-', 163, 1, '....111', 1],
      [K.Exit, 'irq/25-virtio0-', 163, 1, '.....13', 0],
    ]);
  });

  it('trace-cmd 3.3+ default: the byte fast path takes the lines and gives the same records', () => {
    const fast = new TraceCmdFastPath(new StringTable());
    const slow = new TraceCmdReportParser();
    const enc = new TextEncoder();
    for (const line of TRACE_CMD_DEFAULT) {
      const bytes = enc.encode(line + '\n');
      const a = createRecord();
      const b = createRecord();
      expect(fast.parse(bytes, 0, bytes.length, a)).toBe(bytes.length - 1);
      slow.parseLine(line, 1, b);
      a.funcId = -1; // only the fast path interns
      expect(a).toEqual(b);
      expect(a.flagsText).toMatch(/^[.\d]{7}$/);
      expect(a.comm).toBe('irq/25-virtio0-');
    }
  });

  it('trace-cmd report -l: the CPU glued to seven flags', () => {
    const r = parseAll(new TraceCmdReportParser(), [
      '  irq/25-v-163      1....1..   873.104530: funcgraph_entry:                   |  irq_thread_fn() {',
      '  irq/25-v-163      1....111   873.104531: funcgraph_entry:        0.912 us   |    vring_interrupt();',
      '  irq/25-v-163      1.....13   873.104543: funcgraph_exit:       + 12.345 us  |  }',
    ]);
    expect(r.map((x) => [x.kind, x.comm, x.pid, x.cpu, x.flagsText])).toEqual([
      [K.Entry, 'irq/25-v', 163, 1, '....1..'],
      [K.Leaf, 'irq/25-v', 163, 1, '....111'],
      [K.Exit, 'irq/25-v', 163, 1, '.....13'],
    ]);
  });

  it('a whole PREEMPT_RT latency-format trace loads with every line understood', () => {
    const m = loadText(
      [
        ...LEGEND_OF_FOUR,
        ' 1)  ....1.. |               |  irq_thread_fn() {',
        ' 1)  ....111 |   0.912 us    |    vring_interrupt();',
        ' 1)  .....13 | + 12.345 us   |  }',
      ].join('\n') + '\n',
    );
    expect(m.format).toBe('tracefs-function-graph');
    expect(m.diagnostics.unparsedLines).toBe(0);
    expect(m.calls.length).toBe(2);
    expect(m.calls.duration[0]).toBe(12_345);
  });
});
