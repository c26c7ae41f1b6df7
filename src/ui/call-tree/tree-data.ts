/**
 * The main thread's copy of the part of one call tree the user has opened: the roots, the
 * children of every row expanded so far (fetched lazily from the worker and kept), and
 * which rows are expanded. One `TreeData` per tree key (filter, inverted, task roots), a
 * few kept (so flipping "Inverted" back and forth keeps what was open), all dropped when
 * another trace loads.
 *
 * Rows are asked for by their path of names (see service/queries/tree.ts); a node here is
 * a plain object that knows its parent, so its path is a walk up.
 */
import { MAX_SUBTREE_ROWS } from '../../lib/limits';
import { fetchTreeLevels, fetchTreeSubtree, type TreeKey, type TreeRows } from '../../state/tree-queries';

export interface TreeNode {
  /** Unique per TreeData (React key, DOM id). */
  id: number;
  name: string;
  /** Function id (for search marks), -1 - task for a task root. */
  func: number;
  isTask: boolean;
  total: number;
  self: number;
  calls: number;
  childCount: number;
  /** 0 for a root. */
  depth: number;
  parent: TreeNode | null;
  /** Loaded children, null until fetched. */
  children: TreeNode[] | null;
}

export type Listener = () => void;

export class TreeData {
  roots: TreeNode[] | null = null;
  rootTotal = 0;
  readonly expanded = new Set<TreeNode>();
  error: string | null = null;
  /** Bumped on every change (useSyncExternalStore snapshot). */
  version = 0;
  private nextId = 1;
  private readonly listeners = new Set<Listener>();
  private rootsPromise: Promise<void> | null = null;
  private readonly pending = new Map<TreeNode, Promise<void>>();

  constructor(readonly key: TreeKey) {}

  subscribe = (l: Listener): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  getVersion = (): number => this.version;

  private changed(): void {
    this.version++;
    for (const l of this.listeners) l();
  }

  private fail(err: unknown): void {
    this.error = err instanceof Error ? err.message : String(err);
    this.changed();
  }

  /** Turns a level of worker rows into nodes under `parent`. */
  private nodesOf(rows: TreeRows, parent: TreeNode | null): TreeNode[] {
    const out = new Array<TreeNode>(rows.name.length);
    const depth = parent ? parent.depth + 1 : 0;
    for (let k = 0; k < rows.name.length; k++) {
      out[k] = {
        id: this.nextId++,
        name: rows.names[rows.name[k]],
        func: rows.func[k],
        isTask: rows.isTask[k] === 1,
        total: rows.total[k],
        self: rows.self[k],
        calls: rows.calls[k],
        childCount: rows.childCount[k],
        depth,
        parent,
        children: null,
      };
    }
    return out;
  }

  loadRoots(): Promise<void> {
    this.rootsPromise ??= fetchTreeLevels(this.key, [[]])
      .then((answer) => {
        if (!answer) return;
        this.rootTotal = answer.rootTotal;
        this.roots = answer.levels[0] ? this.nodesOf(answer.levels[0], null) : [];
        this.changed();
      })
      .catch((err) => this.fail(err));
    return this.rootsPromise;
  }

  /** Fetches the children of `node` (once). */
  loadChildren(node: TreeNode): Promise<void> {
    if (node.children || node.childCount === 0) return Promise.resolve();
    let p = this.pending.get(node);
    if (!p) {
      p = fetchTreeLevels(this.key, [pathOf(node)])
        .then((answer) => {
          const level = answer?.levels[0];
          if (level && !node.children) node.children = this.nodesOf(level, node);
          else if (answer && !level) node.children = []; // the worker does not know this path any more
        })
        .catch((err) => this.fail(err))
        .finally(() => this.pending.delete(node));
      this.pending.set(node, p);
    }
    return p;
  }

  async expand(node: TreeNode): Promise<void> {
    if (node.childCount === 0) return;
    await this.loadChildren(node);
    if (!node.children?.length) return;
    this.expanded.add(node);
    this.changed();
  }

  collapse(node: TreeNode): void {
    if (this.expanded.delete(node)) this.changed();
  }

  isExpanded(node: TreeNode): boolean {
    return this.expanded.has(node);
  }

  /**
   * Expands `node` and everything under it, breadth first, up to MAX_SUBTREE_ROWS rows in one
   * request. Rows already loaded keep their node objects; only missing levels are added.
   * Resolves false when the cap stopped it before the whole subtree was open.
   */
  async expandSubtree(node: TreeNode, cap = MAX_SUBTREE_ROWS): Promise<boolean> {
    const answer = await fetchTreeSubtree(this.key, pathOf(node), cap).catch((err) => {
      this.fail(err);
      return null;
    });
    if (!answer || !answer.found) return false;
    // Answer row r → its node here; rows arrive breadth first, parents before children.
    const nodeOf = new Array<TreeNode>(answer.name.length);
    const byParent = new Map<number, number[]>();
    for (let r = 0; r < answer.name.length; r++) {
      const p = answer.parent[r];
      let list = byParent.get(p);
      if (!list) byParent.set(p, (list = []));
      list.push(r);
    }
    const attach = (parentNode: TreeNode, parentRow: number) => {
      const rows = byParent.get(parentRow);
      if (!rows) return;
      if (!parentNode.children) {
        const level = sliceRows(answer, rows);
        parentNode.children = this.nodesOf(level, parentNode);
      }
      // Match answer rows to existing children by name (a sibling's names are distinct).
      const byName = new Map(parentNode.children.map((c) => [c.name, c]));
      for (const r of rows) {
        const child = byName.get(answer.names[answer.name[r]]);
        if (child) nodeOf[r] = child;
      }
      if (parentNode.children.length) this.expanded.add(parentNode);
    };
    attach(node, -1);
    for (let r = 0; r < answer.name.length; r++) if (nodeOf[r]) attach(nodeOf[r], r);
    this.changed();
    return answer.complete;
  }

  /** The node at `path` among what is loaded, or the deepest loaded prefix's node and how far it got. */
  private walk(path: readonly string[]): { node: TreeNode | null; depth: number } {
    let level = this.roots;
    let node: TreeNode | null = null;
    let k = 0;
    for (; k < path.length; k++) {
      if (!level) break;
      const next = level.find((c) => c.name === path[k]);
      if (!next) break;
      node = next;
      level = next.children;
      if (k < path.length - 1 && !level) {
        k++;
        break;
      }
    }
    return { node, depth: k };
  }

  /**
   * Loads and expands every row on the way to `path` (in one request for the missing
   * levels) and returns the deepest row of the path that exists: the row itself when the
   * whole path is in the tree.
   */
  async reveal(path: readonly string[]): Promise<TreeNode | null> {
    await this.loadRoots();
    if (path.length === 0 || !this.roots) return null;
    let { node, depth } = this.walk(path);
    if (depth < path.length && node && !node.children && node.childCount > 0) {
      // Ask for the children of every prefix from the first unloaded one down.
      const from = depth; // path[0..from) is loaded and node = path[from - 1]
      const prefixes: string[][] = [];
      for (let k = from; k < path.length; k++) prefixes.push(path.slice(0, k));
      const answer = await fetchTreeLevels(this.key, prefixes).catch((err) => {
        this.fail(err);
        return null;
      });
      if (answer) {
        let at: TreeNode | null = node;
        for (let j = 0; j < answer.levels.length && at; j++) {
          const level = answer.levels[j];
          if (!level) break;
          if (!at.children) at.children = this.nodesOf(level, at);
          at = at.children.find((c) => c.name === path[from + j]) ?? null;
        }
      }
      ({ node, depth } = this.walk(path));
    }
    // Open the ancestors of the found row (not the row itself).
    let changed = false;
    for (let p = node?.parent ?? null; p; p = p.parent) {
      if (!this.expanded.has(p)) {
        this.expanded.add(p);
        changed = true;
      }
    }
    if (changed) this.changed();
    return node;
  }

  /**
   * The deepest open row of each open branch, as paths from the root, in row order: what
   * a link carries (opening a row opens the way to it). Rows hidden under a closed one are
   * left out, as they are not on screen.
   */
  openLeafPaths(): string[][] {
    const out: string[][] = [];
    const walk = (level: TreeNode[]) => {
      for (const n of level) {
        if (!n.children || !this.expanded.has(n)) continue;
        const before = out.length;
        walk(n.children);
        if (out.length === before) out.push(pathOf(n));
      }
    };
    if (this.roots) walk(this.roots);
    return out;
  }

  /** Whether the row at `path` is loaded and open, with every row on the way to it. */
  isPathOpen(path: readonly string[]): boolean {
    let level = this.roots;
    for (const name of path) {
      const n = level?.find((c) => c.name === name);
      if (!n || !this.expanded.has(n)) return false;
      level = n.children;
    }
    return path.length > 0;
  }

  /** Opens the row at `path` and the way to it; false when this tree has no such row. */
  async openPath(path: readonly string[]): Promise<boolean> {
    const node = await this.reveal(path);
    if (!node || node.depth !== path.length - 1) return false;
    await this.expand(node);
    return true;
  }

  /** The rows on screen, in order: roots and the children of expanded rows (depth first). */
  visibleRows(): TreeNode[] {
    const out: TreeNode[] = [];
    const stack: TreeNode[] = [];
    const push = (level: TreeNode[]) => {
      for (let k = level.length - 1; k >= 0; k--) stack.push(level[k]);
    };
    if (this.roots) push(this.roots);
    while (stack.length) {
      const n = stack.pop()!;
      out.push(n);
      if (n.children && this.expanded.has(n)) push(n.children);
    }
    return out;
  }
}

/** Names from the root to `node`. */
export function pathOf(node: TreeNode): string[] {
  const out: string[] = [];
  for (let n: TreeNode | null = node; n; n = n.parent) out.push(n.name);
  return out.reverse();
}

/** Some rows of a subtree answer as one level. */
function sliceRows(a: TreeRows, rows: number[]): TreeRows {
  const pick = <T extends Uint32Array | Int32Array | Uint8Array | Float64Array>(col: T, make: (n: number) => T): T => {
    const out = make(rows.length);
    rows.forEach((r, k) => (out[k] = col[r]));
    return out;
  };
  return {
    names: a.names,
    name: pick(a.name, (n) => new Uint32Array(n)),
    func: pick(a.func, (n) => new Int32Array(n)),
    isTask: pick(a.isTask, (n) => new Uint8Array(n)),
    total: pick(a.total, (n) => new Float64Array(n)),
    self: pick(a.self, (n) => new Float64Array(n)),
    calls: pick(a.calls, (n) => new Float64Array(n)),
    childCount: pick(a.childCount, (n) => new Uint32Array(n)),
  };
}

/**
 * The loaded rows above a search hit (its ancestors, up to the task root): the path being
 * looked for, which the tree keeps readable instead of dimming it with the rows that do
 * not match. Only loaded rows are known here; a hit inside a subtree never opened leaves
 * its ancestors dimmed until it is loaded (the first match's path always is).
 */
export function ancestorsOfHits(roots: readonly TreeNode[] | null, isHit: (node: TreeNode) => boolean): Set<TreeNode> {
  const out = new Set<TreeNode>();
  if (!roots) return out;
  const stack: TreeNode[] = [...roots];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.children) for (const c of n.children) stack.push(c);
    if (!isHit(n)) continue;
    for (let p = n.parent; p && !out.has(p); p = p.parent) out.add(p);
  }
  return out;
}
