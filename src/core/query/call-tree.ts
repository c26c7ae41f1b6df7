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
 * depth, total, self, calls; children are ranges of one array (`childOffsets`), each range
 * sorted by total descending (then by name). Parent nodes always have smaller indices than
 * their children.
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
 * Cost: building is O(n) over calls (plus sorting children, O(m log m) over nodes);
 * `roots`, `children` and `display` are O(1) for the normal tree (already built) and
 * O(size of the expanded node's sample set) for the inverted one.
 */
import type { Nanoseconds } from '../model/call-table';
import type { TraceModel } from '../model/tables';
import { taskLabel } from '../model/tables';
import { callTopology } from './call-extent';
import type { CallMask } from './filter';

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

/** Task id of a task root's func value, or -1 for a function. */
export function taskOfFunc(func: number): number {
  return func < 0 ? -1 - func : -1;
}

/** Growable node columns shared by both trees. */
class NodeColumns {
  length = 0;
  parent: Int32Array;
  func: Int32Array;
  depth: Uint32Array;
  total: Float64Array;
  self: Float64Array;
  calls: Float64Array;

  constructor(capacity = 256) {
    this.parent = new Int32Array(capacity);
    this.func = new Int32Array(capacity);
    this.depth = new Uint32Array(capacity);
    this.total = new Float64Array(capacity);
    this.self = new Float64Array(capacity);
    this.calls = new Float64Array(capacity);
  }

  add(parent: number, func: number, depth: number): number {
    if (this.length === this.parent.length) this.resize(this.length * 2);
    const i = this.length++;
    this.parent[i] = parent;
    this.func[i] = func;
    this.depth[i] = depth;
    return i;
  }

  trim(): void {
    this.resize(this.length);
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

abstract class TreeBase {
  protected readonly cols: NodeColumns;

  constructor(
    readonly model: TraceModel,
    readonly groupByTask: boolean,
    readonly mask: CallMask | undefined,
    cols: NodeColumns,
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
    return { name: this.name(node), total: c.total[node], self: c.self[node], calls: c.calls[node], depth: c.depth[node] };
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

  /** Sorts nodes in place by total descending, then name, then index. */
  protected sortByTotal(nodes: Int32Array): void {
    if (nodes.length < 2) return;
    const total = this.cols.total;
    nodes.sort((a, b) => total[b] - total[a] || compareStrings(this.name(a), this.name(b)) || a - b);
  }
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The top-down tree, fully built. */
export class CallTree extends TreeBase implements CallTreeView {
  readonly inverted = false;
  /** Path node of each call, -1 for masked-out calls. */
  readonly callNode: Int32Array;
  /** Children of node k: childList[childOffsets[k] .. childOffsets[k + 1]). */
  readonly childOffsets: Uint32Array;
  readonly childList: Int32Array;
  private readonly rootList: Int32Array;

  /** Use buildCallTree. */
  constructor(model: TraceModel, groupByTask: boolean, mask: CallMask | undefined, cols: NodeColumns, callNode: Int32Array) {
    super(model, groupByTask, mask, cols);
    this.callNode = callNode;
    const m = cols.length;
    const offsets = new Uint32Array(m + 1);
    let nRoots = 0;
    for (let k = 0; k < m; k++) {
      const p = cols.parent[k];
      if (p >= 0) offsets[p + 1]++;
      else nRoots++;
    }
    for (let k = 0; k < m; k++) offsets[k + 1] += offsets[k];
    const fill = offsets.slice(0, m);
    const list = new Int32Array(m - nRoots);
    const roots = new Int32Array(nRoots);
    let r = 0;
    for (let k = 0; k < m; k++) {
      const p = cols.parent[k];
      if (p >= 0) list[fill[p]++] = k;
      else roots[r++] = k;
    }
    for (let k = 0; k < m; k++) {
      if (offsets[k + 1] - offsets[k] > 1) this.sortByTotal(list.subarray(offsets[k], offsets[k + 1]));
    }
    this.sortByTotal(roots);
    this.childOffsets = offsets;
    this.childList = list;
    this.rootList = roots;
  }

  /** Number of nodes. */
  get length(): number {
    return this.cols.length;
  }
  get parent(): Int32Array {
    return this.cols.parent;
  }
  get func(): Int32Array {
    return this.cols.func;
  }
  get depth(): Uint32Array {
    return this.cols.depth;
  }
  get total(): Float64Array {
    return this.cols.total;
  }
  get self(): Float64Array {
    return this.cols.self;
  }
  get calls(): Float64Array {
    return this.cols.calls;
  }

  roots(): Int32Array {
    return this.rootList;
  }

  children(node: IndexIntoCallNodeTable): Int32Array {
    return this.childList.subarray(this.childOffsets[node], this.childOffsets[node + 1]);
  }
}

/** Builds the top-down tree, or the inverted one with `inverted: true`. */
export function buildCallTree(model: TraceModel, options: CallTreeOptions & { inverted: true }): InvertedCallTree;
export function buildCallTree(model: TraceModel, options?: CallTreeOptions & { inverted?: false }): CallTree;
export function buildCallTree(model: TraceModel, options?: CallTreeOptions): CallTreeView;
export function buildCallTree(model: TraceModel, options: CallTreeOptions = {}): CallTreeView {
  const tree = buildTopDown(model, options.mask, options.groupByTask ?? false);
  return options.inverted ? new InvertedCallTree(tree) : tree;
}

function buildTopDown(model: TraceModel, mask: CallMask | undefined, groupByTask: boolean): CallTree {
  const calls = model.calls;
  const n = calls.length;
  const { parent, func, task, duration, self } = calls;
  const { order } = callTopology(calls);
  const cols = new NodeColumns(1024);
  const callNode = new Int32Array(n).fill(-1);
  // attach[i]: the node under which the included children of call i hang (-1 = top level).
  const attach = new Int32Array(n);
  const taskRoot = new Int32Array(model.tasks.length).fill(-1);
  const F = model.strings.size + 1;
  const byKey = new Map<number, number>();
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const p = parent[i];
    let at = p >= 0 && p < n ? attach[p] : -1;
    if (mask && !mask[i]) {
      attach[i] = at;
      continue;
    }
    if (at < 0 && groupByTask) {
      const t = task[i];
      at = taskRoot[t];
      if (at < 0) at = taskRoot[t] = cols.add(-1, -1 - t, 0);
    }
    const key = (at + 1) * F + func[i];
    let node = byKey.get(key);
    if (node === undefined) {
      node = cols.add(at, func[i], at >= 0 ? cols.depth[at] + 1 : 0);
      byKey.set(key, node);
    }
    attach[i] = node;
    callNode[i] = node;
    cols.calls[node]++;
    const d = duration[i];
    if (!Number.isNaN(d)) cols.total[node] += d;
    const s = self[i];
    if (!Number.isNaN(s)) cols.self[node] += s;
  }
  if (groupByTask) {
    for (let k = 0; k < cols.length; k++) {
      const p = cols.parent[k];
      if (p >= 0 && cols.func[p] < 0) {
        cols.total[p] += cols.total[k];
        cols.calls[p] += cols.calls[k];
      }
    }
  }
  cols.trim();
  return new CallTree(model, groupByTask, mask, cols, callNode);
}

/** The samples behind one inverted node: top-down nodes at its caller depth, with weights. */
interface Samples {
  /** Top-down node reached by walking up from the leaf path node. */
  at: Int32Array;
  /** Self time of the leaf path node. */
  weight: Float64Array;
  /** Calls of the leaf path node. */
  calls: Float64Array;
}

/** The bottom-up tree over a top-down tree, expanded lazily (see the module comment). */
export class InvertedCallTree extends TreeBase implements CallTreeView {
  readonly inverted = true;
  private readonly rootList: Int32Array;
  private readonly samples: (Samples | undefined)[] = [];
  private readonly kids: (Int32Array | undefined)[] = [];

  constructor(readonly base: CallTree) {
    super(base.model, base.groupByTask, base.mask, new NodeColumns(256));
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
    const byFunc = new Int32Array(count[nFuncs]);
    for (let k = 0; k < m; k++) {
      const f = base.func[k];
      if (f >= 0) byFunc[fill[f]++] = k;
    }
    const roots: number[] = [];
    for (let f = 0; f < nFuncs; f++) {
      const from = count[f];
      const to = count[f + 1];
      if (from === to) continue;
      const at = byFunc.slice(from, to);
      const weight = new Float64Array(at.length);
      const calls = new Float64Array(at.length);
      for (let j = 0; j < at.length; j++) {
        weight[j] = base.self[at[j]];
        calls[j] = base.calls[at[j]];
      }
      const node = this.addNode(-1, f, 0, { at, weight, calls });
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
    const s = this.samples[node];
    const base = this.base;
    // Group the samples by the function of the caller of their current node.
    const groups = new Map<number, number[]>();
    if (s) {
      for (let j = 0; j < s.at.length; j++) {
        const up = base.parent[s.at[j]];
        if (up < 0) continue;
        const f = base.func[up];
        let g = groups.get(f);
        if (!g) groups.set(f, (g = []));
        g.push(j);
      }
    }
    const out = new Int32Array(groups.size);
    let r = 0;
    const depth = this.cols.depth[node] + 1;
    for (const [f, members] of groups) {
      const at = new Int32Array(members.length);
      const weight = new Float64Array(members.length);
      const calls = new Float64Array(members.length);
      for (let j = 0; j < members.length; j++) {
        const q = members[j];
        at[j] = base.parent[s!.at[q]];
        weight[j] = s!.weight[q];
        calls[j] = s!.calls[q];
      }
      out[r++] = this.addNode(node, f, depth, { at, weight, calls });
    }
    this.sortByTotal(out);
    this.kids[node] = out;
    this.samples[node] = undefined; // the children carry what is needed further down
    return out;
  }

  private addNode(parent: number, func: number, depth: number, s: Samples): number {
    const node = this.cols.add(parent, func, depth);
    let total = 0;
    let calls = 0;
    for (let j = 0; j < s.at.length; j++) {
      total += s.weight[j];
      calls += s.calls[j];
    }
    this.cols.total[node] = total;
    this.cols.calls[node] = calls;
    this.samples[node] = s;
    return node;
  }
}
