/**
 * The whole flame graph of a tree in one go, as the reference the service's windowed
 * layout (service/queries/flame-layout.ts) is checked against: the same geometry
 * (core/query/flame-graph.ts), every frame laid out, nothing skipped for the window.
 */
import { CallTree, type CallTreeView, type IndexIntoCallNodeTable } from '../../core/query/call-tree';
import { computeChildrenFit, computeLayoutWidths } from '../../core/query/flame-graph';
import type { Nanoseconds } from '../../core/model/call-table';

export interface FlameGraphOptions {
  /** Node drawn at depth 0 spanning [0, 1]; omitted or -1 = all roots side by side. */
  zoom?: IndexIntoCallNodeTable;
  /** Order of siblings: by name (default, like flamegraph.pl) or by total descending. */
  order?: 'name' | 'total';
  /** Frames narrower than this fraction of the zoom root are skipped (default 0). */
  minWidth?: number;
  /** Deepest relative depth to lay out (default: no limit). */
  maxDepth?: number;
}

export interface FlameGraphRects {
  length: number;
  /** Depth relative to the zoom root (0 = the zoom root, or the roots when not zoomed). */
  depth: Uint32Array;
  x0: Float64Array;
  x1: Float64Array;
  node: Int32Array;
  /** Nanoseconds that x = 0..1 stands for. */
  total: Nanoseconds;
  /** Largest depth in `depth` (-1 when empty). */
  maxDepth: number;
}

export function flameGraph(tree: CallTreeView, options: FlameGraphOptions = {}): FlameGraphRects {
  const order = options.order ?? 'name';
  const minWidth = options.minWidth ?? 0;
  const maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY;
  const widths = tree instanceof CallTree ? computeLayoutWidths(tree, computeChildrenFit(tree.model.calls)) : undefined;
  const width = (k: number): number => (widths ? widths[k] : tree.totalOf(k));
  const zoom = options.zoom ?? -1;

  // The top-down tree keeps a name order of its own.
  const topDown = order === 'name' && tree instanceof CallTree ? tree : undefined;
  const childrenOf = (parent: number): Int32Array => {
    if (topDown) return parent < 0 ? topDown.rootsByName() : topDown.childrenByName(parent);
    return sorted(parent < 0 ? tree.roots() : tree.children(parent));
  };
  const sorted = (nodes: Int32Array): Int32Array => {
    if (order === 'total' || nodes.length < 2) return nodes; // trees keep children by total
    const names = new Map<number, string>();
    for (const k of nodes) names.set(k, tree.name(k));
    return nodes.slice().sort((a, b) => {
      const na = names.get(a)!;
      const nb = names.get(b)!;
      return na < nb ? -1 : na > nb ? 1 : a - b;
    });
  };

  const top = zoom >= 0 ? Int32Array.of(zoom) : childrenOf(-1);
  let span = 0;
  for (const k of top) span += width(k);
  const out = new RectBuilder();
  if (span > 0) {
    // Explicit stack of (node, x0, depth); pushed in reverse so output is left to right.
    const stackNode: number[] = [];
    const stackX: number[] = [];
    const stackDepth: number[] = [];
    const pushRow = (nodes: Int32Array, x: number, depth: number): void => {
      const xs: number[] = [];
      for (const k of nodes) {
        xs.push(x);
        x += width(k) / span;
      }
      for (let j = nodes.length - 1; j >= 0; j--) {
        stackNode.push(nodes[j]);
        stackX.push(xs[j]);
        stackDepth.push(depth);
      }
    };
    pushRow(top, 0, 0);
    while (stackNode.length > 0) {
      const k = stackNode.pop()!;
      const x0 = stackX.pop()!;
      const depth = stackDepth.pop()!;
      const wf = width(k) / span;
      if (!(wf > 0) || wf < minWidth) continue;
      out.push(depth, x0, Math.min(1, x0 + wf), k);
      if (depth < maxDepth) pushRow(childrenOf(k), x0, depth + 1);
    }
  }
  return out.finish(span);
}

class RectBuilder {
  length = 0;
  depth = new Uint32Array(256);
  x0 = new Float64Array(256);
  x1 = new Float64Array(256);
  node = new Int32Array(256);
  maxDepth = -1;

  push(depth: number, x0: number, x1: number, node: number): void {
    if (this.length === this.node.length) this.grow(this.length * 2);
    const i = this.length++;
    this.depth[i] = depth;
    this.x0[i] = x0;
    this.x1[i] = x1;
    this.node[i] = node;
    if (depth > this.maxDepth) this.maxDepth = depth;
  }

  finish(total: number): FlameGraphRects {
    this.grow(this.length);
    return { length: this.length, depth: this.depth, x0: this.x0, x1: this.x1, node: this.node, total, maxDepth: this.maxDepth };
  }

  private grow(cap: number): void {
    const n = this.length;
    const d = new Uint32Array(cap);
    d.set(this.depth.subarray(0, n));
    this.depth = d;
    const a = new Float64Array(cap);
    a.set(this.x0.subarray(0, n));
    this.x0 = a;
    const b = new Float64Array(cap);
    b.set(this.x1.subarray(0, n));
    this.x1 = b;
    const c = new Int32Array(cap);
    c.set(this.node.subarray(0, n));
    this.node = c;
  }
}
