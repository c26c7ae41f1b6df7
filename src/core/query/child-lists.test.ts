/**
 * A top-down tree's child lists put in name order in place (CallTree.childListsByName)
 * against the plain definition (joint-names.ts childRunsByName, new arrays), and the
 * tree's other answers unchanged by it.
 */
import { describe, expect, test } from 'vitest';
import { freshFacts } from '../../test-utils/fresh-facts';
import { modelFromDsl } from '../../test-utils/model-dsl';
import { randomDsl } from '../../test-utils/random-dsl';
import { buildCallTree, type CallTree } from './call-tree';
import { childRunsByName } from './joint-names';

// Many names (some children lists longer than an insertion sort's), upper case among them.
const NAMES = [...Array.from({ length: 30 }, (_, i) => `f${i}`), 'Zap', 'Alpha', 'sys'];

const listOf = (lists: { firstChild: Int32Array; nextSibling: Int32Array }, k: number): number[] => {
  const out: number[] = [];
  for (let q = lists.firstChild[k]; q >= 0; q = lists.nextSibling[q]) out.push(q);
  return out;
};

const views = (tree: CallTree) =>
  Array.from({ length: tree.length }, (_, k) => ({ byTotal: [...tree.children(k)], byName: [...tree.childrenByName(k)], count: tree.childCount(k) }));

describe('CallTree.childListsByName', () => {
  for (const groupByTask of [false, true]) {
    test(`each list is the children by name from the last back, ${groupByTask ? 'task roots' : 'no task roots'}`, () => {
      let longest = 0;
      for (let seed = 1; seed <= 25; seed++) {
        const model = modelFromDsl(randomDsl({ seed, tasks: ['curl-1', 'nc-2'], names: NAMES, tops: seed * 8 }));
        const tree = buildCallTree(freshFacts(model), { groupByTask });
        const plain = buildCallTree(freshFacts(model), { groupByTask });
        const runs = childRunsByName(tree);
        const lists = tree.childListsByName();
        for (let k = 0; k < tree.length; k++) {
          const want = [...runs.list.subarray(runs.start[k], runs.start[k + 1])].reverse();
          expect(listOf(lists, k)).toEqual(want);
          longest = Math.max(longest, want.length);
        }
        // Asked again: the same lists; the tree's sorted children and counts as a tree never asked.
        expect(tree.childListsByName().firstChild).toBe(lists.firstChild);
        expect(views(tree)).toEqual(views(plain));
      }
      // Lists longer than the insertion sort's were sorted too (the task roots' lists, of every function at the top).
      expect(longest).toBeGreaterThan(groupByTask ? 24 : 10);
    });
  }
});
