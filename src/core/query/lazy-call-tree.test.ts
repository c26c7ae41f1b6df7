import { describe, expect, test } from 'vitest';
import type { CallTopology } from './call-extent';
import { buildCallTree, type CallTree } from './call-tree';
import { LazyCallTree } from './lazy-call-tree';
import type { ModelFacts } from './model-facts';
import { freshFacts } from '../../test-utils/fresh-facts';
import { lazyTreeShapes } from '../../test-utils/lazy-tree-traces';
import { seedModel } from '../../test-utils/model-dsl';

/** Every node of both trees, walked side by side: the same figures and both orders of children, to the last bit. */
function expectSameTree(facts: ModelFacts, groupByTask: boolean): number {
  const whole: CallTree = buildCallTree(facts, { groupByTask });
  const lazy = new LazyCallTree(facts, groupByTask);
  let nodes = 0;
  const same = (l: number, w: number): void => {
    nodes++;
    const figures = (t: LazyCallTree | CallTree, k: number) => [t.name(k), t.funcOf(k), t.totalOf(k), t.selfOf(k), t.callsOf(k), t.depthOf(k)];
    expect(figures(lazy, l)).toEqual(figures(whole, w));
    expect(lazy.childCount(l)).toBe(whole.childCount(w));
    pairs(lazy.childrenByName(l), whole.childrenByName(w));
    pairs(lazy.children(l), whole.children(w), false);
  };
  const pairs = (l: Int32Array, w: Int32Array, descend = true): void => {
    expect(Array.from(l, (k) => lazy.name(k))).toEqual(Array.from(w, (k) => whole.name(k)));
    expect(Array.from(l, (k) => lazy.totalOf(k))).toEqual(Array.from(w, (k) => whole.totalOf(k)));
    if (descend) for (let j = 0; j < l.length; j++) same(l[j], w[j]);
  };
  pairs(lazy.rootsByName(), whole.rootsByName());
  pairs(lazy.roots(), whole.roots(), false);
  expect(nodes).toBe(whole.length);
  expect(lazy.length).toBe(whole.length);
  return nodes;
}

/**
 * The facts with a topology whose top-level subtrees come last first: still a depth-first
 * order with parents first, but not the input order of the top-level calls the lazy tree's
 * scan expects (it must walk the chain instead).
 */
function topLevelReversed(facts: ModelFacts): ModelFacts {
  const { order, subtreeEnd } = facts.topology();
  const n = order.length;
  const starts: number[] = [];
  for (let c = 0; c < n; c = subtreeEnd[order[c]]) starts.push(c);
  const newOrder = new Uint32Array(n);
  const newEnd = new Uint32Array(n);
  let at = 0;
  for (let r = starts.length - 1; r >= 0; r--) {
    const from = starts[r];
    const shift = at - from;
    const to = subtreeEnd[order[from]];
    for (let c = from; c < to; c++) {
      newOrder[at++] = order[c];
      newEnd[order[c]] = subtreeEnd[order[c]] + shift;
    }
  }
  const topology: CallTopology = { ...facts.topology(), order: newOrder, subtreeEnd: newEnd };
  return { ...facts, topology: () => topology };
}

describe('LazyCallTree: the whole top-down tree, expanded where it is read', () => {
  test('the seed trace, with and without task roots: every node as the whole tree has it', () => {
    const facts = freshFacts(seedModel());
    expect(expectSameTree(facts, true)).toBeGreaterThan(1000);
    expectSameTree(facts, false);
  });

  for (const { name, model } of lazyTreeShapes()) {
    test(`${name}: every node as the whole tree has it`, () => {
      expectSameTree(freshFacts(model), true);
      expectSameTree(freshFacts(model), false);
    });
  }

  test('a topology whose top-level calls are not in input order: every node as the whole tree built on it has it', () => {
    const facts = topLevelReversed(freshFacts(seedModel()));
    expect(expectSameTree(facts, true)).toBeGreaterThan(1000);
    const shapes = lazyTreeShapes().find((s) => s.name.startsWith('several tasks'))!;
    expectSameTree(topLevelReversed(freshFacts(shapes.model)), false);
  });

  test('expands nothing it is not asked for: the roots and, with task roots, their children', () => {
    const facts = freshFacts(seedModel());
    const lazy = new LazyCallTree(facts, true);
    const made = lazy.length;
    const whole = buildCallTree(facts, { groupByTask: true });
    let level1 = whole.roots().length;
    for (const r of whole.roots()) level1 += whole.childCount(r);
    expect(made).toBe(level1);
    lazy.childrenByName(lazy.children(lazy.roots()[0])[0]);
    expect(lazy.length).toBeGreaterThan(made);
    expect(lazy.length).toBeLessThan(whole.length);
  });
});
