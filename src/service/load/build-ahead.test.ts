import { describe, expect, it, vi } from 'vitest';
import { buildAhead, WARM_DETAIL } from './build-ahead';
import { DerivedData } from '../derived/derived-data';
import { modelFromDsl, SAMPLE_DSL, seedModel } from '../../test-utils/model-dsl';
import { flameGraphFrames } from '../queries/flame-graph';
import { treeLevels } from '../queries/tree';

/** The tree the flame graph and the call tree open on. */
const OPENING = { filter: {}, inverted: false, groupByTask: true };

/** Runs the work ahead to its end; resolves with the bytes the facts pin then. */
function pinnedAfterBuildAhead(derived: DerivedData, aheadMaxCalls: number): Promise<number> {
  return new Promise((resolve) => buildAhead(derived, () => true, () => resolve(derived.stats().pinnedBytes), 'opening', aheadMaxCalls));
}

describe('buildAhead', () => {
  it('builds the search index ahead above the size limit too, with the same answers', async () => {
    const model = modelFromDsl(SAMPLE_DSL);
    const eager = new DerivedData(model);
    const lean = new DerivedData(model);
    const prepared = vi.spyOn(lean, 'prepareSearch');
    await pinnedAfterBuildAhead(eager, Number.POSITIVE_INFINITY);
    await pinnedAfterBuildAhead(lean, model.calls.length - 1);
    expect(prepared).toHaveBeenCalledTimes(1);
    const pattern = 'e';
    const a = eager.search({}, pattern);
    expect(lean.search({}, pattern)).toEqual(a);
    expect(a.ok && a.calls).toBeGreaterThan(0);
  });

  it('leaves the whole opening tree out above the size limit: the opening views answer from the lazy tree, the same', async () => {
    const model = seedModel();
    const eager = new DerivedData(model);
    const lean = new DerivedData(model);
    await pinnedAfterBuildAhead(eager, Number.POSITIVE_INFINITY);
    await pinnedAfterBuildAhead(lean, model.calls.length - 1);
    // Built ahead below the limit: no lazy tree is asked for any more.
    expect(eager.lazyTopDown(OPENING)).toBeUndefined();
    const flame = { ...OPENING, zoomPath: [], minWidth: 0.001 };
    expect(flameGraphFrames(lean, flame)).toEqual(flameGraphFrames(eager, flame));
    const roots = treeLevels(eager, OPENING, [[]]).levels[0]!;
    const curl = roots.names[roots.name[0]];
    expect(treeLevels(lean, OPENING, [[], [curl]])).toEqual(treeLevels(eager, OPENING, [[], [curl]]));
    // Both answers came from the lazy tree: the whole one is still not built.
    const lazy = lean.lazyTopDown(OPENING)!;
    expect(lazy).toBeDefined();
    // Expanded ahead as far as a zoom to a task reads it: that zoom makes no node.
    const made = lazy.length;
    const zoomed = flameGraphFrames(lean, { ...OPENING, zoomPath: [curl], minWidth: WARM_DETAIL });
    expect(zoomed.length).toBeGreaterThan(100);
    expect(lazy.length).toBe(made);
    expect(zoomed).toEqual(flameGraphFrames(eager, { ...OPENING, zoomPath: [curl], minWidth: WARM_DETAIL }));
  });
});
