import { describe, expect, it } from 'vitest';
import { rangeChip } from './range-chip';

describe('rangeChip', () => {
  it('reads the range from the overview origin, and says a call straddling it counts whole', () => {
    const c = rangeChip([2_000_000, 3_000_000], 1_000_000);
    expect(c.text).toBe('Time range: 1.00 ms – 2.00 ms (1.00 ms)');
    expect(c.title.startsWith(c.text)).toBe(true);
    // filter.ts keeps a call whose [start, end] overlaps the range, and every view sums its duration.
    expect(c.title).toMatch(/overlap/);
    expect(c.title).toMatch(/counted whole/);
    expect(c.title).toMatch(/full duration/);
  });

  it('without an origin, the span alone', () => {
    expect(rangeChip([5, 1005], null).text).toBe('Time range: 1.00 us');
  });
});
