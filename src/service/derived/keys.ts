/** The keys of the questions views ask: canonical text, so equal questions share a key. */
import type { ViewFilter } from '../../core/query/filter';

/** What every tree-shaped view is computed from. */
export interface TreeKey {
  filter: ViewFilter;
  inverted: boolean;
  /** One root per task (true) or all tasks merged (false). */
  groupByTask: boolean;
}

/** Canonical JSON of a filter: sorted lists, absent empties, so equal filters share a key. */
export function filterKey(f: ViewFilter): string {
  return JSON.stringify({
    t: f.tasks?.length ? [...f.tasks].sort((a, b) => a - b) : undefined,
    c: f.cpus?.length ? [...f.cpus].sort((a, b) => a - b) : undefined,
    r: f.range ?? undefined,
    s: f.syscallsOnly || undefined,
    i: f.irq && f.irq !== 'in-place' ? f.irq : undefined,
    // (a function name, trace text: JSON.stringify quotes it, so no name can read as another key)
    p: f.pathsFrom || undefined,
    pb: (f.pathsFrom && f.pathsFromBase) || undefined,
  });
}

export function treeKey(key: TreeKey): string {
  return `${filterKey(key.filter)}|${key.inverted ? 1 : 0}|${key.groupByTask ? 1 : 0}`;
}
