/**
 * The top-down call tree without a mask (call-tree.ts), expanded only where it is read:
 * what the first flame graph after a load draws (issue 13: at 5M calls the whole tree,
 * 3.84M nodes, took 1.1 s after `ready`, where the frames wide enough to draw are about 2%
 * of the nodes and 10% of the calls), the call tree's rows until the whole tree is built,
 * and, above the size where that is left out (service/load/build-ahead.ts), what both read.
 *
 * Each node keeps the positions of its calls in the topology's depth-first order
 * (call-extent.ts), ascending, as a range of one pool; expanding a node goes through its
 * calls' children (the next position, then from one child's subtree end to the next) and
 * groups them by function (a stable counting sort into the pool: groups in order of first
 * call), each group a new child; a node's children are consecutive node ids. Nothing is
 * allocated per node, its sorted child lists are kept in one pool too (the first answer runs
 * once, mostly before the engine optimizes it: per-node arrays made it several times slower).
 * The figures are those of the whole tree, exactly:
 *
 *  - total: the durations of a node's calls added in that same order (CallTreeBuild adds
 *    them so), NaN ones skipped; calls: their count;
 *  - self: their self times added in that order, NaN ones skipped. The whole tree does so,
 *    or, when it left its self column out (self-rest.ts: every self the whole-number rest
 *    of its duration, every sum exact), takes total minus the children's totals, which is
 *    then the same number;
 *  - a task root (`groupByTask`): the sums of its children's totals and calls in the order
 *    the whole tree numbers them (first met in the depth-first order), self 0;
 *  - untimed (untimedOf): none of its calls has a duration, what the call tree's rows read
 *    from the whole tree's untimed nodes (service/queries/untimed.ts);
 *  - sibling order: TreeBase's (call-tree.ts), by name with integer name ranks, ties by node
 *    id: siblings are made together in order of their first call, the whole tree's numbering.
 *
 * It needs a topology whose order puts parents first (`parentsFirst`); broken input where
 * it does not, a mask, and an inverted tree are built whole (DerivedData decides).
 */
import { NodeColumns, TreeBase, type CallTreeView, type IndexIntoCallNodeTable } from './call-tree';
import { taskLabel } from '../model/tables';
import type { CallTopology } from './call-extent';
import type { ModelFacts } from './model-facts';
import { grown } from '../../lib/grown';

export class LazyCallTree extends TreeBase implements CallTreeView {
  readonly inverted = false;
  private readonly topology: CallTopology;
  // Node columns beside TreeBase's (parent, func, depth, total, self, calls), grown with them (add()).
  /**
   * The node's range of `pool`: a function node's calls' positions; a task root's, the
   * positions of the task's top-level calls, which its children group.
   */
  private posFrom = new Uint32Array(1024);
  private posTo = new Uint32Array(1024);
  /** The node's first child (its children are consecutive), -1 until it is expanded; and how many. */
  private kidFrom = new Int32Array(1024);
  private kidCount = new Int32Array(1024);
  /** 1 when at least one of the node's calls has a duration (untimedOf). */
  private timed = new Uint8Array(1024);
  /**
   * Every call's position is put in it once at most (when its parent's node is expanded),
   * so it is made as long as the calls and never grows: doubling it mid-answer stalled a
   * zoom at 25.6M calls. Pages never written are not memory the tab holds.
   */
  private readonly pool: Uint32Array;
  private poolLength = 0;
  /**
   * The node's children sorted by total and by name, each list kept in `sorted` from these
   * offsets (-1 until first asked): one pool, not an array and a map entry per node, which
   * held more than the tree itself and stalled on rehashing past a million nodes.
   */
  private byTotalAt = new Int32Array(1024);
  private byNameAt = new Int32Array(1024);
  private sorted = new Int32Array(4096);
  private sortedLength = 0;
  private readonly rootList: Int32Array;
  private readonly rootsNameOrder: Int32Array;
  // Scratch of group(): the group of each function (-1 otherwise), each group's function,
  // size and fill point, each position's group; the positions being grouped.
  private readonly groupOf: Int32Array;
  private readonly groupFunc: Int32Array;
  private readonly groupSize: Int32Array;
  private readonly groupNext: Int32Array;
  /** Each group's sums, added as its calls are met (ascending positions: the whole tree's order). */
  private readonly groupTotal: Float64Array;
  private readonly groupSelf: Float64Array;
  private readonly groupTimed: Uint8Array;
  private groupIx = new Int32Array(1024);
  private scratchPos = new Uint32Array(1024);

  constructor(facts: ModelFacts, groupByTask: boolean) {
    super(facts.model, groupByTask, undefined, new NodeColumns(1024), facts.nameRanks());
    this.topology = facts.topology();
    if (!this.topology.parentsFirst) throw new Error('LazyCallTree needs a topology with parents first');
    const nFuncs = this.model.strings.size;
    this.groupOf = new Int32Array(nFuncs).fill(-1);
    this.groupFunc = new Int32Array(nFuncs);
    this.groupSize = new Int32Array(nFuncs);
    this.groupNext = new Int32Array(nFuncs);
    this.groupTotal = new Float64Array(nFuncs);
    this.groupSelf = new Float64Array(nFuncs);
    this.groupTimed = new Uint8Array(nFuncs);
    const { order, subtreeEnd } = this.topology;
    const n = order.length;
    this.pool = new Uint32Array(n);
    // The top-level calls: from one's subtree end to the next.
    let count = 0;
    for (let c = 0; c < n; c = subtreeEnd[order[c]]) {
      if (count === this.scratchPos.length) this.scratchPos = grown(this.scratchPos);
      this.scratchPos[count++] = c;
    }
    let roots: Int32Array;
    if (groupByTask) roots = this.taskRoots(count);
    else {
      const from = this.group(-1, count);
      roots = Int32Array.from({ length: this.length - from }, (_, j) => from + j);
    }
    this.rootList = roots.slice();
    this.sortByTotal(this.rootList);
    this.rootsNameOrder = roots.slice();
    this.sortByName(this.rootsNameOrder);
  }

  /** Nodes made so far (a node is made when its parent is expanded; the roots at once). */
  get length(): number {
    return this.cols.length;
  }

  /** Bytes held (the node columns and the pool), for the memo's budget. */
  bytes(): number {
    // 32 bytes a node in NodeColumns, 25 in this tree's own columns.
    return this.cols.parent.length * 57 + this.poolLength * 4 + this.sorted.byteLength;
  }

  /**
   * Whether no call merged into `node` has a duration (the call tree shows its time as
   * unknown, not 0: service/queries/untimed.ts); a task root, when none of its top-level
   * calls has one.
   */
  untimedOf(node: IndexIntoCallNodeTable): boolean {
    return this.timed[node] === 0;
  }

  /**
   * The path of names of the node of `call` (the whole tree's `pathOf(nodeOfCall(call))`),
   * expanding nothing: a node merges the calls of one path of functions, so it is its task's
   * root, then its ancestors' functions from the top. [] for an index that is no call.
   */
  pathOfCall(call: number): string[] {
    const { parent, func, task, length: n } = this.model.calls;
    if (!(call >= 0 && call < n)) return [];
    const out: string[] = [];
    for (let c = call; c >= 0 && c < n; c = parent[c]) out.push(this.model.strings.get(func[c]));
    if (this.groupByTask) out.push(taskLabel(this.model.tasks[task[call]]));
    return out.reverse();
  }

  /**
   * The call of `node` that starts first by `start`, the lowest index among equals (a
   * function node's calls; -1 for a task root, which stands for no call of its own).
   */
  earliestCall(node: IndexIntoCallNodeTable, start: Float64Array): number {
    if (this.cols.func[node] < 0) return -1;
    const { order } = this.topology;
    let best = -1;
    for (let q = this.posFrom[node]; q < this.posTo[node]; q++) {
      const i = order[this.pool[q]];
      if (best < 0 || start[i] < start[best] || (start[i] === start[best] && i < best)) best = i;
    }
    return best;
  }

  /**
   * The calls merged into `node` (the whole tree's calls whose callNode is it), ascending
   * in the topology's order; none for a task root, which stands for no call of its own.
   */
  callIndexesOf(node: IndexIntoCallNodeTable): Uint32Array {
    if (this.cols.func[node] < 0) return new Uint32Array(0);
    const { order } = this.topology;
    const from = this.posFrom[node];
    const out = new Uint32Array(this.posTo[node] - from);
    for (let j = 0; j < out.length; j++) out[j] = order[this.pool[from + j]];
    return out;
  }

  roots(): Int32Array {
    return this.rootList;
  }

  rootsByName(): Int32Array {
    return this.rootsNameOrder;
  }

  /** Children by total descending, then name, then the whole tree's numbering (CallTree.children). */
  children(node: IndexIntoCallNodeTable): Int32Array {
    let at = this.byTotalAt[node];
    // Sorted first, then stored: expanding may grow (replace) the column being written.
    if (at < 0) this.byTotalAt[node] = at = this.keepSorted(node, false);
    return this.sorted.subarray(at, at + this.kidCount[node]);
  }

  /** Children by name, then the whole tree's numbering (CallTree.childrenByName). */
  childrenByName(node: IndexIntoCallNodeTable): Int32Array {
    let at = this.byNameAt[node];
    if (at < 0) this.byNameAt[node] = at = this.keepSorted(node, true);
    return this.sorted.subarray(at, at + this.kidCount[node]);
  }

  /**
   * The children of `node` (expanded first) sorted by name or by total, appended to `sorted`;
   * returns their offset. A list once written never changes, so a view handed out before
   * `sorted` grew still reads it.
   */
  private keepSorted(node: IndexIntoCallNodeTable, byName: boolean): number {
    const out = this.kids(node);
    if (byName) this.sortByName(out);
    else this.sortByTotal(out);
    if (this.sorted.length < this.sortedLength + out.length) this.sorted = grown(this.sorted, this.sortedLength + out.length);
    const at = this.sortedLength;
    this.sorted.set(out, at);
    this.sortedLength += out.length;
    return at;
  }

  childCount(node: IndexIntoCallNodeTable): number {
    this.expand(node);
    return this.kidCount[node];
  }

  /** A new array of the children of `node` (expanded first), in the order they were made. */
  private kids(node: IndexIntoCallNodeTable): Int32Array {
    this.expand(node);
    const from = this.kidFrom[node];
    const out = new Int32Array(this.kidCount[node]);
    for (let j = 0; j < out.length; j++) out[j] = from + j;
    return out;
  }

  /** Makes the children of a function node from its calls' children (a task root's were made with it). */
  private expand(node: IndexIntoCallNodeTable): void {
    if (this.kidFrom[node] >= 0) return;
    const { order, subtreeEnd } = this.topology;
    let count = 0;
    let scratch = this.scratchPos;
    const to = this.posTo[node];
    for (let q = this.posFrom[node]; q < to; q++) {
      const k = this.pool[q];
      const end = subtreeEnd[order[k]];
      for (let c = k + 1; c < end; c = subtreeEnd[order[c]]) {
        if (count === scratch.length) scratch = this.scratchPos = grown(scratch);
        scratch[count++] = c;
      }
    }
    const from = this.group(node, count);
    this.kidFrom[node] = from;
    this.kidCount[node] = this.length - from;
  }

  /** One node per task with top-level calls (scratchPos[0, count)), its children made at once (its sums are theirs). */
  private taskRoots(count: number): Int32Array {
    const { order } = this.topology;
    const task = this.model.calls.task;
    const top = this.scratchPos.slice(0, count);
    // The top-level calls of each task, in order (a counting sort by task).
    const nTasks = this.model.tasks.length;
    const start = new Int32Array(nTasks + 1);
    for (let j = 0; j < count; j++) start[task[order[top[j]]] + 1]++;
    for (let t = 0; t < nTasks; t++) start[t + 1] += start[t];
    const fill = start.slice(0, nTasks);
    const byTask = new Uint32Array(count);
    for (let j = 0; j < count; j++) byTask[fill[task[order[top[j]]]]++] = top[j];
    // Task roots in order of their first top-level call: the whole tree's numbering.
    const tasks: number[] = [];
    for (let t = 0; t < nTasks; t++) if (start[t + 1] > start[t]) tasks.push(t);
    tasks.sort((a, b) => byTask[start[a]] - byTask[start[b]]);
    const roots = new Int32Array(tasks.length);
    for (let r = 0; r < tasks.length; r++) {
      const t = tasks[r];
      const size = start[t + 1] - start[t];
      const node = this.add(-1, -1 - t);
      this.scratchPos.set(byTask.subarray(start[t], start[t + 1]));
      const from = this.group(node, size);
      this.kidFrom[node] = from;
      this.kidCount[node] = this.length - from;
      // The whole tree adds its children's sums in its numbering (first call first): the order they were made in.
      let total = 0;
      let calls = 0;
      let timed = 0;
      const cols = this.cols;
      for (let k = from; k < cols.length; k++) {
        total += cols.total[k];
        calls += cols.calls[k];
        timed |= this.timed[k];
      }
      cols.total[node] = total;
      cols.calls[node] = calls;
      this.timed[node] = timed;
      roots[r] = node;
    }
    return roots;
  }

  /**
   * Groups the calls at scratchPos[0, count) (ascending positions) by function into new
   * children of `parent` (consecutive nodes, made in order of their first call), with their
   * positions and sums; returns the first of them.
   */
  private group(parent: number, count: number): number {
    const { order } = this.topology;
    const { func, duration, self } = this.model.calls;
    const { groupOf, groupFunc, groupSize, groupNext, groupTotal, groupSelf, groupTimed } = this;
    const pos = this.scratchPos;
    if (this.groupIx.length < count) this.groupIx = new Int32Array(Math.max(count, this.groupIx.length * 2));
    const groupIx = this.groupIx;
    let groups = 0;
    // One pass reads each call's function and figures (a call is read once, not again per group).
    for (let j = 0; j < count; j++) {
      const i = order[pos[j]];
      const f = func[i];
      let g = groupOf[f];
      if (g < 0) {
        g = groupOf[f] = groups++;
        groupFunc[g] = f;
        groupSize[g] = 0;
        groupTotal[g] = 0;
        groupSelf[g] = 0;
        groupTimed[g] = 0;
      }
      groupSize[g]++;
      groupIx[j] = g;
      const d = duration[i];
      if (!Number.isNaN(d)) {
        groupTotal[g] += d;
        groupTimed[g] = 1;
      }
      const si = self[i];
      if (!Number.isNaN(si)) groupSelf[g] += si;
    }
    // Each group's range of the pool, filled in order (so each stays ascending).
    if (this.poolLength + count > this.pool.length) throw new Error('LazyCallTree: a call was grouped twice');
    const pool = this.pool;
    const base = this.poolLength;
    let at = base;
    for (let g = 0; g < groups; g++) {
      groupOf[groupFunc[g]] = -1;
      groupNext[g] = at;
      at += groupSize[g];
    }
    this.poolLength = at;
    for (let j = 0; j < count; j++) pool[groupNext[groupIx[j]]++] = pos[j];
    const first = this.length;
    let q = base;
    for (let g = 0; g < groups; g++) {
      const node = this.add(parent, groupFunc[g]);
      this.posFrom[node] = q;
      q += groupSize[g];
      this.posTo[node] = q;
      // Added in ascending positions, as CallTreeBuild adds them.
      this.cols.total[node] = groupTotal[g];
      this.cols.self[node] = groupSelf[g];
      this.timed[node] = groupTimed[g];
      this.cols.calls[node] = groupSize[g];
    }
    return first;
  }

  private add(parent: number, func: number): number {
    const cols = this.cols;
    const node = cols.add(parent, func, parent >= 0 ? cols.depth[parent] + 1 : 0);
    // NodeColumns grows its own; this tree's columns follow.
    if (this.kidFrom.length < cols.parent.length) this.grow(cols.parent.length);
    cols.total[node] = 0;
    cols.self[node] = 0;
    cols.calls[node] = 0;
    this.kidFrom[node] = -1;
    this.kidCount[node] = 0;
    this.timed[node] = 0;
    this.byTotalAt[node] = -1;
    this.byNameAt[node] = -1;
    return node;
  }

  private grow(atLeast: number): void {
    this.posFrom = grown(this.posFrom, atLeast);
    this.posTo = grown(this.posTo, atLeast);
    this.kidFrom = grown(this.kidFrom, atLeast);
    this.kidCount = grown(this.kidCount, atLeast);
    this.timed = grown(this.timed, atLeast);
    this.byTotalAt = grown(this.byTotalAt, atLeast);
    this.byNameAt = grown(this.byNameAt, atLeast);
  }
}
