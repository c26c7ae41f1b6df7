import { describe, expect, it } from 'vitest';
import { rangeFromMs, rangeToMs } from './range-ms';

const START = 5_000_000_000; // B's first call at 5 s
const END = START + 80_000_000; // 80 ms later

describe("side B's range picker", () => {
  it('shows a range as ms from B\'s start, µs precision', () => {
    expect(rangeToMs(null, START)).toEqual(['', '']);
    expect(rangeToMs([START + 1_234_567, START + 20_000_000], START)).toEqual(['1.235', '20']);
  });

  it('reads the inputs back in trace ns, clamped to B\'s span; empties are its ends', () => {
    expect(rangeFromMs('1.5', '20', START, END)).toEqual([START + 1_500_000, START + 20_000_000]);
    expect(rangeFromMs('', '10', START, END)).toEqual([START, START + 10_000_000]);
    expect(rangeFromMs('70', '', START, END)).toEqual([START + 70_000_000, END]);
    expect(rangeFromMs('20', '1.5', START, END)).toEqual([START + 1_500_000, START + 20_000_000]);
    expect(rangeFromMs('-5', '500', START, END)).toEqual([START, END]);
    expect(rangeFromMs('x', '3', START, END)).toBeNull();
    expect(rangeFromMs('90', '100', START, END)).toBeNull();
    // What rangeToMs shows reads back to the same range (µs precision).
    const r: [number, number] = [START + 1_234_000, START + 7_654_000];
    const [f, t] = rangeToMs(r, START);
    expect(rangeFromMs(f, t, START, END)).toEqual(r);
  });
});
