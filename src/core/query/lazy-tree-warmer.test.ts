import { describe, expect, test } from 'vitest';
import { buildCallTree } from './call-tree';
import { LazyCallTree } from './lazy-call-tree';
import { LazyTreeWarmer } from './lazy-tree-warmer';
import { freshFacts } from '../../test-utils/fresh-facts';
import { seedModel } from '../../test-utils/model-dsl';

/** Reads the children by name of every node at least `detail` of its root, as a zoom to that root draws them; returns the nodes read. */
function readAsZoomed(tree: LazyCallTree, detail: number): number {
  let read = 0;
  for (const root of tree.roots()) {
    const least = tree.totalOf(root) * detail;
    const queue = [root];
    while (queue.length > 0) {
      const node = queue.pop()!;
      read++;
      for (const kid of tree.childrenByName(node)) if (tree.totalOf(kid) > 0 && tree.totalOf(kid) >= least) queue.push(kid);
    }
  }
  return read;
}

describe('LazyTreeWarmer', () => {
  const facts = freshFacts(seedModel());
  const wholeNodes = buildCallTree(facts, { groupByTask: true }).length;

  test('expands every node a zoom to its root draws at the detail, and nothing is left for that zoom to make', () => {
    const tree = new LazyCallTree(facts, true);
    const before = tree.length;
    expect(new LazyTreeWarmer(tree, 0.01).advance(Number.POSITIVE_INFINITY)).toBe(true);
    const warmed = tree.length;
    expect(warmed).toBeGreaterThan(before);
    expect(readAsZoomed(tree, 0.01)).toBeGreaterThan(tree.roots().length);
    expect(tree.length).toBe(warmed);
    // Not the whole tree: the nodes too narrow to be drawn stay unexpanded.
    expect(warmed).toBeLessThan(wholeNodes);
    // A finer zoom still has nodes to make.
    readAsZoomed(tree, 0.0001);
    expect(tree.length).toBeGreaterThan(warmed);
  });

  test('in small steps, the same nodes as in one', () => {
    const once = new LazyCallTree(facts, true);
    new LazyTreeWarmer(once, 0.001).advance(Number.POSITIVE_INFINITY);
    const stepped = new LazyCallTree(facts, true);
    const warmer = new LazyTreeWarmer(stepped, 0.001);
    let steps = 1;
    while (!warmer.advance(50)) steps++;
    expect(steps).toBeGreaterThan(10);
    expect(stepped.length).toBe(once.length);
    expect(warmer.advance(50)).toBe(true);
    expect(stepped.length).toBe(once.length);
  });
});
