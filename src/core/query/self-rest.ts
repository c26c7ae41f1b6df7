/**
 * Whether every call's self time is exactly the rest of its duration: its duration minus the
 * durations of its children, all of them whole nanoseconds (call-table.ts defines self so;
 * the builder moves time between a call and its children in a few repairs, so it is checked,
 * never assumed).
 *
 * Then, in a call tree built without a mask, a path node's self (the sum of its calls' self
 * times) is its total minus its children's totals, exactly: its children are the paths of
 * its calls' children, and sums of whole numbers below 2^53 do not depend on their order.
 * A tree can then keep no self column (call-tree.ts): 8 bytes a node, a fifth of the tree
 * of a trace whose call paths rarely repeat (issue 13: 0.77 nodes a call at 25M calls).
 *
 * One pass over the calls in the topology's depth-first order with a stack of the open
 * ancestors and the durations of their children so far: O(n) time, O(depth) memory.
 */
import type { CallTable } from '../model/call-table';
import type { CallTopology } from './call-extent';

/** Sums of whole nanoseconds stay exact below this (every partial sum is below the grand total). */
const EXACT_SUM_LIMIT = Number.MAX_SAFE_INTEGER;

/** True when self = duration − the children's durations for every call, all whole numbers (see the module comment). */
export function computeSelfIsRest(calls: CallTable, topology: CallTopology): boolean {
  const n = calls.length;
  if (!topology.parentsFirst) return false;
  const { order } = topology;
  const { parent, duration, self } = calls;
  let stackCall = new Int32Array(64);
  let stackSum = new Float64Array(64);
  let sp = 0;
  let grand = 0;
  /** The call on top of the stack closes: its children's durations are all summed. */
  const closes = (): boolean => {
    sp--;
    const c = stackCall[sp];
    return duration[c] - self[c] === stackSum[sp];
  };
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const d = duration[i];
    const s = self[i];
    if (!Number.isInteger(d) || !Number.isInteger(s)) return false;
    grand += Math.abs(d) + Math.abs(s);
    if (grand > EXACT_SUM_LIMIT) return false;
    const p = parent[i];
    const hasParent = p >= 0 && p < n;
    // Depth-first order: the parent is on the stack, above whatever has closed since.
    while (sp > 0 && stackCall[sp - 1] !== p) if (!closes()) return false;
    if (hasParent) {
      if (sp === 0) return false; // not depth-first (cannot happen when parentsFirst)
      stackSum[sp - 1] += d;
    }
    if (sp === stackCall.length) {
      const calls2 = new Int32Array(sp * 2);
      calls2.set(stackCall);
      stackCall = calls2;
      const sums2 = new Float64Array(sp * 2);
      sums2.set(stackSum);
      stackSum = sums2;
    }
    stackCall[sp] = i;
    stackSum[sp] = 0;
    sp++;
  }
  while (sp > 0) if (!closes()) return false;
  return true;
}
