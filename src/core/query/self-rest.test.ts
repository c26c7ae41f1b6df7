import { describe, expect, test } from 'vitest';
import type { TraceModel } from '../model/tables';
import { computeCallTopology } from './call-extent';
import { buildCallTree, CallTreeBuild } from './call-tree';
import { computeSelfIsRest, SelfRestCheck } from './self-rest';
import { freshFacts } from '../../test-utils/fresh-facts';
import { modelFromDsl } from '../../test-utils/model-dsl';
import { REFERENCE_MODELS } from '../../test-utils/reference/models';
import { referenceTree } from '../../test-utils/reference/queries';
import type { ModelFacts } from './model-facts';

/** The plain definition: every call's self is its duration minus its children's, all whole numbers. */
function plainSelfIsRest(model: TraceModel): boolean {
  const { parent, duration, self, length: n } = model.calls;
  const childSum = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (!Number.isInteger(duration[i]) || !Number.isInteger(self[i])) return false;
    const p = parent[i];
    if (p >= 0 && p < n) childSum[p] += duration[i];
  }
  for (let i = 0; i < n; i++) if (duration[i] - self[i] !== childSum[i]) return false;
  return true;
}

/** The facts with selfIsRest forced off: a tree built with its self column, as before. */
function withSelfColumn(model: TraceModel): ModelFacts {
  return { ...freshFacts(model), selfIsRest: () => false };
}

describe('computeSelfIsRest', () => {
  test('agrees with the plain definition on every reference model', () => {
    let holds = 0;
    for (const [name, make] of REFERENCE_MODELS) {
      const model = make();
      const want = plainSelfIsRest(model) && computeCallTopology(model.calls).parentsFirst;
      expect(computeSelfIsRest(model.calls, computeCallTopology(model.calls)), name).toBe(want);
      if (want) holds++;
    }
    // Both answers occur among them, or the test would not tell the two apart.
    expect(holds).toBeGreaterThan(0);
    expect(holds).toBeLessThan(REFERENCE_MODELS.length);
  });

  test('in steps of a few calls: the same answer as in one go', () => {
    for (const [name, make] of REFERENCE_MODELS) {
      const model = make();
      const topology = computeCallTopology(model.calls);
      const check = new SelfRestCheck(model.calls, topology);
      let steps = 0;
      while (!check.advance(7)) steps++;
      expect(check.result, name).toBe(computeSelfIsRest(model.calls, topology));
      if (check.result) expect(steps, name).toBeGreaterThanOrEqual(Math.floor((model.calls.length - 1) / 7));
    }
  });

  test('one self that is not the rest of its duration, or a call that did not return, says no', () => {
    const model = modelFromDsl(`
a-1 0 0  | a {
a-1 0 1  |   b 3
a-1 0 5  |   c 2
a-1 0 10 | } 10
`);
    expect(computeSelfIsRest(model.calls, computeCallTopology(model.calls))).toBe(true);
    const self = model.calls.self;
    self[0] += 1;
    expect(computeSelfIsRest(model.calls, computeCallTopology(model.calls))).toBe(false);
    self[0] -= 1;
    model.calls.duration[2] = Number.NaN;
    expect(computeSelfIsRest(model.calls, computeCallTopology(model.calls))).toBe(false);
  });
});

describe('a tree built without its self column', () => {
  test('gives every node the self the reference sums, one by one and as a column', () => {
    let checked = 0;
    for (const [name, make] of REFERENCE_MODELS) {
      const model = make();
      const facts = freshFacts(model);
      if (!facts.selfIsRest()) continue;
      for (const groupByTask of [false, true]) {
        const want = referenceTree(model, undefined, groupByTask);
        const tree = buildCallTree(facts, { groupByTask });
        const old = buildCallTree(withSelfColumn(model), { groupByTask });
        for (let k = 0; k < tree.length; k++) {
          if (!Object.is(tree.selfOf(k), want.self[k])) expect.fail(`${name}: node ${k} self ${tree.selfOf(k)} ≠ ${want.self[k]}`);
          if (!Object.is(tree.display(k).self, old.display(k).self)) expect.fail(`${name}: node ${k} display differs`);
        }
        expect(Array.from(tree.self), name).toEqual(want.self);
        expect(Array.from(tree.self), name).toEqual(Array.from(old.self));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  test("a tree under a mask keeps its column (a masked-out child's time stays in its parent)", () => {
    const model = modelFromDsl(`
a-1 0 0  | a {
a-1 0 1  |   b 3
a-1 0 10 | } 10
`);
    const facts = freshFacts(model);
    expect(facts.selfIsRest()).toBe(true);
    const tree = new CallTreeBuild(facts, { mask: Uint8Array.of(1, 0) }).finish();
    expect(tree.selfOf(0)).toBe(7000);
    expect(tree.totalOf(0)).toBe(10000);
  });
});
