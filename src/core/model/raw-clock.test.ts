import { describe, expect, it } from 'vitest';
import { modelFromReport } from '../../test-utils/model-dsl';
import { RawClockCheck } from './raw-clock';

/**
 * A trace-cmd report whose times are raw counts (trace-read.c `%12d` for a clock that is not
 * nanoseconds), with `n` calls of 20 µs, each `unitsPerNs` clock units per ns of its duration
 * between its entry and exit records.
 */
function rawReport(unitsPerNs: number, n = 10): string {
  const lines = ['cpus=2'];
  let t = 30_000_000_000;
  for (let i = 0; i < n; i++) {
    const at = (v: number) => String(Math.round(v)).padStart(12);
    lines.push(`            curl-139   [001]${at(t)}: funcgraph_entry:                   |  f() {`);
    lines.push(`            curl-139   [001]${at(t + 100 * unitsPerNs)}: funcgraph_entry:        1.000 us   |    g();`);
    lines.push(`            curl-139   [001]${at(t + 20_000 * unitsPerNs)}: funcgraph_exit:       + 20.000 us   |  }`);
    t += 50_000 * unitsPerNs;
  }
  return lines.join('\n') + '\n';
}

describe('raw clock counts that are not nanoseconds', () => {
  it('an x86-tsc report (cycles, durations in ns) says so and names --ts2secs', () => {
    const m = modelFromReport(rawReport(3));
    expect(m.diagnostics.inputErrors).toHaveLength(1);
    expect(m.diagnostics.inputErrors[0]).toContain('about 3.0 per ns');
    expect(m.diagnostics.inputErrors[0]).toContain('--ts2secs');
    const counter = modelFromReport(rawReport(0.01));
    expect(counter.diagnostics.inputErrors[0]).toContain('about 1 per 100 ns');
  });

  it('--raw-ts of a nanosecond clock (bare counts in ns) says nothing', () => {
    expect(modelFromReport(rawReport(1)).diagnostics.inputErrors).toEqual([]);
    expect(modelFromReport(rawReport(1.2)).diagnostics.inputErrors).toEqual([]);
  });

  it('needs enough calls long enough to weigh the records apart', () => {
    expect(modelFromReport(rawReport(3, 7)).diagnostics.inputErrors).toEqual([]);
    const check = new RawClockCheck();
    for (let i = 0; i < 20; i++) check.add(30_000, 9_999, i + 1);
    expect(check.message()).toBeUndefined();
    for (let i = 0; i < 8; i++) check.add(60_000, 20_000, 30 + i);
    expect(check.unitsPerNs).toBe(3);
    expect(check.line).toBe(30);
  });

  it('a few calls that slept (nosleep-time: their duration leaves the sleep out) do not make ns counts look otherwise', () => {
    const check = new RawClockCheck();
    for (let i = 0; i < 10; i++) check.add(21_000, 20_000, i + 1);
    for (let i = 0; i < 3; i++) check.add(10_000_000, 20_000, 20 + i);
    expect(check.message()).toBeUndefined();
    expect(check.unitsPerNs).toBeCloseTo(1.05);
  });
});

/**
 * The kernel's function_graph text with funcgraph-abstime (tracefs `trace`), `n` calls of
 * 20 µs whose records lie `unitsPerNs` clock units apart per ns of duration: print_graph_abs_time
 * prints any clock's count as seconds (`%5lu.%06lu`, the count divided by 10^9).
 */
function abstimeGraph(unitsPerNs: number, n = 10, slept = 0): string {
  const lines = [
    '# tracer: function_graph',
    '#',
    '#     TIME        CPU  DURATION                  FUNCTION CALLS',
    '#      |          |     |   |                     |   |   |   |',
  ];
  let t = 30_000_000_000;
  const at = (v: number) => {
    const us = Math.round(v / 1000);
    return `${String(Math.floor(us / 1e6)).padStart(5)}.${String(us % 1e6).padStart(6, '0')}`;
  };
  for (let i = 0; i < n; i++) {
    lines.push(` ${at(t)} |   1)               |  f() {`);
    lines.push(` ${at(t + 1000 * unitsPerNs)} |   1)   1.000 us    |    g();`);
    // With nosleep-time the first `slept` calls' 20 µs leave out a 5 ms sleep inside them.
    const sleep = i < slept ? 5_000_000 : 0;
    lines.push(` ${at(t + (20_000 + sleep) * unitsPerNs)} |   1) + 20.000 us   |  }`);
    t += (50_000 + sleep) * unitsPerNs;
  }
  return lines.join('\n') + '\n';
}

describe('function_graph text whose abstime is a clock that does not count nanoseconds', () => {
  it('an x86-tsc or counter clock printed as seconds says so and names a nanosecond clock', () => {
    const m = modelFromReport(abstimeGraph(3));
    expect(m.format).toBe('tracefs-function-graph');
    expect(m.diagnostics.inputErrors).toHaveLength(1);
    expect(m.diagnostics.inputErrors[0]).toContain('about 3.0 per ns');
    expect(m.diagnostics.inputErrors[0]).toContain('trace_clock');
    expect(m.diagnostics.inputErrors[0]).not.toContain('--ts2secs');
    expect(modelFromReport(abstimeGraph(0.1)).diagnostics.inputErrors[0]).toContain('about 1 per 10 ns');
    // A counter's few events in a call print as the same µs at its entry and exit.
    expect(modelFromReport(abstimeGraph(0.00001)).diagnostics.inputErrors[0]).toContain('(none in calls of 10 µs and more: ');
  });

  it('a nanosecond clock (local, global, mono) says nothing', () => {
    expect(modelFromReport(abstimeGraph(1)).diagnostics.inputErrors).toEqual([]);
    expect(modelFromReport(abstimeGraph(1.2)).diagnostics.inputErrors).toEqual([]);
  });

  it('nosleep-time with most calls asleep (blocking syscalls) says nothing: a clock moves every call, a sleep only some', () => {
    expect(modelFromReport(abstimeGraph(1, 10, 7)).diagnostics.inputErrors).toEqual([]);
    // A clock that does not count ns still shows through calls that slept.
    expect(modelFromReport(abstimeGraph(3, 10, 7)).diagnostics.inputErrors[0]).toContain('(about 3.0 per ns: x86-tsc, counter, uptime');
  });

});

describe('trace-cmd report in seconds of a clock that does not count nanoseconds', () => {
  /** rawReport's times printed as seconds of the count, as trace-cmd report prints the uptime clock (trace-input.c). */
  const inSeconds = (report: string) => report.replace(/\[001\] *(\d+):/g, (_, v: string) => `[001] ${(Number(v) / 1e9).toFixed(6)}:`);

  it('the uptime clock (jiffies printed as seconds) says so and names trace-cmd record -C', () => {
    // One jiffy per 10 ms: the counts of a call of 20 µs do not move.
    const report = inSeconds(rawReport(1e-7));
    expect(report).toContain('[001] 30.000000: funcgraph_exit:');
    const m = modelFromReport(report);
    expect(m.diagnostics.inputErrors).toHaveLength(1);
    expect(m.diagnostics.inputErrors[0]).toContain('(none in calls of 10 µs and more: uptime');
    expect(m.diagnostics.inputErrors[0]).toContain('trace-cmd record -C');
  });

  it('a nanosecond clock in seconds (the default) says nothing', () => {
    const report = inSeconds(rawReport(1));
    expect(report).toContain('[001] 30.000000:');
    expect(modelFromReport(report).diagnostics.inputErrors).toEqual([]);
  });
});
