/**
 * Whether every call's self time is exactly the rest of its duration: its duration minus the
 * durations of its children, all of them whole nanoseconds and none negative (call-table.ts
 * defines self so; the builder moves time between a call and its children in a few
 * repairs, so it is checked, never assumed).
 *
 * Then, in a call tree built without a mask, a path node's self (the sum of its calls' self
 * times) is its total minus its children's totals, exactly: its children are the paths of
 * its calls' children, and sums of whole numbers below 2^53 do not depend on their order.
 * A tree can then keep no self column (call-tree.ts): 8 bytes a node, a fifth of the tree
 * of a trace whose call paths rarely repeat (issue 13: 0.77 nodes a call at 25M calls).
 *
 * One pass over the calls in the topology's depth-first order with a stack of the open
 * ancestors and the durations of their children so far: O(n) time, O(depth) memory. It can
 * run in steps (SelfRestCheck.advance), as the worker builds ahead in idle time.
 */
import type { CallTable } from '../model/call-table';
import type { CallTopology } from './call-extent';
import { grown } from '../../lib/grown';

/** Sums of whole nanoseconds stay exact below this (every partial sum is below the grand total). */
const EXACT_SUM_LIMIT = Number.MAX_SAFE_INTEGER;

/** The check in steps: `advance` until it returns true, then `result`. */
export class SelfRestCheck {
  /** The answer, once known. */
  result: boolean | undefined;
  private k = 0;
  private stackCall = new Int32Array(64);
  private stackSum = new Float64Array(64);
  private sp = 0;
  private grand = 0;

  constructor(
    private readonly calls: CallTable,
    private readonly topology: CallTopology,
  ) {
    if (!topology.parentsFirst) this.result = false;
  }

  /** Goes through up to `budget` more calls; true once the answer is known. */
  advance(budget: number): boolean {
    if (this.result !== undefined) return true;
    const { parent, duration, self, length: n } = this.calls;
    const order = this.topology.order;
    let { stackCall, stackSum, sp, grand } = this;
    const stop = Math.min(n, this.k + budget);
    let ok = true;
    let k = this.k;
    for (; k < stop && ok; k++) {
      const i = order[k];
      const d = duration[i];
      const s = self[i];
      // (a negative self, children longer than their parent, is repaired by the loader: never here in practice)
      if (!Number.isInteger(d) || !Number.isInteger(s) || d < 0 || s < 0) {
        ok = false;
        break;
      }
      grand += (d < 0 ? -d : d) + (s < 0 ? -s : s);
      const p = parent[i];
      // Depth-first order: the parent is on the stack, above whatever has closed since.
      while (sp > 0 && stackCall[sp - 1] !== p) {
        const c = stackCall[--sp];
        if (duration[c] - self[c] !== stackSum[sp]) {
          ok = false;
          break;
        }
      }
      if (!ok) break;
      if (p >= 0 && p < n) {
        if (sp === 0) {
          ok = false; // not depth-first (cannot happen when parentsFirst)
          break;
        }
        stackSum[sp - 1] += d;
      }
      if (sp === stackCall.length) {
        stackCall = this.stackCall = grown(stackCall);
        stackSum = this.stackSum = grown(stackSum);
      }
      stackCall[sp] = i;
      stackSum[sp++] = 0;
    }
    if (ok && grand > EXACT_SUM_LIMIT) ok = false;
    if (ok && k === n) {
      // The calls still open close now.
      while (sp > 0) {
        const c = stackCall[--sp];
        if (duration[c] - self[c] !== stackSum[sp]) {
          ok = false;
          break;
        }
      }
      if (ok) this.result = true;
    }
    if (!ok) this.result = false;
    this.k = k;
    this.sp = sp;
    this.grand = grand;
    if (this.result !== undefined) {
      this.stackCall = new Int32Array(0);
      this.stackSum = new Float64Array(0);
    }
    return this.result !== undefined;
  }
}

/** True when self = duration − the children's durations for every call, all whole numbers, none negative (see the module comment). */
export function computeSelfIsRest(calls: CallTable, topology: CallTopology): boolean {
  const check = new SelfRestCheck(calls, topology);
  check.advance(Number.POSITIVE_INFINITY);
  return check.result!;
}
