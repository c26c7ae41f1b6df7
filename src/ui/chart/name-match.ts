/**
 * Search highlighting on a canvas: which entries of an answer's string table belong to a
 * function the search matches (frames of the others are drawn dimmed).
 */

/** Per entry of an answer's string table: 1 when its function matches. Null = no search. */
export function matchNames(nameFuncs: Int32Array, matched: ReadonlySet<number> | null): Uint8Array | null {
  if (!matched) return null;
  const out = new Uint8Array(nameFuncs.length);
  for (let j = 0; j < nameFuncs.length; j++) if (matched.has(nameFuncs[j])) out[j] = 1;
  return out;
}

/** How many of the frames (by their string table entry) are matched; 0 with no search. */
export function countMatched(name: Int32Array, length: number, nameMatched: Uint8Array | null): number {
  if (!nameMatched) return 0;
  let n = 0;
  for (let k = 0; k < length; k++) n += nameMatched[name[k]];
  return n;
}
