import { describe, expect, it } from 'vitest';
import type { ComparedFunctionRows } from '../../state/compare-queries';
import { sortComparedRows } from './compared-sort';

const cols = (v: number[]) => ({
  calls: Float64Array.from(v),
  total: Float64Array.from(v),
  self: Float64Array.from(v),
  p50: Float64Array.from(v),
  p95: Float64Array.from(v),
});

const table: ComparedFunctionRows = {
  length: 3,
  names: ['b', 'a', 'c'],
  namesB: [null, null, null],
  presence: Uint8Array.from([3, 1, 2]),
  a: cols([2, 5, 0]),
  b: cols([4, 0, 7]),
  valueA: Float64Array.from([2, 5, 0]),
  valueB: Float64Array.from([4, 0, 7]),
  delta: Float64Array.from([2, -5, 7]),
  ratio: Float64Array.from([2, 0, Number.POSITIVE_INFINITY]),
  factors: { a: 1, b: 1, missing: [] },
  counts: { onlyA: 1, onlyB: 1, both: 1 },
  underFound: false,
};

describe('compared functions order', () => {
  it('sorts on any column, either way', () => {
    expect(sortComparedRows(table, { column: 'name', descending: false })).toEqual([1, 0, 2]);
    expect(sortComparedRows(table, { column: 'delta', descending: true })).toEqual([2, 0, 1]);
    expect(sortComparedRows(table, { column: 'a.calls', descending: false })).toEqual([2, 0, 1]);
    expect(sortComparedRows(table, { column: 'ratio', descending: true })).toEqual([2, 0, 1]);
  });

  it('puts missing values last either way', () => {
    const withNaN = { ...table, ratio: Float64Array.from([Number.NaN, 1, 2]) };
    expect(sortComparedRows(withNaN, { column: 'ratio', descending: true })).toEqual([2, 1, 0]);
    expect(sortComparedRows(withNaN, { column: 'ratio', descending: false })).toEqual([1, 2, 0]);
  });
});
