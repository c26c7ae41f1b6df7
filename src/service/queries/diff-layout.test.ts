/**
 * The differential flame graph's layout, made from what one comparison shares (scratch
 * reused, a zoom root's subtree as a range, narrow frames never pushed), against the plain
 * layout (test-utils/reference/diff-layout.ts) on random pairs of traces: every side,
 * measure, zoom and detail, in an order that reuses the scratch across zooms.
 */
import { describe, expect, it } from 'vitest';
import { compareSide, mergeSides, type MergedCallTree } from '../../core/query/compare';
import { freshFacts } from '../../test-utils/fresh-facts';
import { modelFromDsl } from '../../test-utils/model-dsl';
import { randomDsl } from '../../test-utils/random-dsl';
import { referenceDiffLayout } from '../../test-utils/reference/diff-layout';
import { DiffLayoutBase, type DiffLayoutRequest } from './diff-layout';

/** Names from a small set, so paths meet. */
const NAMES = ['sys', 'open', 'read', 'lock', 'copy', 'alloc', 'free'];

const merge = (seed: number): MergedCallTree =>
  mergeSides(
    compareSide(freshFacts(modelFromDsl(randomDsl({ seed, tasks: ['curl-1'], names: NAMES, tops: 4 }))), {}),
    compareSide(freshFacts(modelFromDsl(randomDsl({ seed: seed + 1000, tasks: ['nc-2'], names: NAMES, tops: 4 }))), {}),
  );

describe('DiffLayoutBase.layout', () => {
  it('lays out as the plain layout does, for every side, measure, zoom and detail', () => {
    let compared = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const merged = merge(seed);
      const base = new DiffLayoutBase(merged);
      // Zooms: none, every root, some deeper nodes (each node's path), and a path not found.
      const zooms: string[][] = [[], ['no such function']];
      for (let k = 0; k < merged.length; k += Math.max(1, Math.floor(merged.length / 9))) zooms.push(merged.pathOf(k));
      for (const zoomPath of zooms) {
        for (const layoutBy of ['b', 'a'] as const) {
          for (const quantity of ['self', 'total', 'calls'] as const) {
            for (const minWidth of [0, 0.02, 0.2]) {
              const req: DiffLayoutRequest = { layoutBy, quantity, zoomPath, minWidth };
              expect(base.layout(req), JSON.stringify({ seed, ...req })).toEqual(referenceDiffLayout(merged, req));
              compared++;
            }
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('keeps a one-sided path visible under any detail', () => {
    // A path only A has, laid out by B: its root is sent whatever minWidth says.
    const merged = merge(3);
    const onlyA = merged.presence.indexOf(1);
    expect(onlyA).toBeGreaterThanOrEqual(0);
    const base = new DiffLayoutBase(merged);
    const layout = base.layout({ layoutBy: 'b', quantity: 'total', zoomPath: [], minWidth: 0.9 });
    // Either the one-sided root itself is sent, or it sits in a one-sided subtree whose root is.
    let root = onlyA;
    while (merged.parent[root] >= 0 && merged.presence[merged.parent[root]] === 1) root = merged.parent[root];
    expect([...layout.node]).toContain(root);
  });
});
