/**
 * callTopology and callTimes (their fast paths: the pre-order laid out from subtree sizes,
 * the times of a table whose starts are all known) against the plain algorithms they
 * replaced (test-reference.ts), on real traces and on hand-made tables with adoption,
 * unclosed calls, calls without a start, a self parent and a parent cycle.
 */
import { describe, expect, test } from 'vitest';
import { advanceCallTopology, callTimes, callTopology } from './call-extent';
import { referenceTimes, referenceTopology } from './test-reference';
import { firstDifference, REFERENCE_MODELS } from './test-reference-models';

describe.each(REFERENCE_MODELS)('%s', (_name, model) => {
  test('callTopology: the same pre-order, depths and subtree ends as the depth-first walk', () => {
    const m = model();
    const got = callTopology(m.calls);
    const want = referenceTopology(m.calls);
    expect(firstDifference(got.order, want.order)).toBe(-1);
    expect(firstDifference(got.depth, want.depth)).toBe(-1);
    expect(got.maxDepth).toBe(want.maxDepth);
    expect(firstDifference(got.subtreeEnd, want.subtreeEnd)).toBe(-1);
    expect(got.parentsFirst).toBe(want.parentsFirst);
  });

  test('callTimes: the same starts, ends and derived bits, bit for bit', () => {
    const m = model();
    const got = callTimes(m);
    const want = referenceTimes(m);
    expect(firstDifference(got.start, want.start)).toBe(-1);
    expect(firstDifference(got.end, want.end)).toBe(-1);
    expect(firstDifference(got.derived, want.derived)).toBe(-1);
    expect(got.anyDerivedStart).toBe(want.anyDerivedStart);
  });
});

test('the hand-made tables take the slow paths they are meant to test', () => {
  const odd = REFERENCE_MODELS.find(([name]) => name.includes('cycle'))![1]();
  expect(callTopology(odd.calls).parentsFirst).toBe(false);
  const adoption = REFERENCE_MODELS.find(([name]) => name.includes('adoption'))![1]();
  expect(callTopology(adoption.calls).parentsFirst).toBe(true);
  expect(adoption.calls.parent[0]).toBeGreaterThan(0); // a parent after its child
  expect(callTimes(adoption).anyDerivedStart).toBe(true);
});

describe('advanceCallTopology (building ahead in steps)', () => {
  // 02 has every parent before its child (the stepped fast path), 03 does not (one step).
  test.each(REFERENCE_MODELS.slice(1, 4))('%s: the same topology as in one go', (name, model) => {
    const m = model();
    // A copy of the table, so nothing is cached for it yet.
    const calls = Object.assign(Object.create(Object.getPrototypeOf(m.calls)), m.calls) as typeof m.calls;
    let steps = 0;
    while (!advanceCallTopology(calls, 1009)) steps++;
    if (name.startsWith('02')) expect(steps).toBeGreaterThan(20);
    const got = callTopology(calls);
    const want = referenceTopology(m.calls);
    expect(firstDifference(got.order, want.order)).toBe(-1);
    expect(firstDifference(got.subtreeEnd, want.subtreeEnd)).toBe(-1);
    expect(firstDifference(got.depth, want.depth)).toBe(-1);
  });

  test('callTopology finishes a topology under way', () => {
    const m = REFERENCE_MODELS[1][1]();
    const calls = Object.assign(Object.create(Object.getPrototypeOf(m.calls)), m.calls) as typeof m.calls;
    expect(advanceCallTopology(calls, Math.floor(calls.length / 2))).toBe(false);
    const got = callTopology(calls);
    expect(firstDifference(got.order, referenceTopology(m.calls).order)).toBe(-1);
    expect(advanceCallTopology(calls, 1)).toBe(true);
  });
});
