import { describe, expect, it } from 'vitest';
import { narrowsCalls, overviewHeadText, overviewTitle } from './overview-head';

describe('overviewHeadText', () => {
  const whole = { range: null, startNs: 0, endNs: 809_000_000, calls: 226_772, narrowed: false };
  it('the whole trace, or the range picked', () => {
    expect(overviewHeadText(whole)).toBe('Whole trace: 809 ms, 226,772 calls. Drag to pick a range.');
    expect(overviewHeadText({ ...whole, range: [100_000_000, 300_000_000] })).toBe('Range 100 ms – 300 ms (200 ms)');
  });

  // Under Syscalls only the seed's strip said "Whole trace: 807 ms, 137,976 calls", beside the
  // Summary's 226,772 calls.
  it('says that a filter leaves calls out of the count', () => {
    expect(overviewHeadText({ ...whole, endNs: 807_000_000, calls: 137_976, narrowed: true })).toBe(
      'Whole trace, as filtered: 807 ms, 137,976 calls in view. Drag to pick a range.',
    );
  });
});

describe('narrowsCalls', () => {
  it('a task, CPUs, syscalls only, hidden interrupts or Paths from leave calls out; apart and search do not', () => {
    expect(narrowsCalls({})).toBe(false);
    expect(narrowsCalls({ tasks: [], cpus: [], irq: 'apart' })).toBe(false);
    expect(narrowsCalls({ irq: 'in-place', range: [0, 1] })).toBe(false);
    expect(narrowsCalls({ tasks: [0] })).toBe(true);
    expect(narrowsCalls({ cpus: [1] })).toBe(true);
    expect(narrowsCalls({ syscallsOnly: true })).toBe(true);
    expect(narrowsCalls({ irq: 'hidden' })).toBe(true);
    expect(narrowsCalls({ pathsFrom: 'tcp_sendmsg' })).toBe(true);
  });
});

describe('overviewTitle', () => {
  it('names side A above the differential flame graph, whose strip is A\'s', () => {
    expect(overviewTitle(null)).toBe('Calls over time');
    expect(overviewTitle('A')).toBe('Side A: calls over time');
  });
});
