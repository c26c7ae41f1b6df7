import { describe, expect, it } from 'vitest';
import { loadText } from '../../test-utils/traces';
import { loadInPieces } from '../parallel/load-pieces';
import { loadInRanges } from '../parallel/load-ranges';
import { summaryOutputReason } from './summary-output';

/** `trace-cmd report --profile` (trace-profile.c output_task, output_event, output_chain). */
const PROFILE = [
  'cpus=2',
  '',
  'task: curl-139',
  '  Event: sched_switch:R (1) Total: 21460 Avg: 21460 Max: 21460(ts:11.525491) Min:21460(ts:11.525491)',
  '       | ',
  '       + ftrace_graph_caller (0xffffffff8105b0d2)',
  '           100% (1) time:21460 max:21460(ts:11.525491) min:21460(ts:11.525491) avg:21460',
  '            schedule (0xffffffff81a7d3e0)',
  '',
  '  Event: func: __x64_sys_connect() (3) Total: 127893 Avg: 42631 Max: 96771(ts:11.526136) Min:12345(ts:11.525491)',
];

/** `trace-cmd report --stat`: each CPU's tracefs stats file (trace.c tracing_stats_read). */
const STAT = [
  'CPU: 0',
  'entries: 12345',
  'overrun: 0',
  'commit overrun: 0',
  'bytes: 1048576',
  'oldest event ts:    11.524982',
  'now ts:    13.000000',
  'dropped events: 0',
  'read events: 12345',
];

/** `trace-cmd report --cpus --first-event` (trace-read.c trace_report, show_event_ts). */
const CPUS = ['List of CPUs in trace.dat with data:', '  0\tFirst event:    11.524982', '  1\tFirst event:    11.525491'];

/** `trace-cmd report -e`. */
const ENDIAN = ['file is little endian and host is little endian'];

/** `trace-cmd report --events`: the formats as tracefs prints them (trace-input.c tracecmd_print_events). */
const EVENTS = [
  'name: funcgraph_entry',
  'ID: 11',
  'format:',
  '\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;',
  '\tfield:unsigned long func;\toffset:8;\tsize:8;\tsigned:0;',
  '',
  'print fmt: "--> %ps (%u)", (void *)REC->func, REC->depth',
];

/** `trace-cmd report --uname`: `cpus=N`, then the recorded uname, then the version (trace-input.c tracecmd_print_uname). */
const UNAME = ['cpus=2', 'Linux fedora 6.8.0-45-generic #45-Ubuntu SMP PREEMPT_DYNAMIC Fri Aug 30 12:02:04 UTC 2024 x86_64', '3.3.1'];

/** `perf ftrace latency -T FUNC` (tools/perf/builtin-ftrace.c display_histogram). */
const PERF_LATENCY = [
  '#   DURATION     |      COUNT | GRAPH                                          |',
  '     0 - 1    us |          0 |                                                |',
  '     4 - 8    us |       2828 | ####                                           |',
  '     8 - 16   us |      23953 | ########################################       |',
  '     1 - 2    ms |          4 |                                                |',
  '     1 - ...   s |          0 |                                                |',
  '',
  '# statistics  (in usec)',
  '  total time:               391427',
  '    avg time:                   14',
  '       count:                27519',
];

/** The same with `--use-nsec --bucket-range=200 --min-latency 250`, cut before its header. */
const PERF_LATENCY_RANGE = [
  '   250 -  450 ns |         12 | ##                                             |',
  '  1.05 - 1.25 us |         14 | ##                                             |',
];

/** `perf ftrace profile` (builtin-ftrace.c print_profile_result). */
const PERF_PROFILE = [
  '# Total (us)   Avg (us)   Max (us)      Count   Function',
  '  100136.400 100136.400 100136.400          1   __x64_sys_clock_nanosleep',
  '     166.868     55.623     80.299          3   scheduler_tick',
];

describe('summary output', () => {
  it.each([
    ['trace-cmd report --profile', PROFILE, 3, '--profile'],
    ['trace-cmd report --stat', STAT, 2, '--stat'],
    ['trace-cmd report --cpus', CPUS, 1, '--cpus'],
    ['trace-cmd report -e', ENDIAN, 1, '-e'],
    ['trace-cmd report --events', EVENTS, 1, '--events'],
    ['trace-cmd report --uname', UNAME, 2, '--uname'],
    ['perf ftrace latency', PERF_LATENCY, 1, 'perf ftrace latency'],
    ['perf ftrace latency (bucket ranges)', PERF_LATENCY_RANGE, 1, 'perf ftrace latency'],
    ['perf ftrace profile', PERF_PROFILE, 1, 'perf ftrace profile'],
  ])('%s is no trace, named by its first summary line', (_, lines, line, option) => {
    const bytes = new TextEncoder().encode(lines.join('\n') + '\n');
    for (const m of [loadText(lines.join('\n')), loadInRanges(bytes, 3, 64), loadInPieces(bytes, 64, 64)]) {
      // Not a trace-cmd report of nothing (its `cpus=2` alone made it one): no trace at all.
      expect(m.format).toBe('unknown');
      const reason = summaryOutputReason(m.diagnostics.items);
      expect(reason).toMatch(new RegExp(`^line ${line} \\("${lines[line - 1].trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\): this is .*${option}`));
      const item = m.diagnostics.items.find((i) => i.line === line);
      expect(item?.message).toContain(option);
    }
  });

  it('the line is quoted as JSON: an escape sequence in a task name (OSC 0, the terminal title) is not written to a terminal', () => {
    const m = loadText(['cpus=2', 'task: a\u001b]0;pwned\u0007"\\-5'].join('\n'));
    expect(m.format).toBe('unknown');
    expect(summaryOutputReason(m.diagnostics.items)).toMatch(/^line 2 \("task: a\\u001b]0;pwned\\u0007\\"\\\\-5"\): this is /);
  });

  it('says to record function_graph text with perf ftrace -G instead of its summaries', () => {
    for (const lines of [PERF_LATENCY, PERF_PROFILE]) {
      expect(summaryOutputReason(loadText(lines.join('\n')).diagnostics.items)).toContain('perf ftrace -G FUNCTION > trace.txt');
    }
    // Copied from the terminal where ^C stopped it.
    const stopped = ['^C' + PERF_LATENCY[0], ...PERF_LATENCY.slice(1)];
    expect(summaryOutputReason(loadText(stopped.join('\n')).diagnostics.items)).toMatch(/^line 1 .*perf ftrace latency/);
  });

  // A crash log whose ftrace dump was empty was 'not a trace format' with nothing said.
  it("a console log whose ftrace dump is empty is named by ftrace_dump's line", () => {
    const log = [
      '[  100.000001] Kernel panic - not syncing: sysrq triggered crash',
      '[  100.000002] Dumping ftrace buffer:',
      '[  100.000003] ---------------------------------',
      '[  100.000004]    (ftrace buffer empty)',
      '[  100.000005] ---------------------------------',
    ];
    const m = loadText(log.join('\n'));
    expect(m.format).toBe('unknown');
    expect(summaryOutputReason(m.diagnostics.items)).toMatch(/^line 4 \("\[  100\.000004\]    \(ftrace buffer empty\)"\): this console log's ftrace dump is empty/);
    const journal = loadText('Dec 05 10:00:00 host kernel: Dumping ftrace buffer:\nDec 05 10:00:00 host kernel:    (ftrace buffer empty)\n');
    expect(summaryOutputReason(journal.diagnostics.items)).toMatch(/^line 2 .*ftrace dump is empty/);
    // A dump with records is read as the trace it is, an empty instance's line beside them.
    const dump = loadText(
      ['Dumping ftrace buffer:', '---------------------------------', ' 0)   1.000 us    |  f();', '---------------------------------', 'Dumping ftrace instance foo buffer:', '   (ftrace buffer empty)'].join('\n'),
    );
    expect(dump.format).toBe('tracefs-function-graph');
    expect(dump.calls.length).toBe(1);
  });

  it('a report whose records come with such a line is still a report', () => {
    const m = loadText(
      [
        'cpus=1',
        'task: curl-139',
        '            curl-139   [001]    11.525496: funcgraph_entry:        1.183 us   |  mutex_unlock();',
      ].join('\n'),
    );
    expect(m.format).toBe('trace-cmd-report');
    expect(m.calls.length).toBe(1);
  });

  it('function_graph text with a line that reads like one (a trace_printk continuation) is still that text', () => {
    const m = loadText(['# tracer: function_graph', ' 0)               |  /* sent', 'bytes: 12', '*/', ' 0)   0.412 us    |  f();'].join('\n'));
    expect(m.format).toBe('tracefs-function-graph');
    expect(m.calls.length).toBe(1);
    const pipe = loadText([' 0)               |  /* sent', 'bytes: 12', '*/', ' 0)   0.412 us    |  f();', ' 0)   0.300 us    |  g();'].join('\n'));
    expect(pipe.format).toBe('tracefs-function-graph');
  });
});
