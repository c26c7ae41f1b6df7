/**
 * Whether two call paths (names from the root down: a zoom path, an open row of the call
 * tree) are the same names in the same order. Null, a path not known, is no path's.
 */
export function samePath(a: readonly string[] | null, b: readonly string[] | null): boolean {
  return a !== null && b !== null && a.length === b.length && a.every((name, i) => name === b[i]);
}
