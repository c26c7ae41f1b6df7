/**
 * Compare mode's engine: two "sides" (a model plus its view filter) and the merge of their
 * call trees by call path.
 *
 * A path is the list of function names from the first frame below the task root, so
 * `curl-139 > x64_sys_call > …` and `nc-211 > x64_sys_call > …` are the same path (with
 * `keepTasks` the task label stays the first name, and then they differ). Names are
 * matched as strings: the two models have string tables of their own, and the same trace
 * on both sides is matched by the same rule.
 *
 * Worked example (A: `a { b 2 } 10` in curl-1; B: `a { c 1 } 4` in nc-2), merged:
 *
 *   node 0  a      A: calls 1 total 10 self 8   B: calls 1 total 4 self 3   both
 *   node 1  a>b    A: calls 1 total  2 self 2   B: —                        only A
 *   node 2  a>c    A: —                         B: calls 1 total 1 self 1   only B
 *
 * Merged nodes are numbered parents first (a node's children follow it, depth first,
 * siblings in name order), so `parent[k] < k`. The merge walks the two top-down trees
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
import { childRunsByName, jointNames, type ChildRuns } from './joint-names';

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
  /** Parent node, -1 for a root. */
  readonly parent: Int32Array;
  readonly depth: Uint32Array;
  /** Name of each node (a function, or a task label with keepTasks). */
  readonly name: readonly string[];
  /**
   * The same names as integers: `nameTable[nameId[k]] === name[k]`, one id per distinct
   * name; ids below `functionNames` are functions', the rest task labels (keepTasks roots).
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
  /** Presence of each node (Presence). */
  readonly presence: Uint8Array;
  /** Root nodes in name order. */
  readonly roots: Int32Array;
  /** Children of a node in name order. */
  children(node: number): Int32Array;
  /** Names from the root to `node`. */
  pathOf(node: number): string[];
  /** The node at that path of names, or -1 ([] gives -1). */
  findPath(names: readonly string[]): number;
}

export interface MergeOptions {
  /** Keep each task as the first frame of its paths (default: tasks dropped). */
  keepTasks?: boolean;
}

/** The top-down tree of one side as the merge reads it. */
export function sideTree(side: CompareSide, options: MergeOptions = {}): CallTree {
  return buildCallTree(side.facts, { mask: side.mask, groupByTask: options.keepTasks ?? false });
}

/** Merges the two sides' call trees by path of names. */
export function mergeSides(a: CompareSide, b: CompareSide, options: MergeOptions = {}): MergedCallTree {
  return mergeCallTrees(sideTree(a, options), sideTree(b, options));
}

/**
 * Merges two top-down trees (built with the same `groupByTask`) by path of names. The
 * service passes the trees its DerivedData keeps.
 *
 * One depth-first walk over pairs (node of A or -1, node of B or -1), typed arrays only:
 * the two tables' names are put in one integer order first and each tree's children in
 * that order for every node at once (joint-names.ts), so each node's level is a merge join
 * of two runs of integers; a subtree on one side only is walked without a join. Nodes are
 * numbered as they are made, parents first, siblings in name order, with an explicit
 * stack (paths can be hundreds of frames deep). The roots (task labels with keepTasks)
 * are joined by their names as strings: JavaScript string order is the ranks' order.
 */
export function mergeCallTrees(
  treeA: CallTree,
  treeB: CallTree,
  /** Each tree's children in name order (childRunsByName), when the caller keeps them. */
  runs: { a?: ChildRuns; b?: ChildRuns } = {},
): MergedCallTree {
  const joint = jointNames(treeA.model.strings, treeA.nameRanks, treeB.model.strings, treeB.nameRanks);
  const funcA = treeA.func;
  const funcB = treeB.func;
  const runsA = runs.a ?? childRunsByName(treeA);
  const runsB = runs.b ?? childRunsByName(treeB);
  const { rankA, rankB } = joint;
  // Name ids: the joint ranks, then the roots' task labels.
  const nameTable = [...joint.names];
  const functionNames = nameTable.length;
  // At most one merged node per node of either side: columns of that size, cut to the count made.
  const most = treeA.length + treeB.length;
  const parent = new Int32Array(most);
  const depth = new Uint32Array(most);
  const nodeA = new Int32Array(most);
  const nodeB = new Int32Array(most);
  const nameId = new Int32Array(most);
  const name: string[] = [];
  const roots: number[] = [];
  const stack = new PairStack();
  // The roots, joined by name (strings), pushed in reverse so the first name is popped first.
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
  // Each root's name id: its function's joint rank, or a task label's id after the functions'.
  const rootId: number[] = [];
  const taskIds = new Map<string, number>();
  for (let q = rootPairs.length - 1; q >= 0; q--) {
    const [a, b, rootName] = rootPairs[q];
    stack.push(a, b, -1, 0, q);
    const f = a >= 0 ? funcA[a] : -1;
    const g = b >= 0 ? funcB[b] : -1;
    if (f >= 0) rootId[q] = rankA[f];
    else if (g >= 0) rootId[q] = rankB[g];
    else {
      let id = taskIds.get(rootName);
      if (id === undefined) {
        id = nameTable.length;
        nameTable.push(rootName);
        taskIds.set(rootName, id);
      }
      rootId[q] = id;
    }
  }
  let n = 0;
  while (stack.length > 0) {
    const top = --stack.length;
    const a = stack.a[top];
    const b = stack.b[top];
    const p = stack.parent[top];
    const d = stack.depth[top];
    const k = n++;
    parent[k] = p;
    depth[k] = d;
    nodeA[k] = a;
    nodeB[k] = b;
    const id = p < 0 ? rootId[stack.rank[top]] : stack.rank[top];
    if (p < 0) roots.push(k);
    nameId[k] = id;
    name.push(nameTable[id]);
    // The children's join from the last name back, so that the first name is popped first.
    let i = a >= 0 ? runsA.start[a + 1] - 1 : -1;
    const iStop = a >= 0 ? runsA.start[a] : 0;
    let j = b >= 0 ? runsB.start[b + 1] - 1 : -1;
    const jStop = b >= 0 ? runsB.start[b] : 0;
    while (i >= iStop || j >= jStop) {
      const ca = i >= iStop ? runsA.list[i] : -1;
      const cb = j >= jStop ? runsB.list[j] : -1;
      const ra = ca >= 0 ? rankA[funcA[ca]] : -1;
      const rb = cb >= 0 ? rankB[funcB[cb]] : -1;
      if (ra > rb) {
        stack.push(ca, -1, k, d + 1, ra);
        i--;
      } else if (rb > ra) {
        stack.push(-1, cb, k, d + 1, rb);
        j--;
      } else {
        stack.push(ca, cb, k, d + 1, ra);
        i--;
        j--;
      }
    }
  }
  return finishMerged(treeA, treeB, {
    parent: parent.subarray(0, n),
    depth: depth.subarray(0, n),
    name,
    nodeA: nodeA.subarray(0, n),
    nodeB: nodeB.subarray(0, n),
    roots: Int32Array.from(roots),
    nameId: nameId.subarray(0, n),
    nameTable,
    functionNames,
  });
}

/** The merge's pending pairs: (node of A, node of B, merged parent, depth, name rank) as growable columns. */
class PairStack {
  length = 0;
  a = new Int32Array(1024);
  b = new Int32Array(1024);
  parent = new Int32Array(1024);
  depth = new Uint32Array(1024);
  /** Joint name rank, or for a root its index among the roots' names. */
  rank = new Uint32Array(1024);

  push(a: number, b: number, parent: number, depth: number, rank: number): void {
    if (this.length === this.a.length) this.grow();
    const t = this.length++;
    this.a[t] = a;
    this.b[t] = b;
    this.parent[t] = parent;
    this.depth[t] = depth;
    this.rank[t] = rank;
  }

  private grow(): void {
    const cap = this.a.length * 2;
    const grown = <T extends Int32Array | Uint32Array>(old: T, next: T): T => (next.set(old), next);
    this.a = grown(this.a, new Int32Array(cap));
    this.b = grown(this.b, new Int32Array(cap));
    this.parent = grown(this.parent, new Int32Array(cap));
    this.depth = grown(this.depth, new Uint32Array(cap));
    this.rank = grown(this.rank, new Uint32Array(cap));
  }
}

const EMPTY = new Int32Array(0);

function finishMerged(
  treeA: CallTree,
  treeB: CallTree,
  m: {
    parent: Int32Array;
    depth: Uint32Array;
    name: string[];
    nodeA: Int32Array;
    nodeB: Int32Array;
    roots: Int32Array;
    nameId: Int32Array;
    nameTable: readonly string[];
    functionNames: number;
  },
): MergedCallTree {
  const { parent, depth, name, nodeA, nodeB, roots, nameId, nameTable, functionNames } = m;
  const n = parent.length;
  const callsA = new Float64Array(n);
  const totalA = new Float64Array(n);
  const selfA = new Float64Array(n);
  const callsB = new Float64Array(n);
  const totalB = new Float64Array(n);
  const selfB = new Float64Array(n);
  const presence = new Uint8Array(n);
  const [cA, tA, sA] = [treeA.calls, treeA.total, treeA.self];
  const [cB, tB, sB] = [treeB.calls, treeB.total, treeB.self];
  for (let j = 0; j < n; j++) {
    const a = nodeA[j];
    const b = nodeB[j];
    if (a >= 0) {
      callsA[j] = cA[a];
      totalA[j] = tA[a];
      selfA[j] = sA[a];
    }
    if (b >= 0) {
      callsB[j] = cB[b];
      totalB[j] = tB[b];
      selfB[j] = sB[b];
    }
    presence[j] = (a >= 0 ? Presence.OnlyA : 0) | (b >= 0 ? Presence.OnlyB : 0);
  }
  // Children of each node: nodes are numbered parents first with siblings in name order,
  // so a stable counting sort by parent keeps each run in name order.
  const childStart = new Int32Array(n + 1);
  for (let k = 0; k < n; k++) if (parent[k] >= 0) childStart[parent[k] + 1]++;
  for (let k = 0; k < n; k++) childStart[k + 1] += childStart[k];
  const childList = new Int32Array(n - roots.length);
  const fill = childStart.slice(0, n);
  for (let k = 0; k < n; k++) if (parent[k] >= 0) childList[fill[parent[k]]++] = k;
  const children = (node: number): Int32Array => {
    const lo = childStart[node];
    const hi = childStart[node + 1];
    return lo === hi ? EMPTY : childList.subarray(lo, hi);
  };
  const pathOf = (node: number): string[] => {
    const out: string[] = [];
    for (let k = node; k >= 0; k = parent[k]) out.push(name[k]);
    return out.reverse();
  };
  const findPath = (names: readonly string[]): number => {
    let candidates: Int32Array = roots;
    let found = -1;
    for (const wanted of names) {
      found = -1;
      for (const c of candidates) {
        if (name[c] === wanted) {
          found = c;
          break;
        }
      }
      if (found < 0) return -1;
      candidates = children(found);
    }
    return found;
  };
  return {
    length: n,
    parent,
    depth,
    name,
    nameId,
    nameTable,
    functionNames,
    nodeA,
    nodeB,
    callsA,
    totalA,
    selfA,
    callsB,
    totalB,
    selfB,
    presence,
    roots,
    children,
    pathOf,
    findPath,
  };
}

/**
 * Functions (distinct names) of each presence: a function is on a side when a path of that
 * side ends in it, which is when a call of it is in that side's view (every call in view
 * has its path), so these are the counts of the compared functions table's rows
 * (compare-functions.ts) without its per-call figures. Task roots are not functions.
 */
export function functionPresenceCounts(merged: MergedCallTree): { onlyA: number; onlyB: number; both: number } {
  const seen = new Uint8Array(merged.functionNames);
  const { nameId, presence } = merged;
  for (let k = 0; k < merged.length; k++) {
    const id = nameId[k];
    if (id < seen.length) seen[id] |= presence[k];
  }
  const counts = { onlyA: 0, onlyB: 0, both: 0 };
  for (const p of seen) {
    if (p === Presence.OnlyA) counts.onlyA++;
    else if (p === Presence.OnlyB) counts.onlyB++;
    else if (p === Presence.Both) counts.both++;
  }
  return counts;
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
  /** Sides whose divisor is 0 (perCall with no call of the root; scaled with an empty B). */
  missing: ('a' | 'b')[];
}

/** A side's whole for `scaled`: the sum of the roots' totals (times), or every call in view (calls). */
function wholeOf(merged: MergedCallTree, side: 'a' | 'b', quantity: CompareQuantity): number {
  const col =
    quantity === 'calls' ? (side === 'a' ? merged.callsA : merged.callsB) : side === 'a' ? merged.totalA : merged.totalB;
  let sum = 0;
  if (quantity === 'calls') for (let k = 0; k < merged.length; k++) sum += col[k];
  else for (const r of merged.roots) sum += col[r];
  return sum;
}

/** Calls of function `name` on each side of a merged tree (every path that ends in it). */
export function callsOfFunction(merged: MergedCallTree, name: string): { a: number; b: number } {
  let a = 0;
  let b = 0;
  for (let k = 0; k < merged.length; k++) {
    if (merged.name[k] !== name) continue;
    a += merged.callsA[k];
    b += merged.callsB[k];
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
    return wb > 0 ? { a: 1, b: wa / wb, missing: [] } : { a: 1, b: Number.NaN, missing: ['b'] };
  }
  const { a, b } = callsOfFunction(merged, norm.root);
  const missing: ('a' | 'b')[] = [];
  if (!(a > 0)) missing.push('a');
  if (!(b > 0)) missing.push('b');
  return { a: a > 0 ? 1 / a : Number.NaN, b: b > 0 ? 1 / b : Number.NaN, missing };
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

/** The change from a to b: absolute (b - a) and ratio (b / a; Infinity for a new path, NaN for 0/0). */
export function change(a: number, b: number): { delta: number; ratio: number } {
  return { delta: b - a, ratio: a === 0 ? (b === 0 ? Number.NaN : Number.POSITIVE_INFINITY) : b / a };
}
