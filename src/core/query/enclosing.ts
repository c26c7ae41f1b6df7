/**
 * Where each call is entered from (hook-points.ts): its nearest entry call, an arch syscall
 * entry or an outermost interrupt frame, and its root call.
 *
 *  - computeEnclosing: one pass over every call, 5 bytes a call kept by the model's facts
 *    (ModelFacts.enclosing): what the hook candidates under a frame read, every call's.
 *  - entryFinder: the same answers for the calls asked about, walking up from each: what
 *    the Hook points of one function read (its calls, their entries and the entries'
 *    parents). Each such question made the whole pass afresh, 10 bytes a call of fresh memory.
 */
import { isArchSyscallEntry, isBareSyscallEntryCall, isBareSyscallName } from '../../lib/kernel-source';
import { grown } from '../../lib/grown';
import { interruptCallTest, outermostFrameCalls } from '../model/interrupt-mode';
import type { TraceModel } from '../model/tables';
import type { CallTopology } from './call-extent';
import type { ModelFacts } from './model-facts';

export interface Enclosing {
  /** Per call, its nearest entry call (itself when it is one), -1 when none encloses it. */
  entryCall: Int32Array;
  /** Per call, 1 for an outermost interrupt frame (core/model/interrupt-mode.ts). */
  isIrqEntry: Uint8Array;
  /** The outermost call above call `i` (itself at the top). */
  rootOf: (i: number) => number;
}

/**
 * Per call, its nearest entry call (or -1): an arch syscall entry, or an outermost
 * interrupt frame (core/model/interrupt-mode.ts), whichever is nearer; and its root call.
 * In the topology's order (parents first; a parent met after its child counts as absent).
 * Where every parent comes first, a call's root is found by walking up from it when asked
 * (what the pass does not need): not 4 bytes a call kept.
 */
export function computeEnclosing(model: TraceModel, topology: CallTopology): Enclosing {
  const { calls } = model;
  const n = calls.length;
  const { parent } = calls;
  const isSyscallEntry = syscallEntryTest(model);
  const isIrqEntry = outermostFrameCalls(model);
  const entryCall = new Int32Array(n).fill(-1);
  const { order, parentsFirst } = topology;
  // Broken input only: which calls the pass has met, and each one's root.
  const seen = parentsFirst ? undefined : new Uint8Array(n);
  const rootCall = parentsFirst ? undefined : new Int32Array(n).fill(-1);
  for (let k = 0; k < order.length; k++) {
    const c = order[k];
    const p = parent[c];
    const known = p >= 0 && (seen ? seen[p] === 1 : p < n);
    if (rootCall) rootCall[c] = known ? rootCall[p] : c;
    entryCall[c] = isSyscallEntry(c) || isIrqEntry[c] ? c : known ? entryCall[p] : -1;
    if (seen) seen[c] = 1;
  }
  const rootOf = rootCall ? (i: number) => rootCall[i] : rootByWalk(parent);
  return { entryCall, isIrqEntry, rootOf };
}

/** A call's outermost ancestor (itself at the top), walking up (parents first: no cycle). */
function rootByWalk(parent: Int32Array): (i: number) => number {
  const n = parent.length;
  return (i) => {
    let r = i;
    for (let p = parent[r]; p >= 0 && p < n; p = parent[p]) r = p;
    return r;
  };
}

/** Whether a call is a syscall entry: an arch wrapper wherever called, a bare `sys_*` by its caller (lib's isBareSyscallEntryCall). */
function syscallEntryTest(model: TraceModel): (call: number) => boolean {
  const { calls, strings } = model;
  const n = calls.length;
  const { parent, func } = calls;
  // 1: an arch entry wherever called; 2: a bare `sys_*`, an entry by its caller.
  const kind = new Uint8Array(strings.size + 1);
  for (let f = 0; f < strings.size; f++) {
    const name = strings.get(f);
    if (isArchSyscallEntry(name)) kind[f] = 1;
    else if (isBareSyscallName(name)) kind[f] = 2;
  }
  return (c) => {
    const k = kind[func[c]];
    if (k !== 2) return k === 1;
    const p = parent[c];
    return isBareSyscallEntryCall(strings.get(func[c]), p >= 0 && p < n ? strings.get(func[p]) : null);
  };
}

/**
 * computeEnclosing's answers for the calls asked about: what the Hook points of one function
 * read (its calls, their entries and the entries' parents).
 */
export interface EntryFinder {
  /** The call's nearest entry call (itself when it is one), -1 when none encloses it. */
  entryOf: (i: number) => number;
  /** Whether the call is an outermost interrupt frame. */
  isIrqEntry: (c: number) => boolean;
  /** The outermost call above the call (itself at the top). */
  rootOf: (i: number) => number;
}

/**
 * Where every parent comes first, each answer walks up from its call (the call's depth,
 * nothing kept: at 25.6M calls the pass is 128 MB); otherwise computeEnclosing's pass, which
 * the facts keep.
 */
export function entryFinder(facts: ModelFacts): EntryFinder {
  const topology = facts.topology();
  if (!topology.parentsFirst) {
    const { entryCall, isIrqEntry, rootOf } = facts.enclosing();
    return { entryOf: (i) => entryCall[i], isIrqEntry: (c) => isIrqEntry[c] === 1, rootOf };
  }
  const { model } = facts;
  const n = model.calls.length;
  const { parent } = model.calls;
  const isIrq = interruptCallTest(model);
  const isSyscallEntry = syscallEntryTest(model);
  // The call and its ancestors (nearest first), and whether each is an interrupt frame.
  let chain = new Int32Array(64);
  let irq = new Uint8Array(64);
  const climb = (i: number): number => {
    let len = 0;
    for (let c = i; c >= 0 && c < n; c = parent[c]) {
      if (len === chain.length) {
        chain = grown(chain);
        irq = grown(irq);
      }
      chain[len] = c;
      irq[len++] = isIrq(c) ? 1 : 0;
    }
    return len;
  };
  const isIrqEntry = (c: number): boolean => {
    if (!isIrq(c)) return false;
    for (let p = parent[c]; p >= 0 && p < n; p = parent[p]) if (isIrq(p)) return false;
    return true;
  };
  return {
    entryOf: (i) => {
      // The chain's first call is the call itself: a syscall entry is its own entry, with no
      // climb (the Hook points ask this of every call of their rows' entry functions).
      if (isSyscallEntry(i)) return i;
      const len = climb(i);
      // An interrupt frame is outermost when none is above it: the topmost of the chain's.
      let outermost = -1;
      for (let k = len - 1; k >= 0 && outermost < 0; k--) if (irq[k] === 1) outermost = k;
      for (let k = 0; k < len; k++) if (k === outermost || isSyscallEntry(chain[k])) return chain[k];
      return -1;
    },
    isIrqEntry,
    rootOf: rootByWalk(parent),
  };
}
