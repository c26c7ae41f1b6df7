/**
 * Text as people capture and paste it: whatever a terminal, a pager or a web page added
 * around the kernel's text must not change what is read from it, on the one-pass load, the
 * range-parallel one and the pieces of an inflated gzip alike.
 */
import { describe, expect, it } from 'vitest';
import { loadText } from '../../test-utils/traces';
import { loadInPieces } from '../parallel/load-pieces';
import { loadInRanges } from '../parallel/load-ranges';
import type { TraceModel } from '../model/tables';
import { ZERO_FILLED } from './line-reading';

/** Past the detection head (200 lines), where the byte fast path reads a report's lines. */
const repeat = (lines: string[], times: number): string[] => Array.from({ length: times }, () => lines).flat();

const REPORT_CALLS = [
  '            curl-139   [001]    11.525491: funcgraph_entry:                   |  __f_unlock_pos() {',
  '            curl-139   [001]    11.525496: funcgraph_entry:        1.183 us   |    mutex_unlock();',
  '            curl-139   [001]    11.525498: funcgraph_exit:         8.836 us   |  }',
  '            curl-139   [001]    11.525502: funcgraph_entry:                   |  exit_to_user_mode_prepare() {',
  '            curl-139   [001]    11.525503: funcgraph_entry:        1.162 us   |    fpregs_assert_state_consistent();',
  '            curl-139   [001]    11.525505: funcgraph_exit:         3.276 us   |  }',
];
const REPORT = ['cpus=2', ...repeat(REPORT_CALLS, 60)];

const GRAPH = [
  '# tracer: function_graph',
  '#',
  '# CPU  DURATION                  FUNCTION CALLS',
  '# |     |   |                     |   |   |   |',
  ' 0)               |  __x64_sys_connect() {',
  ' 0)               |    __sys_connect() {',
  ' 0)   4.188 us    |      __fget_light();',
  ' 0) + 24.727 us   |    }',
  ' 0) + 30.100 us   |  }',
];

/** The model of `text` by every way the app loads a text: one pass, ranges, pieces. */
function everyLoad(text: string): TraceModel[] {
  const bytes = new TextEncoder().encode(text);
  return [loadText(text), loadInRanges(bytes, 3, 64), loadInPieces(bytes, 64, 64)];
}

/** What a reader of the trace sees: format, each call's task and name in order, and the unread lines. */
function reading(m: TraceModel): unknown {
  const calls: string[] = [];
  for (let i = 0; i < m.calls.length; i++) {
    const t = m.tasks[m.calls.task[i]];
    calls.push(`${t.comm}-${t.pid} ${m.strings.get(m.calls.func[i])} ${m.calls.depth[i]}`);
  }
  return { format: m.format, calls, unparsed: m.diagnostics.unparsedLines };
}

describe('captured text', () => {
  it.each([
    ['trace-cmd report', REPORT],
    ['function_graph text', GRAPH],
  ])('reads %s through grep --color=always as without the colour codes', (_, lines) => {
    const plain = lines.join('\n') + '\n';
    // grep --color=always marks each match: ESC[01;31mESC[K match ESC[mESC[K.
    const mark = (s: string) => `\x1b[01;31m\x1b[K${s}\x1b[m\x1b[K`;
    const want = reading(loadText(plain));
    expect((want as { calls: string[] }).calls.length).toBeGreaterThanOrEqual(3);
    // A search for a function, and one for a task (a CPU in function_graph text).
    for (const word of [/\w+(?=\(\))/, /curl|\b0\)/]) {
      const coloured = lines.map((l) => l.replace(word, (w) => mark(w))).join('\n') + '\n';
      expect(coloured).not.toBe(plain);
      for (const m of everyLoad(coloured)) expect(reading(m)).toEqual(want);
    }
  });

  it.each([
    ['trace-cmd report', REPORT],
    ['function_graph text', GRAPH],
  ])('reads %s copied from a web page, with no-break spaces, as with spaces', (_, lines) => {
    const plain = lines.join('\n') + '\n';
    const want = reading(loadText(plain));
    expect((want as { calls: string[] }).calls.length).toBeGreaterThanOrEqual(3);
    // Every space, HTML's `&nbsp; ` (every other one of a run), or the indent only.
    for (const nbsp of [
      (l: string) => l.replace(/ /g, '\u00a0'),
      (l: string) => l.replace(/ {2}/g, '\u00a0 '),
      (l: string) => l.replace(/^ +/, (m) => '\u00a0'.repeat(m.length)),
    ]) {
      const pasted = lines.map(nbsp).join('\n') + '\n';
      expect(pasted).not.toBe(plain);
      for (const m of everyLoad(pasted)) expect(reading(m)).toEqual(want);
    }
  });

  // A file zero-filled past a crash or an unfinished copy: its NUL line was "expected a
  // trace-cmd record" (or a function_graph line), a problem of a line that looks empty.
  it.each([
    ['trace-cmd report', REPORT],
    ['function_graph text', GRAPH],
  ])('says that a line of %s holding NUL bytes was zero-filled, whichever way it is read', (_, lines) => {
    const plain = lines.join('\n') + '\n';
    const want = reading(loadText(plain));
    const cut = lines[lines.length - 1].slice(0, 20);
    for (const zeros of [plain + '\0'.repeat(4096), plain + '\0'.repeat(70_000), plain + cut + '\0'.repeat(300) + '\n' + lines.slice(1).join('\n') + '\n']) {
      for (const m of everyLoad(zeros)) {
        expect((reading(m) as { calls: string[] }).calls.slice(0, (want as { calls: string[] }).calls.length)).toEqual((want as { calls: string[] }).calls);
        const unread = m.diagnostics.items.filter((i) => i.kind === 'unparsed');
        expect(unread.length).toBeGreaterThan(0);
        expect(unread[0].message).toBe(ZERO_FILLED);
        expect(unread[0].line).toBe(lines.length + 1);
      }
    }
    // A text in no format, zeros only, and a line with no NUL keep their own problems.
    expect(loadText('\0'.repeat(600)).diagnostics.items[0]).toMatchObject({ kind: 'unparsed', message: ZERO_FILLED });
    expect(loadText(plain + 'garbage\n').diagnostics.items.find((i) => i.kind === 'unparsed')?.message).not.toBe(ZERO_FILLED);
    expect(loadText(plain + 'gar\0bage\x01\0\n').diagnostics.items.find((i) => i.kind === 'unparsed')?.message).not.toBe(ZERO_FILLED);
  });

  it('reads an ftrace_dump on a console of a CONFIG_PRINTK_CALLER kernel: [time][T<pid>] or [C<cpu>] before each line', () => {
    // trace.c ftrace_dump_one prints the buffer in latency format, one printk per line;
    // printk.c info_print_prefix puts `[%5lu.%06lu]`, the caller `[%6s]` and a space first.
    const dump = [
      'Dumping ftrace buffer:',
      '---------------------------------',
      ' 0)  ...1. |               |  __x64_sys_connect() {',
      ' 0)  ...1. |   3.727 us    |    __fget_light();',
      ' 0)  ..... | + 21.981 us   |  }',
      ' 1)  d.h1. |               |  irq_enter_rcu() {',
      ' 1)  d.h1. |   1.100 us    |    irqtime_account_irq();',
      ' 1)  d.h1. |   2.400 us    |  }',
      '---------------------------------',
    ];
    const plain = dump.map((l, i) => `[  123.${String(456789 + i)}] ${l}`).join('\n') + '\n';
    const want = reading(loadText(plain));
    expect(want).toMatchObject({ format: 'tracefs-function-graph', unparsed: 0 });
    expect((want as { calls: string[] }).calls.length).toBe(4);
    const callers = ['    T1', '  T4711', '    C0', 'C12345'];
    const withCaller = dump.map((l, i) => `<0>[  123.${String(456789 + i)}][${callers[i % 4]}] ${l}`).join('\n') + '\n';
    for (const m of everyLoad(withCaller)) expect(reading(m)).toEqual(want);
  });

  it.each([
    ['trace-cmd report', REPORT],
    ['function_graph text', GRAPH],
  ])('reads %s whose runs of spaces a tool folded into tabs (unexpand, an editor) as before', (_, lines) => {
    const plain = lines.join('\n') + '\n';
    const want = reading(loadText(plain));
    expect((want as { calls: string[] }).calls.length).toBeGreaterThanOrEqual(3);
    // GNU unexpand: the blanks that end at a multiple of 8 columns become one tab, in the
    // indent only (its default) or everywhere (-a).
    const unexpand = (all: boolean) => (l: string) => {
      let out = '';
      for (let i = 0; i < l.length; i += 8) {
        const block = l.slice(i, i + 8);
        const lead = out.trim() === '' && block.trim() === '';
        const m = / {2,}$|^ +$/.exec(block);
        out += block.length === 8 && m && (all || lead) ? block.slice(0, m.index) + '\t' : block;
      }
      return out;
    };
    const pastes = [unexpand(false), unexpand(true)].map((fold) => lines.map(fold).join('\n') + '\n');
    // function_graph text has one leading blank, so only -a folds it.
    expect(pastes[1]).toContain('\t');
    for (const pasted of pastes) for (const m of everyLoad(pasted)) expect(reading(m)).toEqual(want);
  });

  it('reads an ftrace_dump read back from the system log: kern.log, journalctl -k, dmesg -T', () => {
    const dump = [
      ' 0)  ...1. |               |  __x64_sys_connect() {',
      ' 0)  ...1. |   3.727 us    |    __fget_light();',
      ' 0)  ..... | + 21.981 us   |  }',
      '  <idle>-0       1d.h1. 1010us : irq_enter_rcu <-sysvec_apic_timer_interrupt',
    ];
    const plain = dump.map((l, i) => `[  123.${String(456789 + i)}] ${l}`).join('\n') + '\n';
    const want = reading(loadText(plain));
    expect(want).toMatchObject({ format: 'tracefs-function-graph', unparsed: 0 });
    expect((want as { calls: string[] }).calls.length).toBe(3);
    const heads = [
      (i: number) => `Dec  5 11:00:0${i} host kernel: [  123.${String(456789 + i)}] `, // rsyslog kern.log
      (i: number) => `Dec 05 11:00:0${i} host kernel: `, // journalctl -k
      (i: number) => `2026-12-05T11:00:0${i}.123456+00:00 host kernel: `, // journalctl -o short-iso-precise
      (i: number) => `[  123.${String(456789 + i)}] host kernel: `, // journalctl -o short-monotonic
      (i: number) => `[Sat Dec  5 11:00:0${i} 2026] `, // dmesg -T
    ];
    for (const head of heads) {
      const logged = dump.map((l, i) => head(i) + l).join('\n') + '\n';
      for (const m of everyLoad(logged)) expect(reading(m)).toEqual(want);
    }
  });
});
