/**
 * The merge of two call trees (compare.ts, names joined as integer ranks of one order over
 * both string tables: joint-names.ts) against the plain string merge
 * (test-utils/reference/merged-tree.ts) on random pairs of traces whose name sets differ,
 * with and without task roots; each path's figures read from the sides' trees against the
 * merged columns; and the legend's function counts taken from the merged
 * paths against the compared functions table's rows.
 */
import { describe, expect, test } from 'vitest';
import { freshFacts } from '../../test-utils/fresh-facts';
import { modelFromDsl } from '../../test-utils/model-dsl';
import { randomDsl } from '../../test-utils/random-dsl';
import { referenceMerge } from '../../test-utils/reference/merged-tree';
import { buildCallTree } from './call-tree';
import { compareSide, functionPresenceCounts, mergeCallTrees, Presence } from './compare';
import { computeComparedFunctions } from './compare-functions';

// Overlapping name sets, upper case among them (string order puts it first), one name per side only.
const NAMES_A = ['sys', 'open', 'read', 'lock', 'copy', 'alloc', 'Zap', 'a_only'];
const NAMES_B = ['sys', 'read', 'write', 'lock', 'Zap', 'alloc', 'Alpha', 'b_only'];

describe('merge of two call trees against the plain string merge', () => {
  for (const groupByTask of [false, true]) {
    test(`random pairs, ${groupByTask ? 'task roots kept' : 'tasks dropped'}`, () => {
      for (let seed = 1; seed <= 40; seed++) {
        const factsA = freshFacts(modelFromDsl(randomDsl({ seed, tasks: ['curl-1', 'same-7'], names: NAMES_A, tops: 6 })));
        const factsB = freshFacts(modelFromDsl(randomDsl({ seed: seed + 500, tasks: ['nc-2', 'same-7'], names: NAMES_B, tops: 6 })));
        const treeA = buildCallTree(factsA, { groupByTask });
        const treeB = buildCallTree(factsB, { groupByTask });
        const want = referenceMerge(treeA, treeB);
        const merged = mergeCallTrees(treeA, treeB);
        expect(merged.length).toBe(want.length);
        const got = Array.from({ length: merged.length }, (_, k) => ({
          parent: merged.parent[k],
          depth: merged.depth[k],
          name: merged.name[k],
          nodeA: merged.nodeA[k],
          nodeB: merged.nodeB[k],
        }));
        expect(got).toEqual(want);
        for (let k = 0; k < merged.length; k++) {
          expect(merged.nameTable[merged.nameId[k]]).toBe(merged.name[k]);
          // Function ids name functions; task labels come after them.
          expect(merged.nameId[k] >= merged.functionNames).toBe(groupByTask && merged.parent[k] < 0);
          const kids = want.flatMap((row, q) => (row.parent === k ? [q] : []));
          expect([...merged.children(k)]).toEqual(kids);
        }
        expect([...merged.roots]).toEqual(want.flatMap((row, q) => (row.parent < 0 ? [q] : [])));
      }
    });
  }

  test('a path’s figures read from the sides’ trees (figureAt, sideFigure) are the columns’ and the reference merge’s', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const treeA = buildCallTree(freshFacts(modelFromDsl(randomDsl({ seed, tasks: ['curl-1', 'same-7'], names: NAMES_A, tops: 6 }))));
      const treeB = buildCallTree(freshFacts(modelFromDsl(randomDsl({ seed: seed + 500, tasks: ['nc-2', 'same-7'], names: NAMES_B, tops: 6 }))));
      const want = referenceMerge(treeA, treeB);
      const merged = mergeCallTrees(treeA, treeB);
      const columns = {
        a: { calls: merged.callsA, total: merged.totalA, self: merged.selfA },
        b: { calls: merged.callsB, total: merged.totalB, self: merged.selfB },
      };
      const trees = { a: treeA, b: treeB };
      for (const side of ['a', 'b'] as const) {
        for (const figure of ['calls', 'total', 'self'] as const) {
          const { node, values } = merged.sideFigure(side, figure);
          for (let k = 0; k < merged.length; k++) {
            const q = side === 'a' ? want[k].nodeA : want[k].nodeB;
            const expected = q >= 0 ? trees[side][figure][q] : 0;
            expect(merged.figureAt(side, figure, k)).toBe(expected);
            expect(columns[side][figure][k]).toBe(expected);
            expect(node[k] >= 0 ? values[node[k]] : 0).toBe(expected);
          }
        }
      }
    }
  });

  test('the legend’s function counts from the merged paths are the compared functions table’s', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const modelA = modelFromDsl(randomDsl({ seed, tasks: ['curl-1', 'same-7'], names: NAMES_A, tops: 6 }));
      const modelB = modelFromDsl(randomDsl({ seed: seed + 500, tasks: ['nc-2', 'same-7'], names: NAMES_B, tops: 6 }));
      const filters = [{}, { tasks: [0] }];
      for (const filter of filters) {
        for (const groupByTask of [false, true]) {
          const a = compareSide(freshFacts(modelA), filter);
          const b = compareSide(freshFacts(modelB), {});
          const merged = mergeCallTrees(
            buildCallTree(a.facts, { mask: a.mask, groupByTask }),
            buildCallTree(b.facts, { mask: b.mask, groupByTask }),
          );
          const rows = computeComparedFunctions(a, b);
          const count = (p: Presence) => rows.filter((r) => r.presence === p).length;
          expect(functionPresenceCounts(merged)).toEqual({ onlyA: count(Presence.OnlyA), onlyB: count(Presence.OnlyB), both: count(Presence.Both) });
        }
      }
    }
  });
});
