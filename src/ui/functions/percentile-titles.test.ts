import { describe, expect, it } from 'vitest';
import { dsl, functionTableOf } from '../../test-utils/service-views';
import { percentileTitle } from './percentile-titles';

describe('percentileTitle', () => {
  it('says the nearest-rank definition the worker uses, which for 2 calls is the shorter', () => {
    // Two calls of f: 1 µs and 9 µs. The table's p50 is 1 µs, not the 5 µs "median" suggests.
    const t = functionTableOf(dsl('t-1 0 0 | f 1\nt-1 0 10 | f 9'), {});
    const r = t.names.indexOf('f');
    expect([t.p50[r], t.p95[r], t.p99[r]]).toEqual([1000, 9000, 9000]);
    expect(percentileTitle(50)).toMatch(/nearest rank/);
    expect(percentileTitle(50)).toMatch(/of 2 calls, p50 is the shorter/);
    expect(percentileTitle(95)).toMatch(/^95th percentile .*nearest rank.*⌈0\.95·n⌉-th shortest/);
    expect(percentileTitle(99)).toMatch(/⌈0\.99·n⌉/);
  });
});
