/**
 * A reveal the page makes by itself right after a change the user made (the first search
 * hit brought into the call tree: tree-queries.ts `showFirstMatch`) belongs to that change's
 * Back step. When the search's own entry was written before the reveal came (the worker's
 * answer took longer than the write's idle moment, as on a busy machine), permalinks.ts
 * writes the reveal over that entry instead of adding one; Back then leaves the search and
 * its reveal together, as it does when both land in one write.
 */
let marked = false;

/** The next fragment write is an automatic reveal (see the module comment). */
export function markAutomaticReveal(): void {
  marked = true;
}

/** Whether the write being made is one (and forgets the mark). */
export function takeAutomaticReveal(): boolean {
  const was = marked;
  marked = false;
  return was;
}
