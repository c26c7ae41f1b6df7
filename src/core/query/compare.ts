/**
 * Compare mode's engine: two "sides" (a model plus its view filter) and the merge of their
 * call trees by call path.
 *
 * A path is the list of function names from the first frame below the task root, so
 * `curl-139 > x64_sys_call > …` and `nc-211 > x64_sys_call > …` are the same path (with
 * `keepTasks` the task label stays the first name, and then they differ). Names are
 * matched as strings: the two models have string tables of their own, and the same trace
 * on both sides is matched by the same rule. Two builds name a function's clones apart
 * (`tcp_sendmsg_locked.isra.0` / `.isra.1` / no suffix): unless `exactNames`, a name one
 * side lacks at a place meets the other side's name of the same base name there
 * (build-names.ts), the merged path named as in A, `otherName` giving B's.
 *
 * Worked example (A: `a { b 2 } 10` in curl-1; B: `a { c 1 } 4` in nc-2), merged:
 *
 *   node 0  a      A: calls 1 total 10 self 8   B: calls 1 total 4 self 3   both
 *   node 1  a>b    A: calls 1 total  2 self 2   B: —                        only A
 *   node 2  a>c    A: —                         B: calls 1 total 1 self 1   only B
 *
 * Merged nodes are numbered parents first (a node's children follow it, depth first,
 * siblings in name order), so `parent[k] < k` and a node's subtree is the range
 * [k, subtreeEnd(k)). The merge walks the two top-down trees
 * (call-tree.ts) once, a merge join of each level's children in name order, names as
 * integers of one order over both string tables (joint-names.ts): O(nodes of A + nodes of
 * B + names), no string and no object per node. Nothing is cached here: the service keeps
 * what it builds.
 */
import type { CallMask, ViewFilter } from './filter';
import { filterMask, isEmptyFilter } from './filter';
import type { CallTree } from './call-tree';
import { buildCallTree } from './call-tree';
import type { ModelFacts } from './model-facts';
import { jointNames } from './joint-names';
import { baseNamesOf, pairByBase, type BaseNames } from './build-names';
import { changeRatio } from '../../lib/change-ratio';
import { grown } from '../../lib/grown';

/** A model seen through its own filter: one side of a comparison. */
export interface CompareSide {
  readonly facts: ModelFacts;
  /** Calls in view; undefined = every call. */
  readonly mask: CallMask | undefined;
}

/** The side of `facts` under `filter` (the mask computed here; the service passes its kept one). */
export function compareSide(facts: ModelFacts, filter: ViewFilter): CompareSide {
  return { facts, mask: isEmptyFilter(filter) ? undefined : filterMask(facts, filter) };
}

/** Where a merged path (or a function) occurs. */
export const Presence = { OnlyA: 1, OnlyB: 2, Both: 3 } as const;
export type Presence = (typeof Presence)[keyof typeof Presence];

/** The merged top-down tree of two sides (see the module comment). */
export interface MergedCallTree {
  readonly length: number;
  /** Parent node, -1 for a root (made on first use: the answers walk subtrees by `children`). */
  readonly parent: Int32Array;
  readonly depth: Uint32Array;
  /** Name of each node (a function, or a task label with keepTasks). */
  readonly name: readonly string[];
  /**
   * The same names as integers: `nameTable[nameId[k]] === name[k]`, one id per distinct
   * name; ids below `functionNames` are functions', the rest task labels (keepTasks roots).
   * Made on first use: a pass over the paths reads `nameIdOf` instead.
   */
  readonly nameId: Int32Array;
  readonly nameTable: readonly string[];
  readonly functionNames: number;
  /** Node of the path in A's / B's tree, -1 where that side lacks it. */
  readonly nodeA: Int32Array;
  readonly nodeB: Int32Array;
  readonly callsA: Float64Array;
  readonly totalA: Float64Array;
  readonly selfA: Float64Array;
  readonly callsB: Float64Array;
  readonly totalB: Float64Array;
  readonly selfB: Float64Array;
  /** Presence of each node (Presence); made on first use (`presenceOf` reads nodeA / nodeB). */
  readonly presence: Uint8Array;
  /** Paths of each presence (counted by the merge). */
  readonly pathCounts: { readonly onlyA: number; readonly onlyB: number; readonly both: number };
  /** Root nodes in name order. */
  readonly roots: Int32Array;
  /** Children of a node in name order (a new array, made from the subtrees' ends: O(children)). */
  children(node: number): Int32Array;
  /**
   * End of a node's subtree (exclusive): nodes are numbered parents first, depth first, so
   * the subtree of `node` is [node, subtreeEnd(node)) and its first child is node + 1.
   */
  subtreeEnd(node: number): number;
  /** Every node's subtreeEnd (the column itself: a pass over every path reads it). */
  readonly subtreeEnds: Int32Array;
  /**
   * A side's figure on one path (0 where the side lacks it), read from that side's tree
   * through nodeA / nodeB: the same number as the column (`selfA[node]`…) without making
   * the column. A first answer reads a few thousand paths; each column is 8 bytes a path of
   * fresh memory (12 MB at 1.5M paths), which costs more to touch than the answer's work.
   */
  figureAt(side: 'a' | 'b', figure: SideFigure, node: number): number;
  /**
   * A side's figure as its tree keeps it: path k's is `values[node[k]]` where
   * `node[k] >= 0`, else 0 (figureAt over every path, for a pass that reads them all).
   */
  sideFigure(side: 'a' | 'b', figure: SideFigure): PathFigure;
  /** The side's tree's CallTree.totalsNest: each path's total covers its children's (whole numbers, exact sums). */
  sideTotalsNest(side: 'a' | 'b'): boolean;
  /** `presence[node]`, from nodeA / nodeB (no column). */
  presenceOf(node: number): Presence;
  /** `nameId[node]`, from the sides' trees' functions (no column). */
  nameIdOf(node: number): number;
  /**
   * Where each function (name id below `functionNames`) ends a path: the Presence bits of
   * the paths named by it, or 0. Read from the sides' trees (every node of a side's tree is
   * one merged path), so no pass over the merged paths.
   */
  functionPresence(): Uint8Array;
  /** Names from the root to `node`. */
  pathOf(node: number): string[];
  /**
   * B's name of a path both sides have under two names (matched across builds by base
   * name: build-names.ts), null where the sides' names are one (or one side lacks it).
   */
  otherName(node: number): string | null;
  /** A side's own name of a path (null where the side lacks it). */
  sideNameOf(side: 'a' | 'b', node: number): string | null;
  /** A side's own name id of a path (its function's, or the task label's; -1 where the side lacks it). */
  sideNameIdOf(side: 'a' | 'b', node: number): number;
  /** A side's own names from the root to `node` (the path in that side's tree; [] where it lacks it). */
  sidePathOf(side: 'a' | 'b', node: number): string[];
  /** Whether names were matched by base name as well (not `exactNames`). */
  readonly byBaseName: boolean;
  /** The base names of `nameTable` (build-names.ts), made on first use. */
  baseNames(): BaseNames;
  /** The name of one node (`name[node]`, without making the whole `name` column). */
  nameOf(node: number): string;
  /** The node at that path of names (each A's or B's name of its path), or -1 ([] gives -1). */
  findPath(names: readonly string[]): number;
}

/** A side's figure on a path: its calls, total or self time (the columns callsA… of a merged tree). */
export type SideFigure = 'calls' | 'total' | 'self';

/** A figure of every path read through a node map: `node[k] >= 0 ? values[node[k]] : 0`. */
export interface PathFigure {
  readonly node: Int32Array;
  readonly values: Float64Array | Uint32Array;
}

export interface MergeOptions {
  /** Keep each task as the first frame of its paths (default: tasks dropped). */
  keepTasks?: boolean;
  /** Match names exactly only (default: a name one side lacks meets its base name's: build-names.ts). */
  exactNames?: boolean;
}

/** The top-down tree of one side as the merge reads it. */
export function sideTree(side: CompareSide, options: MergeOptions = {}): CallTree {
  return buildCallTree(side.facts, { mask: side.mask, groupByTask: options.keepTasks ?? false });
}

/** Merges the two sides' call trees by path of names. */
export function mergeSides(a: CompareSide, b: CompareSide, options: MergeOptions = {}): MergedCallTree {
  return mergeCallTrees(sideTree(a, options), sideTree(b, options), options);
}

/**
 * Merges two top-down trees (built with the same `groupByTask`) by path of names. The
 * service passes the trees its DerivedData keeps.
 *
 * One depth-first walk over pairs (node of A or -1, node of B or -1), typed arrays only:
 * the two tables' names are put in one integer order first and each tree's child lists in
 * that order, in place, once (CallTree.childListsByName), so each node's level is a merge
 * join of two lists of integers; a subtree on one side only is walked without a join. Nodes are
 * numbered as they are made, parents first, siblings in name order, with an explicit
 * stack (paths can be hundreds of frames deep). The roots (task labels with keepTasks)
 * are joined by their names as strings: JavaScript string order is the ranks' order.
 */
export function mergeCallTrees(treeA: CallTree, treeB: CallTree, options: MergeOptions = {}): MergedCallTree {
  const joint = jointNames(treeA.model.strings, treeA.nameRanks, treeB.model.strings, treeB.nameRanks);
  const byBase = !options.exactNames;
  const bases = byBase ? baseNamesOf(joint.names) : undefined;
  const funcA = treeA.func;
  const funcB = treeB.func;
  // Each tree's children in name order, from the last name back (CallTree.childListsByName).
  const { firstChild: firstA, nextSibling: nextA } = treeA.childListsByName();
  const { firstChild: firstB, nextSibling: nextB } = treeB.childListsByName();
  const { rankA, rankB } = joint;
  // Name ids: the joint ranks, then the roots' task labels.
  const nameTable = [...joint.names];
  const functionNames = nameTable.length;
  // At most one merged node per node of either side: columns of that size, cut to the count
  // made (the tail is never written, so never touched). Three columns, 12 bytes a path: on
  // the VMs this runs on, a first touch of fresh memory costs more than the walk's work, so
  // what can be read from the sides' trees (presence, name, parent) is not kept per path.
  const most = treeA.length + treeB.length;
  const nodeA = new Int32Array(most);
  const nodeB = new Int32Array(most);
  const end = new Int32Array(most);
  const stack = new PairStack();
  // The roots, joined by name (strings).
  const rootsA = treeA.rootsByName();
  const rootsB = treeB.rootsByName();
  const rootPairs: [number, number, string][] = [];
  for (let i = 0, j = 0; i < rootsA.length || j < rootsB.length; ) {
    const na = i < rootsA.length ? treeA.name(rootsA[i]) : undefined;
    const nb = j < rootsB.length ? treeB.name(rootsB[j]) : undefined;
    if (nb === undefined || (na !== undefined && na < nb)) rootPairs.push([rootsA[i++], -1, na!]);
    else if (na === undefined || nb < na) rootPairs.push([-1, rootsB[j++], nb]);
    else rootPairs.push([rootsA[i++], rootsB[j++], na]);
  }
  // Roots that are functions (not task labels, whose comm may hold a dot) meet by base name too.
  if (bases) {
    const baseOf = (t: CallTree, rank: Uint32Array, r: number) => (t.func[r] >= 0 ? bases.base[rank[t.func[r]]] : -1);
    const onlyA = rootPairs.flatMap(([a, b], q) => (b < 0 && baseOf(treeA, joint.rankA, a) >= 0 ? [q] : []));
    const onlyB = rootPairs.flatMap(([a, b], q) => (a < 0 && baseOf(treeB, joint.rankB, b) >= 0 ? [q] : []));
    const pairs = pairByBase(
      onlyA.map((q) => baseOf(treeA, joint.rankA, rootPairs[q][0])),
      onlyB.map((q) => baseOf(treeB, joint.rankB, rootPairs[q][1])),
    );
    const gone = new Set<number>();
    for (const [i, j] of pairs) {
      rootPairs[onlyA[i]][1] = rootPairs[onlyB[j]][1];
      gone.add(onlyB[j]);
    }
    // (compacted in place: a spread of every root as arguments could pass the engine's limit)
    if (gone.size > 0) {
      let w = 0;
      for (let q = 0; q < rootPairs.length; q++) if (!gone.has(q)) rootPairs[w++] = rootPairs[q];
      rootPairs.length = w;
    }
  }
  // A task root's name id (after the functions'), by its place among the roots; a root of a
  // function is named by its function (nameIdOf). Pushed in reverse, so the first name is
  // popped first.
  const taskIds = new Map<string, number>();
  const rootTaskId: number[] = [];
  for (let q = rootPairs.length - 1; q >= 0; q--) {
    const [a, b] = rootPairs[q];
    stack.push(a, b, -1);
  }
  for (const [a, b, rootName] of rootPairs) {
    if ((a >= 0 && funcA[a] >= 0) || (b >= 0 && funcB[b] >= 0)) {
      rootTaskId.push(-1);
      continue;
    }
    let id = taskIds.get(rootName);
    if (id === undefined) {
      id = nameTable.length;
      nameTable.push(rootName);
      taskIds.set(rootName, id);
    }
    rootTaskId.push(id);
  }
  const roots = new Int32Array(rootPairs.length);
  let rootCount = 0;
  // The path from the root to the node made last: a node made under `p` ends the subtrees
  // of those below `p` on it (their `end` is the new node's index).
  const open = new PathStack();
  let onlyA = 0;
  let onlyB = 0;
  let both = 0;
  let n = 0;
  const oneSided = new SubtreeCopy();
  while (stack.length > 0) {
    const top = --stack.length;
    const a = stack.a[top];
    const b = stack.b[top];
    const p = stack.parent[top];
    const k = n;
    while (open.length > 0 && open.top() !== p) end[open.pop()] = k;
    if (p < 0) roots[rootCount++] = k;
    // On one side only (nearly every path of two unrelated traces): the side's subtree as it
    // is, no names read.
    if (b < 0) {
      n = oneSided.copy(a, firstA, nextA, nodeA, nodeB, end, k);
      onlyA += n - k;
      continue;
    }
    if (a < 0) {
      n = oneSided.copy(b, firstB, nextB, nodeB, nodeA, end, k);
      onlyB += n - k;
      continue;
    }
    n++;
    open.push(k);
    nodeA[k] = a;
    nodeB[k] = b;
    both++;
    // The children's join from the last name back, so that the first name is popped first.
    let ca = firstA[a];
    let cb = firstB[b];
    const level = stack.length;
    let leftA = 0;
    let leftB = 0;
    let suffixed = false;
    while (ca >= 0 || cb >= 0) {
      const ra = ca >= 0 ? rankA[funcA[ca]] : -1;
      const rb = cb >= 0 ? rankB[funcB[cb]] : -1;
      if (ra > rb) {
        stack.push(ca, -1, k);
        ca = nextA[ca];
        leftA++;
        if (bases?.suffixed[ra]) suffixed = true;
      } else if (rb > ra) {
        stack.push(-1, cb, k);
        cb = nextB[cb];
        leftB++;
        if (bases?.suffixed[rb]) suffixed = true;
      } else {
        stack.push(ca, cb, k);
        ca = nextA[ca];
        cb = nextB[cb];
      }
    }
    // Names one side lacks here, a clone's among them: those of one base name meet (build-names.ts).
    if (bases && suffixed && leftA > 0 && leftB > 0) stack.pairLevel(level, bases.base, funcA, rankA, funcB, rankB);
  }
  while (open.length > 0) end[open.pop()] = n;
  return new MergedTree(treeA, treeB, {
    length: n,
    nodeA: nodeA.subarray(0, n),
    nodeB: nodeB.subarray(0, n),
    end: end.subarray(0, n),
    rankA,
    rankB,
    nameTable,
    functionNames,
    roots,
    rootTaskId: Int32Array.from(rootTaskId),
    pathCounts: { onlyA, onlyB, both },
    bases,
  });
}

/**
 * Copies a subtree that one side has and the other lacks into the merged columns, depth
 * first, children in the order of the side's child lists from their end (the first name
 * first, as the merge's own stack pops them): one stack of nodes to make, and of the
 * subtrees to close (as ~index), where the merge's walk would push a pair and its parent.
 * The stack is written inline, not a PathStack: through PathStack's methods the merge took
 * 108–122 ms instead of 99–104 ms (two 1M-call traces, bench/compare-phases.ts).
 */
class SubtreeCopy {
  private items = new Int32Array(1024);

  /** Copies the subtree of `root` from merged index `k` on; returns the index after it. */
  copy(root: number, first: Int32Array, next: Int32Array, own: Int32Array, other: Int32Array, end: Int32Array, k: number): number {
    let items = this.items;
    let length = 0;
    items[length++] = root;
    while (length > 0) {
      const q = items[--length];
      if (q < 0) {
        end[~q] = k;
        continue;
      }
      own[k] = q;
      other[k] = -1;
      // (popped in place of q: there is room for the close)
      items[length++] = ~k;
      k++;
      for (let c = first[q]; c >= 0; c = next[c]) {
        if (length === items.length) items = this.items = grown(items);
        items[length++] = c;
      }
    }
    return k;
  }
}

/** The merge's pending pairs: (node of A, node of B, merged parent) as growable columns. */
class PairStack {
  length = 0;
  a = new Int32Array(1024);
  b = new Int32Array(1024);
  parent = new Int32Array(1024);

  push(a: number, b: number, parent: number): void {
    if (this.length === this.a.length) this.grow();
    const t = this.length++;
    this.a[t] = a;
    this.b[t] = b;
    this.parent[t] = parent;
  }

  /**
   * Pairs the entries from `from` on (one node's children) that one side lacks by base name
   * (build-names.ts pairByBase): A's entry takes B's node, B's entry is dropped, the order
   * (A's name's) kept.
   */
  pairLevel(from: number, base: Int32Array, funcA: Int32Array, rankA: Uint32Array, funcB: Int32Array, rankB: Uint32Array): void {
    const onlyA: number[] = [];
    const onlyB: number[] = [];
    for (let t = from; t < this.length; t++) {
      if (this.b[t] < 0) onlyA.push(t);
      else if (this.a[t] < 0) onlyB.push(t);
    }
    const pairs = pairByBase(
      onlyA.map((t) => base[rankA[funcA[this.a[t]]]]),
      onlyB.map((t) => base[rankB[funcB[this.b[t]]]]),
    );
    if (pairs.length === 0) return;
    for (const [i, j] of pairs) {
      this.b[onlyA[i]] = this.b[onlyB[j]];
      this.a[onlyB[j]] = -2;
    }
    let w = from;
    for (let t = from; t < this.length; t++) {
      if (this.a[t] === -2) continue;
      this.a[w] = this.a[t];
      this.b[w] = this.b[t];
      this.parent[w] = this.parent[t];
      w++;
    }
    this.length = w;
  }

  private grow(): void {
    this.a = grown(this.a);
    this.b = grown(this.b);
    this.parent = grown(this.parent);
  }
}

/** A growable stack of node indices (a path from a root: as deep as the tree). */
class PathStack {
  length = 0;
  private items = new Int32Array(64);

  push(k: number): void {
    if (this.length === this.items.length) this.items = grown(this.items);
    this.items[this.length++] = k;
  }
  pop(): number {
    return this.items[--this.length];
  }
  top(): number {
    return this.items[this.length - 1];
  }
}

const EMPTY = new Int32Array(0);

/** What the walk made (see mergeCallTrees). */
interface MergedParts {
  length: number;
  nodeA: Int32Array;
  nodeB: Int32Array;
  /** End of each node's subtree (exclusive). */
  end: Int32Array;
  /** Joint rank (name id) of each function of A / of B. */
  rankA: Uint32Array;
  rankB: Uint32Array;
  nameTable: readonly string[];
  functionNames: number;
  roots: Int32Array;
  /** The name id of each root that is a task label (keepTasks), -1 for a function's. */
  rootTaskId: Int32Array;
  pathCounts: { onlyA: number; onlyB: number; both: number };
  /** The names' base names when matched by them (undefined: exact names only). */
  bases: BaseNames | undefined;
}

/**
 * The merged tree: each path's node in A's and in B's tree, and where its subtree ends.
 * Everything else is read from the sides' trees through those: a path's presence and name
 * (presenceOf, nameIdOf), its figures (figureAt); and the columns (`parent`, `nameId`,
 * `presence`, each figure, the names as strings) are made on first use. A comparison's
 * first answers read a few paths, or every path once, and each column is 1 to 8 bytes a
 * path of fresh memory (at 1.5M paths, touching it costs more than the merge's walk; see
 * service/queries/diff-layout.ts).
 */
class MergedTree implements MergedCallTree {
  readonly length: number;
  readonly nodeA: Int32Array;
  readonly nodeB: Int32Array;
  readonly nameTable: readonly string[];
  readonly functionNames: number;
  readonly roots: Int32Array;
  readonly pathCounts: { readonly onlyA: number; readonly onlyB: number; readonly both: number };
  private readonly end: Int32Array;
  private readonly rankA: Uint32Array;
  private readonly rankB: Uint32Array;
  private readonly funcA: Int32Array;
  private readonly funcB: Int32Array;
  private readonly rootTaskId: Int32Array;
  private depths: Uint32Array | undefined;
  private parents: Int32Array | undefined;
  private nameIds: Int32Array | undefined;
  private presences: Uint8Array | undefined;
  private readonly columns = new Map<string, Float64Array>();
  private names: string[] | undefined;
  private bases: BaseNames | undefined;
  readonly byBaseName: boolean;

  constructor(
    private readonly treeA: CallTree,
    private readonly treeB: CallTree,
    m: MergedParts,
  ) {
    this.length = m.length;
    this.nodeA = m.nodeA;
    this.nodeB = m.nodeB;
    this.end = m.end;
    this.rankA = m.rankA;
    this.rankB = m.rankB;
    this.funcA = treeA.func;
    this.funcB = treeB.func;
    this.nameTable = m.nameTable;
    this.functionNames = m.functionNames;
    this.roots = m.roots;
    this.rootTaskId = m.rootTaskId;
    this.pathCounts = m.pathCounts;
    this.bases = m.bases;
    this.byBaseName = m.bases !== undefined;
  }

  baseNames(): BaseNames {
    this.bases ??= baseNamesOf(this.nameTable);
    return this.bases;
  }

  sideNameIdOf(side: 'a' | 'b', node: number): number {
    const q = (side === 'a' ? this.nodeA : this.nodeB)[node];
    if (q < 0) return -1;
    const f = (side === 'a' ? this.funcA : this.funcB)[q];
    return f >= 0 ? (side === 'a' ? this.rankA : this.rankB)[f] : this.nameIdOf(node);
  }

  otherName(node: number): string | null {
    const a = this.sideNameIdOf('a', node);
    const b = this.sideNameIdOf('b', node);
    return a >= 0 && b >= 0 && a !== b ? this.nameTable[b] : null;
  }

  sideNameOf(side: 'a' | 'b', node: number): string | null {
    const id = this.sideNameIdOf(side, node);
    return id >= 0 ? this.nameTable[id] : null;
  }

  sidePathOf(side: 'a' | 'b', node: number): string[] {
    if ((side === 'a' ? this.nodeA : this.nodeB)[node] < 0) return [];
    // (a side that has a path has every path above it)
    return this.ancestry(node).map((k) => this.sideNameOf(side, k)!);
  }

  presenceOf(node: number): Presence {
    return ((this.nodeA[node] >= 0 ? Presence.OnlyA : 0) | (this.nodeB[node] >= 0 ? Presence.OnlyB : 0)) as Presence;
  }

  nameIdOf(node: number): number {
    // Both sides' functions have one joint rank per name: either side's gives the id.
    const a = this.nodeA[node];
    if (a >= 0) {
      const f = this.funcA[a];
      if (f >= 0) return this.rankA[f];
    }
    const b = this.nodeB[node];
    if (b >= 0) {
      const g = this.funcB[b];
      if (g >= 0) return this.rankB[g];
    }
    // A task root (keepTasks): its place among the roots, found by bisection since they are
    // in index order. Not roots.indexOf: a fork-heavy build (make -j) has tens of thousands of
    // tasks, and reading every path's name (the names column, the diff layout) was quadratic.
    const roots = this.roots;
    let lo = 0;
    let hi = roots.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (roots[mid] < node) lo = mid + 1;
      else hi = mid;
    }
    return lo < roots.length && roots[lo] === node ? this.rootTaskId[lo] : -1;
  }

  functionPresence(): Uint8Array {
    const seen = new Uint8Array(this.functionNames);
    const mark = (nodes: number, func: Int32Array, rank: Uint32Array, bit: number): void => {
      for (let q = 0; q < nodes; q++) if (func[q] >= 0) seen[rank[func[q]]] |= bit;
    };
    mark(this.treeA.length, this.funcA, this.rankA, Presence.OnlyA);
    mark(this.treeB.length, this.funcB, this.rankB, Presence.OnlyB);
    return seen;
  }

  get presence(): Uint8Array {
    if (!this.presences) {
      const presence = new Uint8Array(this.length);
      for (let k = 0; k < this.length; k++) presence[k] = this.presenceOf(k);
      this.presences = presence;
    }
    return this.presences;
  }

  get nameId(): Int32Array {
    if (!this.nameIds) {
      const nameId = new Int32Array(this.length);
      for (let k = 0; k < this.length; k++) nameId[k] = this.nameIdOf(k);
      this.nameIds = nameId;
    }
    return this.nameIds;
  }

  get parent(): Int32Array {
    if (!this.parents) this.makeAncestry();
    return this.parents!;
  }

  /** Made on first use (from the subtrees' ends: one pass); the layouts and answers do without it. */
  get depth(): Uint32Array {
    if (!this.depths) this.makeAncestry();
    return this.depths!;
  }

  /**
   * Each node's parent and depth from the subtrees' ends, both in one walk (parents first, depth
   * first: a node's parent is the last node before it whose subtree holds it).
   */
  private makeAncestry(): void {
    const { end } = this;
    const parent = new Int32Array(this.length);
    const depth = new Uint32Array(this.length);
    const open = new PathStack();
    for (let k = 0; k < this.length; k++) {
      while (open.length > 0 && end[open.top()] <= k) open.pop();
      parent[k] = open.length > 0 ? open.top() : -1;
      depth[k] = open.length;
      open.push(k);
    }
    this.parents = parent;
    this.depths = depth;
  }

  get name(): readonly string[] {
    if (!this.names) {
      const { nameTable } = this;
      const names: string[] = [];
      for (let k = 0; k < this.length; k++) names.push(nameTable[this.nameIdOf(k)]);
      this.names = names;
    }
    return this.names;
  }

  get callsA(): Float64Array {
    return this.column('callsA', this.nodeA, this.treeA.calls);
  }
  get totalA(): Float64Array {
    return this.column('totalA', this.nodeA, this.treeA.total);
  }
  get selfA(): Float64Array {
    return this.column('selfA', this.nodeA, this.treeA.self);
  }
  get callsB(): Float64Array {
    return this.column('callsB', this.nodeB, this.treeB.calls);
  }
  get totalB(): Float64Array {
    return this.column('totalB', this.nodeB, this.treeB.total);
  }
  get selfB(): Float64Array {
    return this.column('selfB', this.nodeB, this.treeB.self);
  }

  figureAt(side: 'a' | 'b', figure: SideFigure, node: number): number {
    const q = (side === 'a' ? this.nodeA : this.nodeB)[node];
    if (q < 0) return 0;
    const tree = side === 'a' ? this.treeA : this.treeB;
    // Self through selfOf: a tree that left its self column out works one node's out from
    // the totals (the same number, whole nanoseconds), where `tree.self` would make the
    // column of every node (8 bytes a node of fresh memory) for the few paths an answer reads.
    return figure === 'self' ? tree.selfOf(q) : tree[figure][q];
  }

  sideFigure(side: 'a' | 'b', figure: SideFigure): PathFigure {
    return side === 'a' ? { node: this.nodeA, values: this.treeA[figure] } : { node: this.nodeB, values: this.treeB[figure] };
  }

  sideTotalsNest(side: 'a' | 'b'): boolean {
    return (side === 'a' ? this.treeA : this.treeB).totalsNest();
  }

  /** A side's figure on each path (0 where the side lacks it). */
  private column(key: string, node: Int32Array, figure: Float64Array | Uint32Array): Float64Array {
    let col = this.columns.get(key);
    if (!col) {
      col = new Float64Array(this.length);
      for (let k = 0; k < this.length; k++) {
        const q = node[k];
        if (q >= 0) col[k] = figure[q];
      }
      this.columns.set(key, col);
    }
    return col;
  }

  /** End of `node`'s subtree (exclusive): its subtree is the nodes [node, subtreeEnd(node)). */
  subtreeEnd(node: number): number {
    return this.end[node];
  }

  get subtreeEnds(): Int32Array {
    return this.end;
  }

  children(node: number): Int32Array {
    const { end } = this;
    const stop = end[node];
    let count = 0;
    for (let c = node + 1; c < stop; c = end[c]) count++;
    if (count === 0) return EMPTY;
    const out = new Int32Array(count);
    for (let c = node + 1, q = 0; c < stop; c = end[c]) out[q++] = c;
    return out;
  }

  nameOf(node: number): string {
    return this.nameTable[this.nameIdOf(node)];
  }

  pathOf(node: number): string[] {
    return this.ancestry(node).map((k) => this.nameOf(k));
  }

  /** The nodes from the root to `node`. */
  private ancestry(node: number): number[] {
    // Down from the root whose subtree holds the node, through the child whose subtree holds it.
    const { end } = this;
    const out: number[] = [];
    let k = -1;
    for (const r of this.roots) {
      if (r <= node && node < end[r]) {
        k = r;
        break;
      }
    }
    while (k >= 0) {
      out.push(k);
      if (k === node) break;
      let c = k + 1;
      while (end[c] <= node) c = end[c];
      k = c;
    }
    return out;
  }

  findPath(names: readonly string[]): number {
    let candidates: Int32Array = this.roots;
    let found = -1;
    for (const wanted of names) {
      found = -1;
      for (const c of candidates) {
        if (this.nameOf(c) === wanted) {
          found = c;
          break;
        }
      }
      // B's name of a path matched across builds (a path written from B's side, as hook points' is).
      for (let q = 0; found < 0 && q < candidates.length; q++) if (this.otherName(candidates[q]) === wanted) found = candidates[q];
      if (found < 0) return -1;
      candidates = this.children(found);
    }
    return found;
  }
}

/**
 * Functions (distinct names) of each presence: a function is on a side when a path of that
 * side ends in it, which is when a call of it is in that side's view (every call in view
 * has its path), so these are the counts of the compared functions table's rows
 * (compare-functions.ts) without its per-call figures. Task roots are not functions.
 */
export function functionPresenceCounts(merged: MergedCallTree): { onlyA: number; onlyB: number; both: number } {
  const seen = merged.functionPresence();
  const counts = { onlyA: 0, onlyB: 0, both: 0 };
  for (const p of seen) {
    if (p === Presence.OnlyA) counts.onlyA++;
    else if (p === Presence.OnlyB) counts.onlyB++;
    else if (p === Presence.Both) counts.both++;
  }
  // A function named apart by the two builds is one row of the table (compare-functions.ts).
  const paired = merged.byBaseName ? functionPairs(merged, seen).length : 0;
  return { onlyA: counts.onlyA - paired, onlyB: counts.onlyB - paired, both: counts.both + paired };
}

/**
 * The functions (name ids) one side has and the other lacks that are one function of two
 * builds (build-names.ts: the only one of their base name on each side): [A's id, B's id].
 */
export function functionPairs(merged: MergedCallTree, seen: Uint8Array = merged.functionPresence()): [number, number][] {
  const { base } = merged.baseNames();
  const onlyA: number[] = [];
  const onlyB: number[] = [];
  seen.forEach((p, id) => {
    if (p === Presence.OnlyA) onlyA.push(id);
    else if (p === Presence.OnlyB) onlyB.push(id);
  });
  return pairByBase(
    onlyA.map((id) => base[id]),
    onlyB.map((id) => base[id]),
  ).map(([i, j]) => [onlyA[i], onlyB[j]]);
}

// ---- Quantities and normalisation ----

/** What is compared: self time, total time, or calls. */
export type CompareQuantity = 'self' | 'total' | 'calls';

/**
 * How B's (and A's) figures are put on one scale before they are compared:
 *  - `raw`: as measured.
 *  - `scaled`: B multiplied by (A's whole / B's whole), the whole being the sum of the
 *    roots' totals for times and every call in view for calls (Gregg's difffolded.pl -n).
 *  - `perCall`: each side divided by its own calls of `root` (e.g. per `__x64_sys_sendto`
 *    call): the data are exact counts, so this compares one connection with one
 *    connection whatever each trace recorded. A side with no call of `root` divides by 0:
 *    its figures become NaN, and `normalisationFactors` says so (`missing`).
 */
export type Normalisation = { kind: 'raw' } | { kind: 'scaled' } | { kind: 'perCall'; root: string };

export interface NormalisationFactors {
  /** Multiply A's, B's figures by these. */
  a: number;
  b: number;
  /**
   * Sides with nothing to divide by or scale to (perCall: no call of the root; scaled: a
   * whole of 0, no call in view or none timed). Scaled with either one leaves B's figures NaN.
   */
  missing: ('a' | 'b')[];
  /**
   * Per call: each side's calls of the root (NaN where it has none), which `normalised`
   * divides by (a = 1 / calls, b likewise, are what the figures are multiplied by otherwise).
   */
  perCall?: { a: number; b: number };
}

/**
 * A side's figure after normalisation. Per call it is divided by the side's calls of the
 * root, not multiplied by their reciprocal: 49 × (1 / 49) is 0.9999999999999999, so a
 * function called once per root call on both sides (B with 49 of them) read −0.00, a change
 * coloured at full strength when nothing else changed; one correctly rounded division of
 * the same ratio of whole numbers gives the same number on both sides.
 */
export function normalised(value: number, side: 'a' | 'b', factors: Pick<NormalisationFactors, 'a' | 'b' | 'perCall'>): number {
  const calls = factors.perCall?.[side];
  return calls !== undefined ? value / calls : value * factors[side];
}

/** A side's whole for `scaled`: the sum of the roots' totals (times), or every call in view (calls). */
function wholeOf(merged: MergedCallTree, side: 'a' | 'b', quantity: CompareQuantity): number {
  // Read from the side's tree (sideFigure): a switch to `scaled` makes no merged column.
  const { node, values } = merged.sideFigure(side, quantity === 'calls' ? 'calls' : 'total');
  let sum = 0;
  if (quantity === 'calls') {
    for (let k = 0; k < merged.length; k++) if (node[k] >= 0) sum += values[node[k]];
    // A task's path (keepTasks: the roots are the tasks, name ids from functionNames on)
    // counts its top-level calls, each of which is a path below it too: counted once, as
    // the calls in view are (`cli diff --keep-tasks --normalise scaled` scaled B's calls
    // by 7.46 where A's 226,772 calls over B's 30,075 are 7.54).
    for (const r of merged.roots) if (node[r] >= 0 && merged.nameIdOf(r) >= merged.functionNames) sum -= values[node[r]];
  } else {
    for (const r of merged.roots) if (node[r] >= 0) sum += values[node[r]];
  }
  return sum;
}

/** Calls of function `name` on each side of a merged tree (every path that ends in it). */
export function callsOfFunction(merged: MergedCallTree, name: string): { a: number; b: number } {
  // By name id: the ids whose name it is (a function's, and a task label's that reads the same),
  // on each side; matched across builds, a side that lacks the name counts its clone's
  // calls, the one name of that base it has and the other lacks (functionPairs).
  const ids = new Set<number>();
  merged.nameTable.forEach((n, id) => n === name && ids.add(id));
  if (ids.size === 0) return { a: 0, b: 0 };
  const idsA = new Set(ids);
  const idsB = new Set(ids);
  if (merged.byBaseName) {
    for (const [ia, ib] of functionPairs(merged)) {
      if (ids.has(ia)) idsB.add(ib);
      if (ids.has(ib)) idsA.add(ia);
    }
  }
  let a = 0;
  let b = 0;
  // (each path's name id read from the sides' trees: no merged column for one pass)
  for (let k = 0; k < merged.length; k++) {
    if (idsA.has(merged.sideNameIdOf('a', k))) a += merged.figureAt('a', 'calls', k);
    if (idsB.has(merged.sideNameIdOf('b', k))) b += merged.figureAt('b', 'calls', k);
  }
  return { a, b };
}

export function normalisationFactors(
  merged: MergedCallTree,
  norm: Normalisation,
  quantity: CompareQuantity,
): NormalisationFactors {
  if (norm.kind === 'raw') return { a: 1, b: 1, missing: [] };
  if (norm.kind === 'scaled') {
    const wa = wholeOf(merged, 'a', quantity);
    const wb = wholeOf(merged, 'b', quantity);
    // A's whole 0 (no call in A's view, or none with a duration: the function tracer's) is
    // no scale either: B × 0 / wb made every B figure 0, each change "gone in B" or none,
    // under a status line saying B was scaled (×0.000). B's figures are unknown then too.
    const missing: ('a' | 'b')[] = [];
    if (!(wa > 0)) missing.push('a');
    if (!(wb > 0)) missing.push('b');
    return { a: 1, b: missing.length === 0 ? wa / wb : Number.NaN, missing };
  }
  const { a, b } = callsOfFunction(merged, norm.root);
  const missing: ('a' | 'b')[] = [];
  if (!(a > 0)) missing.push('a');
  if (!(b > 0)) missing.push('b');
  return {
    a: a > 0 ? 1 / a : Number.NaN,
    b: b > 0 ? 1 / b : Number.NaN,
    missing,
    perCall: { a: a > 0 ? a : Number.NaN, b: b > 0 ? b : Number.NaN },
  };
}

/** The quantity's columns of a merged tree. */
export function quantityColumns(merged: MergedCallTree, quantity: CompareQuantity): { a: Float64Array; b: Float64Array } {
  switch (quantity) {
    case 'self':
      return { a: merged.selfA, b: merged.selfB };
    case 'total':
      return { a: merged.totalA, b: merged.totalB };
    case 'calls':
      return { a: merged.callsA, b: merged.callsB };
  }
}

/**
 * The change from a to b: absolute (b - a) and ratio (b / a; Infinity for a new path, NaN
 * for 0/0 and where either side is unknown: lib/change-ratio.ts).
 */
export function change(a: number, b: number): { delta: number; ratio: number } {
  return { delta: b - a, ratio: changeRatio(a, b) };
}
