import { describe, expect, it } from 'vitest';
import { buildAhead } from './build-ahead';
import { DerivedData } from '../derived/derived-data';
import { modelFromDsl, SAMPLE_DSL } from '../../test-utils/model-dsl';

/** Runs the work ahead to its end; resolves with the bytes the facts pin then. */
function pinnedAfterBuildAhead(derived: DerivedData, searchAheadMaxCalls: number): Promise<number> {
  return new Promise((resolve) => buildAhead(derived, () => true, () => resolve(derived.stats().pinnedBytes), 'opening', searchAheadMaxCalls));
}

describe('buildAhead', () => {
  it('leaves the search index to the first search above the size limit, with the same answers', async () => {
    const model = modelFromDsl(SAMPLE_DSL);
    const eager = new DerivedData(model);
    const lazy = new DerivedData(model);
    const eagerPinned = await pinnedAfterBuildAhead(eager, Number.POSITIVE_INFINITY);
    const lazyPinned = await pinnedAfterBuildAhead(lazy, model.calls.length - 1);
    // The index (2 bytes a call here) and the lower-cased names are what the lazy one lacks.
    expect(eagerPinned - lazyPinned).toBeGreaterThanOrEqual(2 * model.calls.length);
    const pattern = 'e';
    const a = eager.search({}, pattern);
    const b = lazy.search({}, pattern);
    expect(b).toEqual(a);
    expect(a.ok && a.calls).toBeGreaterThan(0);
    // The first search built the index.
    expect(lazy.stats().pinnedBytes - lazyPinned).toBeGreaterThanOrEqual(2 * model.calls.length);
  });

  it('builds the search index ahead at the size limit', async () => {
    const model = modelFromDsl(SAMPLE_DSL);
    const atLimit = new DerivedData(model);
    const eager = new DerivedData(model);
    expect(await pinnedAfterBuildAhead(atLimit, model.calls.length)).toBe(await pinnedAfterBuildAhead(eager, Number.POSITIVE_INFINITY));
  });
});
