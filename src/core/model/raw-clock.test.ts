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
