import { describe, expect, test } from 'vitest';
import { buildCallTree, type CallTree } from './call-tree';
import { freshFacts } from '../../test-utils/fresh-facts';
import { modelFromDsl } from '../../test-utils/model-dsl';
import { randomDsl } from '../../test-utils/random-dsl';
import { REFERENCE_MODELS } from '../../test-utils/reference/models';

/** Names from a small set, so paths meet. */
const NAMES = ['sys', 'open', 'read', 'lock', 'copy', 'alloc', 'free'];

/** The plain definition of CallTree.totalsNest, from the tree's public view. */
function plainTotalsNest(tree: CallTree): boolean {
  const { total, parent, length: m } = tree;
  const kids = new Float64Array(m);
  let all = 0;
  for (let k = 0; k < m; k++) {
    if (!Number.isInteger(total[k]) || total[k] < 0) return false;
    all += total[k];
    if (parent[k] >= 0) kids[parent[k]] += total[k];
  }
  for (let k = 0; k < m; k++) if (kids[k] > total[k]) return false;
  return all <= Number.MAX_SAFE_INTEGER;
}

describe('CallTree.totalsNest', () => {
  test('agrees with the plain definition on hand-made and random models, with and without task roots', () => {
    const answers = new Set<boolean>();
    // (the hand-made reference models: the traces' would take seconds to load)
    const models = REFERENCE_MODELS.filter(([name]) => name.startsWith('hand-made'));
    for (let seed = 1; seed <= 6; seed++) models.push([`random ${seed}`, () => modelFromDsl(randomDsl({ seed, tasks: ['a-1', 'b-2'], names: NAMES, tops: 4 }))]);
    for (const [name, make] of models) {
      const facts = freshFacts(make());
      for (const groupByTask of [false, true]) {
        const tree = buildCallTree(facts, { groupByTask });
        const want = plainTotalsNest(tree);
        expect(tree.totalsNest(), `${name} ${groupByTask}`).toBe(want);
        // The same once the child lists are in name order (the merge's order).
        const sorted = buildCallTree(facts, { groupByTask });
        sorted.childListsByName();
        expect(sorted.totalsNest(), `${name} ${groupByTask} by name`).toBe(want);
        answers.add(want);
      }
    }
    // Both answers occur among them, or the test would not tell the two apart.
    expect([...answers].sort()).toEqual([false, true]);
  });

  test('is not taken from the build when a self time is negative, though it is the rest of its duration', () => {
    // The loader never makes such a call (it repairs a child longer than its parent), so
    // the columns are set by hand: a parent of 5 µs whose only child took 20 µs.
    const model = modelFromDsl('curl-1 1 0 | a {\ncurl-1 1 1 |   b 2\ncurl-1 1 10 | } 5\n');
    const { duration, self } = model.calls;
    duration[1] = 20_000;
    self[1] = 20_000;
    self[0] = 5_000 - 20_000;
    const facts = freshFacts(model);
    // A negative self is not "the rest" the tree may leave out (self-rest.ts), so the build
    // keeps the self column and does not claim the totals nest.
    expect(facts.selfIsRest()).toBe(false);
    for (const groupByTask of [false, true]) {
      const tree = buildCallTree(facts, { groupByTask });
      expect(plainTotalsNest(tree)).toBe(false);
      expect(tree.totalsNest()).toBe(false);
    }
  });
});
