/**
 * A function's detail (callers-callees.ts: caller paths, callees, the duration histogram)
 * read from the calls themselves, without a call tree: the Functions view's detail panel
 * built the whole top-down tree for it, 3.2 s and 316 MB the first time at 6.4M calls (in
 * Node), and at 25.6M more than issue 13's memory target leaves. Here only the function's
 * calls, their ancestors and their children are visited. The answer is the tree's to the
 * bit (function-walk.test.ts holds it so):
 *
 *  - A node of the tree merges the calls of one path of function names, the mask's left-out
 *    calls passed through (CallTreeBuild: such a call's children hang where it would). The
 *    walk meets the function's calls in the topology's order (the search's index has each
 *    position's function) and gives each one's ancestors not met before their path nodes,
 *    outermost first, as the tree's one pass does: the function's nodes are made in the
 *    order of their first call, the tree's numbering, and their calls added in that order.
 *  - A callee is a child node of a node of the function: a call in the mask whose nearest
 *    ancestor in the mask is a call of the function. Its sums are whole numbers of ns (the
 *    trace's figures), so the order they are added in cannot change them.
 *  - A node's time is unknown (untimed.ts) when none of its calls has a duration; a callee's
 *    when none of its calls under the function has one.
 *
 * It needs a parents-first topology; broken input (a parent cycle) takes the tree.
 */
import { CallFlag } from '../model/call-table';
import type { CallMask } from './filter';
import type { TraceModel } from '../model/tables';
import type { ModelFacts } from './model-facts';
import { grown } from '../../lib/grown';
import { pairSlot } from '../../lib/pair-slot';
import { durationHistogramOf, rankCallees, rankCallerPaths, type Callee, type CallerPath, type FunctionDetail, type LoneCall } from './callers-callees';

/**
 * The detail (callers-callees.ts), with which of its rows have a time: a caller path's
 * node, and a callee, whose calls all lack a duration read "—" (untimed.ts), not 0.
 */
export interface WalkedFunctionDetail extends FunctionDetail {
  /** The function's nodes none of whose calls has a duration. */
  untimedNodes: Set<number>;
  /** The callees with at least one call under the function that has a duration. */
  timedCallees: Set<number>;
}

export interface FunctionWalkOptions {
  mask?: CallMask;
  /** Keep only this many caller paths, the heaviest (default: all). */
  maxPaths?: number;
  binsPerDecade?: number;
}

/**
 * Path nodes of the visited calls: a parent node and a function each, found by an open
 * hash of the two (a Map keyed by their product made a heap number of every key); and
 * whether a node of the function is at or above each (recursion).
 */
class PathNodes {
  parent = new Int32Array(256);
  func = new Int32Array(256);
  funcAtOrAbove = new Uint8Array(256);
  length = 0;
  private slots = new Int32Array(512).fill(-1);

  constructor(private readonly target: number) {}

  /** The node of function `f` under `at` (-1: the top level), made when new. */
  child(at: number, f: number): number {
    const mask = this.slots.length - 1;
    for (let s = pairSlot(at, f, mask); ; s = (s + 1) & mask) {
      const k = this.slots[s];
      if (k < 0) break;
      if (this.parent[k] === at && this.func[k] === f) return k;
    }
    const k = this.length++;
    if (k === this.parent.length) {
      this.parent = grown(this.parent);
      this.func = grown(this.func);
      this.funcAtOrAbove = grown(this.funcAtOrAbove);
    }
    this.parent[k] = at;
    this.func[k] = f;
    this.funcAtOrAbove[k] = f === this.target || (at >= 0 && this.funcAtOrAbove[at] === 1) ? 1 : 0;
    // At most half full: then a miss ends soon.
    if (this.length * 2 > this.slots.length) this.rehash();
    else this.place(k);
    return k;
  }

  private place(k: number): void {
    const mask = this.slots.length - 1;
    let s = pairSlot(this.parent[k], this.func[k], mask);
    while (this.slots[s] >= 0) s = (s + 1) & mask;
    this.slots[s] = k;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    for (let k = 0; k < this.length; k++) this.place(k);
  }
}

/** One node of the function: its sums, in the tree's order of adding. */
interface FuncNode {
  node: number;
  calls: number;
  total: number;
  self: number;
  timed: boolean;
  /** A node of the function above it (recursion): its time is inside that one's. */
  nested: boolean;
}

/**
 * The detail of function `func` under `options.mask`; null when the topology is not
 * parents-first (the caller builds the tree then). `calls` 0: no call of it in the mask.
 */
export function walkFunctionDetail(facts: ModelFacts, func: number, options: FunctionWalkOptions = {}): WalkedFunctionDetail | null {
  const topology = facts.topology();
  if (!topology.parentsFirst) return null;
  const model = facts.model;
  const calls = model.calls;
  const n = calls.length;
  const { parent, duration, self, flags } = calls;
  const { order, subtreeEnd } = topology;
  // No mask: every call is in view (`masked` false, the empty array never read).
  const mask = options.mask ?? new Uint8Array(0);
  const masked = options.mask !== undefined;

  const ids = calls.func;
  // The function of each position of the topology's order (the search's index).
  const funcAt = facts.sweepIndex().func;
  const nodes = new PathNodes(func);
  /** The function's nodes, in the order they were made (the tree's); and each one's, by node (-1: none). */
  const funcNodes: FuncNode[] = [];
  let funcNodeAt: Int32Array = new Int32Array(256).fill(-1);
  const callees = new Map<number, Callee>();
  const timedCallees = new Set<number>();
  const lone: LoneCall[] = [];
  /** The function's calls in the mask. */
  const own: number[] = [];
  // The calls open at the last call of the function (its ancestors and itself, outermost
  // first), each with the node its children hang under (-1: the top level; a call out of
  // the mask passes its parent's on).
  let stackCall = new Int32Array(64);
  let stackAt = new Int32Array(64);
  let sp = 0;
  let chain = new Int32Array(64);
  for (let q = 0; q < n; q++) {
    if (funcAt[q] !== func) continue;
    const i = order[q];
    if (masked && mask[i] !== 1) continue;
    own.push(i);
    // What is still open holds this call (a subtree is a range of the order): its nearest
    // open ancestor; the ancestors below that one are new (they come after every call
    // visited so far), and get their nodes outermost first, as the tree's one pass does.
    while (sp > 0 && subtreeEnd[stackCall[sp - 1]] <= q) sp--;
    const open = sp > 0 ? stackCall[sp - 1] : -1;
    let len = 0;
    for (let p = parent[i]; p >= 0 && p < n && p !== open; p = parent[p]) {
      if (len === chain.length) chain = grown(chain);
      chain[len++] = p;
    }
    if (sp + len + 1 > stackCall.length) {
      stackCall = grown(stackCall, sp + len + 1);
      stackAt = grown(stackAt, sp + len + 1);
    }
    while (len > 0) {
      const c = chain[--len];
      const at = sp > 0 ? stackAt[sp - 1] : -1;
      stackCall[sp] = c;
      stackAt[sp++] = masked && mask[c] !== 1 ? at : nodes.child(at, ids[c]);
    }
    const at = sp > 0 ? stackAt[sp - 1] : -1;
    const node = nodes.child(at, func);
    if (node >= funcNodeAt.length) funcNodeAt = grownFilled(funcNodeAt, node + 1);
    let fn: FuncNode;
    if (funcNodeAt[node] < 0) {
      funcNodeAt[node] = funcNodes.length;
      funcNodes.push((fn = { node, calls: 0, total: 0, self: 0, timed: false, nested: at >= 0 && nodes.funcAtOrAbove[at] === 1 }));
    } else fn = funcNodes[funcNodeAt[node]];
    fn.calls++;
    const d = duration[i];
    if (!Number.isNaN(d)) {
      fn.total += d;
      fn.timed = true;
    }
    const s = self[i];
    if (!Number.isNaN(s)) fn.self += s;
    if (at < 0 && flags[i] & CallFlag.NoDuration) lone.push({ call: i, node });
    stackCall[sp] = i;
    stackAt[sp++] = node;
    // Its callees: its children in the mask, through the children of those out of it.
    const end = subtreeEnd[i];
    for (let r = q + 1; r < end; ) {
      const c = order[r];
      if (masked && mask[c] !== 1) {
        r++;
        continue;
      }
      addCallee(callees, timedCallees, model, ids[c], duration[c], self[c]);
      r = subtreeEnd[c];
    }
  }

  let total = 0;
  let selfNs = 0;
  let count = 0;
  let nestedCalls = 0;
  const paths: CallerPath[] = [];
  const untimedNodes = new Set<number>();
  for (const fn of funcNodes) {
    count += fn.calls;
    selfNs += fn.self;
    if (fn.nested) nestedCalls += fn.calls;
    else total += fn.total;
    paths.push({ node: fn.node, path: [], source: 'tree', calls: fn.calls, totalNs: fn.total, selfNs: fn.self });
    if (!fn.timed) untimedNodes.add(fn.node);
  }
  const ranked = rankCallerPaths(model, paths, lone.sort((a, b) => a.call - b.call), options.maxPaths, (node) => namesAbove(nodes, model, node));
  return {
    func,
    name: model.strings.get(func),
    calls: count,
    totalNs: total,
    nestedCalls,
    selfNs,
    callerPaths: ranked.callerPaths,
    callerPathCount: ranked.callerPathCount,
    callees: rankCallees(callees.values()),
    histogram: durationHistogramOf(duration, Int32Array.from(own).sort(), options.binsPerDecade ?? 4),
    untimedNodes,
    timedCallees,
  };
}

function addCallee(callees: Map<number, Callee>, timed: Set<number>, model: TraceModel, f: number, d: number, s: number): void {
  let e = callees.get(f);
  // The name read once per callee, not once per call.
  if (!e) callees.set(f, (e = { func: f, name: model.strings.get(f), calls: 0, totalNs: 0, selfNs: 0 }));
  e.calls++;
  if (!Number.isNaN(d)) {
    e.totalNs += d;
    timed.add(f);
  }
  if (!Number.isNaN(s)) e.selfNs += s;
}

/** The names from the top of the node's path to its parent. */
function namesAbove(nodes: PathNodes, model: TraceModel, node: number): string[] {
  const out: string[] = [];
  for (let k = nodes.parent[node]; k >= 0; k = nodes.parent[k]) out.push(model.strings.get(nodes.func[k]));
  return out.reverse();
}

/** `column` made at least `atLeast` long, the new part -1. */
function grownFilled(column: Int32Array, atLeast: number): Int32Array {
  const out = grown(column, atLeast);
  out.fill(-1, column.length);
  return out;
}
