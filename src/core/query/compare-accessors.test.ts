/**
 * What a merged tree reads from the sides' trees instead of keeping per path (presenceOf,
 * nameIdOf, subtreeEnd, pathOf, the merge's path counts, functionPresence) against the plain string merge
 * (test-utils/reference/merged-tree.ts), with and without task roots.
 */
import { describe, expect, test } from 'vitest';
import { freshFacts } from '../../test-utils/fresh-facts';
import { modelFromDsl } from '../../test-utils/model-dsl';
import { randomDsl } from '../../test-utils/random-dsl';
import { referenceMerge } from '../../test-utils/reference/merged-tree';
import { buildCallTree } from './call-tree';
import { mergeCallTrees, Presence } from './compare';

const NAMES_A = ['sys', 'open', 'read', 'lock', 'copy', 'alloc', 'Zap', 'a_only'];
const NAMES_B = ['sys', 'read', 'write', 'lock', 'Zap', 'alloc', 'Alpha', 'b_only'];

describe('a merged tree’s accessors against the plain merge', () => {
  for (const groupByTask of [false, true]) {
    test(`random pairs, ${groupByTask ? 'task roots kept' : 'tasks dropped'}`, () => {
      for (let seed = 1; seed <= 30; seed++) {
        const treeA = buildCallTree(freshFacts(modelFromDsl(randomDsl({ seed, tasks: ['curl-1', 'same-7'], names: NAMES_A, tops: 6 }))), { groupByTask });
        const treeB = buildCallTree(freshFacts(modelFromDsl(randomDsl({ seed: seed + 500, tasks: ['nc-2', 'same-7'], names: NAMES_B, tops: 6 }))), {
          groupByTask,
        });
        const want = referenceMerge(treeA, treeB);
        const merged = mergeCallTrees(treeA, treeB);
        const counts = { onlyA: 0, onlyB: 0, both: 0 };
        for (let k = 0; k < want.length; k++) {
          const presence = (want[k].nodeA >= 0 ? Presence.OnlyA : 0) | (want[k].nodeB >= 0 ? Presence.OnlyB : 0);
          expect(merged.presenceOf(k)).toBe(presence);
          if (presence === Presence.OnlyA) counts.onlyA++;
          else if (presence === Presence.OnlyB) counts.onlyB++;
          else counts.both++;
          expect(merged.nameTable[merged.nameIdOf(k)]).toBe(want[k].name);
          // One id per distinct name: the id is the first one with that name.
          expect(merged.nameIdOf(k)).toBe(merged.nameTable.indexOf(want[k].name, groupByTask && want[k].parent < 0 ? merged.functionNames : 0));
          // The subtree: k and every later node whose parent chain reaches k.
          let end = k + 1;
          const inSubtree = new Set([k]);
          while (end < want.length && inSubtree.has(want[end].parent)) inSubtree.add(end++);
          expect(merged.subtreeEnd(k)).toBe(end);
          const path: string[] = [];
          for (let q = k; q >= 0; q = want[q].parent) path.unshift(want[q].name);
          expect(merged.pathOf(k)).toEqual(path);
        }
        expect({ ...merged.pathCounts }).toEqual(counts);
        // Each function's presence: the bits of the merged paths it names (task labels are no functions).
        const byPaths = new Uint8Array(merged.functionNames);
        for (let k = 0; k < want.length; k++) {
          const id = merged.nameIdOf(k);
          if (id < merged.functionNames) byPaths[id] |= merged.presenceOf(k);
        }
        expect([...merged.functionPresence()]).toEqual([...byPaths]);
      }
    });
  }
});
