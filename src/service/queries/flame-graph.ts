/**
 * The flame graph's question: the frames of the aggregated tree (by call path) in the asked
 * window, laid out by flame-layout.ts, which lays out only the frames in the window that
 * are wide enough, so an answer costs what is on screen, whatever the zoom. The tree, its
 * layout widths and name orders come from the model's DerivedData (built once per filter);
 * before the whole tree is built (after a load, in steps), the tree expanded only where the
 * answer reads it (DerivedData.lazyTopDown), where that gives the same answer.
 *
 * Every answer is plain data that crosses postMessage cheaply (structured-cloned): typed-
 * array columns, one row per frame, plus the names those frames use (frame-names.ts).
 */
import type { Nanoseconds } from '../../core/model/call-table';
import type { CallTreeView, IndexIntoCallNodeTable } from '../../core/query/call-tree';
import type { ViewFilter } from '../../core/query/filter';
import { untimedReason } from '../../core/export/empty-export';
import type { DerivedData } from '../derived/derived-data';
import { layoutWindow } from './flame-layout';
import { NameTable, type FrameNames } from './frame-names';

export interface FlameGraphRequest {
  filter: ViewFilter;
  /** Bottom-up (icicle of callers) instead of top-down. */
  inverted: boolean;
  /** One root per task (`comm-pid`) instead of all tasks merged. */
  groupByTask: boolean;
  /** Zoom root as names from the root; [] = every root side by side. */
  zoomPath: readonly string[];
  /** Frames narrower than this fraction of the zoom root are skipped (with their subtree). */
  minWidth: number;
  /** Only frames overlapping [x0, x1] (fractions of the zoom root) are sent; default [0, 1]. */
  window?: readonly [number, number];
}

export interface FlameGraphFrames extends FrameNames {
  length: number;
  /** Left and right edge, fractions of the zoom root's width (0..1). */
  x0: Float64Array;
  x1: Float64Array;
  /** Row: 0 = the zoom root (or the roots when not zoomed). */
  depth: Uint32Array;
  /** Index of the parent frame in these columns, -1 at depth 0. Frames are in pre-order. */
  parent: Int32Array;
  /** Index into `names`. */
  name: Int32Array;
  /** Model function id (-1 - task for a task root). */
  func: Int32Array;
  total: Float64Array;
  self: Float64Array;
  calls: Float64Array;
  maxDepth: number;
  /** Whether the whole zoom path exists in this tree. When not, the longest prefix found is the zoom root. */
  zoomNodeFound: boolean;
  /** How many names of the zoom path were found (the zoom root is zoomPath[0..found)). */
  zoomFound: number;
  /** Nanoseconds x = 0..1 stands for. */
  span: Nanoseconds;
  /** Sum of the roots' totals ("share of total"). */
  grandTotal: Nanoseconds;
  /** Total of the zoom root's parent ("share of parent" of depth 0), NaN when it has none. */
  rootParentTotal: Nanoseconds;
  /**
   * No frame although calls are in view: none of them has a duration (the function tracer
   * records none), so no frame has a width. The view says so instead of "no calls in view".
   */
  untimed: boolean;
  /**
   * When `untimed`, why the calls have no duration, in words (core empty-export.ts
   * untimedReason: the function tracer, or function_graph text with funcgraph-duration
   * off); '' otherwise. Blaming the function tracer for the second sends the reader to the
   * wrong option.
   */
  untimedReason: string;
}

/** The node at the longest prefix of `path` that exists, and how many names matched. */
export function findPrefix(tree: CallTreeView, path: readonly string[]): { node: IndexIntoCallNodeTable; found: number } {
  let candidates = tree.roots();
  let node = -1;
  let found = 0;
  for (const name of path) {
    let next = -1;
    for (let k = 0; k < candidates.length; k++) {
      if (tree.name(candidates[k]) === name) {
        next = candidates[k];
        break;
      }
    }
    if (next < 0) break;
    node = next;
    found++;
    candidates = tree.children(node);
  }
  return { node, found };
}

export function flameGraphFrames(derived: DerivedData, req: FlameGraphRequest): FlameGraphFrames {
  const key = { filter: req.filter, inverted: req.inverted, groupByTask: req.groupByTask };
  // Before the whole tree is built (after a load it is built ahead, in steps), the tree
  // expanded only where this answer reads it, where that gives the same answer.
  const lazy = derived.lazyTopDown(key);
  const tree = lazy ?? derived.tree(key);
  const { node: zoom, found } = findPrefix(tree, req.zoomPath);
  const minWidth = Number.isFinite(req.minWidth) && req.minWidth > 0 ? req.minWidth : 0;
  const [w0, w1] = req.window ?? [0, 1];
  // Top-down siblings by name, like flamegraph.pl (a function keeps its place as the
  // filters change); the inverted graph largest first, since its roots are "where the
  // self time went" and are read as a ranking.
  const aids = lazy ? { named: lazy } : req.inverted ? { nameOrder: derived.nameOrder(key) } : { widths: derived.layoutWidths(key) };
  const layout = layoutWindow(tree, { zoom, minWidth, window: [w0, w1], order: req.inverted ? 'total' : 'name' }, aids);
  const m = layout.length;
  const out = {
    x0: layout.x0,
    x1: layout.x1,
    depth: layout.depth,
    parent: layout.parent,
    name: new Int32Array(m),
    func: new Int32Array(m),
    total: new Float64Array(m),
    self: new Float64Array(m),
    calls: new Float64Array(m),
  };
  const table = new NameTable(derived);
  for (let r = 0; r < m; r++) {
    const node = layout.node[r];
    const f = tree.funcOf(node);
    out.func[r] = f;
    out.name[r] = table.id(f);
    out.total[r] = tree.totalOf(node);
    out.self[r] = tree.selfOf(node);
    out.calls[r] = tree.callsOf(node);
  }
  let grandTotal = 0;
  for (const root of tree.roots()) grandTotal += tree.totalOf(root);
  const up = zoom >= 0 ? tree.parentOf(zoom) : -1;
  const untimed = m === 0 && tree.roots().length > 0 && !(grandTotal > 0);
  return {
    length: m,
    ...out,
    ...table.finish(),
    maxDepth: layout.maxDepth,
    zoomNodeFound: found === req.zoomPath.length,
    zoomFound: found,
    span: layout.span,
    grandTotal,
    rootParentTotal: up >= 0 ? tree.totalOf(up) : Number.NaN,
    untimed,
    untimedReason: untimed ? untimedReason(derived.model.calls, derived.mask(req.filter)) : '',
  };
}

