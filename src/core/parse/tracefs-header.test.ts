import { describe, expect, it } from 'vitest';
import { modelFromReport } from '../../test-utils/model-dsl';
import { callTreeLines } from '../../test-utils/model-tree';
import { isLatencyReport } from './tracefs-header';

/**
 * `trace-cmd report` of a latency tracer's trace.dat (`trace-cmd record -p irqsoff`, wakeup…):
 * the file holds the tracefs `trace` text (trace-output.c tracecmd_create_file_latency), and
 * report prints `cpus=N`, then that text as it is (trace-read.c read_data_info, read_latency).
 */
const GRAPH_LATENCY = [
  'cpus=2',
  '# tracer: irqsoff',
  '#',
  '# irqsoff latency trace v1.1.5 on 6.1.0-56-amd64',
  '# --------------------------------------------------------------------',
  '# latency: 26 us, #6/6, CPU#0 | (M:desktop VP:0, KP:0, SP:0 HP:0 #P:2)',
  '#    -----------------',
  '#    | task: curl-834 (uid:0 nice:0 policy:0 rt_prio:0)',
  '#    -----------------',
  '#',
  '# CPU||||     DURATION                  FUNCTION CALLS',
  '# |  ||||      |   |                     |   |   |   |',
  ' 0)  d..1. |               |  __fdget() {',
  ' 0)  d..1. |   3.727 us    |    __fget_light();',
  ' 0)  d.... | + 21.981 us   |  }',
];

/** The function-tracer form (no display-graph), as ftrace.rst shows irqsoff's output. */
const FUNCTION_LATENCY = [
  'cpus=4',
  '# tracer: irqsoff',
  '#',
  '# irqsoff latency trace v1.1.5 on 3.8.0-test+',
  '# --------------------------------------------------------------------',
  '# latency: 16 us, #4/4, CPU#0 | (M:preempt VP:0, KP:0, SP:0 HP:0 #P:4)',
  '#    -----------------',
  '#    | task: swapper/0-0 (uid:0 nice:0 policy:0 rt_prio:0)',
  '#    -----------------',
  '#  => started at: run_timer_softirq',
  '#  => ended at:   run_timer_softirq',
  '#',
  '#  cmd     pid   ||||| time  |   caller      ',
  '#     \\   /      |||||  \\    |   /           ',
  '  <idle>-0       0d.s2    0us+: _raw_spin_lock_irq <-run_timer_softirq',
  '  <idle>-0       0dNs3   17us : _raw_spin_unlock_irq <-run_timer_softirq',
  '  <idle>-0       0dNs3   17us+: trace_hardirqs_on <-run_timer_softirq',
  '  <idle>-0       0dNs3   25us : <stack trace>',
  ' => _raw_spin_unlock_irq',
  ' => run_timer_softirq',
];

describe("trace-cmd report of a latency tracer's trace.dat", () => {
  it('is the kernel function_graph text behind cpus=N: every call read, the CPU count kept', () => {
    const m = modelFromReport(GRAPH_LATENCY.join('\n') + '\n');
    expect(m.format).toBe('tracefs-function-graph');
    expect(callTreeLines(m)).toEqual(['__fdget 21981 18254', '  __fget_light 3727 3727']);
    expect(m.diagnostics.unparsedLines).toBe(0);
    expect(m.cpuCount).toBe(2);
    expect(m.kernelRelease).toBe('6.1.0-56-amd64');
  });

  it('is the kernel function tracer text behind cpus=N', () => {
    const m = modelFromReport(FUNCTION_LATENCY.join('\n') + '\n');
    expect(m.format).toBe('tracefs-function');
    expect(m.calls.length).toBe(3);
    expect(m.events.length).toBe(1);
    expect(m.diagnostics.unparsedLines).toBe(0);
    expect(m.cpuCount).toBe(4);
  });

  it('is told only by the kernel header right after the preamble', () => {
    expect(isLatencyReport(GRAPH_LATENCY)).toBe(true);
    expect(isLatencyReport(['', 'version = 6', 'cpus=4', '', '# tracer: wakeup_rt'])).toBe(true);
    // A report of records, and kernel text with no preamble, are not.
    const report = ['cpus=2', '            curl-139   [001]    11.524982: funcgraph_entry:        1.183 us   |  mutex_unlock();'];
    expect(isLatencyReport(report)).toBe(false);
    expect(isLatencyReport(GRAPH_LATENCY.slice(1))).toBe(false);
    expect(modelFromReport(report.join('\n') + '\n').format).toBe('trace-cmd-report');
  });
});
