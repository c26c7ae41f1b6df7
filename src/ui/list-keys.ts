/**
 * The row a list's navigation key moves to, the same in every table and list: ↑ ↓ one row,
 * PgUp PgDn a page, Home End the ends. Clamped to the rows there are; null for any other key.
 * With no active row (`i` < 0) an arrow starts at `start` (the first row, or the first in view).
 */
export function listKeyTarget(key: string, i: number, page: number, count: number, start = 0): number | null {
  const moves: Record<string, number> = {
    ArrowDown: i < 0 ? start : i + 1,
    ArrowUp: i < 0 ? start : i - 1,
    PageDown: i + page,
    PageUp: i - page,
    Home: 0,
    End: count - 1,
  };
  return key in moves ? Math.max(0, Math.min(count - 1, moves[key])) : null;
}
