/**
 * The compared functions table's columns and row order: sortable on every column, numbers
 * with a missing value (NaN) last either way, ties by name.
 */
import type { ComparedFunctionRows } from '../../state/compare-queries';

import type { ComparedColumn, ComparedSort } from '../../state/slices/compare';

/** The columns and the order live in the compare slice: a permalink carries the order. */
export type { ComparedColumn, ComparedSort };

/** The values of a numeric column, or null for the name. */
export function columnValues(t: ComparedFunctionRows, column: ComparedColumn): ArrayLike<number> | null {
  switch (column) {
    case 'name':
      return null;
    case 'presence':
      return t.presence;
    case 'delta':
      return t.delta;
    case 'ratio':
      return t.ratio;
    default: {
      const [side, key] = column.split('.') as ['a' | 'b', 'calls' | 'total' | 'self' | 'p50' | 'p95'];
      return t[side][key];
    }
  }
}

/** Row indices of `t` in the order of `sort`. */
export function sortComparedRows(t: ComparedFunctionRows, sort: ComparedSort): number[] {
  const rows = Array.from({ length: t.length }, (_, r) => r);
  const dir = sort.descending ? -1 : 1;
  const byName = (a: number, b: number) => (t.names[a] < t.names[b] ? -1 : t.names[a] > t.names[b] ? 1 : 0);
  const col = columnValues(t, sort.column);
  if (!col) return rows.sort((a, b) => dir * byName(a, b));
  return rows.sort((a, b) => {
    const x = col[a];
    const y = col[b];
    const nx = Number.isNaN(x);
    const ny = Number.isNaN(y);
    if (nx || ny) return nx === ny ? byName(a, b) : nx ? 1 : -1;
    if (x === y) return byName(a, b);
    return dir * (x < y ? -1 : 1);
  });
}
