/**
 * The name orders a merge of two call trees walks in (compare.ts), as integers.
 *
 * The two models have string tables of their own, so a name is matched across them as a
 * string. Comparing strings at every node of a merge (and sorting each node's children by
 * name, a closure call per compare and an array per node) made the merge of two 1M-call
 * trees take seconds. Here the two tables' names are put in one order once (O(names):
 * each table is already ranked, core/query/call-tree.ts computeNameRanks), so a node's
 * name is an integer `joint rank` (equal ranks = equal names, rank order = JavaScript
 * string order), and each tree's children are put in name order for every node at once (a
 * counting sort by parent, then each run sorted by rank: O(nodes) but for wide nodes). A
 * tree's own ranks order its names as the joint ranks do (the joint rank grows with the
 * own rank), so the children's order is the tree's own: the merge reads it from the tree's
 * own child lists, put in that order in place (CallTree.childListsByName, no memory of a
 * tree's size); childRunsByName makes the same order as new arrays (the plain definition
 * the lists are tested against).
 */
import type { StringTable } from '../model/string-table';
import type { CallTree } from './call-tree';

/** One order over the names of two string tables. */
export interface JointNames {
  /** Joint rank of each function id of table A / of table B. */
  readonly rankA: Uint32Array;
  readonly rankB: Uint32Array;
  /** The name of each joint rank. */
  readonly names: readonly string[];
}

/** Function ids of a table, one per distinct name, in name order (`ranks`: computeNameRanks of the table). */
function idsInNameOrder(strings: StringTable, ranks: Uint32Array): Int32Array {
  let distinct = 0;
  for (let f = 0; f < strings.size; f++) if (ranks[f] + 1 > distinct) distinct = ranks[f] + 1;
  const ids = new Int32Array(distinct);
  for (let f = strings.size - 1; f >= 0; f--) ids[ranks[f]] = f;
  return ids;
}

/** The joint order of two tables' names, from each table's own ranks (the same table twice works too). */
export function jointNames(stringsA: StringTable, ranksA: Uint32Array, stringsB: StringTable, ranksB: Uint32Array): JointNames {
  const idsA = idsInNameOrder(stringsA, ranksA);
  const idsB = idsInNameOrder(stringsB, ranksB);
  const namesA = stringsA.strings;
  const namesB = stringsB.strings;
  // Joint rank of each rank of A / of B: a merge of the two sorted lists of distinct names.
  const jointOfRankA = new Uint32Array(idsA.length);
  const jointOfRankB = new Uint32Array(idsB.length);
  const names: string[] = [];
  let i = 0;
  let j = 0;
  while (i < idsA.length || j < idsB.length) {
    const na = i < idsA.length ? namesA[idsA[i]] : undefined;
    const nb = j < idsB.length ? namesB[idsB[j]] : undefined;
    const r = names.length;
    if (nb === undefined || (na !== undefined && na < nb)) {
      names.push(na!);
      jointOfRankA[i++] = r;
    } else if (na === undefined || nb < na) {
      names.push(nb);
      jointOfRankB[j++] = r;
    } else {
      names.push(na);
      jointOfRankA[i++] = r;
      jointOfRankB[j++] = r;
    }
  }
  const rankA = new Uint32Array(stringsA.size);
  for (let f = 0; f < rankA.length; f++) rankA[f] = jointOfRankA[ranksA[f]];
  const rankB = new Uint32Array(stringsB.size);
  for (let f = 0; f < rankB.length; f++) rankB[f] = jointOfRankB[ranksB[f]];
  return { rankA, rankB, names };
}

/**
 * Every node's children in one list, each node's run in name order: node k's children are
 * `list[start[k]] … list[start[k + 1] - 1]`. Roots (parent -1) are in no run.
 */
export interface ChildRuns {
  readonly start: Int32Array;
  readonly list: Int32Array;
}

/** A run longer than this is sorted by the engine's sort; shorter ones (nearly all) by insertion. */
const INSERTION_RUN = 24;

/**
 * The children of each of the first `length` nodes of a tree (its `parent` and `func`
 * columns) in the order of `rankOf[func]`, ties by node index: the nodes grouped by
 * parent in index order (a counting sort, filled from the back, so no cursor array), then
 * each run sorted by rank in place. Nothing else is allocated: on a VM where fresh memory
 * costs tens of µs a page, the scratch a two-pass counting sort needs (a node per child)
 * cost more than sorting the runs, which are short (most nodes have a child or two).
 * Every non-root node must have func >= 0 (only a task root has a negative func).
 */
export function childRunsByRank(length: number, parent: Int32Array, func: Int32Array, rankOf: Uint32Array): ChildRuns {
  const start = new Int32Array(length + 1);
  let children = 0;
  for (let k = 0; k < length; k++) {
    if (parent[k] < 0) continue;
    start[parent[k]]++;
    children++;
  }
  // Each parent's run end, then filled from the back: start[p] ends at the run's start.
  for (let k = 1; k < length; k++) start[k] += start[k - 1];
  start[length] = children;
  const list = new Int32Array(children);
  for (let k = length - 1; k >= 0; k--) if (parent[k] >= 0) list[--start[parent[k]]] = k;
  const byRank = (x: number, y: number): number => rankOf[func[x]] - rankOf[func[y]] || x - y;
  for (let p = 0; p < length; p++) {
    const lo = start[p];
    const hi = start[p + 1];
    if (hi - lo < 2) continue;
    if (hi - lo > INSERTION_RUN) {
      list.subarray(lo, hi).sort(byRank);
      continue;
    }
    // Stable: equal ranks keep their index order.
    for (let i = lo + 1; i < hi; i++) {
      const k = list[i];
      const r = rankOf[func[k]];
      let j = i - 1;
      while (j >= lo && rankOf[func[list[j]]] > r) {
        list[j + 1] = list[j];
        j--;
      }
      list[j + 1] = k;
    }
  }
  return { start, list };
}

/** The children of every node of a top-down tree in name order (its own ranks; see the module comment). */
export function childRunsByName(tree: CallTree): ChildRuns {
  return childRunsByRank(tree.length, tree.parent, tree.func, tree.nameRanks);
}
