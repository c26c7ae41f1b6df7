/**
 * The call tree view's questions: the children of expanded rows, a whole subtree for `*`,
 * the path of a call (search stepping, "jump to slowest call").
 *
 * Rows are addressed by their PATH OF NAMES from the root, never by node index: the
 * inverted tree numbers its nodes in the order they were expanded, and the DerivedData may
 * drop and rebuild a tree between two requests, so an index could name another node in
 * the rebuilt tree. A path always means the same row, and it is what the URL stores.
 *
 * Answers are compact: one typed column per figure and a small table of the names the
 * rows use (a name repeated across rows is sent once).
 */
import type { Nanoseconds } from '../../core/model/call-table';
import type { CallTreeView, IndexIntoCallNodeTable } from '../../core/query/call-tree';
import { stepHit } from '../../core/query/search';
import { MAX_SUBTREE_ROWS } from '../../lib/limits';
import type { DerivedData, TreeKey } from '../derived/derived-data';
import { isUntimed, type UntimedNodes } from './untimed';
import type { ModelFacts } from '../../core/query/model-facts';

export type { TreeKey };

/** Rows of one or more tree levels, as columns. */
export interface TreeRows {
  /** Names used by the rows (trace text: render as text only). */
  names: string[];
  /** Index into `names` of each row. */
  name: Uint32Array;
  /** Function id of each row (to match the search's function ids), -1 - task for a task root. */
  func: Int32Array;
  /** 1 for a synthetic task root (not a function: no source link, no selection). */
  isTask: Uint8Array;
  /** NaN when no call of the row has a duration (untimed.ts): the time is unknown, not 0. */
  total: Float64Array;
  /** NaN when the total is. */
  self: Float64Array;
  calls: Float64Array;
  /** Number of children (0 = a leaf, not expandable). */
  childCount: Uint32Array;
}

/** The children of one row (or the roots for the empty path); null when the path is not in the tree. */
export type TreeLevel = TreeRows | null;

/** Answer of `treeLevels`. */
export interface TreeLevels {
  /** One entry per asked path, in order. */
  levels: TreeLevel[];
  /** Sum of the roots' totals: the 100% of the percent column. */
  rootTotal: number;
}

/** Answer of `treeSubtree`: the descendants of one row, breadth first, as far as the cap allows. */
export interface TreeSubtree extends TreeRows {
  /**
   * Parent of each row as an index into these rows, -1 for a child of the asked row.
   * Every row whose children are in the answer has ALL of them (a level is added whole or
   * not at all), so the main side can mark exactly those rows expanded.
   */
  parent: Int32Array;
  /** False when the cap stopped the expansion before every descendant was added. */
  complete: boolean;
  /** False when the asked path is not in the tree. */
  found: boolean;
}

/** Collects rows into columns with a shared name table. */
class RowWriter {
  private readonly nameIndex = new Map<string, number>();
  readonly names: string[] = [];
  private readonly nameCol: number[] = [];
  private readonly funcCol: number[] = [];
  private readonly taskCol: number[] = [];
  private readonly totalCol: number[] = [];
  private readonly selfCol: number[] = [];
  private readonly callsCol: number[] = [];
  private readonly childCol: number[] = [];

  /** `untimedOf`: whether no call of a row has a duration (RowSource). */
  constructor(
    private readonly tree: CallTreeView,
    private readonly untimedOf: (node: IndexIntoCallNodeTable) => boolean,
  ) {}

  add(node: IndexIntoCallNodeTable): void {
    const t = this.tree;
    const name = t.name(node);
    let k = this.nameIndex.get(name);
    if (k === undefined) {
      k = this.names.length;
      this.names.push(name);
      this.nameIndex.set(name, k);
    }
    this.nameCol.push(k);
    const func = t.funcOf(node);
    this.funcCol.push(func);
    this.taskCol.push(func < 0 ? 1 : 0);
    const unknown = this.untimedOf(node);
    this.totalCol.push(unknown ? Number.NaN : t.totalOf(node));
    this.selfCol.push(unknown ? Number.NaN : t.selfOf(node));
    this.callsCol.push(t.callsOf(node));
    // Counted along the child list for the top-down tree (no sorting); for the inverted one
    // this expands the node one level, which is what lets the view draw a disclosure
    // triangle only where there is something.
    this.childCol.push(t.childCount(node));
  }

  get length(): number {
    return this.nameCol.length;
  }

  finish(): TreeRows {
    return {
      names: this.names,
      name: Uint32Array.from(this.nameCol),
      func: Int32Array.from(this.funcCol),
      isTask: Uint8Array.from(this.taskCol),
      total: Float64Array.from(this.totalCol),
      self: Float64Array.from(this.selfCol),
      calls: Float64Array.from(this.callsCol),
      childCount: Uint32Array.from(this.childCol),
    };
  }
}

function rowsOf({ tree, untimedOf }: RowSource, nodes: Int32Array): TreeRows {
  const w = new RowWriter(tree, untimedOf);
  for (let k = 0; k < nodes.length; k++) w.add(nodes[k]);
  return w.finish();
}

/** The tree a call tree view's rows are read from, and which of its nodes have no timed call. */
interface RowSource {
  tree: CallTreeView;
  untimedOf: (node: IndexIntoCallNodeTable) => boolean;
}

/**
 * The rows of `key` from the tree expanded only where it is read, until the whole one is
 * kept (DerivedData.lazyTopDown: the same rows, to the bit). Above the size where the work
 * ahead leaves the whole tree out (load/build-ahead.ts), the call tree view thus never
 * needs it: at 25.6M calls it was 0.6 GB of a 4 GiB trace's tab (issue 13).
 */
function rowSource(derived: DerivedData, key: TreeKey): RowSource {
  const lazy = derived.lazyTopDown(key, false);
  if (lazy) return { tree: lazy, untimedOf: (node) => lazy.untimedOf(node) };
  const tree = derived.tree(key);
  // Asked when the first row is added: one O(calls) pass, kept with the tree.
  let untimed: UntimedNodes | undefined;
  return { tree, untimedOf: (node) => isUntimed(tree, node, (untimed ??= derived.untimed(key))) };
}

/** Children of the node at `path` ([] = the roots), or null when the path is not in the tree. */
function childrenAt(tree: CallTreeView, path: readonly string[]): Int32Array | null {
  if (path.length === 0) return tree.roots();
  const node = tree.findPath(path);
  return node < 0 ? null : tree.children(node);
}

/** The children of every path in `paths` (the roots for []), in one round trip. */
export function treeLevels(derived: DerivedData, key: TreeKey, paths: readonly (readonly string[])[]): TreeLevels {
  const source = rowSource(derived, key);
  const { tree } = source;
  const roots = tree.roots();
  let rootTotal = 0;
  for (let k = 0; k < roots.length; k++) rootTotal += tree.totalOf(roots[k]);
  const levels = paths.map((path) => {
    const nodes = childrenAt(tree, path);
    return nodes ? rowsOf(source, nodes) : null;
  });
  return { levels, rootTotal };
}

/**
 * The descendants of the row at `path`, breadth first, up to `maxRows` rows (at most
 * MAX_SUBTREE_ROWS): what `*` expands.
 */
export function treeSubtree(derived: DerivedData, key: TreeKey, path: readonly string[], maxRows = MAX_SUBTREE_ROWS): TreeSubtree {
  const { tree, untimedOf } = rowSource(derived, key);
  const cap = Math.max(0, Math.min(MAX_SUBTREE_ROWS, Math.floor(maxRows) || 0));
  const start = path.length === 0 ? -1 : tree.findPath(path);
  const w = new RowWriter(tree, untimedOf);
  const parent: number[] = [];
  if (path.length > 0 && start < 0) return { ...w.finish(), parent: new Int32Array(0), complete: true, found: false };
  // Queue of (node, its row index in the answer); the asked row itself is row -1.
  const queue: [IndexIntoCallNodeTable, number][] = [];
  let complete = true;
  const first = start < 0 ? tree.roots() : tree.children(start);
  if (first.length > cap) complete = false;
  else {
    for (let k = 0; k < first.length; k++) {
      queue.push([first[k], w.length]);
      parent.push(-1);
      w.add(first[k]);
    }
  }
  for (let q = 0; q < queue.length && complete; q++) {
    const [node, row] = queue[q];
    const kids = tree.children(node);
    if (kids.length === 0) continue;
    if (w.length + kids.length > cap) {
      complete = false;
      break;
    }
    for (let k = 0; k < kids.length; k++) {
      queue.push([kids[k], w.length]);
      parent.push(row);
      w.add(kids[k]);
    }
  }
  return { ...w.finish(), parent: Int32Array.from(parent), complete, found: true };
}

/**
 * The path of names of `call` in the tree of `key`: root to the call for the top-down
 * tree; for the inverted one the call's function first, then its callers outwards (the
 * same names reversed). Empty when the call is not in view.
 */
export function pathOfCall(derived: DerivedData, key: TreeKey, call: number): string[] {
  // Where the lazy tree stands for the whole one (no mask, in place), a call's path is its
  // ancestors' names: stepping through matches needs no whole tree (0.6 GB at 25.6M calls).
  const lazy = derived.lazyTopDown({ ...key, inverted: false }, false);
  if (lazy) {
    const path = lazy.pathOfCall(call);
    return key.inverted ? path.reverse() : path;
  }
  const topDown = derived.topDown(key);
  if (call < 0 || call >= topDown.model.calls.length) return [];
  // One call's node (CallTree.nodeOfCall): not every call's, for a tree that did not keep them.
  const node = topDown.nodeOfCall(call);
  if (node < 0) return [];
  const path = topDown.pathOf(node);
  return key.inverted ? path.reverse() : path;
}

/**
 * The top-down nodes a row of the tree of `key` stands for: the one node at `path` in the
 * top-down tree; for the inverted tree every top-down node whose path ENDS with the
 * reversed `path` (a bottom-up row merges all the stacks with that suffix).
 */
function topDownNodesOfPath(derived: DerivedData, key: TreeKey, path: readonly string[]): Set<number> {
  const topDown = derived.topDown(key);
  const out = new Set<number>();
  if (path.length === 0) return out;
  if (!key.inverted) {
    const node = topDown.findPath(path);
    if (node >= 0) out.add(node);
    return out;
  }
  // path[0] is the innermost function, path[k] its k-th caller.
  for (let k = 0; k < topDown.length; k++) {
    let at = k;
    let j = 0;
    while (j < path.length && at >= 0 && topDown.name(at) === path[j]) {
      at = topDown.parent[at];
      j++;
    }
    if (j === path.length) out.add(k);
  }
  return out;
}

/** The earliest call (by start time, then index) of a set of top-down nodes, or -1. */
function earliestCallOf(derived: DerivedData, key: TreeKey, nodes: Set<number>): number {
  if (nodes.size === 0) return -1;
  const { start } = derived.times();
  const callNode = derived.topDown(key).callNode;
  let best = -1;
  for (let i = 0; i < callNode.length; i++) {
    if (!nodes.has(callNode[i])) continue;
    if (best < 0 || start[i] < start[best]) best = i;
  }
  return best;
}

/**
 * The earliest call of the row at `path` (earliestCallOf its top-down nodes): from the lazy
 * tree where it stands for the whole one, so a step from a focused row needs no whole tree.
 */
function earliestCallAt(derived: DerivedData, key: TreeKey, path: readonly string[]): number {
  const lazy = key.inverted ? undefined : derived.lazyTopDown(key, false);
  if (!lazy) return earliestCallOf(derived, key, topDownNodesOfPath(derived, key, path));
  const node = lazy.findPath(path);
  return node < 0 ? -1 : lazy.earliestCall(node, derived.times().start);
}

/** Where `stepSearch` starts from. */
export type StepFrom =
  /** A call returned by an earlier step (its index in the call table). */
  | { call: number }
  /** A row of the tree (the focused row): the step starts at its earliest call. */
  | { path: string[] }
  /** Nothing: the first hit (direction 1) or the last one (-1). */
  | null;

export type StepAnswer =
  | {
      ok: true;
      /** The pattern this answers (so the main side can drop a stale answer). */
      pattern: string;
      /** The hit stepped to, -1 when nothing matches in view. */
      call: number;
      /** Its path of names in the tree of the key ([] when call is -1). */
      path: string[];
      /** Position of the hit among all hits (0-based, by task then time), -1 when none. */
      index: number;
      /** Hits in view. */
      count: number;
      /** True when the step went past the last hit to the first (or the first to the last). */
      wrapped: boolean;
      /** Where the hit is on the flame chart (null when call is -1). */
      place: CallPlace | null;
    }
  | { ok: false; pattern: string; error: string };

/**
 * The next (1) or previous (-1) call matching `pattern` in time order after `from`, and
 * its path in the tree of `key`. Hits are ordered by task, then by start time (search.ts):
 * stepping past the last hit of a task goes to the first hit of the next task with hits,
 * and past the very last hit back to the first (`wrapped`).
 */
export function stepSearch(
  derived: DerivedData,
  key: TreeKey,
  pattern: string,
  from: StepFrom,
  direction: 1 | -1,
): StepAnswer {
  const result = derived.search(key.filter, pattern);
  const model = derived.model;
  if (!result.ok) return { ok: false, pattern, error: result.error };
  const { hits, taskOffsets } = result;
  const count = hits.length;
  const none: StepAnswer = { ok: true, pattern, call: -1, path: [], index: -1, count, wrapped: false, place: null };
  if (count === 0) return none;

  let origin = -1;
  if (from && 'call' in from) origin = from.call;
  else if (from && 'path' in from) origin = earliestCallAt(derived, key, from.path);
  // A call that is not in view (the filter changed since it was stepped to) still orders
  // the hits by time; one outside the table does not.
  if (origin >= model.calls.length) origin = -1;

  let call = -1;
  let wrapped = false;
  if (origin >= 0) call = stepHit(derived, result, origin, direction);
  if (call < 0) {
    // Past the origin's task (or no origin): the next / previous task that has hits.
    const nTasks = taskOffsets.length - 1;
    const originTask = origin >= 0 ? model.calls.task[origin] : direction === 1 ? -1 : nTasks;
    let t = originTask + direction;
    while (t >= 0 && t < nTasks && taskOffsets[t] === taskOffsets[t + 1]) t += direction;
    if (t >= 0 && t < nTasks) {
      call = direction === 1 ? hits[taskOffsets[t]] : hits[taskOffsets[t + 1] - 1];
    } else {
      call = direction === 1 ? hits[0] : hits[count - 1];
      wrapped = origin >= 0;
    }
  }
  const t = model.calls.task[call];
  const seg = hits.subarray(taskOffsets[t], taskOffsets[t + 1]);
  const index = taskOffsets[t] + seg.indexOf(call);
  return { ok: true, pattern, call, path: pathOfCall(derived, key, call), index, count, wrapped, place: placeOfCall(derived, call) };
}

/** Where a call is drawn on the flame chart, so a view can bring it into sight. */
export interface CallPlace {
  task: number;
  /** Its start and end as the chart draws them (call-extent.ts: laid out or inferred where the trace lacks them). */
  startNs: Nanoseconds;
  endNs: Nanoseconds;
  /** Its row: the number of its ancestors. */
  depth: number;
  /** Model function id. */
  func: number;
}

function placeOfCall(facts: ModelFacts, call: number): CallPlace {
  const model = facts.model;
  const { start, end } = facts.times();
  const { depth } = facts.topology();
  return { task: model.calls.task[call], startNs: start[call], endNs: end[call], depth: depth[call], func: model.calls.func[call] };
}

/**
 * The top-down row to focus when the user turns an inverted view back to top-down: the
 * heaviest top-down path whose calls the inverted row at `path` stands for (its names
 * reversed are a suffix of it). [] when there is none. For a top-down key, `path` itself
 * when it is in the tree.
 */
export function topDownPathFor(derived: DerivedData, key: TreeKey, path: readonly string[]): string[] {
  const topDown = derived.topDown(key);
  let best = -1;
  for (const node of topDownNodesOfPath(derived, key, path)) {
    if (best < 0 || topDown.total[node] > topDown.total[best]) best = node;
  }
  return best < 0 ? [] : topDown.pathOf(best);
}
