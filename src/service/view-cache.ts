/**
 * Worker-side caches of the derived data every view asks for: the call mask of a filter,
 * the aggregated call tree of (filter, inverted, grouped), and the search result of
 * (filter, pattern). Views ask many small questions (children of a node, one frame of a
 * flame graph, the next search hit) against the same few keys, so each is computed once.
 *
 * Keys are the JSON of the plain-data arguments. Each cache keeps a handful of entries
 * (least recently used dropped) because a 5M-call tree is large. Everything is dropped
 * when another trace loads (`reset`).
 */
import type { TraceModel } from '../core/model/tables';
import { buildCallTree, CallTreeBuild, InvertedCallTree, type CallTree, type CallTreeView } from '../core/query/call-tree';
import { filterMask, isEmptyFilter, type CallMask, type ViewFilter } from '../core/query/filter';
import { searchFunctions, type SearchError, type SearchResult } from '../core/query/search';

/** What every tree-shaped view is computed from. */
export interface TreeKey {
  filter: ViewFilter;
  inverted: boolean;
  /** One root per task (true) or all tasks merged (false). */
  groupByTask: boolean;
}

class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly capacity: number) {}

  get(key: string, make: () => V): V {
    const hit = this.map.get(key);
    if (hit !== undefined) {
      this.map.delete(key);
      this.map.set(key, hit);
      return hit;
    }
    const value = make();
    this.map.set(key, value);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as string);
    return value;
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  clear(): void {
    this.map.clear();
  }
}

function treeKey(key: TreeKey): string {
  return `${filterKey(key.filter)}|${key.inverted ? 1 : 0}|${key.groupByTask ? 1 : 0}`;
}

/** Canonical JSON of a filter: sorted lists, absent empties, so equal filters share a key. */
export function filterKey(f: ViewFilter): string {
  return JSON.stringify({
    t: f.tasks?.length ? [...f.tasks].sort((a, b) => a - b) : undefined,
    c: f.cpus?.length ? [...f.cpus].sort((a, b) => a - b) : undefined,
    r: f.range ?? undefined,
    s: f.syscallsOnly || undefined,
  });
}

export class ViewCache {
  private model: TraceModel | undefined;
  private readonly masks = new Lru<CallMask | undefined>(4);
  private readonly trees = new Lru<CallTreeView>(4);
  private readonly searches = new Lru<SearchResult | SearchError>(4);
  /** A tree being built ahead (buildAhead). */
  private ahead: { key: string; build: CallTreeBuild } | undefined;

  /** Drops everything: a new trace was loaded (or none is). */
  reset(model: TraceModel | undefined): void {
    this.model = model;
    this.ahead = undefined;
    this.masks.clear();
    this.trees.clear();
    this.searches.clear();
  }

  requireModel(): TraceModel {
    if (!this.model) throw new Error('no trace is loaded');
    return this.model;
  }

  /** The mask of `filter`, or undefined when it selects every call. */
  mask(filter: ViewFilter): CallMask | undefined {
    const model = this.requireModel();
    return this.masks.get(filterKey(filter), () => (isEmptyFilter(filter) ? undefined : filterMask(model, filter)));
  }

  tree(key: TreeKey): CallTreeView {
    const model = this.requireModel();
    const k = treeKey(key);
    // The inverted tree is a view over the top-down tree of the same filter and grouping:
    // one aggregation serves the flame graph, the call tree and the bottom-up views.
    return this.trees.get(k, () => {
      if (key.inverted) return new InvertedCallTree(this.topDown(key));
      const ahead = this.ahead;
      if (ahead?.key === k) {
        this.ahead = undefined;
        return ahead.build.finish();
      }
      return buildCallTree(model, { mask: this.mask(key.filter), groupByTask: key.groupByTask });
    });
  }

  /**
   * Builds the top-down tree of `key` ahead of the query that will ask for it, about
   * `budget` calls at a time: true once the tree is in the cache. The query finishes a
   * build under way instead of starting over.
   */
  buildAhead(key: TreeKey, budget: number): boolean {
    const model = this.requireModel();
    const k = treeKey({ ...key, inverted: false });
    if (this.trees.has(k)) return true;
    if (this.ahead?.key !== k) {
      const build = new CallTreeBuild(model, { mask: this.mask(key.filter), groupByTask: key.groupByTask });
      this.ahead = { key: k, build };
    }
    if (!this.ahead.build.advance(budget)) return false;
    this.topDown(key);
    return true;
  }

  /** The top-down tree of the key (for callers/callees and stepping, whatever the view shows). */
  topDown(key: TreeKey): CallTree {
    return this.tree({ ...key, inverted: false }) as CallTree;
  }

  inverted(key: TreeKey): InvertedCallTree {
    return this.tree({ ...key, inverted: true }) as InvertedCallTree;
  }

  search(filter: ViewFilter, pattern: string): SearchResult | SearchError {
    const model = this.requireModel();
    return this.searches.get(`${filterKey(filter)}|${pattern}`, () => searchFunctions(model, pattern, this.mask(filter)));
  }
}
