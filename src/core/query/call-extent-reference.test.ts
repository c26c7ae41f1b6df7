/**
 * computeCallTopology and computeCallTimes (their fast paths: the pre-order laid out from subtree sizes,
 * the times of a table whose starts are all known) against the plain algorithms they
 * replaced (test-utils/reference/queries.ts), on real traces and on hand-made tables with adoption,
 * unclosed calls, calls without a start, a self parent and a parent cycle.
 */
import { describe, expect, test } from 'vitest';
import { CallTopologyBuild, computeCallTimes, computeCallTopology } from './call-extent';
import { referenceTimes, referenceTopology } from '../../test-utils/reference/queries';
import { firstDifference, REFERENCE_MODELS } from '../../test-utils/reference/models';

describe.each(REFERENCE_MODELS)('%s', (_name, model) => {
  test('computeCallTopology: the same pre-order, depths and subtree ends as the depth-first walk', () => {
    const m = model();
    const got = computeCallTopology(m.calls);
    const want = referenceTopology(m.calls);
    expect(firstDifference(got.order, want.order)).toBe(-1);
    expect(firstDifference(got.depth, want.depth)).toBe(-1);
    expect(got.maxDepth).toBe(want.maxDepth);
    expect(firstDifference(got.subtreeEnd, want.subtreeEnd)).toBe(-1);
    expect(got.parentsFirst).toBe(want.parentsFirst);
  });

  test('computeCallTimes: the same starts, ends and derived bits, bit for bit', () => {
    const m = model();
    const got = computeCallTimes(m);
    const want = referenceTimes(m);
    expect(firstDifference(got.start, want.start)).toBe(-1);
    expect(firstDifference(got.end, want.end)).toBe(-1);
    expect(firstDifference(got.derived, want.derived)).toBe(-1);
    expect(got.anyDerivedStart).toBe(want.anyDerivedStart);
  });
});

test('the hand-made tables take the slow paths they are meant to test', () => {
  const odd = REFERENCE_MODELS.find(([name]) => name.includes('cycle'))![1]();
  expect(computeCallTopology(odd.calls).parentsFirst).toBe(false);
  const adoption = REFERENCE_MODELS.find(([name]) => name.includes('adoption'))![1]();
  expect(computeCallTopology(adoption.calls).parentsFirst).toBe(true);
  expect(adoption.calls.parent[0]).toBeGreaterThan(0); // a parent after its child
  expect(computeCallTimes(adoption).anyDerivedStart).toBe(true);
});

describe('CallTopologyBuild (building ahead in steps)', () => {
  // 02 has every parent before its child (the stepped fast path), 03 does not (one step).
  test.each(REFERENCE_MODELS.slice(1, 4))('%s: the same topology as in one go', (name, model) => {
    const m = model();
    const build = new CallTopologyBuild(m.calls);
    let steps = 0;
    while (!build.advance(1009)) steps++;
    if (name.startsWith('02')) expect(steps).toBeGreaterThan(20);
    const got = build.result!;
    const want = referenceTopology(m.calls);
    expect(firstDifference(got.order, want.order)).toBe(-1);
    expect(firstDifference(got.subtreeEnd, want.subtreeEnd)).toBe(-1);
    expect(firstDifference(got.depth, want.depth)).toBe(-1);
  });

  test('a build under way finishes with the rest of the work', () => {
    const m = REFERENCE_MODELS[1][1]();
    const build = new CallTopologyBuild(m.calls);
    expect(build.advance(Math.floor(m.calls.length / 2))).toBe(false);
    expect(build.result).toBeUndefined();
    expect(build.advance(Number.POSITIVE_INFINITY)).toBe(true);
    expect(firstDifference(build.result!.order, referenceTopology(m.calls).order)).toBe(-1);
    expect(build.advance(1)).toBe(true);
  });
});
