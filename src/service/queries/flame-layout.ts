/**
 * The flame graph layout of one window. Same geometry as core/query/flame-graph.ts
 * describes (the reference that lays out everything is test-utils/reference/flame-graph.ts): x0/x1 are fractions of the zoom root, children packed from their
 * parent's x0, a top-down node widened to the sum of its children when calls that never
 * returned leave its own total short. The difference: it never descends into a frame that
 * is narrower than `minWidth` or lies outside `window`, so the cost follows what is on
 * screen instead of the whole tree. That matters for the inverted tree, whose nodes are
 * built as they are expanded (expanding all of it on a 1M-call trace takes seconds), and
 * for deep zoom, where a tiny minWidth would otherwise lay out every node.
 *
 * Frames come out in pre-order (a parent before its children, siblings left to right), with
 * the index of their parent frame, so the main thread can rebuild a path of names.
 */
import { CallTree, type CallTreeView, type IndexIntoCallNodeTable } from '../../core/query/call-tree';
import { computeChildrenFit, computeLayoutWidths } from '../../core/query/flame-graph';

export interface LayoutOptions {
  /** Node drawn at depth 0 spanning [0, 1]; -1 = all roots side by side. */
  zoom: IndexIntoCallNodeTable;
  /** Frames narrower than this fraction are skipped with their subtree. */
  minWidth: number;
  /** Only frames overlapping [w0, w1] (closed) are laid out. */
  window: readonly [number, number];
  /** Sibling order: by name (flamegraph.pl) or by total, largest first. */
  order: 'name' | 'total';
}

export interface WindowLayout {
  length: number;
  node: Int32Array;
  depth: Uint32Array;
  /** Index of the parent frame, -1 at depth 0. */
  parent: Int32Array;
  x0: Float64Array;
  x1: Float64Array;
  /** What x = 0..1 stands for (ns): the zoom root's width, or the sum of the roots'. */
  span: number;
  maxDepth: number;
}

/** What the layout reads besides the tree, kept with the tree (DerivedData). */
export interface LayoutAids {
  /** Top-down tree: computeLayoutWidths (core/query/flame-graph.ts). */
  widths?: Float64Array;
  /**
   * Inverted tree: the children of a node (-1: the roots) in name order, filled as they are
   * sorted and reused by every pan. (The top-down tree keeps its own: CallTree.childrenByName.)
   */
  nameOrder?: Map<number, Int32Array>;
  /**
   * A top-down tree that is not a CallTree (core/query/lazy-call-tree.ts: the first flame
   * graph's, expanded where it is drawn): its name order, its totals the widths (it is used
   * only where computeChildrenFit holds).
   */
  named?: NamedChildren;
}

/** Roots and children in name order, then the whole tree's node numbering (CallTree.rootsByName / childrenByName). */
export interface NamedChildren {
  rootsByName(): Int32Array;
  childrenByName(node: IndexIntoCallNodeTable): Int32Array;
}

/** Lays out the window; `aids` left out are computed for this layout only. */
export function layoutWindow(tree: CallTreeView, o: LayoutOptions, aids: LayoutAids = {}): WindowLayout {
  const topDown = tree instanceof CallTree ? tree : undefined;
  const widths = topDown ? (aids.widths ?? computeLayoutWidths(topDown, computeChildrenFit(topDown.model.calls))) : undefined;
  const width = (k: number): number => (widths ? widths[k] : tree.totalOf(k));
  const named = topDown ?? aids.named;
  const nameOrder = named ? undefined : (aids.nameOrder ?? new Map<number, Int32Array>());
  const byNameOrTotal = (parent: number): Int32Array => {
    if (o.order === 'name' && named) return parent < 0 ? named.rootsByName() : named.childrenByName(parent);
    return sorted(parent < 0 ? tree.roots() : tree.children(parent), parent);
  };
  const sorted = (nodes: Int32Array, parent: number): Int32Array => {
    if (o.order === 'total' || nodes.length < 2 || !nameOrder) return nodes; // trees keep children by total
    let s = nameOrder.get(parent);
    if (!s) {
      const names = Array.from(nodes, (k) => tree.name(k));
      const idx = Array.from(nodes.keys()).sort((a, b) =>
        names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : nodes[a] - nodes[b],
      );
      s = Int32Array.from(idx, (i) => nodes[i]);
      nameOrder.set(parent, s);
    }
    return s;
  };
  const top = o.zoom >= 0 ? Int32Array.of(o.zoom) : byNameOrTotal(-1);
  let span = 0;
  for (const k of top) span += width(k);
  const [w0, w1] = o.window;
  const out = new Columns();
  if (span > 0) {
    // Explicit stack of (node, x0, depth, parent frame); rows pushed right to left so frames
    // come out left to right. A child too narrow or outside the window is never pushed.
    const sNode: number[] = [];
    const sX: number[] = [];
    const sDepth: number[] = [];
    const sParent: number[] = [];
    let keptNode = new Int32Array(256);
    let keptX = new Float64Array(256);
    const pushRow = (nodes: Int32Array, x: number, depth: number, parent: number): void => {
      if (keptNode.length < nodes.length) {
        keptNode = new Int32Array(nodes.length * 2);
        keptX = new Float64Array(nodes.length * 2);
      }
      let kept = 0;
      for (let j = 0; j < nodes.length; j++) {
        const k = nodes[j];
        const x0 = x;
        const wf = width(k) / span;
        x += wf;
        const x1 = Math.min(1, x0 + wf);
        if (!(wf > 0) || wf < o.minWidth || x1 < w0 || x0 > w1) continue;
        keptNode[kept] = k;
        keptX[kept++] = x0;
      }
      for (let j = kept - 1; j >= 0; j--) {
        sNode.push(keptNode[j]);
        sX.push(keptX[j]);
        sDepth.push(depth);
        sParent.push(parent);
      }
    };
    pushRow(top, 0, 0, -1);
    while (sNode.length > 0) {
      const k = sNode.pop()!;
      const x0 = sX.pop()!;
      const depth = sDepth.pop()!;
      const parent = sParent.pop()!;
      const x1 = Math.min(1, x0 + width(k) / span);
      const frame = out.push(k, depth, parent, x0, x1);
      pushRow(byNameOrTotal(k), x0, depth + 1, frame);
    }
  }
  return out.finish(span);
}

/** Growable typed columns. */
class Columns {
  length = 0;
  maxDepth = -1;
  node = new Int32Array(4096);
  depth = new Uint32Array(4096);
  parent = new Int32Array(4096);
  x0 = new Float64Array(4096);
  x1 = new Float64Array(4096);

  push(node: number, depth: number, parent: number, x0: number, x1: number): number {
    if (this.length === this.node.length) this.resize(this.length * 2);
    const i = this.length++;
    this.node[i] = node;
    this.depth[i] = depth;
    this.parent[i] = parent;
    this.x0[i] = x0;
    this.x1[i] = x1;
    if (depth > this.maxDepth) this.maxDepth = depth;
    return i;
  }

  finish(span: number): WindowLayout {
    this.resize(this.length);
    const { length, node, depth, parent, x0, x1, maxDepth } = this;
    return { length, node, depth, parent, x0, x1, span, maxDepth };
  }

  private resize(cap: number): void {
    const n = this.length;
    const grow = <T extends Int32Array | Uint32Array | Float64Array>(a: T, b: T): T => {
      b.set(a.subarray(0, n));
      return b;
    };
    this.node = grow(this.node, new Int32Array(cap));
    this.depth = grow(this.depth, new Uint32Array(cap));
    this.parent = grow(this.parent, new Int32Array(cap));
    this.x0 = grow(this.x0, new Float64Array(cap));
    this.x1 = grow(this.x1, new Float64Array(cap));
  }
}
