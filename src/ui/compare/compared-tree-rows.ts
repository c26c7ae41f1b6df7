/**
 * The compared call tree's rows on screen: the merged tree's levels the view has fetched
 * (one per expanded path), flattened in pre-order through the expanded paths. Pure, so
 * the walk and the keyboard moves are tested without React.
 */
import type { ComparedTreeRows } from '../../state/compare-queries';

export interface FlatRow {
  path: string[];
  key: string;
  depth: number;
  level: ComparedTreeRows;
  /** Row index in its level. */
  r: number;
  expandable: boolean;
  expanded: boolean;
}

/**
 * A path as a map key, and back. JSON, not the names joined by a separator: a name is trace
 * text and may hold any character (a NUL too), and ['x\u0000y'] and ['x', 'y'] were one key.
 */
export const pathKey = (path: readonly string[]): string => JSON.stringify(path);
export const pathOfKey = (key: string): string[] => JSON.parse(key) as string[];

/** Rows in pre-order: the roots, and under each expanded row its children (when fetched). */
export function flattenRows(levels: ReadonlyMap<string, ComparedTreeRows>, expanded: ReadonlySet<string>): FlatRow[] {
  const out: FlatRow[] = [];
  const walk = (path: string[], depth: number) => {
    const level = levels.get(pathKey(path));
    if (!level) return;
    for (let r = 0; r < level.names.length; r++) {
      const child = [...path, level.names[r]];
      const key = pathKey(child);
      const expandable = level.childCount[r] > 0;
      const isOpen = expandable && expanded.has(key);
      out.push({ path: child, key, depth, level, r, expandable, expanded: isOpen });
      if (isOpen) walk(child, depth + 1);
    }
  };
  walk([], 0);
  return out;
}

/** Where a key moves the focus (row index), or what it toggles; null = not a tree key. */
export type TreeMove = { to: number } | { expand: number } | { collapse: number } | null;

export function treeMove(rows: readonly FlatRow[], focus: number, key: string): TreeMove {
  if (rows.length === 0) return null;
  const i = Math.max(0, Math.min(rows.length - 1, focus));
  const row = rows[i];
  switch (key) {
    case 'ArrowDown':
      return { to: focus < 0 ? 0 : Math.min(rows.length - 1, i + 1) };
    case 'ArrowUp':
      return { to: focus < 0 ? 0 : Math.max(0, i - 1) };
    case 'Home':
      return { to: 0 };
    case 'End':
      return { to: rows.length - 1 };
    case 'ArrowRight':
      if (row.expandable && !row.expanded) return { expand: i };
      if (row.expanded && i + 1 < rows.length && rows[i + 1].depth > row.depth) return { to: i + 1 };
      return { to: i };
    case 'ArrowLeft': {
      if (row.expanded) return { collapse: i };
      for (let j = i - 1; j >= 0; j--) if (rows[j].depth < row.depth) return { to: j };
      return { to: i };
    }
    case 'Enter':
      return row.expandable ? (row.expanded ? { collapse: i } : { expand: i }) : { to: i };
    default:
      return null;
  }
}
