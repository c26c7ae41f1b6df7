/**
 * The windowed layout against the whole-tree reference layout (test-utils/reference/flame-graph.ts) on
 * the seed trace: the same frames over [0, 1], and exactly the overlapping ones for a window.
 */
import { describe, expect, test } from 'vitest';
import { buildCallTree, type CallTreeView } from '../../core/query/call-tree';
import { flameGraph } from '../../test-utils/reference/flame-graph';
import { seedModel } from '../../test-utils/model-dsl';
import { layoutWindow, type WindowLayout } from './flame-layout';
import { freshFacts } from '../../test-utils/fresh-facts';

function rows(l: { length: number; node: Int32Array; depth: Uint32Array; x0: Float64Array; x1: Float64Array }): string[] {
  const out: string[] = [];
  for (let k = 0; k < l.length; k++) out.push(`${l.depth[k]}:${l.node[k]}:${l.x0[k].toFixed(12)}:${l.x1[k].toFixed(12)}`);
  return out;
}

function checkParents(l: WindowLayout): void {
  for (let k = 0; k < l.length; k++) {
    const p = l.parent[k];
    if (l.depth[k] === 0) expect(p).toBe(-1);
    else {
      expect(p).toBeLessThan(k);
      expect(l.depth[p]).toBe(l.depth[k] - 1);
    }
  }
}

describe('layoutWindow', () => {
  const model = seedModel();
  const grouped = buildCallTree(freshFacts(model), { groupByTask: true });
  const inverted: CallTreeView = buildCallTree(freshFacts(model), { inverted: true });

  test('over the whole width it is the reference layout (top-down by name, inverted by total)', () => {
    const a = layoutWindow(grouped, { zoom: -1, minWidth: 1 / 4096, window: [0, 1], order: 'name' });
    const b = flameGraph(grouped, { minWidth: 1 / 4096, order: 'name' });
    expect(a.length).toBeGreaterThan(100);
    expect(rows(a)).toEqual(rows(b));
    expect(a.span).toBe(b.total);
    checkParents(a);
    const c = layoutWindow(inverted, { zoom: -1, minWidth: 1 / 1024, window: [0, 1], order: 'total' });
    expect(rows(c)).toEqual(rows(flameGraph(inverted, { minWidth: 1 / 1024, order: 'total' })));
  });

  test('a window keeps exactly the frames that overlap it, and a zoom root spans [0, 1]', () => {
    const all = flameGraph(grouped, { minWidth: 1 / 65536, order: 'name' });
    const w: [number, number] = [0.41, 0.43];
    const a = layoutWindow(grouped, { zoom: -1, minWidth: 1 / 65536, window: w, order: 'name' });
    const expected = rows(all).filter((_, k) => all.x1[k] >= w[0] && all.x0[k] <= w[1]);
    expect(rows(a)).toEqual(expected);
    expect(a.length).toBeLessThan(all.length / 4);
    checkParents(a);

    const root = grouped.roots()[0];
    const z = layoutWindow(grouped, { zoom: root, minWidth: 0.01, window: [0, 1], order: 'name' });
    expect([z.node[0], z.x0[0], z.x1[0], z.depth[0]]).toEqual([root, 0, 1, 0]);
  });
});
