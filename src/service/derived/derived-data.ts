/**
 * Everything derived from one loaded model, in one place: the facts every view reads (call
 * topology, call times, each task's calls in time order, name ranks, lower-cased names,
 * the search's sweep index), and the answers views share (masks of filters, call trees with
 * their layout widths, name orders and untimed rows, searches, and whatever a query keeps
 * through `memo`: function tables, chart tasks, timelines…).
 *
 * Split after the Firefox Profiler's (pure `profile-logic/`, memoized selectors): the core
 * computes (`compute…` functions, core/query), this object remembers. One eviction rule
 * for all of it (BudgetedMemo): the facts are pinned for the model's life; the rest is
 * dropped least recently used first beyond a byte budget. A query takes the DerivedData of
 * the model it asks about, so holding a second model (or dropping one) changes no query;
 * dropping the object frees all it holds.
 */
import { interruptView, type InterruptView } from '../../core/model/interrupt-mode';
import type { TraceModel } from '../../core/model/tables';
import {
  CallTopologyBuild,
  computeCallTimes,
  computeTaskTimeline,
  type CallTimes,
  type CallTopology,
  type TaskTimeline,
} from '../../core/query/call-extent';
import {
  buildCallTree,
  CallTreeBuild,
  computeNameRanks,
  InvertedCallTree,
  type CallTree,
  type CallTreeView,
} from '../../core/query/call-tree';
import { filterMask, isEmptyFilter, type CallMask, type ViewFilter } from '../../core/query/filter';
import { computeChildrenFit, computeLayoutWidths } from '../../core/query/flame-graph';
import { computeEnclosing, type Enclosing } from '../../core/query/enclosing';
import type { ModelFacts } from '../../core/query/model-facts';
import {
  computeCallsPerFunction,
  computeLowerNames,
  computeSweepIndex,
  searchInSteps,
  type SearchError,
  type SearchInSteps,
  type SearchResult,
  type SweepIndex,
} from '../../core/query/search';
import { LazyCallTree } from '../../core/query/lazy-call-tree';
import { LazyTreeWarmer } from '../../core/query/lazy-tree-warmer';
import { SelfRestCheck } from '../../core/query/self-rest';
import { computeUntimedNodes, type UntimedNodes } from '../queries/untimed';
import { BudgetedMemo, bytesOf, type MemoOptions, type MemoStats } from './budgeted-memo';
import { filterKey, treeKey, type TreeKey } from './keys';

export type { TreeKey };

/** Bytes the evictable entries of one model may hold (trees of a 5M-call trace are tens of MB each). */
const DEFAULT_BUDGET_BYTES = 512 * 1024 * 1024;

/** A call tree with what is derived from it (lives and goes with it: node ids are the tree's). */
interface TreeEntry {
  tree: CallTreeView;
  /** Top-down: computeLayoutWidths. */
  widths?: Float64Array;
  /** Top-down: computeUntimedNodes. */
  untimed?: UntimedNodes;
  /** Inverted: children of a node (-1: the roots) in name order, sorted once per node. */
  nameOrder?: Map<number, Int32Array>;
}

const pinned = <T>(bytes: (value: T) => number): MemoOptions<T> => ({ bytes, pinned: true });

function searchKey(filter: ViewFilter, pattern: string): string {
  return `search|${filterKey(filter)}|${pattern}`;
}

/** A search result's size: the hits (12 bytes each) are ordered on first use; counted up front. */
const SEARCH_KEPT: MemoOptions<SearchResult | SearchError> = { bytes: (r) => (r.ok ? bytesOf(r.funcs, r.callsPerFunc) + 12 * r.calls : 64) };

export class DerivedData implements ModelFacts {
  private readonly memo: BudgetedMemo;
  /** The topology built ahead in steps (advanceTopology), until it is done. */
  private topologyBuild: CallTopologyBuild | undefined;
  /** The selfIsRest check run ahead in steps (advanceSelfIsRest), until it is done. */
  private selfRestCheck: SelfRestCheck | undefined;
  /** A tree being built ahead (buildAhead). */
  private ahead: { key: string; build: CallTreeBuild } | undefined;
  /** The lazy tree being expanded ahead of a zoom (warmLazyTopDown), until it is done. */
  private warming: { lazy: LazyCallTree; warmer: LazyTreeWarmer } | undefined;

  constructor(
    readonly model: TraceModel,
    budgetBytes: number = DEFAULT_BUDGET_BYTES,
  ) {
    this.memo = new BudgetedMemo(budgetBytes);
  }

  // ---- Facts every view reads: pinned. ----

  topology(): CallTopology {
    return this.memo.get(
      'topology',
      () => {
        const build = this.topologyBuild ?? new CallTopologyBuild(this.model.calls);
        build.advance(Number.POSITIVE_INFINITY);
        this.topologyBuild = undefined;
        return build.result!;
      },
      // order, subtreeEnd and depth (made on first use on the fast path).
      pinned(() => this.model.calls.length * 12),
    );
  }

  /**
   * Advances the topology by about `budget` calls of work and keeps the rest for later
   * (ahead of the first query that needs it, in idle time); true once it is done.
   */
  advanceTopology(budget: number): boolean {
    if (this.memo.has('topology')) return true;
    this.topologyBuild ??= new CallTopologyBuild(this.model.calls);
    if (!this.topologyBuild.advance(budget)) return false;
    this.topology();
    return true;
  }

  times(): CallTimes {
    return this.memo.get(
      'times',
      () => computeCallTimes(this.model, this.topology()),
      // `start` is the table's own column when every call has one: not counted then.
      pinned((t) => bytesOf(t.end, t.derived, t.start.buffer === this.model.calls.start.buffer ? undefined : t.start)),
    );
  }

  taskTimeline(): TaskTimeline {
    return this.memo.get(
      'taskTimeline',
      () => computeTaskTimeline(this.model, this.topology(), this.times()),
      pinned((t) => bytesOf(t.order, t.offsets, t.late, t.lateFrom, t.lateOffsets, t.lateBy)),
    );
  }

  nameRanks(): Uint32Array {
    return this.memo.get('nameRanks', () => computeNameRanks(this.model.strings), pinned(bytesOf));
  }

  lowerNames(): readonly string[] {
    return this.memo.get(
      'lowerNames',
      () => computeLowerNames(this.model.strings),
      pinned((names) => names.reduce((sum, s) => sum + 2 * s.length + 16, 0)),
    );
  }

  sweepIndex(): SweepIndex {
    return this.memo.get('sweepIndex', () => computeSweepIndex(this.model.calls, this.topology(), this.model.strings.size), pinned((s) => bytesOf(s.func)));
  }

  childrenFit(): boolean {
    return this.memo.get('childrenFit', () => computeChildrenFit(this.model.calls), pinned(() => 8));
  }

  /** Whether the model's self times are the rest of their durations (self-rest.ts): trees without a mask keep no self column then. */
  selfIsRest(): boolean {
    return this.memo.get(
      'selfIsRest',
      () => {
        const check = this.selfRestCheck ?? new SelfRestCheck(this.model.calls, this.topology());
        check.advance(Number.POSITIVE_INFINITY);
        this.selfRestCheck = undefined;
        return check.result!;
      },
      pinned(() => 8),
    );
  }

  /** Advances the selfIsRest check by about `budget` calls (after the topology); true once it is known. */
  advanceSelfIsRest(budget: number): boolean {
    if (this.memo.has('selfIsRest')) return true;
    if (!this.advanceTopology(budget)) return false;
    this.selfRestCheck ??= new SelfRestCheck(this.model.calls, this.topology());
    if (!this.selfRestCheck.advance(budget)) return false;
    this.selfIsRest();
    return true;
  }

  /** The interrupt figures of the model (its transform's, or found in place), with the time inside each call. */
  interruptView(): InterruptView {
    return this.memo.get('interruptView', () => interruptView(this.model), pinned((v) => bytesOf(v.inside)));
  }

  /** Whether every call has a start and a duration in the trace. */
  allTimed(): boolean {
    return this.memo.get(
      'allTimed',
      () => {
        const { start, duration, length } = this.model.calls;
        for (let i = 0; i < length; i++) if (Number.isNaN(start[i]) || Number.isNaN(duration[i])) return false;
        return true;
      },
      pinned(() => 8),
    );
  }

  /** Builds what a search reads besides the calls ahead of the first keystroke. */
  prepareSearch(): void {
    this.sweepIndex();
    this.callsPerFunction({});
    this.lowerNames();
  }

  // ---- Answers views share: evicted beyond the budget. ----

  /** Where each call is entered from (the hook candidates): 5 bytes a call, made when first asked. */
  enclosing(): Enclosing {
    return this.memo.get('enclosing', () => computeEnclosing(this.model, this.topology()), { bytes: (e) => bytesOf(e.entryCall, e.isIrqEntry) });
  }

  /** The mask of `filter`, or undefined when it selects every call. */
  mask(filter: ViewFilter): CallMask | undefined {
    return this.memo.get(`mask|${filterKey(filter)}`, () => (isEmptyFilter(filter) ? undefined : filterMask(this, filter)), {
      bytes: (m) => bytesOf(m),
    });
  }

  /** Calls of each function in the mask of `filter`. */
  callsPerFunction(filter: ViewFilter): Uint32Array {
    return this.memo.get(`callsPerFunction|${filterKey(filter)}`, () => computeCallsPerFunction(this.model, this.mask(filter)), {
      bytes: bytesOf,
    });
  }

  tree(key: TreeKey): CallTreeView {
    return this.treeEntry(key).tree;
  }

  /** The top-down tree of the key (for callers/callees and stepping, whatever the view shows). */
  topDown(key: TreeKey): CallTree {
    return this.tree({ ...key, inverted: false }) as CallTree;
  }

  inverted(key: TreeKey): InvertedCallTree {
    return this.tree({ ...key, inverted: true }) as InvertedCallTree;
  }

  /**
   * Builds the top-down tree of `key` ahead of the query that will ask for it, about
   * `budget` calls at a time: true once the tree is kept. The query finishes a build
   * under way instead of starting over.
   */
  buildAhead(key: TreeKey, budget: number): boolean {
    const k = treeKey({ ...key, inverted: false });
    if (this.memo.has(`tree|${k}`)) return true;
    if (this.ahead?.key !== k) {
      const build = new CallTreeBuild(this, { mask: this.mask(key.filter), groupByTask: key.groupByTask });
      this.ahead = { key: k, build };
    }
    if (!this.ahead.build.advance(budget)) return false;
    this.topDown(key);
    return true;
  }

  /**
   * The top-down tree of `key` expanded only where it is read (core/query/lazy-call-tree.ts),
   * for a flame graph asked before the whole tree is kept: at 5M calls the whole tree took
   * 1.1 s after `ready`, the frames drawn are a few percent of its nodes. Undefined where the
   * whole tree is kept, and where the lazy one would not give its figures exactly or needs
   * what only the whole tree has: a filter (a mask) or an Interrupts mode other than in
   * place, the inverted tree, layout widths that are not the totals (calls whose children
   * outlast them: computeChildrenFit, the widths are bottom-up sums over the whole tree), a
   * topology without parents first (broken input). Dropped when the whole tree is made.
   * `forLayout` false (the call tree's rows, which read no widths) takes it where calls
   * outlast their parents too.
   */
  lazyTopDown(key: TreeKey, forLayout = true): LazyCallTree | undefined {
    if (key.inverted || !isEmptyFilter(key.filter) || (key.filter.irq ?? 'in-place') !== 'in-place') return undefined;
    const k = treeKey(key);
    if (this.memo.has(`tree|${k}`) || (forLayout && !this.childrenFit()) || !this.topology().parentsFirst) return undefined;
    const lazy = this.memo.get(`lazyTree|${k}`, () => new LazyCallTree(this, key.groupByTask), { bytes: (t) => t.bytes() });
    // It grew with the answers before this one (nodes expanded as they were drawn).
    this.memo.resize(`lazyTree|${k}`, lazy.bytes());
    return lazy;
  }

  /**
   * Expands the lazy top-down tree of `key` ahead of a zoom (LazyTreeWarmer: every node at
   * least `detail` of its root), about `budget` calls at a time; true once done, or when
   * there is no lazy tree (the whole tree is kept, or the lazy one does not apply).
   */
  warmLazyTopDown(key: TreeKey, detail: number, budget: number): boolean {
    const lazy = this.lazyTopDown(key);
    if (!lazy) {
      this.warming = undefined;
      return true;
    }
    // A lazy tree evicted meanwhile is a new one: its expansion starts over.
    if (this.warming?.lazy !== lazy) this.warming = { lazy, warmer: new LazyTreeWarmer(lazy, detail) };
    const done = this.warming.warmer.advance(budget);
    this.memo.resize(`lazyTree|${treeKey(key)}`, lazy.bytes());
    // Done, the tree is let go here: the memo alone decides how long it is kept.
    if (done) this.warming = undefined;
    return done;
  }

  /** Layout width of each node of the top-down tree of `key` (computeLayoutWidths). */
  layoutWidths(key: TreeKey): Float64Array {
    return this.topDownPart(key, 'widths', (tree) => computeLayoutWidths(tree, this.childrenFit()));
  }

  /** Puts the child lists of the top-down tree of `key` in name order (CallTree.childListsByName: compare mode's merge). */
  orderChildListsByName(key: TreeKey): void {
    this.topDown(key).childListsByName();
  }

  /** The untimed nodes of the top-down tree of `key`. */
  untimed(key: TreeKey): UntimedNodes {
    return this.topDownPart(key, 'untimed', computeUntimedNodes);
  }

  /** A part derived from the top-down tree of `key`: made once, kept with the tree, its bytes counted in the tree's entry. */
  private topDownPart<P extends 'widths' | 'untimed'>(
    key: TreeKey,
    part: P,
    make: (tree: CallTree) => NonNullable<TreeEntry[P]>,
  ): NonNullable<TreeEntry[P]> {
    const k = { ...key, inverted: false };
    const entry = this.treeEntry(k);
    let value = entry[part];
    if (!value) {
      value = make(entry.tree as CallTree);
      entry[part] = value;
      this.memo.resize(`tree|${treeKey(k)}`, treeEntryBytes(entry));
    }
    return value as NonNullable<TreeEntry[P]>;
  }

  /**
   * Children in name order per node of the inverted tree of `key`, filled by the flame
   * layout as it goes (the top-down tree keeps its own: CallTree.childrenByName).
   */
  nameOrder(key: TreeKey): Map<number, Int32Array> {
    const entry = this.treeEntry({ ...key, inverted: true });
    entry.nameOrder ??= new Map();
    return entry.nameOrder;
  }

  search(filter: ViewFilter, pattern: string): SearchResult | SearchError {
    return this.memo.get(searchKey(filter, pattern), () => this.searchSteps(filter, pattern).step(Number.POSITIVE_INFINITY)!, SEARCH_KEPT);
  }

  /**
   * The same search with its sweep in steps (`search` answers at once); kept like it once
   * done. When another question searched the same meanwhile, a step gives that answer.
   */
  searchInSteps(filter: ViewFilter, pattern: string): SearchInSteps {
    const key = searchKey(filter, pattern);
    let steps: SearchInSteps | undefined;
    return {
      step: (positions) => {
        const kept = this.memo.peek<SearchResult | SearchError>(key);
        if (kept) return kept;
        steps ??= this.searchSteps(filter, pattern);
        const done = steps.step(positions);
        return done && this.memo.get(key, () => done, SEARCH_KEPT);
      },
    };
  }

  private searchSteps(filter: ViewFilter, pattern: string): SearchInSteps {
    return searchInSteps(this, pattern, this.mask(filter), () => this.callsPerFunction(filter));
  }

  /**
   * What a query derives from this model and keeps (an answer several requests share),
   * under `kind|key`, with the same eviction as the rest.
   */
  keep<T>(kind: string, key: string, compute: () => T, bytes: (value: T) => number): T {
    return this.memo.get(`${kind}|${key}`, compute, { bytes });
  }

  /** Like `keep`, for the model's life (scratch space every answer reuses). */
  keepPinned<T>(kind: string, compute: () => T, bytes: (value: T) => number): T {
    return this.memo.get(kind, compute, pinned(bytes));
  }

  stats(): MemoStats {
    return this.memo.stats();
  }

  /** The page asks a question (TraceService.userActive): what the last one read stays kept through it (BudgetedMemo). */
  newQuestion(): void {
    this.memo.newQuestion();
  }

  private treeEntry(key: TreeKey): TreeEntry {
    const k = treeKey(key);
    return this.memo.get(
      `tree|${k}`,
      (): TreeEntry => {
        // The inverted tree is a view over the top-down tree of the same filter and
        // grouping: one aggregation serves the flame graph, the call tree and the bottom-up views.
        if (key.inverted) return { tree: new InvertedCallTree(this.topDown(key)) };
        // The whole tree replaces the lazy one (lazyTopDown) from now on.
        this.memo.delete(`lazyTree|${k}`);
        const ahead = this.ahead;
        if (ahead?.key === k) {
          this.ahead = undefined;
          return { tree: ahead.build.finish() };
        }
        return { tree: buildCallTree(this, { mask: this.mask(key.filter), groupByTask: key.groupByTask }) };
      },
      { bytes: treeEntryBytes },
    );
  }
}

/** Estimated bytes of a tree and what hangs on it. */
function treeEntryBytes(entry: TreeEntry): number {
  const t = entry.tree;
  let bytes: number;
  if (t.inverted) {
    // Its sample pool (one sample per top-down node of a function: at, weight, calls).
    const base = (t as InvertedCallTree).base;
    bytes = base.length * 20;
  } else {
    const top = t as CallTree;
    // Node columns (parent, func, calls, total, self, child links) and the node of each call
    // (counted before it is made: CallTree.callNode).
    bytes = top.length * 36 + 4 * top.model.calls.length;
  }
  if (entry.widths && entry.widths !== (t as CallTree).total) bytes += bytesOf(entry.widths);
  if (entry.untimed) bytes += bytesOf(entry.untimed.flags);
  return bytes;
}
