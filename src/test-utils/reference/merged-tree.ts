/**
 * The merge of two call trees by path in the plain way (recursion over each node's
 * children in name order, names joined as strings), as the reference compare mode's merge
 * (core/query/compare.ts, which joins integer ranks) is checked against. One row per merged
 * node, parents first, siblings in name order.
 */
import type { CallTree } from '../../core/query/call-tree';

export interface ReferenceMergedNode {
  parent: number;
  depth: number;
  name: string;
  nodeA: number;
  nodeB: number;
}

export function referenceMerge(treeA: CallTree, treeB: CallTree): ReferenceMergedNode[] {
  const out: ReferenceMergedNode[] = [];
  const visit = (parent: number, depth: number, a: readonly number[], b: readonly number[]): void => {
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
      const na = i < a.length ? treeA.name(a[i]) : undefined;
      const nb = j < b.length ? treeB.name(b[j]) : undefined;
      let pair: [number, number, string];
      if (nb === undefined || (na !== undefined && na < nb)) pair = [a[i++], -1, na!];
      else if (na === undefined || nb < na) pair = [-1, b[j++], nb];
      else pair = [a[i++], b[j++], na];
      const k = out.length;
      out.push({ parent, depth, name: pair[2], nodeA: pair[0], nodeB: pair[1] });
      visit(k, depth + 1, pair[0] >= 0 ? [...treeA.childrenByName(pair[0])] : [], pair[1] >= 0 ? [...treeB.childrenByName(pair[1])] : []);
    }
  };
  visit(-1, 0, [...treeA.rootsByName()], [...treeB.rootsByName()]);
  return out;
}
