/**
 * The merge of two call trees (compare.ts, names joined as integer ranks of one order over
 * both string tables: joint-names.ts) against the plain string merge
 * (test-utils/reference/merged-tree.ts) on random pairs of traces whose name sets differ,
 * with and without task roots; and the legend's function counts taken from the merged
 * paths against the compared functions table's rows.
 */
import { describe, expect, test } from 'vitest';
import { freshFacts } from '../../test-utils/fresh-facts';
import { modelFromDsl } from '../../test-utils/model-dsl';
import { referenceMerge } from '../../test-utils/reference/merged-tree';
import { buildCallTree } from './call-tree';
import { compareSide, functionPresenceCounts, mergeCallTrees, Presence } from './compare';
import { computeComparedFunctions } from './compare-functions';

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random trace in the model DSL over `names`, in the given tasks, nesting to 5. */
function randomDsl(seed: number, tasks: string[], names: string[]): string {
  const r = rng(seed);
  const lines: string[] = [];
  let t = 0;
  const call = (task: string, depth: number): void => {
    const name = names[Math.floor(r() * names.length)];
    const pad = '  '.repeat(depth);
    const kids = depth < 5 ? Math.floor(r() * (4 - depth * 0.6)) : 0;
    if (kids <= 0) {
      const d = 1 + Math.floor(r() * 5);
      lines.push(`${task} 0 ${t} | ${pad}${name} ${d}`);
      t += d;
      return;
    }
    const start = t;
    lines.push(`${task} 0 ${t} | ${pad}${name} {`);
    t += 1;
    for (let k = 0; k < kids; k++) call(task, depth + 1);
    t += Math.floor(r() * 3);
    lines.push(`${task} 0 ${t} | ${pad}} ${t - start}`);
    t += 1;
  };
  for (let k = 0; k < 6; k++) call(tasks[Math.floor(r() * tasks.length)], 0);
  return lines.join('\n');
}

// Overlapping name sets, upper case among them (string order puts it first), one name per side only.
const NAMES_A = ['sys', 'open', 'read', 'lock', 'copy', 'alloc', 'Zap', 'a_only'];
const NAMES_B = ['sys', 'read', 'write', 'lock', 'Zap', 'alloc', 'Alpha', 'b_only'];

describe('merge of two call trees against the plain string merge', () => {
  for (const groupByTask of [false, true]) {
    test(`random pairs, ${groupByTask ? 'task roots kept' : 'tasks dropped'}`, () => {
      for (let seed = 1; seed <= 40; seed++) {
        const factsA = freshFacts(modelFromDsl(randomDsl(seed, ['curl-1', 'same-7'], NAMES_A)));
        const factsB = freshFacts(modelFromDsl(randomDsl(seed + 500, ['nc-2', 'same-7'], NAMES_B)));
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

  test('the legend’s function counts from the merged paths are the compared functions table’s', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const modelA = modelFromDsl(randomDsl(seed, ['curl-1', 'same-7'], NAMES_A));
      const modelB = modelFromDsl(randomDsl(seed + 500, ['nc-2', 'same-7'], NAMES_B));
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
