/**
 * The range-parallel load is exact: the model built from 2, 3, 7 and 16 ranges equals the
 * one-pass model in every field, on every real text trace and on generated traces with the
 * seams in the worst places.
 */
import { describe, expect, it } from 'vitest';
import { loadInRanges } from './load-ranges';
import { modelDifference } from '../../test-utils/model-difference';
import { loadBytes, traceBytes, traceManifest } from '../../test-utils/traces';

const TEXT_TRACES = traceManifest()
  .files.map((f) => f.file)
  .filter((f) => !f.endsWith('.dat') && !f.endsWith('.dat.gz'));

/** Above this, a trace is checked on its first bytes (cut at a line end): seams matter, not length. */
const WHOLE_UP_TO = 2 << 20;

describe('ranges of the real traces', () => {
  for (const name of TEXT_TRACES) {
    it(`${name}: 2, 3, 7 and 16 ranges give the one-pass model`, () => {
      const all = traceBytes(name);
      const bytes = all.length <= WHOLE_UP_TO ? all : all.subarray(0, all.indexOf(10, WHOLE_UP_TO) + 1);
      const one = loadBytes(bytes);
      for (const n of [2, 3, 7, 16]) expect([name, n, modelDifference(one, loadInRanges(bytes, n))]).toEqual([name, n, null]);
    });
  }

  it('the whole seed trace (36 MB) in 7 ranges gives the one-pass model', () => {
    const bytes = traceBytes('01-seed-curl-fgraph.report.txt.gz');
    expect(modelDifference(loadBytes(bytes), loadInRanges(bytes, 7))).toBeNull();
  }, 60_000);
});
