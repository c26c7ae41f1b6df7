/**
 * Call tree rows whose time the trace does not have: EVERY call merged into the row lacks
 * a duration (it never returned before the trace ended, or the tracer records none).
 *
 * The core tree (core/query/call-tree.ts) counts such calls in `calls` but adds no time,
 * which is right for a row that also has timed calls (the sum of what is known), but makes
 * a row with no timed call at all read "0 ns", as if it took no time. The tree answers
 * send NaN for those rows instead, and the UI prints NaN as "—" (ui/format.ts).
 *
 * Kept beside the core tree rather than inside it: it is one O(calls) pass per tree (kept
 * with the tree: DerivedData.untimed), only the call tree answers need it, and the
 * inverted rows are resolved from the few untimed top-down nodes, so a trace where every
 * call returned pays almost nothing.
 */
import type { CallTree, CallTreeView, IndexIntoCallNodeTable, InvertedCallTree } from '../../core/query/call-tree';

export interface UntimedNodes {
  /** untimed[node] = 1 when no call of the top-down node has a duration. */
  flags: Uint8Array;
  /** The untimed top-down nodes by function id (task roots left out: inverted roots are functions). */
  byFunc: Map<number, number[]>;
}

/** The untimed nodes of a top-down tree. */
export function computeUntimedNodes(tree: CallTree): UntimedNodes {
  const m = tree.length;
  // Every call has a duration (most traces): no node is untimed, and the node of each call
  // (found again when first asked, for a tree built without it: CallTree.callNode) is not read.
  if (everyCallTimed(tree.model.calls.duration, tree.model.calls.length)) return { flags: new Uint8Array(m), byFunc: new Map() };
  const timed = new Uint8Array(m);
  const { callNode } = tree;
  const { duration } = tree.model.calls;
  for (let i = 0; i < callNode.length; i++) {
    const node = callNode[i];
    if (node >= 0 && !Number.isNaN(duration[i])) timed[node] = 1;
  }
  // A task root stands for its top-level calls: timed as soon as one of them is.
  for (let k = 0; k < m; k++) {
    const p = tree.parent[k];
    if (p >= 0 && tree.func[p] < 0 && timed[k]) timed[p] = 1;
  }
  const flags = new Uint8Array(m);
  const byFunc = new Map<number, number[]>();
  for (let k = 0; k < m; k++) {
    if (timed[k]) continue;
    flags[k] = 1;
    const f = tree.func[k];
    if (f < 0) continue;
    let list = byFunc.get(f);
    if (!list) byFunc.set(f, (list = []));
    list.push(k);
  }
  return { flags, byFunc };
}

function everyCallTimed(duration: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (Number.isNaN(duration[i])) return false;
  return true;
}

/**
 * Whether no call merged into `node` of `tree` (top-down or inverted) has a duration.
 * `untimed`: computeUntimedNodes of the top-down tree (the tree itself, or the base of the
 * inverted one).
 */
export function isUntimed(tree: CallTreeView, node: IndexIntoCallNodeTable, untimed: UntimedNodes): boolean {
  if (!tree.inverted) return untimed.flags[node] === 1;
  return invertedUntimed(tree as InvertedCallTree, node, untimed);
}

/**
 * An inverted row merges the top-down nodes of its function whose callers match the row's
 * path, and its `calls` is the sum of theirs. It is untimed when the untimed ones among
 * them already add up to all its calls (every top-down node has at least one call).
 */
function invertedUntimed(tree: InvertedCallTree, node: IndexIntoCallNodeTable, untimed: UntimedNodes): boolean {
  const base = tree.base;
  // Function ids from the row's own function (the root) out to its outermost caller.
  const funcs: number[] = [];
  for (let k = node; k >= 0; k = tree.parentOf(k)) funcs.push(tree.funcOf(k));
  funcs.reverse();
  const candidates = untimed.byFunc.get(funcs[0]);
  if (!candidates) return false;
  let untimedCalls = 0;
  for (const leaf of candidates) {
    let at = leaf;
    let j = 1;
    for (; j < funcs.length; j++) {
      at = base.parent[at];
      if (at < 0 || base.func[at] !== funcs[j]) break;
    }
    if (j === funcs.length) untimedCalls += base.calls[leaf];
  }
  const calls = tree.callsOf(node);
  return calls > 0 && untimedCalls >= calls;
}
