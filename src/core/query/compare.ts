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
 * (call-tree.ts) once, a merge join of each level's children in name order: O(nodes of A
 * + nodes of B). Nothing is cached here: the service keeps what it builds.
 */
import type { CallMask, ViewFilter } from './filter';
import { filterMask, isEmptyFilter } from './filter';
import type { CallTree } from './call-tree';
import { buildCallTree } from './call-tree';
import type { ModelFacts } from './model-facts';

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
 * Both trees give their children in name order (childrenByName: JavaScript string order,
 * the order compared here), so each level is a merge join of two sorted lists; a subtree
 * on one side only is copied without a join. Nodes are numbered as they are made, depth
 * first with an explicit stack (paths can be hundreds of frames deep): parents first.
 */
export function mergeCallTrees(treeA: CallTree, treeB: CallTree): MergedCallTree {
  const parent: number[] = [];
  const depth: number[] = [];
  const name: string[] = [];
  const nodeA: number[] = [];
  const nodeB: number[] = [];
  const kids: number[][] = [];
  const roots: number[] = [];
  // Pending pairs (parent merged node, depth, node in A or -1, node in B or -1, name), in
  // reverse name order so the first name is popped first.
  const stack: [number, number, number, number, string][] = [];
  const pushLevel = (p: number, d: number, a: Int32Array, b: Int32Array): void => {
    const level: [number, number, number, number, string][] = [];
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
      const na = i < a.length ? treeA.name(a[i]) : undefined;
      const nb = j < b.length ? treeB.name(b[j]) : undefined;
      if (nb === undefined || (na !== undefined && na < nb)) level.push([p, d, a[i++], -1, na!]);
      else if (na === undefined || nb < na) level.push([p, d, -1, b[j++], nb]);
      else level.push([p, d, a[i++], b[j++], na]);
    }
    for (let k = level.length - 1; k >= 0; k--) stack.push(level[k]);
  };
  pushLevel(-1, 0, treeA.rootsByName(), treeB.rootsByName());
  while (stack.length > 0) {
    const [p, d, a, b, n] = stack.pop()!;
    const k = parent.length;
    parent.push(p);
    depth.push(d);
    name.push(n);
    nodeA.push(a);
    nodeB.push(b);
    kids.push([]);
    if (p >= 0) kids[p].push(k);
    else roots.push(k);
    const ca = a >= 0 ? treeA.childrenByName(a) : EMPTY;
    const cb = b >= 0 ? treeB.childrenByName(b) : EMPTY;
    if (ca.length + cb.length > 0) pushLevel(k, d + 1, ca, cb);
  }
  return finishMerged(treeA, treeB, { parent, depth, name, nodeA, nodeB, kids, roots });
}

const EMPTY = new Int32Array(0);

function finishMerged(
  treeA: CallTree,
  treeB: CallTree,
  m: { parent: number[]; depth: number[]; name: string[]; nodeA: number[]; nodeB: number[]; kids: number[][]; roots: number[] },
): MergedCallTree {
  const n = m.parent.length;
  const parent = Int32Array.from(m.parent);
  const depth = Uint32Array.from(m.depth);
  const name = m.name;
  const nodeA = Int32Array.from(m.nodeA);
  const nodeB = Int32Array.from(m.nodeB);
  const callsA = new Float64Array(n);
  const totalA = new Float64Array(n);
  const selfA = new Float64Array(n);
  const callsB = new Float64Array(n);
  const totalB = new Float64Array(n);
  const selfB = new Float64Array(n);
  const presence = new Uint8Array(n);
  const children: Int32Array[] = m.kids.map((c) => (c.length === 0 ? EMPTY : Int32Array.from(c)));
  for (let j = 0; j < n; j++) {
    const a = nodeA[j];
    const b = nodeB[j];
    if (a >= 0) {
      callsA[j] = treeA.callsOf(a);
      totalA[j] = treeA.totalOf(a);
      selfA[j] = treeA.selfOf(a);
    }
    if (b >= 0) {
      callsB[j] = treeB.callsOf(b);
      totalB[j] = treeB.totalOf(b);
      selfB[j] = treeB.selfOf(b);
    }
    presence[j] = (a >= 0 ? Presence.OnlyA : 0) | (b >= 0 ? Presence.OnlyB : 0);
  }
  const roots = Int32Array.from(m.roots);
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
      candidates = children[found];
    }
    return found;
  };
  return {
    length: n,
    parent,
    depth,
    name,
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
    children: (node) => children[node],
    pathOf,
    findPath,
  };
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
