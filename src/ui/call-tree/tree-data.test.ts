/**
 * The main-side tree cache against a fake worker holding a small tree: lazy levels,
 * revealing a path in one request, `*` expansion keeping the loaded nodes, visible rows;
 * and the search stepping action's choice of where to step from.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { connectTraceClient } from '../../state/actions';
import { resetStore, setExplore, setSession, useAppStore } from '../../state/store';
import { showFirstMatch, stepSearch, type TreeKey, type TreeRows } from '../../state/tree-queries';
import { ancestorsOfHits, pathOf, TreeData } from './tree-data';

/** a(b(d, e), c), f — totals chosen so siblings are in this order. */
const TREE: Record<string, string[]> = { '': ['a', 'f'], a: ['b', 'c'], 'a/b': ['d', 'e'] };
const childrenOf = (path: string[]): string[] | null => {
  const k = path.join('/');
  if (k === '' || TREE[k]) return TREE[k] ?? [];
  const parent = path.slice(0, -1).join('/');
  return (TREE[parent] ?? []).includes(path[path.length - 1]) ? [] : null;
};
function rows(path: string[], names: string[]): TreeRows {
  return {
    names,
    name: Uint32Array.from(names, (_, k) => k),
    func: Int32Array.from(names, (_, k) => k),
    isTask: new Uint8Array(names.length),
    total: Float64Array.from(names, (_, k) => 100 - k),
    self: new Float64Array(names.length),
    calls: Float64Array.from(names, () => 1),
    childCount: Uint32Array.from(names, (n) => (childrenOf([...path, n]) ?? []).length),
  };
}

/** What connectTraceClient takes (the ui layer may not name the client's types). */
type ClientApi = Parameters<typeof connectTraceClient>[0];

class FakeWorker {
  asked: { method: string; args: unknown[] }[] = [];
  stepAnswer: unknown = null;
  /** Holds answers back until the test lets them go. */
  gate: Promise<void> = Promise.resolve();
  loadBlob = () => Promise.reject(new Error('no'));
  loadUrl = () => Promise.reject(new Error('no'));
  loadText = () => Promise.reject(new Error('no'));
  cancel() {}
  summary = () => Promise.resolve({ stale: false as const, value: null });
  diagnostics = () => Promise.reject(new Error('no'));
  async query(method: string, ...args: unknown[]): Promise<{ stale: false; value: unknown }> {
    this.asked.push({ method, args });
    await this.gate;
    let value: unknown;
    if (method === 'treeLevels') {
      const paths = args[1] as string[][];
      value = {
        rootTotal: 199,
        levels: paths.map((p) => {
          const kids = childrenOf(p);
          return kids ? rows(p, kids) : null;
        }),
      };
    } else if (method === 'treeSubtree') {
      // Breadth first under the path, parents as row indices.
      const start = args[1] as string[];
      const out: { path: string[]; parent: number }[] = [];
      const queue: [string[], number][] = [[start, -1]];
      for (let q = 0; q < queue.length; q++) {
        const [p, row] = queue[q];
        for (const n of childrenOf(p) ?? []) {
          queue.push([[...p, n], out.length]);
          out.push({ path: [...p, n], parent: row });
        }
      }
      const names = out.map((o) => o.path[o.path.length - 1]);
      const r = rows([], names);
      r.childCount = Uint32Array.from(out, (o) => (childrenOf(o.path) ?? []).length);
      value = { ...r, parent: Int32Array.from(out, (o) => o.parent), complete: true, found: true };
    } else if (method === 'treeStepSearch') {
      value = this.stepAnswer;
    }
    return { stale: false, value };
  }
}

const key: TreeKey = { filter: {}, inverted: false, groupByTask: false };
const names = (d: TreeData) => d.visibleRows().map((n) => `${'  '.repeat(n.depth)}${n.name}`);

let worker: FakeWorker;
beforeEach(() => {
  worker = new FakeWorker();
  connectTraceClient(worker as unknown as ClientApi);
  resetStore();
});

describe('TreeData', () => {
  it('loads roots, then children on expand (once), and collapses', async () => {
    const d = new TreeData(key);
    await d.loadRoots();
    expect(names(d)).toEqual(['a', 'f']);
    expect(d.rootTotal).toBe(199);
    const a = d.roots![0];
    await d.expand(a);
    await d.expand(a);
    expect(names(d)).toEqual(['a', '  b', '  c', 'f']);
    expect(worker.asked.filter((q) => q.method === 'treeLevels').length).toBe(2);
    d.collapse(a);
    expect(names(d)).toEqual(['a', 'f']);
    await d.expand(d.roots![1]); // a leaf: nothing to open
    expect(d.isExpanded(d.roots![1])).toBe(false);
  });

  it('reveals a deep path in one request and opens its ancestors only', async () => {
    const d = new TreeData(key);
    await d.loadRoots();
    worker.asked = [];
    const node = await d.reveal(['a', 'b', 'e']);
    expect(node && pathOf(node)).toEqual(['a', 'b', 'e']);
    expect(worker.asked.map((q) => q.args[1])).toEqual([[['a'], ['a', 'b']]]);
    expect(names(d)).toEqual(['a', '  b', '    d', '    e', '  c', 'f']);
    // A path partly outside the tree gives its deepest existing row.
    const partial = await d.reveal(['a', 'c', 'zzz']);
    expect(partial && pathOf(partial)).toEqual(['a', 'c']);
    expect(await d.reveal(['nope'])).toBeNull();
  });

  it('lists the deepest open row of each branch, and opens such paths again (the link\'s open rows)', async () => {
    const d = new TreeData(key);
    await d.loadRoots();
    expect(d.openLeafPaths()).toEqual([]);
    await d.expand(d.roots![0]);
    expect(d.openLeafPaths()).toEqual([['a']]);
    const b = d.roots![0].children![0];
    await d.expand(b);
    expect(d.openLeafPaths()).toEqual([['a', 'b']]);
    // Open under a closed row: not on screen, not listed.
    d.collapse(d.roots![0]);
    expect(d.openLeafPaths()).toEqual([]);

    const again = new TreeData(key);
    expect(await again.openPath(['a', 'b'])).toBe(true);
    expect(names(again)).toEqual(['a', '  b', '    d', '    e', '  c', 'f']);
    expect(again.openLeafPaths()).toEqual([['a', 'b']]);
    expect(await again.openPath(['a', 'zzz'])).toBe(false);
    expect(await again.openPath(['f'])).toBe(true); // a leaf: the way to it is open, nothing under it
    expect(again.openLeafPaths()).toEqual([['a', 'b']]);
  });

  it('`*` opens a whole subtree and keeps the node objects already loaded', async () => {
    const d = new TreeData(key);
    await d.loadRoots();
    const a = d.roots![0];
    await d.expand(a);
    const b = a.children![0];
    expect(await d.expandSubtree(a)).toBe(true);
    expect(a.children![0]).toBe(b);
    expect(names(d)).toEqual(['a', '  b', '    d', '    e', '  c', 'f']);
  });

  it('knows the loaded ancestors of search hits (the path kept readable)', async () => {
    const d = new TreeData(key);
    await d.reveal(['a', 'b', 'e']);
    const byName = new Map(d.visibleRows().map((n) => [n.name, n]));
    const above = ancestorsOfHits(d.roots, (n) => n.name === 'e');
    expect([...above].map((n) => n.name).sort()).toEqual(['a', 'b']);
    // Collapsed rows still count: the hit is loaded under them.
    d.collapse(byName.get('a')!);
    expect(ancestorsOfHits(d.roots, (n) => n.name === 'e').has(byName.get('a')!)).toBe(true);
    expect(ancestorsOfHits(d.roots, (n) => n.name === 'f').size).toBe(0);
  });
});

describe('stepSearch', () => {
  const ready = () =>
    setSession({ status: 'ready', info: { name: 't' } as never });

  it('does nothing without a search; steps from the focused row, then from the last hit', async () => {
    ready();
    expect(await stepSearch(1)).toBeNull();
    setExplore({ search: 'd', focusPath: ['a'] });
    worker.stepAnswer = { ok: true, pattern: 'd', call: 7, path: ['a', 'b', 'd'], index: 0, count: 2, wrapped: false };
    await stepSearch(1);
    expect(useAppStore.getState().explore.focusPath).toEqual(['a', 'b', 'd']);
    const first = worker.asked.find((q) => q.method === 'treeStepSearch')!;
    expect(first.args.slice(1)).toEqual(['d', { path: ['a'] }, 1]);
    worker.stepAnswer = { ok: true, pattern: 'd', call: 9, path: ['f', 'd'], index: 1, count: 2, wrapped: false };
    await stepSearch(-1);
    const second = worker.asked.filter((q) => q.method === 'treeStepSearch')[1];
    expect(second.args.slice(1)).toEqual(['d', { call: 7 }, -1]);
    // The user moved the focus: the next step starts from the row, not the old hit.
    setExplore({ focusPath: ['a', 'c'] });
    await stepSearch(1);
    const third = worker.asked.filter((q) => q.method === 'treeStepSearch')[2];
    expect(third.args[2]).toEqual({ path: ['a', 'c'] });
  });

  it('hands the hit to the flame chart: view.searchMatch (bumped every step) and its task', async () => {
    // The hit belongs to the load on screen (session.traceId), not to its info object.
    setSession({ status: 'ready', info: { name: 't' } as never, traceId: 7 });
    setExplore({ search: 'd', focusPath: [], chartTask: 0 });
    const place = { task: 3, startNs: 100, endNs: 250, depth: 2, func: 5 };
    worker.stepAnswer = { ok: true, pattern: 'd', call: 7, path: ['a', 'b', 'd'], index: 0, count: 2, wrapped: false, place };
    await stepSearch(1);
    const first = useAppStore.getState().view.searchMatch;
    expect(first).toEqual({ pattern: 'd', trace: 7, call: 7, ...place, seq: first!.seq });
    expect(useAppStore.getState().explore.chartTask).toBe(3);
    // The same call again (one match, wrapping) is still a new step for the chart.
    worker.stepAnswer = { ok: true, pattern: 'd', call: 7, path: ['a', 'b', 'd'], index: 0, count: 1, wrapped: true, place };
    await stepSearch(1);
    expect(useAppStore.getState().view.searchMatch!.seq).toBe(first!.seq + 1);
    // No hit: the chart keeps what it had.
    worker.stepAnswer = { ok: true, pattern: 'd', call: -1, path: [], index: -1, count: 0, wrapped: false, place: null };
    await stepSearch(1);
    expect(useAppStore.getState().view.searchMatch!.call).toBe(7);
  });

  it('selects the function of the hit it steps to (top-down: the last name; bottom-up: the first)', async () => {
    ready();
    setExplore({ search: 'd', focusPath: [], selectedFunction: 'a' });
    worker.stepAnswer = { ok: true, pattern: 'd', call: 7, path: ['a', 'b', 'd'], index: 0, count: 1, wrapped: false, place: null };
    await stepSearch(1);
    expect(useAppStore.getState().explore.selectedFunction).toBe('d');
    setExplore({ inverted: true });
    worker.stepAnswer = { ok: true, pattern: 'd', call: 7, path: ['d', 'b', 'a'], index: 0, count: 1, wrapped: false, place: null };
    setExplore({ selectedFunction: null });
    await stepSearch(1);
    expect(useAppStore.getState().explore.selectedFunction).toBe('d');
  });

  it('shows the first hit without a key press, once per search; the first Enter stays on it', async () => {
    ready();
    setExplore({ search: 'd', focusPath: ['f'] });
    worker.stepAnswer = { ok: true, pattern: 'd', call: 7, path: ['a', 'b', 'd'], index: 0, count: 2, wrapped: false, place: null };
    expect(await showFirstMatch()).toBe(true);
    const asked = () => worker.asked.filter((q) => q.method === 'treeStepSearch');
    // From nothing: the very first hit, whatever row was focused.
    expect(asked()[0].args.slice(1)).toEqual(['d', null, 1]);
    expect(useAppStore.getState().explore.focusPath).toEqual(['a', 'b', 'd']);
    expect(useAppStore.getState().explore.selectedFunction).toBe('d');
    // Asked once for this search: moving away does not bring it back.
    setExplore({ focusPath: ['f'] });
    expect(await showFirstMatch()).toBe(false);
    expect(asked()).toHaveLength(1);
    setExplore({ focusPath: ['a', 'b', 'd'] });
    await stepSearch(1);
    expect(asked()[1].args.slice(1)).toEqual(['d', null, 1]);
    // Another pattern asks again.
    setExplore({ search: 'e' });
    worker.stepAnswer = { ok: true, pattern: 'e', call: 8, path: ['a', 'b', 'e'], index: 0, count: 1, wrapped: false, place: null };
    expect(await showFirstMatch()).toBe(true);
    expect(useAppStore.getState().explore.focusPath).toEqual(['a', 'b', 'e']);
  });

  it('drops an answer when the search changed meanwhile', async () => {
    ready();
    setExplore({ search: 'd', focusPath: [] });
    worker.stepAnswer = { ok: true, pattern: 'd', call: 7, path: ['a', 'b', 'd'], index: 0, count: 1, wrapped: false };
    let open = () => {};
    worker.gate = new Promise((resolve) => (open = resolve));
    const run = stepSearch(1);
    await new Promise((resolve) => setTimeout(resolve, 0)); // the question is on its way
    expect(worker.asked.some((q) => q.method === 'treeStepSearch')).toBe(true);
    setExplore({ search: 'e' });
    open();
    expect(await run).toBeNull();
    expect(useAppStore.getState().explore.focusPath).toEqual([]);
  });
});
