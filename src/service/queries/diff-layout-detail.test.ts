/**
 * The differential flame graph's layout keeps only the widths its frames' walk reads (the
 * children of frames wide enough to be sent): against the plain layout on larger pairs of
 * traces (thousands of paths, many names, so most paths are one-sided) at fine details,
 * where most nodes are narrower than a frame and the kept widths are a small part, and
 * where the widths pass skips the subtrees the other side lacks (their widths are their
 * measures) and keeps the runs inside them from the top down.
 */
import { describe, expect, it } from 'vitest';
import { compareSide, mergeSides, Presence, type MergedCallTree } from '../../core/query/compare';
import { freshFacts } from '../../test-utils/fresh-facts';
import { modelFromDsl } from '../../test-utils/model-dsl';
import { randomDsl } from '../../test-utils/random-dsl';
import { referenceDiffLayout } from '../../test-utils/reference/diff-layout';
import { DiffLayoutBase, type DiffLayoutRequest } from './diff-layout';

/**
 * Paths strictly inside the subtrees that the side `layoutBy` has and the other lacks (their
 * roots are passed, what is below them is not), both sides' figures nesting.
 */
function pathsInsideOwnOnly(merged: MergedCallTree, layoutBy: 'a' | 'b'): number {
  expect(merged.sideTotalsNest('a') && merged.sideTotalsNest('b')).toBe(true);
  const ownOnly = layoutBy === 'b' ? Presence.OnlyB : Presence.OnlyA;
  let inside = 0;
  for (let k = 0; k < merged.length; ) {
    if (merged.presence[k] === ownOnly) {
      inside += merged.subtreeEnd(k) - k - 1;
      k = merged.subtreeEnd(k);
    } else k++;
  }
  expect(inside).toBeGreaterThan(1000);
  return inside;
}

const NAMES = Array.from({ length: 40 }, (_, i) => `f${i}`);

describe('DiffLayoutBase.layout at fine details', () => {
  it('lays out as the plain layout does, zoomed or not, where few frames are wide enough', () => {
    let sent = 0;
    let skipped = 0;
    for (let seed = 1; seed <= 4; seed++) {
      const merged = mergeSides(
        compareSide(freshFacts(modelFromDsl(randomDsl({ seed, tasks: ['curl-1'], names: NAMES, tops: 300 }))), {}),
        compareSide(freshFacts(modelFromDsl(randomDsl({ seed: seed + 77, tasks: ['nc-2'], names: NAMES.slice(5), tops: 300 }))), {}),
      );
      expect(merged.length).toBeGreaterThan(1000);
      const base = new DiffLayoutBase(merged);
      const zooms: string[][] = [[], merged.pathOf(merged.roots[0]), merged.pathOf(Math.floor(merged.length / 2))];
      for (const zoomPath of zooms) {
        for (const layoutBy of ['b', 'a'] as const) {
          for (const quantity of ['total', 'calls'] as const) {
            for (const minWidth of [2 ** -12, 0.001, 0.01, 0.05]) {
              const req: DiffLayoutRequest = { layoutBy, quantity, zoomPath, minWidth };
              const got = base.layout(req);
              expect(got, JSON.stringify({ seed, ...req })).toEqual(referenceDiffLayout(merged, req));
              // At the finest detail no subtree the layout side lacks is skipped (their floor is
              // kept), so the pass goes through every path but those inside the subtrees the
              // other side lacks.
              if (zoomPath.length === 0 && minWidth === 2 ** -12) {
                expect(base.lastPassed, JSON.stringify(req)).toBe(merged.length - pathsInsideOwnOnly(merged, layoutBy));
                skipped++;
              }
              // Narrow frames were left out (the case this checks), and some were sent.
              if (zoomPath.length === 0 && minWidth >= 0.01) expect(got.node.length).toBeLessThan(merged.length / 2);
              sent += got.node.length;
            }
          }
        }
      }
    }
    expect(sent).toBeGreaterThan(1000);
    expect(skipped).toBe(16);
  });
});
