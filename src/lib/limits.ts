/**
 * Limits that both sides of the worker boundary must agree on: the worker enforces them,
 * the main thread asks within them and tells the user when one was reached.
 */

/**
 * Rows one subtree expansion (the call tree's `*` key) may return: the worker stops there,
 * and the tree says "expanded up to N rows" when it did.
 */
export const MAX_SUBTREE_ROWS = 10_000;
