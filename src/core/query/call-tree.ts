/**
 * The aggregated call tree: calls merged by call path (the function names from the
 * outermost call down), for the calls a mask keeps.
 *
 * Worked example (one task `curl-1`):
 *
 *   a {            call 0           path node 0  a       total 10  self 4  calls 1
 *     b 2          call 1           path node 1  a>b     total  3  self 3  calls 2
 *     c {          call 2           path node 2  a>c     total  3  self 2  calls 1
 *       b 1        call 3           path node 3  a>c>b   total  1  self 1  calls 1
 *     }                             (b under a and b under c are different paths)
 *     b 1          call 4           → node 1 again
 *   }
 *
 * Node columns are typed arrays indexed by IndexIntoCallNodeTable: parent node, func,
 * depth, total, self, calls. Nodes are numbered in the order their path is first met in
 * the parents-first order of the calls (call-extent.ts), so parent nodes always have
 * smaller indices than their children. `children` are sorted by total descending (then by
 * name), `childrenByName` by name (flamegraph.pl order).
 *
 *  - total of a node = sum of the durations of its calls; self = sum of their self times;
 *    calls = how many calls were merged into it. A call whose duration is not in the trace
 *    (it never returned, or the plain function tracer) counts in `calls` but adds no time,
 *    so a parent's total can be smaller than the sum of its children's.
 *  - Recursion does not double count inside one node: when f appears twice on a stack
 *    (a>f>g>f), the inner f is a different path node (a>f>g>f) from the outer (a>f), so
 *    each node's total is a sum of disjoint calls. Summing totals ACROSS nodes of the same
 *    function does double count recursion (the inner f's time is inside the outer f's);
 *    callers-callees.ts sums only the outermost.
 *  - Masked-out calls are not in the tree. An included call whose parent call is masked out
 *    hangs under its nearest included ancestor (or becomes a root): excluded frames are
 *    skipped, never shown with an empty total.
 *  - `groupByTask`: one synthetic root per task (func = -1 - task, named by taskLabel)
 *    whose total and calls are the sums over its top-level calls and whose self is 0.
 *    Otherwise the same path in different tasks is one node.
 *
 * The inverted (bottom-up) tree follows speedscope / the Firefox Profiler: each path node
 * is a weighted sample whose weight is its self time. Roots are the functions where self
 * time was spent (total = self = the function's self time over all paths); the children
 * of a node are the callers of the path so far, with total = the self time of the root
 * function spent under that caller suffix and self = 0; `calls` counts the root function's
 * calls under the suffix. It is built lazily, one expanded node at a time.
 *
 * Cost: building is one pass over the calls with typed arrays only: a path node is found
 * by (parent node, func) in its parent's short child list, or in an open-addressing hash
 * table for a parent with many children (PathNodeBuilder); no object or string per node.
 * It can run in steps (CallTreeBuild) to build ahead in idle time. Memory (issue 13: a trace
 * whose paths rarely repeat has 0.77 nodes a call): the build keeps the open ancestors'
 * nodes on a stack, not a node per call (CallTree.callNode is found when first asked), and
 * leaves the self column out when the model's self times are the rest of their durations
 * (self-rest.ts: a node's self is then its total minus its children's). Sorting is left to the
 * first `children` / `childrenByName` of each node (O(k log k) for its k children), so a
 * view pays for the nodes it shows. The inverted tree is built over a top-down tree, one
 * expanded node at a time, O(size of the node's sample set).
 */
import type { Nanoseconds } from '../model/call-table';
import type { StringTable } from '../model/string-table';
import type { TraceModel } from '../model/tables';
import { taskLabel } from '../model/tables';
import type { CallMask } from './filter';
import type { ModelFacts } from './model-facts';
import { grown } from '../../lib/grown';
import { pairSlot } from '../../lib/pair-slot';

export type IndexIntoCallNodeTable = number;

export interface CallTreeOptions {
  /** Calls to include (all when omitted). */
  mask?: CallMask;
  /** One synthetic root per task (default: paths of all tasks merged). */
  groupByTask?: boolean;
  /** Bottom-up tree (see the module comment). */
  inverted?: boolean;
}

export interface CallNodeDisplay {
  name: string;
  total: Nanoseconds;
  self: Nanoseconds;
  calls: number;
  depth: number;
}

/** What the views use; implemented by the top-down and the inverted tree. */
export interface CallTreeView {
  readonly model: TraceModel;
  readonly inverted: boolean;
  readonly groupByTask: boolean;
  readonly mask: CallMask | undefined;
  roots(): Int32Array;
  children(node: IndexIntoCallNodeTable): Int32Array;
  /** children(node).length, without sorting them where the tree can. */
  childCount(node: IndexIntoCallNodeTable): number;
  /** -1 for a root. */
  parentOf(node: IndexIntoCallNodeTable): IndexIntoCallNodeTable;
  /** Function (string table) id, or -1 - task for a task root. */
  funcOf(node: IndexIntoCallNodeTable): number;
  totalOf(node: IndexIntoCallNodeTable): Nanoseconds;
  selfOf(node: IndexIntoCallNodeTable): Nanoseconds;
  callsOf(node: IndexIntoCallNodeTable): number;
  depthOf(node: IndexIntoCallNodeTable): number;
  name(node: IndexIntoCallNodeTable): string;
  display(node: IndexIntoCallNodeTable): CallNodeDisplay;
  /** Names from the root to `node` (task label first for a task-grouped tree). */
  pathOf(node: IndexIntoCallNodeTable): string[];
  /** The node at that path of names, or -1. */
  findPath(names: readonly string[]): IndexIntoCallNodeTable;
}

/** Growable node columns shared by the trees (this module's two and lazy-call-tree.ts's). */
export class NodeColumns {
  length = 0;
  parent: Int32Array;
  func: Int32Array;
  depth: Uint32Array;
  total: Float64Array;
  self: Float64Array;
  /** Float64Array in the inverted tree (grown by `add`), Uint32Array in the top-down one. */
  calls: Float64Array | Uint32Array;

  constructor(capacity = 256) {
    const cap = Math.max(16, Math.floor(capacity));
    this.parent = new Int32Array(cap);
    this.func = new Int32Array(cap);
    this.depth = new Uint32Array(cap);
    this.total = new Float64Array(cap);
    this.self = new Float64Array(cap);
    this.calls = new Float64Array(cap);
  }

  add(parent: number, func: number, depth: number): number {
    if (this.length === this.parent.length) this.resize(Math.ceil(this.length * 1.5) + 16);
    const i = this.length++;
    this.parent[i] = parent;
    this.func[i] = func;
    this.depth[i] = depth;
    return i;
  }

  private resize(cap: number): void {
    const n = this.length;
    const grow = <T extends Int32Array | Uint32Array | Float64Array>(a: T, b: T): T => {
      b.set(a.subarray(0, n));
      return b;
    };
    this.parent = grow(this.parent, new Int32Array(cap));
    this.func = grow(this.func, new Int32Array(cap));
    this.depth = grow(this.depth, new Uint32Array(cap));
    this.total = grow(this.total, new Float64Array(cap));
    this.self = grow(this.self, new Float64Array(cap));
    this.calls = grow(this.calls, new Float64Array(cap));
  }
}

/**
 * rank[f] orders function names: rank[a] < rank[b] exactly when name a < name b (JavaScript
 * string order), equal names share a rank. Sorting siblings by rank then index is sorting
 * them by name then index, with integer compares.
 */
export function computeNameRanks(strings: StringTable): Uint32Array {
  const n = strings.size;
  const names = strings.strings;
  const ids = new Uint32Array(n);
  for (let f = 0; f < n; f++) ids[f] = f;
  ids.sort((a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0));
  const rank = new Uint32Array(n);
  let r = 0;
  for (let k = 0; k < n; k++) {
    if (k > 0 && names[ids[k]] !== names[ids[k - 1]]) r++;
    rank[ids[k]] = r;
  }
  return rank;
}

/** What every tree's nodes answer from their columns: figures, names, paths, sibling orders. */
export abstract class TreeBase {
  protected readonly cols: NodeColumns;

  constructor(
    readonly model: TraceModel,
    readonly groupByTask: boolean,
    readonly mask: CallMask | undefined,
    cols: NodeColumns,
    /** computeNameRanks of the model's strings. */
    protected readonly rank: Uint32Array,
  ) {
    this.cols = cols;
  }

  parentOf(node: IndexIntoCallNodeTable): IndexIntoCallNodeTable {
    return this.cols.parent[node];
  }
  funcOf(node: IndexIntoCallNodeTable): number {
    return this.cols.func[node];
  }
  totalOf(node: IndexIntoCallNodeTable): Nanoseconds {
    return this.cols.total[node];
  }
  selfOf(node: IndexIntoCallNodeTable): Nanoseconds {
    return this.cols.self[node];
  }
  callsOf(node: IndexIntoCallNodeTable): number {
    return this.cols.calls[node];
  }
  depthOf(node: IndexIntoCallNodeTable): number {
    return this.cols.depth[node];
  }

  name(node: IndexIntoCallNodeTable): string {
    const f = this.cols.func[node];
    return f >= 0 ? this.model.strings.get(f) : taskLabel(this.model.tasks[-1 - f]);
  }

  display(node: IndexIntoCallNodeTable): CallNodeDisplay {
    const c = this.cols;
    return { name: this.name(node), total: c.total[node], self: this.selfOf(node), calls: c.calls[node], depth: this.depthOf(node) };
  }

  pathOf(node: IndexIntoCallNodeTable): string[] {
    const out: string[] = [];
    for (let k = node; k >= 0; k = this.cols.parent[k]) out.push(this.name(k));
    return out.reverse();
  }

  findPath(names: readonly string[]): IndexIntoCallNodeTable {
    let candidates = this.roots();
    let found = -1;
    for (const name of names) {
      found = -1;
      for (let k = 0; k < candidates.length; k++) {
        if (this.name(candidates[k]) === name) {
          found = candidates[k];
          break;
        }
      }
      if (found < 0) return -1;
      candidates = this.children(found);
    }
    return found;
  }

  abstract roots(): Int32Array;
  abstract children(node: IndexIntoCallNodeTable): Int32Array;

  childCount(node: IndexIntoCallNodeTable): number {
    return this.children(node).length;
  }

  /** Name order of two nodes: <0, 0 (same name) or >0. Integer ranks for functions. */
  protected compareNames(a: IndexIntoCallNodeTable, b: IndexIntoCallNodeTable): number {
    const fa = this.cols.func[a];
    const fb = this.cols.func[b];
    if (fa >= 0 && fb >= 0) return this.rank[fa] - this.rank[fb];
    return compareStrings(this.name(a), this.name(b));
  }

  /** Sorts nodes in place by total descending, then name, then index. */
  protected sortByTotal(nodes: Int32Array): void {
    if (nodes.length < 2) return;
    const total = this.cols.total;
    nodes.sort((a, b) => total[b] - total[a] || this.compareNames(a, b) || a - b);
  }

  /** Sorts nodes in place by name, then index. */
  protected sortByName(nodes: Int32Array): void {
    if (nodes.length < 2) return;
    nodes.sort((a, b) => this.compareNames(a, b) || a - b);
  }
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The top-down tree, fully built (use buildCallTree or CallTreeBuild). */
export class CallTree extends TreeBase implements CallTreeView {
  readonly inverted = false;
  /** Path node of each call (see the getter), once known. */
  private callNodes: Int32Array | undefined;
  /** The parents-first order the tree was built in, to find callNode again (undefined once it is known). */
  private buildOrder: Uint32Array | undefined;
  /**
   * The children of each node as a linked list from the build (firstChild / nextSibling,
   * -1 = none). A node's children are put in an array and sorted, by total or by name, the
   * first time they are asked for, so building the tree sorts nothing and a view pays only
   * for the nodes it shows.
   */
  private readonly firstChild: Int32Array;
  private readonly nextSibling: Int32Array;
  /** Whether the child lists are in name order (childListsByName). */
  private listsByName = false;
  /** The nodes whose child lists the build left out of name order (PathNodeBuilder). */
  private readonly unsortedLists: Int32Array;
  private readonly byTotal = new Map<IndexIntoCallNodeTable, Int32Array>();
  private readonly byName = new Map<IndexIntoCallNodeTable, Int32Array>();
  private readonly rootList: Int32Array;
  private readonly rootsNameOrder: Int32Array;
  private depths: Uint32Array | undefined;
  /** totalsNest's answer, once asked. */
  private nested: boolean | undefined;
  /**
   * Whether the self column was left out of the build (the model's self times are the rest
   * of their durations: self-rest.ts): a node's self is then its total minus its children's
   * totals, worked out per node, and the whole column only when asked for.
   */
  private selfLeftOut: boolean;

  /** Use buildCallTree. */
  constructor(
    model: TraceModel,
    groupByTask: boolean,
    mask: CallMask | undefined,
    cols: NodeColumns,
    /** The node of each call, or the order to find them in when first asked (no mask; see callNode). */
    callNode: Int32Array | { order: Uint32Array },
    /** The child links; `unsorted`: the nodes whose lists the build left out of name order. */
    links: { firstChild: Int32Array; nextSibling: Int32Array; roots: Int32Array; unsorted: Int32Array },
    rank: Uint32Array,
    selfLeftOut = false,
    /** totalsNest's answer when the build knows it. */
    totalsNest?: boolean,
  ) {
    super(model, groupByTask, mask, cols, rank);
    this.selfLeftOut = selfLeftOut;
    this.nested = totalsNest;
    this.unsortedLists = links.unsorted;
    if (callNode instanceof Int32Array) this.callNodes = callNode;
    else this.buildOrder = callNode.order;
    this.firstChild = links.firstChild;
    this.nextSibling = links.nextSibling;
    this.rootsNameOrder = links.roots.slice();
    this.sortByName(this.rootsNameOrder);
    this.rootList = links.roots.slice();
    this.sortByTotal(this.rootList);
  }

  /** Number of nodes. */
  get length(): number {
    return this.cols.length;
  }

  /**
   * Path node of each call, -1 for masked-out calls. A tree without a mask built in a
   * depth-first order kept no column of it while it was built (4 bytes a call: the first
   * views do not ask): the calls are then walked again in that order, each one's node
   * found under its parent's among the children.
   */
  get callNode(): Int32Array {
    if (!this.callNodes) {
      this.callNodes = this.findCallNodes(this.buildOrder!);
      this.buildOrder = undefined;
    }
    return this.callNodes;
  }

  /**
   * The path node of one call (callNode[call]; -1 for an index that is no call), without
   * finding every call's when they are not known yet: its ancestors' path from the top,
   * looked up child by child.
   */
  nodeOfCall(call: number): IndexIntoCallNodeTable {
    const { parent, func, task, length: n } = this.model.calls;
    if (!(call >= 0 && call < n)) return -1;
    if (this.callNodes) return this.callNodes[call];
    const chain: number[] = [];
    // Parents first (a tree found later was built so): the chain ends at a root.
    for (let c = call; c >= 0 && c < n; c = parent[c]) chain.push(c);
    const find = this.nodeFinder();
    let node = find.top(chain[chain.length - 1], func, task);
    for (let j = chain.length - 2; j >= 0 && node >= 0; j--) node = find.child(node, func[chain[j]]);
    return node;
  }

  /** Finds nodes by path: the top-level node of a root call, then a node's child by function. */
  private nodeFinder(): { top: (call: number, func: Uint32Array, task: Uint32Array) => IndexIntoCallNodeTable; child: (at: IndexIntoCallNodeTable, f: number) => IndexIntoCallNodeTable } {
    const nodeFunc = this.cols.func;
    const { firstChild, nextSibling, groupByTask } = this;
    const taskRoots = new Map<number, number>();
    const topLevel = new Map<number, number>();
    for (const r of this.rootList) {
      const f = nodeFunc[r];
      if (f < 0) taskRoots.set(-1 - f, r);
      else topLevel.set(f, r);
    }
    // Children of a node with many, by function (made at its first lookup past a short scan).
    const wide = new Map<IndexIntoCallNodeTable, Map<number, IndexIntoCallNodeTable>>();
    const child = (at: IndexIntoCallNodeTable, f: number): IndexIntoCallNodeTable => {
      let scanned = 0;
      for (let q = firstChild[at]; q >= 0 && scanned <= SCAN_CHILDREN; q = nextSibling[q], scanned++) if (nodeFunc[q] === f) return q;
      let byFunc = wide.get(at);
      if (!byFunc) {
        byFunc = new Map();
        for (let q = firstChild[at]; q >= 0; q = nextSibling[q]) byFunc.set(nodeFunc[q], q);
        wide.set(at, byFunc);
      }
      return byFunc.get(f) ?? -1;
    };
    const top = (call: number, func: Uint32Array, task: Uint32Array): IndexIntoCallNodeTable =>
      groupByTask ? child(taskRoots.get(task[call]) ?? -1, func[call]) : (topLevel.get(func[call]) ?? -1);
    return { top, child };
  }

  private findCallNodes(order: Uint32Array): Int32Array {
    const { parent, func, task, length: n } = this.model.calls;
    const out = new Int32Array(n);
    const find = this.nodeFinder();
    for (let k = 0; k < n; k++) {
      const i = order[k];
      const p = parent[i];
      // Parents first: the parent's node is known.
      out[i] = p >= 0 && p < n ? find.child(out[p], func[i]) : find.top(i, func, task);
    }
    return out;
  }
  /** The name ranks the tree sorts by (an inverted tree over it sorts by them too). */
  get nameRanks(): Uint32Array {
    return this.rank;
  }
  get parent(): Int32Array {
    return this.cols.parent;
  }
  get func(): Int32Array {
    return this.cols.func;
  }
  /** Depth of every node (0 for a root); computed on first use. */
  get depth(): Uint32Array {
    if (!this.depths) {
      const m = this.cols.length;
      const parent = this.cols.parent;
      const depth = new Uint32Array(m);
      for (let k = 0; k < m; k++) {
        const p = parent[k];
        if (p >= 0) depth[k] = depth[p] + 1;
      }
      this.depths = depth;
    }
    return this.depths;
  }
  get total(): Float64Array {
    return this.cols.total;
  }
  /**
   * Whether every node's total is a whole number, at least 0 and at least the sum of its
   * children's totals, the totals of all nodes together below 2^53 (so every sum of them is
   * exact). Then a subtree's totals are all at most its root's, which lets the differential
   * flame graph's layout size a subtree without a pass over it (diff-layout.ts). Known from
   * the build when it left the self column out (CallTreeBuild.finish), else checked by a
   * walk of every list.
   */
  totalsNest(): boolean {
    if (this.nested === undefined) {
      const { total, length: m } = this.cols;
      const { firstChild, nextSibling } = this;
      let all = 0;
      let nested = true;
      for (let k = 0; k < m && nested; k++) {
        const t = total[k];
        if (!(t >= 0) || !Number.isInteger(t)) nested = false;
        all += t;
        let kids = 0;
        for (let q = firstChild[k]; q >= 0; q = nextSibling[q]) kids += total[q];
        if (kids > t) nested = false;
      }
      this.nested = nested && all <= Number.MAX_SAFE_INTEGER;
    }
    return this.nested;
  }
  get self(): Float64Array {
    if (this.selfLeftOut) {
      // total minus the children's totals, for every node at once (whole numbers: exact).
      const { total, parent, length: m } = this.cols;
      const self = total.slice(0, m);
      for (let k = 0; k < m; k++) {
        const p = parent[k];
        if (p >= 0) self[p] -= total[k];
      }
      this.cols.self = self;
      this.selfLeftOut = false;
    }
    return this.cols.self;
  }
  override selfOf(node: IndexIntoCallNodeTable): Nanoseconds {
    if (!this.selfLeftOut) return this.cols.self[node];
    const { total } = this.cols;
    let self = total[node];
    for (let q = this.firstChild[node]; q >= 0; q = this.nextSibling[q]) self -= total[q];
    return self;
  }
  get calls(): Float64Array | Uint32Array {
    return this.cols.calls;
  }

  override depthOf(node: IndexIntoCallNodeTable): number {
    return this.depth[node];
  }

  /** Roots by total descending, then name. */
  roots(): Int32Array {
    return this.rootList;
  }

  /** Children by total descending, then name. */
  children(node: IndexIntoCallNodeTable): Int32Array {
    let out = this.byTotal.get(node);
    if (!out) {
      out = this.linked(node);
      this.sortByTotal(out);
      this.byTotal.set(node, out);
    }
    return out;
  }

  /** Roots by name, then index (flamegraph.pl order). */
  rootsByName(): Int32Array {
    return this.rootsNameOrder;
  }

  /** Children by name, then index (flamegraph.pl order). */
  childrenByName(node: IndexIntoCallNodeTable): Int32Array {
    let out = this.byName.get(node);
    if (!out) {
      out = this.linked(node);
      this.sortByName(out);
      this.byName.set(node, out);
    }
    return out;
  }

  /**
   * Every node's child list in name order, from the LAST name back (equal names: the higher
   * node first): node k's children are firstChild[k], nextSibling[firstChild[k]], … until
   * -1. Compare mode's merge walks each node's children in that order (core/query/compare.ts).
   *
   * The build keeps short lists in that order as it makes them (PathNodeBuilder); the others
   * are put in that order in place, once: nothing else depends on their order (`children`
   * and `childrenByName` sort what they read, with ties broken by index, and `childCount`
   * counts), and sorting them where they are allocates nothing, where a list of every
   * node's children in name order (joint-names.ts childRunsByName) took 8 bytes a node of
   * fresh memory, which costs more to touch than the sort on this project's VMs.
   */
  childListsByName(): { readonly firstChild: Int32Array; readonly nextSibling: Int32Array } {
    const { firstChild, nextSibling } = this;
    if (!this.listsByName) {
      sortChildLists(this.unsortedLists, firstChild, nextSibling, this.cols.func, this.rank);
      this.listsByName = true;
    }
    return { firstChild, nextSibling };
  }

  /** Counted along the child list: no array, no sort (a row's disclosure triangle). */
  override childCount(node: IndexIntoCallNodeTable): number {
    const sorted = this.byTotal.get(node) ?? this.byName.get(node);
    if (sorted) return sorted.length;
    let count = 0;
    for (let q = this.firstChild[node]; q >= 0; q = this.nextSibling[q]) count++;
    return count;
  }

  private linked(node: IndexIntoCallNodeTable): Int32Array {
    const { firstChild, nextSibling } = this;
    let count = 0;
    for (let q = firstChild[node]; q >= 0; q = nextSibling[q]) count++;
    const out = new Int32Array(count);
    for (let q = firstChild[node], j = 0; q >= 0; q = nextSibling[q]) out[j++] = q;
    return out;
  }
}

/** A list longer than this is sorted by the engine's sort; shorter ones (nearly all) by insertion. */
const INSERTION_LIST = 24;

/**
 * Relinks the child lists of `nodes` in descending (rankOf[func], node) order
 * (CallTree.childListsByName). Every child has func >= 0 (task roots are in no list).
 */
function sortChildLists(nodes: Int32Array, firstChild: Int32Array, nextSibling: Int32Array, func: Int32Array, rankOf: Uint32Array): void {
  let run = new Int32Array(64);
  const before = (x: number, y: number): number => rankOf[func[x]] - rankOf[func[y]] || x - y;
  for (const p of nodes) {
    const head = firstChild[p];
    if (head < 0 || nextSibling[head] < 0) continue;
    let count = 0;
    for (let q = head; q >= 0; q = nextSibling[q]) {
      if (count === run.length) run = grown(run);
      run[count++] = q;
    }
    // Ascending (rank, node), then linked from the end.
    if (count > INSERTION_LIST) run.subarray(0, count).sort(before);
    else {
      for (let i = 1; i < count; i++) {
        const k = run[i];
        const r = rankOf[func[k]];
        let j = i - 1;
        while (j >= 0 && (rankOf[func[run[j]]] > r || (rankOf[func[run[j]]] === r && run[j] > k))) {
          run[j + 1] = run[j];
          j--;
        }
        run[j + 1] = k;
      }
    }
    firstChild[p] = run[count - 1];
    for (let i = count - 1; i > 0; i--) nextSibling[run[i]] = run[i - 1];
    nextSibling[run[0]] = -1;
  }
}

/** Builds the top-down tree, or the inverted one with `inverted: true`, of `facts.model`. */
export function buildCallTree(facts: ModelFacts, options: CallTreeOptions & { inverted: true }): InvertedCallTree;
export function buildCallTree(facts: ModelFacts, options?: CallTreeOptions & { inverted?: false }): CallTree;
export function buildCallTree(facts: ModelFacts, options?: CallTreeOptions): CallTreeView;
export function buildCallTree(facts: ModelFacts, options: CallTreeOptions = {}): CallTreeView {
  const tree = buildTopDown(facts, options.mask, options.groupByTask ?? false);
  return options.inverted ? new InvertedCallTree(tree) : tree;
}

/** A node with at most this many children is searched by scanning them; a wider one by hash. */
const SCAN_CHILDREN = 6;
/** PathNodeBuilder.kids of a node whose children are in the hash table. */
const KIDS_INDEXED = 255;

/**
 * The path nodes as they are found, numbered from 1: node 0 stands for the top level (the
 * parent of the roots) and 0 in a link means "none". Each node keeps its children in a
 * linked list. A lookup of (node, func) scans that list while it is short; a node with
 * more children is put in an open-addressing hash table of (parent, func) → node
 * (Int32Array, -1 = empty, the key read back from the columns) at its first wide lookup,
 * and its later children as they come. Most lookups land in the short lists of nodes made
 * moments before (a subtree seen for the first time), still in the cache, where a hash
 * probe would be a cache miss.
 *
 * A short list is kept in name order as it is made (CallTree.childListsByName's order: the
 * last name first), the scan stopping where the name would be: compare mode's merge reads
 * every list in that order, and putting them in order after the build was a pass over
 * every node (about 25 ms a side at 1M calls). A wide node's later children are put at
 * the front; such nodes (a few percent) are listed in `unsorted`, for the tree to sort.
 *
 * Columns are sized for the worst case (one node per call, plus task roots) so they never
 * grow or get copied: the tree keeps views of them. Memory is committed page by page as it
 * is first written, so the untouched tail costs address space only.
 */
class PathNodeBuilder {
  length = 1;
  readonly parent: Int32Array;
  readonly func: Int32Array;
  readonly calls: Uint32Array;
  readonly total: Float64Array;
  readonly self: Float64Array;
  /** First child of each node (0 = none; see the class comment for the order), and the next sibling. */
  readonly first: Int32Array;
  readonly next: Int32Array;
  /** Children of each node up to KIDS_INDEXED - 1, or KIDS_INDEXED once they are in the hash table. */
  readonly kids: Uint8Array;
  private slots = new Int32Array(1024).fill(-1);
  private slotMask = 1023;
  private hashed = 0;
  /** The nodes whose child lists stopped being kept in name order (wide: in the hash table). */
  private readonly unsorted: number[] = [];

  /** `withSelf` false: no self column (the tree works it out from the totals: CallTree.selfOf). */
  constructor(maxNodes: number, withSelf = true) {
    const cap = maxNodes + 1;
    this.parent = new Int32Array(cap);
    this.func = new Int32Array(cap);
    this.calls = new Uint32Array(cap);
    this.total = new Float64Array(cap);
    this.self = new Float64Array(withSelf ? cap : 0);
    this.first = new Int32Array(cap);
    this.next = new Int32Array(cap);
    this.kids = new Uint8Array(cap);
  }

  /**
   * The node of func under node `at` (0 = top level) that has more than SCAN_CHILDREN
   * children, by the hash table; made when new. (buildTopDown scans the short lists.)
   */
  wideChild(at: number, f: number): number {
    const nf = this.func;
    if (this.kids[at] !== KIDS_INDEXED) this.index(at);
    const slots = this.slots;
    const mask = this.slotMask;
    const np = this.parent;
    for (let s = pairSlot(at, f, mask); ; s = (s + 1) & mask) {
      const q = slots[s];
      if (q < 0) return this.add(at, f, true);
      if (np[q] === at && nf[q] === f) return q;
    }
  }

  /**
   * A new node; `listed` = false for a task root (found by its task, not by name). A listed
   * node goes after `after` in its parent's list (0: at the front), where the scan of a
   * short list stopped (CallTreeBuild.advance); a wide parent's, at the front.
   */
  add(at: number, f: number, listed: boolean, after = 0): number {
    const q = this.length++;
    this.parent[q] = at;
    this.func[q] = f;
    if (listed) {
      if (after > 0) {
        this.next[q] = this.next[after];
        this.next[after] = q;
      } else {
        this.next[q] = this.first[at];
        this.first[at] = q;
      }
      const kids = this.kids[at];
      if (kids === KIDS_INDEXED) this.insert(q);
      else if (kids < KIDS_INDEXED - 1) this.kids[at] = kids + 1;
    }
    return q;
  }

  private index(at: number): void {
    this.kids[at] = KIDS_INDEXED;
    // Its later children go to the front of its list: the tree sorts it (the top level's list is none: roots are sorted apart).
    if (at > 0) this.unsorted.push(at - 1);
    for (let q = this.first[at]; q > 0; q = this.next[q]) this.insert(q);
  }

  private insert(q: number): void {
    if (++this.hashed * 2 > this.slots.length) this.rehash();
    const mask = this.slotMask;
    let s = pairSlot(this.parent[q], this.func[q], mask);
    while (this.slots[s] >= 0) s = (s + 1) & mask;
    this.slots[s] = q;
  }

  private rehash(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let s = 0; s < old.length; s++) {
      const q = old[s];
      if (q < 0) continue;
      let t = pairSlot(this.parent[q], this.func[q], mask);
      while (slots[t] >= 0) t = (t + 1) & mask;
      slots[t] = q;
    }
    this.slots = slots;
    this.slotMask = mask;
  }

  /**
   * Node columns numbered from 0 (the top-level node dropped), and the child links. The
   * builder's columns are handed over as views (no copy); their untouched tail was never
   * paged in.
   */
  finish(): { cols: NodeColumns; firstChild: Int32Array; nextSibling: Int32Array; roots: Int32Array; unsorted: Int32Array } {
    const m = this.length - 1;
    // Depths are not kept: CallTree computes them when first asked.
    const cols = new NodeColumns(0);
    cols.length = m;
    const shifted = (a: Int32Array): Int32Array => {
      const out = a.subarray(1, m + 1);
      for (let k = 0; k < m; k++) out[k]--;
      return out;
    };
    const parent = shifted(this.parent);
    let nRoots = 0;
    for (let k = 0; k < m; k++) if (parent[k] < 0) nRoots++;
    cols.parent = parent;
    cols.func = this.func.subarray(1, m + 1);
    cols.total = this.total.subarray(1, m + 1);
    cols.self = this.self.length > 0 ? this.self.subarray(1, m + 1) : this.self;
    cols.calls = this.calls.subarray(1, m + 1);
    const roots = new Int32Array(nRoots);
    for (let k = 0, r = 0; k < m; k++) if (parent[k] < 0) roots[r++] = k;
    return { cols, firstChild: shifted(this.first), nextSibling: shifted(this.next), roots, unsorted: Int32Array.from(this.unsorted) };
  }
}

function buildTopDown(facts: ModelFacts, mask: CallMask | undefined, groupByTask: boolean): CallTree {
  return new CallTreeBuild(facts, { mask, groupByTask }).finish();
}

/**
 * The top-down tree built in steps: one pass over the calls in parents-first order finds
 * each call's path node (PathNodeBuilder) and adds up its sums. `advance` does a part of
 * the pass (so a worker can build ahead in idle time and still answer in between);
 * `finish` does the rest and returns the tree.
 */
export class CallTreeBuild {
  private readonly mask: CallMask | undefined;
  private readonly groupByTask: boolean;
  private readonly order: Uint32Array;
  private readonly b: PathNodeBuilder;
  /**
   * The attach point of a call: the builder node under which its included children hang
   * (0 = top level); without a mask, the call's own node. The order is depth-first (each
   * subtree contiguous) when parents come first, so the attach points of the open
   * ancestors are a stack (`stackCall`, `stackAt`): O(depth), not 4 bytes a call.
   * Otherwise (broken input: a parent cycle) attach[i] keeps every call's, and an unvisited
   * parent reads as the first node (builder node 1), as it always has.
   */
  private readonly attach: Int32Array | undefined;
  private stackCall = new Int32Array(64);
  private stackAt = new Int32Array(64);
  private sp = 0;
  /** The node of each call, filled as it goes when the tree has a mask or no stack (else found later: CallTree.callNode). */
  private readonly callNode: Int32Array | undefined;
  private readonly taskRoot: Int32Array;
  private readonly rank: Uint32Array;
  /** No self column: without a mask, when the model's self times are the rest of the durations (self-rest.ts). */
  private readonly selfLeftOut: boolean;
  private k = 0;
  private tree: CallTree | undefined;
  readonly model: TraceModel;

  constructor(facts: ModelFacts, options: { mask?: CallMask; groupByTask?: boolean } = {}) {
    const model = (this.model = facts.model);
    this.mask = options.mask;
    this.groupByTask = options.groupByTask ?? false;
    this.rank = facts.nameRanks();
    const calls = model.calls;
    const n = calls.length;
    const { order, parentsFirst } = facts.topology();
    this.order = order;
    this.selfLeftOut = !this.mask && facts.selfIsRest();
    this.b = new PathNodeBuilder(n + model.tasks.length, !this.selfLeftOut);
    if (!parentsFirst) this.attach = new Int32Array(n).fill(1);
    this.callNode = this.mask ? new Int32Array(n).fill(-1) : this.attach;
    this.taskRoot = new Int32Array(model.tasks.length);
  }

  /** Goes through up to `budget` more calls; true when all are done. */
  advance(budget: number): boolean {
    const calls = this.model.calls;
    const n = calls.length;
    const { parent, func, task, duration, self } = calls;
    const { order, b, attach, callNode, taskRoot, mask, groupByTask, selfLeftOut, rank } = this;
    const { first, next, kids, func: nodeFunc, calls: nodeCalls, total: nodeTotal, self: nodeSelf } = b;
    let { stackCall, stackAt, sp } = this;
    const stop = Math.min(n, this.k + budget);
    for (let k = this.k; k < stop; k++) {
      const i = order[k];
      const p = parent[i];
      let at = 0;
      if (attach) {
        if (p >= 0 && p < n) at = attach[p];
      } else {
        // Depth-first: what is above the parent on the stack has closed (a root closes all).
        while (sp > 0 && stackCall[sp - 1] !== p) sp--;
        if (sp > 0) at = stackAt[sp - 1];
        if (sp === stackCall.length) {
          this.growStack();
          ({ stackCall, stackAt } = this);
        }
      }
      if (mask && !mask[i]) {
        if (attach) attach[i] = at;
        else {
          stackCall[sp] = i;
          stackAt[sp++] = at;
        }
        continue;
      }
      if (at === 0 && groupByTask) {
        const t = task[i];
        at = taskRoot[t];
        if (at === 0) at = taskRoot[t] = b.add(0, -1 - t, false);
      }
      // PathNodeBuilder.wideChild, with the common case (a short child list, in name order
      // from the last name: see PathNodeBuilder) inline.
      const f = func[i];
      let node = 0;
      if (kids[at] <= SCAN_CHILDREN) {
        const r = rank[f];
        // Where a new node would go: after the last child of a later name (before any of an
        // equal name: the newest node first among them, as CallTree.childListsByName orders).
        let after = 0;
        for (let q = first[at]; q > 0; q = next[q]) {
          const fq = nodeFunc[q];
          if (fq === f) {
            node = q;
            break;
          }
          const rq = rank[fq];
          if (rq < r) break;
          if (rq > r) after = q;
        }
        if (node === 0) node = b.add(at, f, true, after);
      } else {
        node = b.wideChild(at, f);
      }
      if (attach) attach[i] = node;
      else {
        stackCall[sp] = i;
        stackAt[sp++] = node;
      }
      if (mask) callNode![i] = node - 1;
      nodeCalls[node]++;
      const d = duration[i];
      if (!Number.isNaN(d)) nodeTotal[node] += d;
      if (selfLeftOut) continue;
      const s = self[i];
      if (!Number.isNaN(s)) nodeSelf[node] += s;
    }
    this.k = stop;
    this.sp = sp;
    return stop === n;
  }

  private growStack(): void {
    this.stackCall = grown(this.stackCall);
    this.stackAt = grown(this.stackAt);
  }

  /** The tree (going through the calls that are left first). */
  finish(): CallTree {
    if (this.tree) return this.tree;
    this.advance(Number.POSITIVE_INFINITY);
    const { model, mask, groupByTask, callNode } = this;
    if (callNode && !mask) for (let i = 0; i < callNode.length; i++) callNode[i]--;
    this.stackCall = this.stackAt = new Int32Array(0);
    const built = this.b.finish();
    const cols = built.cols;
    const { calls: nCalls, total } = cols;
    if (groupByTask) {
      for (let k = 0; k < cols.length; k++) {
        const p = cols.parent[k];
        if (p >= 0 && cols.func[p] < 0) {
          total[p] += total[k];
          nCalls[p] += nCalls[k];
        }
      }
    }
    // The totals nest (CallTree.totalsNest) when every call's self is the rest of its
    // duration (selfLeftOut: whole numbers, none negative, their sum exact): a node's
    // children's totals are then its calls' durations minus their selves, at most its total
    // (task roots: their children's sum). Otherwise the tree walks its nodes if asked.
    const totalsNest = this.selfLeftOut ? true : undefined;
    this.tree = new CallTree(model, groupByTask, mask, cols, callNode ?? { order: this.order }, built, this.rank, this.selfLeftOut, totalsNest);
    return this.tree;
  }
}

/**
 * The bottom-up tree over a top-down tree, expanded lazily (see the module comment).
 *
 * Each inverted node not yet expanded owns a range of one sample pool: for every top-down
 * node of its root function whose callers so far match the node's path, the top-down node
 * reached by walking up from it (`at`), its self time (`weight`) and its calls. Expanding
 * a node groups its range by the function of each sample's next caller, in place (a
 * stable counting sort: groups in order of first appearance, samples in their order), and
 * every group becomes a child owning its part of the range. Nothing is allocated per
 * node or per group.
 */
export class InvertedCallTree extends TreeBase implements CallTreeView {
  readonly inverted = true;
  private readonly rootList: Int32Array;
  private readonly kids: (Int32Array | undefined)[] = [];
  private readonly at: Int32Array;
  private readonly weight: Float64Array;
  private readonly sampleCalls: Float64Array;
  /** Sample range of each node: [rangeFrom[node], rangeTo[node]). */
  private rangeFrom: Int32Array = new Int32Array(256);
  private rangeTo: Int32Array = new Int32Array(256);
  /** Scratch: group of each caller function (index func + tasks), -1 when none. */
  private readonly groupOf: Int32Array;
  private scratchInt = new Int32Array(256);
  private scratchAt = new Int32Array(256);
  private scratchWeight = new Float64Array(256);
  private scratchCalls = new Float64Array(256);

  constructor(readonly base: CallTree) {
    super(base.model, base.groupByTask, base.mask, new NodeColumns(256), base.nameRanks);
    // Roots: one per function, with every top-down node of that function as a sample.
    const nFuncs = base.model.strings.size;
    const count = new Uint32Array(nFuncs + 1);
    const m = base.length;
    for (let k = 0; k < m; k++) {
      const f = base.func[k];
      if (f >= 0) count[f + 1]++;
    }
    for (let f = 0; f < nFuncs; f++) count[f + 1] += count[f];
    const fill = count.slice(0, nFuncs);
    const at = new Int32Array(count[nFuncs]);
    for (let k = 0; k < m; k++) {
      const f = base.func[k];
      if (f >= 0) at[fill[f]++] = k;
    }
    const weight = new Float64Array(at.length);
    const calls = new Float64Array(at.length);
    for (let j = 0; j < at.length; j++) {
      weight[j] = base.self[at[j]];
      calls[j] = base.calls[at[j]];
    }
    this.at = at;
    this.weight = weight;
    this.sampleCalls = calls;
    this.groupOf = new Int32Array(nFuncs + base.model.tasks.length).fill(-1);
    const roots: number[] = [];
    for (let f = 0; f < nFuncs; f++) {
      if (count[f] === count[f + 1]) continue;
      const node = this.addNode(-1, f, 0, count[f], count[f + 1]);
      this.cols.self[node] = this.cols.total[node];
      roots.push(node);
    }
    this.rootList = Int32Array.from(roots);
    this.sortByTotal(this.rootList);
  }

  /** Nodes created so far (grows as nodes are expanded). */
  get length(): number {
    return this.cols.length;
  }

  roots(): Int32Array {
    return this.rootList;
  }

  children(node: IndexIntoCallNodeTable): Int32Array {
    const cached = this.kids[node];
    if (cached) return cached;
    const base = this.base;
    const { parent: up, func } = base;
    const from = this.rangeFrom[node];
    const to = this.rangeTo[node];
    const size = to - from;
    if (this.scratchInt.length < size) this.growScratch(size);
    const { at, weight, sampleCalls, groupOf } = this;
    const shift = base.model.tasks.length; // caller funcs are >= -tasks (task roots)
    // Group of each sample (-1: no caller, dropped), groups in order of first appearance.
    const group = this.scratchInt;
    const groupFunc: number[] = [];
    const groupSize: number[] = [];
    for (let j = 0; j < size; j++) {
      const caller = up[at[from + j]];
      if (caller < 0) {
        group[j] = -1;
        continue;
      }
      const key = func[caller] + shift;
      let g = groupOf[key];
      if (g < 0) {
        g = groupOf[key] = groupFunc.length;
        groupFunc.push(func[caller]);
        groupSize.push(0);
      }
      groupSize[g]++;
      group[j] = g;
    }
    for (const f of groupFunc) groupOf[f + shift] = -1;
    // Stable scatter into the scratch columns, one step up; then back into the range.
    const start: number[] = [];
    let kept = 0;
    for (let g = 0; g < groupSize.length; g++) {
      start.push(kept);
      kept += groupSize[g];
    }
    const next = start.slice();
    const sAt = this.scratchAt;
    const sWeight = this.scratchWeight;
    const sCalls = this.scratchCalls;
    for (let j = 0; j < size; j++) {
      const g = group[j];
      if (g < 0) continue;
      const q = next[g]++;
      sAt[q] = up[at[from + j]];
      sWeight[q] = weight[from + j];
      sCalls[q] = sampleCalls[from + j];
    }
    at.set(sAt.subarray(0, kept), from);
    weight.set(sWeight.subarray(0, kept), from);
    sampleCalls.set(sCalls.subarray(0, kept), from);
    const out = new Int32Array(groupFunc.length);
    const depth = this.cols.depth[node] + 1;
    for (let g = 0; g < groupFunc.length; g++) {
      out[g] = this.addNode(node, groupFunc[g], depth, from + start[g], from + start[g] + groupSize[g]);
    }
    this.sortByTotal(out);
    this.kids[node] = out;
    return out;
  }

  private growScratch(size: number): void {
    const cap = Math.max(size, this.scratchInt.length * 2);
    this.scratchInt = new Int32Array(cap);
    this.scratchAt = new Int32Array(cap);
    this.scratchWeight = new Float64Array(cap);
    this.scratchCalls = new Float64Array(cap);
  }

  private addNode(parent: number, func: number, depth: number, from: number, to: number): number {
    const node = this.cols.add(parent, func, depth);
    if (node >= this.rangeFrom.length) {
      this.rangeFrom = grown(this.rangeFrom);
      this.rangeTo = grown(this.rangeTo);
    }
    let total = 0;
    let calls = 0;
    for (let j = from; j < to; j++) {
      total += this.weight[j];
      calls += this.sampleCalls[j];
    }
    this.cols.total[node] = total;
    this.cols.calls[node] = calls;
    this.rangeFrom[node] = from;
    this.rangeTo[node] = to;
    return node;
  }
}
