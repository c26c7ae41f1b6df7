/**
 * Enter / Shift+Enter in the search box: step to the next / previous match.
 *
 * >>> CALL SITE FOR THE CALL TREE'S `stepSearch(direction)` (src/state/tree-queries.ts). <<<
 * Until that action exists this is a no-op, so the box still searches and counts.
 */
export function stepSearchMatch(direction: 1 | -1): void {
  void direction;
}
