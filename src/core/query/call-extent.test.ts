import { describe, expect, test } from 'vitest';
import { CallFlag } from '../model/call-table';
import { computeTaskTimeline, computeCallTimes, computeCallTopology, DerivedTime, lowerBoundByStart } from './call-extent';
import { modelFromDsl, withoutTimestamps } from '../../test-utils/model-dsl';

const NESTED = `
t-1 1 0  | a {
t-1 1 1  |   b 2
t-1 1 4  |   c {
t-1 1 5  |     d 1
t-1 1 7  |   } 3
t-1 1 10 | } 10
t-1 1 12 | e 3
`;

/** The trace starts inside x: b and c come before the orphan x that adopts them. */
const ORPHAN = `
t-1 1 11 |   b 2
t-1 1 14 |   c 1
t-1 1 20 | } 10 x
t-1 1 21 | y 1
`;

describe('computeCallTopology', () => {
  test('depth and a parents-first order for pre-order input', () => {
    const m = modelFromDsl(NESTED);
    const t = computeCallTopology(m.calls);
    expect(Array.from(t.depth)).toEqual([0, 1, 1, 2, 0]);
    expect(Array.from(t.order)).toEqual([0, 1, 2, 3, 4]);
    expect(t.maxDepth).toBe(2);
  });

  test('an orphan that comes after the children it adopted still precedes them in order', () => {
    const m = modelFromDsl(ORPHAN);
    const c = m.calls;
    expect(c.flags[2] & CallFlag.Orphan).toBeTruthy();
    expect(c.parent[0]).toBe(2);
    const t = computeCallTopology(c);
    expect(Array.from(t.depth)).toEqual([1, 1, 0, 0]);
    expect(Array.from(t.order)).toEqual([2, 0, 1, 3]);
    const pos = new Map(Array.from(t.order).map((call, k) => [call, k]));
    for (let i = 0; i < c.length; i++) {
      if (c.parent[i] >= 0) expect(pos.get(c.parent[i])!).toBeLessThan(pos.get(i)!);
    }
  });

  test('is pure: computed afresh on every call, the same each time (DerivedData keeps it)', () => {
    const m = modelFromDsl(NESTED);
    const a = computeCallTopology(m.calls);
    const b = computeCallTopology(m.calls);
    expect(b).not.toBe(a);
    expect(Array.from(b.order)).toEqual(Array.from(a.order));
    expect(Array.from(b.depth)).toEqual(Array.from(a.depth));
  });

  test('survives a parent cycle in broken input', () => {
    const m = modelFromDsl(NESTED);
    m.calls.parent[0] = 2; // 0 -> 2 -> 0
    const t = computeCallTopology(m.calls);
    expect(Array.from(t.order).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(t.depth[4]).toBe(0);
  });
});

describe('computeCallTimes', () => {
  test('reads start and start + duration when the trace has them', () => {
    const m = modelFromDsl(NESTED);
    const t = computeCallTimes(m);
    expect(Array.from(t.start)).toEqual([0, 1000, 4000, 5000, 12000]);
    expect(Array.from(t.end)).toEqual([10000, 3000, 7000, 6000, 15000]);
    expect(t.anyDerivedStart).toBe(false);
  });

  test('a call that never returned ends with its last descendant', () => {
    const m = modelFromDsl(`
t-1 1 0 | a {
t-1 1 1 |   b 2
t-1 1 5 |   c 3
`);
    const t = computeCallTimes(m);
    expect(m.calls.flags[0] & CallFlag.Unclosed).toBeTruthy();
    expect(t.end[0]).toBe(8000);
    expect(t.derived[0]).toBe(DerivedTime.End);
  });

  test('without timestamps, calls are laid out by cumulative durations in their parent', () => {
    const m = withoutTimestamps(modelFromDsl(NESTED));
    const t = computeCallTimes(m);
    // a at 0 (10 µs), b at 0 (2), c after b at 2 (3), d at 2 (1); e after a at 10.
    expect(Array.from(t.start)).toEqual([0, 0, 2000, 2000, 10000]);
    expect(Array.from(t.end)).toEqual([10000, 2000, 5000, 3000, 13000]);
    expect(t.anyDerivedStart).toBe(true);
    expect(t.derived[0] & DerivedTime.Start).toBeTruthy();
  });

  test('the orphan starts at exit time minus duration', () => {
    const m = modelFromDsl(ORPHAN);
    const t = computeCallTimes(m);
    expect(t.start[2]).toBe(10000);
    expect(t.end[2]).toBe(20000);
  });
});

test('computeTaskTimeline groups by task and sorts by start, orphans included', () => {
  const m = modelFromDsl(ORPHAN + 'u-2 0 0 | z 1\n');
  const tl = computeTaskTimeline(m);
  expect(Array.from(tl.offsets)).toEqual([0, 4, 5]);
  expect(Array.from(tl.order)).toEqual([2, 0, 1, 3, 4]);
  const seg = tl.order.subarray(0, 4);
  expect(lowerBoundByStart(seg, computeCallTimes(m).start, 14000)).toBe(2);
});
