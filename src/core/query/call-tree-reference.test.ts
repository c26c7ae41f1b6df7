/**
 * The aggregated trees against the implementations they replaced (test-utils/reference/queries.ts): the
 * top-down tree (typed-array path lookup, children sorted on demand) must have the same
 * nodes in the same numbering, the same sums bit for bit, and the same sibling orders by
 * total and by name; the bottom-up tree (samples in one pool) the same nodes as it is
 * expanded. On real traces and hand-made tables (adoption, unclosed calls, a self parent,
 * a parent cycle), under several masks, merged and grouped by task.
 */
import { describe, expect, test } from 'vitest';
import { buildCallTree, CallTreeBuild, InvertedCallTree, type CallTree } from './call-tree';
import { ReferenceInverted, referenceTree } from '../../test-utils/reference/queries';
import { firstDifference, REFERENCE_MODELS, referenceMasks } from '../../test-utils/reference/models';
import { freshFacts } from '../../test-utils/fresh-facts';

function compareTopDown(tree: CallTree, want: ReturnType<typeof referenceTree>): void {
  expect(tree.length).toBe(want.length);
  expect(firstDifference(tree.parent, want.parent)).toBe(-1);
  expect(firstDifference(tree.func, want.func)).toBe(-1);
  expect(firstDifference(tree.depth, want.depth)).toBe(-1);
  expect(firstDifference(tree.total, want.total)).toBe(-1);
  expect(firstDifference(tree.self, want.self)).toBe(-1);
  expect(firstDifference(tree.calls, want.calls)).toBe(-1);
  expect(firstDifference(tree.callNode, want.callNode)).toBe(-1);
  expect(Array.from(tree.roots())).toEqual(want.roots);
  expect(Array.from(tree.rootsByName())).toEqual(want.rootsByName);
  let badCount = -1;
  for (let k = 0; k < tree.length && badCount < 0; k++) if (tree.childCount(k) !== want.children[k].length) badCount = k;
  expect(badCount).toBe(-1);
  let badTotal = -1;
  let badName = -1;
  for (let k = 0; k < tree.length; k++) {
    if (badTotal < 0 && firstDifference(tree.children(k), want.children[k]) >= 0) badTotal = k;
    if (badName < 0 && firstDifference(tree.childrenByName(k), want.childrenByName[k]) >= 0) badName = k;
  }
  expect(badTotal).toBe(-1);
  expect(badName).toBe(-1);
}

function compareInverted(tree: CallTree, maxNodes: number): void {
  const got = new InvertedCallTree(tree);
  const want = new ReferenceInverted(tree);
  expect(Array.from(got.roots())).toEqual(want.rootList);
  // Expand both breadth first, in the same order, so nodes get the same numbers.
  const queue = Array.from(got.roots());
  for (let q = 0; q < queue.length && queue.length < maxNodes; q++) {
    expect(got.childCount(queue[q])).toBe(want.children(queue[q]).length);
    const kids = got.children(queue[q]);
    expect(Array.from(kids)).toEqual(want.children(queue[q]));
    queue.push(...kids);
  }
  expect(got.length).toBe(want.length);
  for (let k = 0; k < got.length; k++) {
    const same =
      got.parentOf(k) === want.parent[k] &&
      got.funcOf(k) === want.func[k] &&
      got.depthOf(k) === want.depth[k] &&
      Object.is(got.totalOf(k), want.total[k]) &&
      Object.is(got.selfOf(k), want.self[k]) &&
      Object.is(got.callsOf(k), want.calls[k]);
    if (!same) expect({ node: k, parent: got.parentOf(k), total: got.totalOf(k) }).toEqual({ node: k, parent: want.parent[k], total: want.total[k] });
  }
}

describe.each(REFERENCE_MODELS)('%s', (_name, model) => {
  test('top-down, merged and grouped by task, under every mask: same tree as the reference', () => {
    const m = model();
    const facts = freshFacts(m);
    for (const [, mask] of referenceMasks(m)) {
      for (const groupByTask of [false, true]) {
        compareTopDown(buildCallTree(facts, { mask, groupByTask }), referenceTree(m, mask, groupByTask));
      }
    }
  });

  test('bottom-up: same nodes as the reference, expansion by expansion', () => {
    const m = model();
    const facts = freshFacts(m);
    compareInverted(buildCallTree(facts), 3000);
    compareInverted(buildCallTree(facts, { groupByTask: true, mask: referenceMasks(m)[2][1] }), 3000);
  });
});

describe('built in steps (CallTreeBuild.advance)', () => {
  test('a few calls at a time gives the same tree as one go', () => {
    for (const [, model] of REFERENCE_MODELS.slice(1)) {
      const m = model();
      const facts = freshFacts(m);
      for (const [, mask] of referenceMasks(m).slice(0, 3)) {
        const build = new CallTreeBuild(facts, { mask, groupByTask: true });
        let steps = 0;
        while (!build.advance(997)) steps++;
        expect(steps).toBeGreaterThanOrEqual(Math.floor(m.calls.length / 997) - 1);
        compareTopDown(build.finish(), referenceTree(m, mask, true));
      }
    }
  });

  test('finish() after a part of the calls does the rest', () => {
    const m = REFERENCE_MODELS[1][1]();
    const build = new CallTreeBuild(freshFacts(m));
    build.advance(Math.floor(m.calls.length / 3));
    compareTopDown(build.finish(), referenceTree(m, undefined, false));
    expect(build.finish()).toBe(build.finish());
  });
});
