/**
 * Test code: the straightforward implementations the fast ones replaced, kept as the
 * reference their results must equal exactly (node numbers, orders, every float bit).
 *
 *  - `referenceTopology`: child lists and a depth-first walk (any table, cycles included).
 *  - `referenceTimes`: the three passes of computeCallTimes without shortcuts.
 *  - `referenceTree`: the aggregated top-down tree with a Map keyed by (parent node, func),
 *    every sibling list sorted by total (then name, then index) and by name (then index).
 *  - `ReferenceInverted`: the bottom-up tree with one object of sample arrays per node.
 *  - `referenceSearch`: the search counts call by call, ancestors first.
 *
 * Plus `modelWithCalls`, a model whose call table is written row by row, to make tables
 * the loader never produces (a parent after its child, a call that is its own parent,
 * parent cycles).
 */
import { CallTable } from '../../core/model/call-table';
import type { TraceModel } from '../../core/model/tables';
import { taskLabel } from '../../core/model/tables';
import type { CallTree } from '../../core/query/call-tree';
import type { CallMask } from '../../core/query/filter';

export interface ReferenceTopology {
  order: Uint32Array;
  depth: Uint32Array;
  maxDepth: number;
  /** Position in `order` just past each call's subtree. */
  subtreeEnd: Uint32Array;
  /** No call with a parent was started from as a root. */
  parentsFirst: boolean;
}

export function referenceTopology(calls: CallTable): ReferenceTopology {
  const n = calls.length;
  const parent = calls.parent;
  const kids: number[][] = Array.from({ length: n }, () => []);
  const roots: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = parent[i];
    if (p >= 0 && p < n && p !== i) kids[p].push(i);
    else roots.push(i);
  }
  const order: number[] = [];
  const depth = new Uint32Array(n);
  const seen = new Uint8Array(n);
  const size = new Uint32Array(n);
  let parentsFirst = true;
  const visit = (root: number, d0: number): void => {
    // Recursion would overflow on deep tables: an explicit stack of (call, child index).
    const stack: [number, number][] = [[root, 0]];
    seen[root] = 1;
    depth[root] = d0;
    order.push(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const [i, c] = top;
      if (c < kids[i].length) {
        top[1]++;
        const child = kids[i][c];
        if (seen[child]) continue;
        seen[child] = 1;
        depth[child] = depth[i] + 1;
        order.push(child);
        stack.push([child, 0]);
      } else {
        stack.pop();
        size[i] = 1;
        for (const child of kids[i]) if (depth[child] === depth[i] + 1 && seen[child]) size[i] += size[child];
      }
    }
  };
  for (const r of roots) visit(r, 0);
  for (let i = 0; i < n; i++) {
    if (seen[i]) continue;
    parentsFirst = false;
    visit(i, 0);
  }
  for (const r of roots) if (parent[r] === r) parentsFirst = false;
  const pos = new Uint32Array(n);
  order.forEach((call, k) => (pos[call] = k));
  const subtreeEnd = new Uint32Array(n);
  for (let i = 0; i < n; i++) subtreeEnd[i] = pos[i] + size[i];
  let maxDepth = -1;
  for (let i = 0; i < n; i++) if (depth[i] > maxDepth) maxDepth = depth[i];
  return { order: Uint32Array.from(order), depth, maxDepth, subtreeEnd, parentsFirst };
}

export function referenceTimes(model: TraceModel): { start: Float64Array; end: Float64Array; derived: Uint8Array; anyDerivedStart: boolean } {
  const calls = model.calls;
  const n = calls.length;
  const { parent, duration, task } = calls;
  const { order } = referenceTopology(calls);
  const derived = new Uint8Array(n);
  const len = new Float64Array(n);
  for (let k = n - 1; k >= 0; k--) {
    const i = order[k];
    const dur = duration[i];
    if (!Number.isNaN(dur)) {
      len[i] = dur;
      if (calls.flags[i] & 2) derived[i] |= 2; // did not return: the model's duration (rule 7)
    } else derived[i] |= 2;
    const p = parent[i];
    if (p >= 0 && p < n && Number.isNaN(duration[p])) len[p] += len[i];
  }
  const start = new Float64Array(n);
  const cursor = new Float64Array(n);
  const rootCursor = new Float64Array(model.tasks.length + 1);
  let anyDerivedStart = false;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const p = parent[i];
    let s = calls.start[i];
    const hasParent = p >= 0 && p < n;
    if (Number.isNaN(s)) {
      s = hasParent ? cursor[p] : rootCursor[task[i]] || 0;
      derived[i] |= 1;
      anyDerivedStart = true;
    }
    start[i] = s;
    cursor[i] = s;
    const after = s + len[i];
    if (hasParent) {
      if (after > cursor[p]) cursor[p] = after;
    } else if (after > rootCursor[task[i]]) {
      rootCursor[task[i]] = after;
    }
  }
  const end = cursor;
  end.fill(Number.NEGATIVE_INFINITY);
  for (let k = n - 1; k >= 0; k--) {
    const i = order[k];
    const dur = duration[i];
    let e: number;
    if (!Number.isNaN(dur)) e = start[i] + dur;
    else {
      e = start[i] + len[i];
      if (end[i] > e) e = end[i];
    }
    end[i] = e;
    const p = parent[i];
    if (p >= 0 && p < n && e > end[p]) end[p] = e;
  }
  return { start, end, derived, anyDerivedStart };
}

export interface ReferenceTree {
  length: number;
  parent: number[];
  func: number[];
  depth: number[];
  total: number[];
  self: number[];
  calls: number[];
  callNode: Int32Array;
  /** Roots and children by total descending, then name, then index. */
  roots: number[];
  children: number[][];
  /** Roots and children by name, then index. */
  rootsByName: number[];
  childrenByName: number[][];
}

function nodeName(model: TraceModel, func: number): string {
  return func >= 0 ? model.strings.get(func) : taskLabel(model.tasks[-1 - func]);
}

export function referenceTree(model: TraceModel, mask: CallMask | undefined, groupByTask: boolean): ReferenceTree {
  const calls = model.calls;
  const n = calls.length;
  const { parent, func, task, duration, self } = calls;
  const { order } = referenceTopology(calls);
  const t: ReferenceTree = {
    length: 0,
    parent: [],
    func: [],
    depth: [],
    total: [],
    self: [],
    calls: [],
    callNode: new Int32Array(n).fill(-1),
    roots: [],
    children: [],
    rootsByName: [],
    childrenByName: [],
  };
  const add = (p: number, f: number, d: number): number => {
    t.parent.push(p);
    t.func.push(f);
    t.depth.push(d);
    t.total.push(0);
    t.self.push(0);
    t.calls.push(0);
    return t.length++;
  };
  const attach = new Int32Array(n);
  const taskRoot = new Int32Array(model.tasks.length).fill(-1);
  const byKey = new Map<string, number>();
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const p = parent[i];
    let at = p >= 0 && p < n ? attach[p] : -1;
    if (mask && !mask[i]) {
      attach[i] = at;
      continue;
    }
    if (at < 0 && groupByTask) {
      const tk = task[i];
      at = taskRoot[tk];
      if (at < 0) at = taskRoot[tk] = add(-1, -1 - tk, 0);
    }
    const key = `${at}:${func[i]}`;
    let node = byKey.get(key);
    if (node === undefined) {
      node = add(at, func[i], at >= 0 ? t.depth[at] + 1 : 0);
      byKey.set(key, node);
    }
    attach[i] = node;
    t.callNode[i] = node;
    t.calls[node]++;
    if (!Number.isNaN(duration[i])) t.total[node] += duration[i];
    if (!Number.isNaN(self[i])) t.self[node] += self[i];
  }
  if (groupByTask) {
    for (let k = 0; k < t.length; k++) {
      const p = t.parent[k];
      if (p >= 0 && t.func[p] < 0) {
        t.total[p] += t.total[k];
        t.calls[p] += t.calls[k];
      }
    }
  }
  const names = t.func.map((f) => nodeName(model, f));
  const cmpName = (a: number, b: number): number => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0);
  const byTotal = (a: number, b: number): number => t.total[b] - t.total[a] || cmpName(a, b) || a - b;
  const byName = (a: number, b: number): number => cmpName(a, b) || a - b;
  t.children = Array.from({ length: t.length }, () => []);
  for (let k = 0; k < t.length; k++) {
    if (t.parent[k] >= 0) t.children[t.parent[k]].push(k);
    else t.roots.push(k);
  }
  t.childrenByName = t.children.map((c) => c.slice().sort(byName));
  t.children.forEach((c) => c.sort(byTotal));
  t.rootsByName = t.roots.slice().sort(byName);
  t.roots.sort(byTotal);
  return t;
}

interface Samples {
  at: Int32Array;
  weight: Float64Array;
  calls: Float64Array;
}

/** The bottom-up tree as it was: one object of sample arrays per node, groups in a Map. */
export class ReferenceInverted {
  parent: number[] = [];
  func: number[] = [];
  depth: number[] = [];
  total: number[] = [];
  self: number[] = [];
  calls: number[] = [];
  readonly rootList: number[];
  private readonly samples: (Samples | undefined)[] = [];
  private readonly kids: (number[] | undefined)[] = [];

  constructor(readonly base: CallTree) {
    const nFuncs = base.model.strings.size;
    const byFunc: number[][] = Array.from({ length: nFuncs }, () => []);
    for (let k = 0; k < base.length; k++) if (base.func[k] >= 0) byFunc[base.func[k]].push(k);
    const roots: number[] = [];
    for (let f = 0; f < nFuncs; f++) {
      if (byFunc[f].length === 0) continue;
      const at = Int32Array.from(byFunc[f]);
      const node = this.addNode(-1, f, 0, {
        at,
        weight: Float64Array.from(at, (k) => base.self[k]),
        calls: Float64Array.from(at, (k) => base.calls[k]),
      });
      this.self[node] = this.total[node];
      roots.push(node);
    }
    this.rootList = this.sortByTotal(roots);
  }

  get length(): number {
    return this.parent.length;
  }

  children(node: number): number[] {
    const cached = this.kids[node];
    if (cached) return cached;
    const s = this.samples[node];
    const base = this.base;
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
    const out: number[] = [];
    for (const [f, members] of groups) {
      out.push(
        this.addNode(node, f, this.depth[node] + 1, {
          at: Int32Array.from(members, (q) => base.parent[s!.at[q]]),
          weight: Float64Array.from(members, (q) => s!.weight[q]),
          calls: Float64Array.from(members, (q) => s!.calls[q]),
        }),
      );
    }
    this.kids[node] = this.sortByTotal(out);
    this.samples[node] = undefined;
    return this.kids[node];
  }

  private addNode(parent: number, func: number, depth: number, s: Samples): number {
    const node = this.parent.length;
    this.parent.push(parent);
    this.func.push(func);
    this.depth.push(depth);
    let total = 0;
    let calls = 0;
    for (let j = 0; j < s.at.length; j++) {
      total += s.weight[j];
      calls += s.calls[j];
    }
    this.total.push(total);
    this.self.push(0);
    this.calls.push(calls);
    this.samples[node] = s;
    return node;
  }

  private sortByTotal(nodes: number[]): number[] {
    const model = this.base.model;
    const name = (k: number): string => nodeName(model, this.func[k]);
    return nodes.sort((a, b) => this.total[b] - this.total[a] || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0) || a - b);
  }
}

export interface ReferenceSearch {
  calls: number;
  totalNs: number;
  outermostCalls: number;
  callsPerFunc: Uint32Array;
  /** Hits by task, each task's by (start, depth, index). */
  hits: Uint32Array;
  taskOffsets: Uint32Array;
}

/** The search counts for matchFunc[f] = 1, call by call (search.ts's module comment). */
export function referenceSearch(
  model: TraceModel,
  matchFunc: Uint8Array,
  mask: CallMask | undefined,
  known?: { topology: ReferenceTopology; start: Float64Array },
): ReferenceSearch {
  const calls = model.calls;
  const n = calls.length;
  const { func, task, duration, parent } = calls;
  const nTasks = model.tasks.length;
  const callsPerFunc = new Uint32Array(matchFunc.length);
  const taskOffsets = new Uint32Array(nTasks + 1);
  let count = 0;
  const inView = (i: number): boolean => matchFunc[func[i]] === 1 && (!mask || mask[i] === 1);
  for (let i = 0; i < n; i++) {
    if (!inView(i)) continue;
    count++;
    callsPerFunc[func[i]]++;
    taskOffsets[task[i] + 1]++;
  }
  for (let t = 0; t < nTasks; t++) taskOffsets[t + 1] += taskOffsets[t];
  const topo = known?.topology ?? referenceTopology(calls);
  const covering = new Uint8Array(n);
  let totalNs = 0;
  let outermost = 0;
  for (let k = 0; k < n; k++) {
    const i = topo.order[k];
    const p = parent[i];
    let covered = 0;
    if (p >= 0 && p < n) {
      covered = covering[p];
      if (!covered && inView(p) && !Number.isNaN(duration[p])) covered = 1;
    }
    covering[i] = covered;
    if (!covered && inView(i)) {
      outermost++;
      if (!Number.isNaN(duration[i])) totalNs += duration[i];
    }
  }
  const start = known?.start ?? referenceTimes(model).start;
  const depth = topo.depth;
  const byTask: number[][] = Array.from({ length: nTasks }, () => []);
  for (let i = 0; i < n; i++) if (inView(i)) byTask[task[i]].push(i);
  const hits: number[] = [];
  for (const seg of byTask) {
    seg.sort((a, b) => start[a] - start[b] || depth[a] - depth[b] || a - b);
    for (const i of seg) hits.push(i);
  }
  return { calls: count, totalNs, outermostCalls: outermost, callsPerFunc, hits: Uint32Array.from(hits), taskOffsets };
}

/** One row of `modelWithCalls`: [func name, parent, task, start, duration]. */
export type CallRow = [name: string, parent: number, task: number, start: number, duration: number];

/**
 * `base` (for its tasks and strings) with its call table replaced by `rows` as given,
 * parents included. Self times are the durations minus the children's known durations.
 */
export function modelWithCalls(base: TraceModel, rows: readonly CallRow[]): TraceModel {
  const table = new CallTable(rows.length);
  for (const [name, , task, start] of rows) table.add(base.strings.intern(name), -1, task, 0, 0, start, 0);
  rows.forEach(([, parent, , , duration], i) => {
    table.parent[i] = parent;
    table.duration[i] = duration;
    table.self[i] = duration;
  });
  rows.forEach(([, parent], i) => {
    if (parent >= 0 && parent < rows.length && parent !== i && !Number.isNaN(table.duration[i])) table.self[parent] -= table.duration[i];
  });
  return { ...base, calls: table, hasTimestamps: rows.some((r) => !Number.isNaN(r[3])) };
}

/** Models the reference tests run on: real traces of every shape, and hand-made tables. */
export const REFERENCE_TRACES = [
  '01-seed-curl-fgraph.report.txt.gz',
  '02-midstream-nc-fgraph.report.txt.gz',
  '03-systemwide-sched-irq.report.txt.gz',
  '04-tracefs-default.txt',
  '04-tracefs-funcgraph-abstime.txt',
  '04-tracefs-nofuncgraph-duration.txt',
  '04-tracefs-max-graph-depth-2.txt',
  '06-function-curl.report.txt.gz',
] as const;

/**
 * Hand-made: an orphan exit that adopts the calls before it (parent after child), calls
 * that never returned, calls without a start, a parent out of the table, a call that is
 * its own parent, and a parent cycle. Rows: [func, parent, task, start, duration].
 */
export const ODD_ROWS: readonly CallRow[] = [
  ['b', 2, 0, 11, 2], // adopted by the orphan x (row 2)
  ['c', 2, 0, 14, 1],
  ['x', -1, 0, 10, 10],
  ['y', -1, 0, 21, Number.NaN], // never returned
  ['z', 3, 0, 22, 3],
  ['x', 3, 0, 26, Number.NaN],
  ['b', 5, 0, Number.NaN, 1], // no start
  ['c', 5, 1, 30, 2],
  ['q', 99, 1, 40, 5], // parent out of the table
  ['b', 8, 1, 41, 1],
  ['s', 10, 1, 50, 4], // its own parent
  ['b', 10, 1, 51, 1],
  ['p', 13, 0, 60, 6], // p and r are each other's parent
  ['r', 12, 0, 61, 2],
  ['b', 13, 0, 62, 1],
  ['x', -1, 1, 70, 8],
  ['b', 15, 1, 71, 2],
  ['b', 15, 1, 74, 2],
];

/** The same without the broken rows (self parent, cycle): a table the loader could make. */
export const ADOPTION_ROWS: readonly CallRow[] = ODD_ROWS.slice(0, 10);
