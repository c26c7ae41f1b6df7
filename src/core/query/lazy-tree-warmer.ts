/**
 * Expands a lazy tree (lazy-call-tree.ts) ahead of a zoom, in steps: every node at least
 * `detail` of its root's total, parents first, with its children sorted by name, which is
 * what a flame graph zoomed to that root reads at that detail. Without it the first zoom to
 * a task at 25.6M calls spent most of its answer expanding nodes (issue 13's 4 GiB trace:
 * 47 ms median, 103 ms p95 to the answer); with the whole tree built ahead instead the tab
 * held 0.6 GB more.
 *
 * The cost follows the calls of the nodes expanded; a step ends once about `budget` calls
 * have been gone through (a node is never split: one step can go over by one node's calls).
 */
import type { LazyCallTree } from './lazy-call-tree';

export class LazyTreeWarmer {
  /** Nodes to expand, breadth first, each with the least total a child needs to be drawn (its root's share). */
  private queue: number[] = [];
  private least: number[] = [];
  private next = 0;

  constructor(
    private readonly tree: LazyCallTree,
    detail: number,
  ) {
    for (const root of tree.roots()) {
      this.queue.push(root);
      this.least.push(tree.totalOf(root) * detail);
    }
  }

  /** Expands nodes until about `budget` calls were gone through; true once every node wanted is. */
  advance(budget: number): boolean {
    const tree = this.tree;
    let spent = 0;
    while (this.next < this.queue.length && spent < budget) {
      const node = this.queue[this.next];
      const least = this.least[this.next++];
      // The layout reads the children of every frame it draws, in name order.
      const kids = tree.childrenByName(node);
      // Expanding goes through the node's calls and their children's.
      spent += tree.callsOf(node);
      for (let k = 0; k < kids.length; k++) {
        spent += tree.callsOf(kids[k]);
        const total = tree.totalOf(kids[k]);
        if (total > 0 && total >= least) {
          this.queue.push(kids[k]);
          this.least.push(least);
        }
      }
      // The front of a long queue is let go now and then (it only grows at the back).
      if (this.next > 65_536 && this.next * 2 > this.queue.length) {
        this.queue = this.queue.slice(this.next);
        this.least = this.least.slice(this.next);
        this.next = 0;
      }
    }
    return this.next >= this.queue.length;
  }
}
