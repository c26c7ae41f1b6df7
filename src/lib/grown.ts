/**
 * A growable typed-array column made longer: a new array of the same kind with the old
 * contents at the front, at least twice as long (amortised O(1) a push) and at least
 * `atLeast`. For the stacks and scratch columns of the tree builder, the merge and the
 * layouts, which grow rarely and each wrote this copy out by hand.
 */
export interface GrowableColumn {
  readonly length: number;
  set(values: ArrayLike<number>): void;
}

export function grown<T extends GrowableColumn>(column: T, atLeast = 0): T {
  const Kind = column.constructor as new (length: number) => T;
  const out = new Kind(Math.max(atLeast, column.length * 2, 1));
  out.set(column as unknown as ArrayLike<number>);
  return out;
}
