import { describe, expect, test } from 'vitest';
import { buildCallTree, CallTree, InvertedCallTree } from './call-tree';
import { filterMask } from './filter';
import { formatTree, funcId, modelFromDsl, SAMPLE_DSL, seedModel, withoutUnclosedDurations } from '../../test-utils/model-dsl';
import { freshFacts } from '../../test-utils/fresh-facts';

describe('top-down tree', () => {
  const m = modelFromDsl(SAMPLE_DSL);

  test('merges calls by path; children by total, then name', () => {
    const tree = buildCallTree(freshFacts(m));
    expect(tree).toBeInstanceOf(CallTree);
    expect(formatTree(tree)).toEqual([
      '__x64_sys_write 13/2/1',
      '  vfs_write 10/3/1',
      '    f 6/3/1',
      '      g 3/2/1',
      '        f 1/1/1',
      '    g 1/1/1',
      '  h 1/1/1',
      'main 5/3/1',
      '  f 2/2/1',
    ]);
  });

  test('calls at the same path are one node', () => {
    const m2 = modelFromDsl(`
t-1 1 0 | a {
t-1 1 1 |   b 2
t-1 1 4 |   b 3
t-1 1 8 | } 8
t-1 1 9 | a 1
`);
    expect(formatTree(buildCallTree(freshFacts(m2)))).toEqual(['a 9/4/2', '  b 5/5/2']);
  });

  test('callNode maps every call to its path node; parents precede children', () => {
    const tree = buildCallTree(freshFacts(m));
    expect(tree.callNode.length).toBe(m.calls.length);
    for (let i = 0; i < m.calls.length; i++) {
      expect(tree.func[tree.callNode[i]]).toBe(m.calls.func[i]);
    }
    for (let k = 0; k < tree.length; k++) expect(tree.parent[k]).toBeLessThan(k);
  });

  test('groupByTask puts a synthetic root per task', () => {
    const tree = buildCallTree(freshFacts(m), { groupByTask: true });
    expect(formatTree(tree, 2)).toEqual(['curl-1 13/0/1', '  __x64_sys_write 13/2/1', 'sh-2 5/0/1', '  main 5/3/1']);
    const root = tree.roots()[1];
    // A task root's func is -1 - task (task 1 here); a function's is its id, >= 0.
    expect(tree.funcOf(root)).toBe(-1 - 1);
    expect(tree.funcOf(tree.children(root)[0])).toBeGreaterThanOrEqual(0);
    expect(tree.depthOf(tree.children(root)[0])).toBe(1);
  });

  test('merged over tasks, the same path in two tasks is one node', () => {
    const m2 = modelFromDsl(`
a-1 1 0 | x 2
b-2 0 0 | x 3
`);
    expect(formatTree(buildCallTree(freshFacts(m2)))).toEqual(['x 5/5/2']);
    expect(formatTree(buildCallTree(freshFacts(m2), { groupByTask: true }))).toEqual(['b-2 3/0/1', '  x 3/3/1', 'a-1 2/0/1', '  x 2/2/1']);
  });

  test('a masked-out call is skipped: its included children hang under the nearest included ancestor', () => {
    const mask = new Uint8Array(m.calls.length).fill(1);
    mask[1] = 0; // vfs_write
    const tree = buildCallTree(freshFacts(m), { mask });
    expect(formatTree(tree, 2)).toEqual(['__x64_sys_write 13/2/1', '  f 6/3/1', '  g 1/1/1', '  h 1/1/1', 'main 5/3/1', '  f 2/2/1']);
    expect(tree.callNode[1]).toBe(-1);
  });

  test('with a task filter', () => {
    const tree = buildCallTree(freshFacts(m), { mask: filterMask(freshFacts(m), { tasks: [1] }) });
    expect(formatTree(tree)).toEqual(['main 5/3/1', '  f 2/2/1']);
  });

  test('an orphan that comes after its adopted children is still their parent', () => {
    const m2 = modelFromDsl(`
t-1 1 1  |   b 2
t-1 1 4  |   c 1
t-1 1 10 | } 10 x
`);
    expect(formatTree(buildCallTree(freshFacts(m2)))).toEqual(['x 10/7/1', '  b 2/2/1', '  c 1/1/1']);
  });

  test('a call that never returned lasts until its task was last seen (builder rule 7)', () => {
    const m2 = modelFromDsl(`
t-1 1 0 | a {
t-1 1 1 |   b 2
`);
    expect(formatTree(buildCallTree(freshFacts(m2)))).toEqual(['a 3/1/1', '  b 2/2/1']);
  });

  test('a call whose duration is unknown adds calls but no time', () => {
    const m2 = withoutUnclosedDurations(
      modelFromDsl(`
t-1 1 0 | a {
t-1 1 1 |   b 2
`),
    );
    expect(formatTree(buildCallTree(freshFacts(m2)))).toEqual(['a 0/0/1', '  b 2/2/1']);
  });

  test('display, pathOf and findPath', () => {
    const tree = buildCallTree(freshFacts(m), { groupByTask: true });
    const node = tree.findPath(['curl-1', '__x64_sys_write', 'vfs_write', 'f', 'g', 'f']);
    expect(node).toBeGreaterThanOrEqual(0);
    expect(tree.display(node)).toEqual({ name: 'f', total: 1000, self: 1000, calls: 1, depth: 5 });
    expect(tree.pathOf(node)).toEqual(['curl-1', '__x64_sys_write', 'vfs_write', 'f', 'g', 'f']);
    expect(tree.findPath(['curl-1', 'nope'])).toBe(-1);
    expect(tree.findPath([])).toBe(-1);
    for (let k = 0; k < tree.length; k++) expect(tree.findPath(tree.pathOf(k))).toBe(k);
  });
});

describe('inverted tree', () => {
  const m = modelFromDsl(SAMPLE_DSL);

  test('roots are functions by self time; children are their callers', () => {
    const inv = buildCallTree(freshFacts(m), { inverted: true });
    expect(inv).toBeInstanceOf(InvertedCallTree);
    expect(formatTree(inv, 1)).toEqual([
      'f 6/6/3',
      'g 3/3/2',
      'main 3/3/1',
      'vfs_write 3/3/1',
      '__x64_sys_write 2/2/1',
      'h 1/1/1',
    ]);
    const f = inv.roots()[0];
    expect(formatTree(inv).slice(0, 9)).toEqual([
      'f 6/6/3',
      '  vfs_write 3/0/1',
      '    __x64_sys_write 3/0/1',
      '  main 2/0/1',
      '  g 1/0/1',
      '    f 1/0/1',
      '      vfs_write 1/0/1',
      '        __x64_sys_write 1/0/1',
      'g 3/3/2',
    ]);
    expect(inv.pathOf(inv.children(inv.children(f)[2])[0])).toEqual(['f', 'g', 'f']);
    expect(inv.findPath(['f', 'g', 'f', 'vfs_write', '__x64_sys_write'])).toBeGreaterThan(0);
  });

  test('with groupByTask the task is the outermost caller', () => {
    const inv = buildCallTree(freshFacts(m), { inverted: true, groupByTask: true });
    const node = inv.findPath(['f', 'main']);
    expect(inv.children(node).length).toBe(1);
    expect(inv.name(inv.children(node)[0])).toBe('sh-2');
  });

  test('children totals never exceed the parent (self weights are disjoint)', () => {
    const inv = buildCallTree(freshFacts(m), { inverted: true });
    const check = (k: number): void => {
      let sum = 0;
      for (const c of inv.children(k)) {
        sum += inv.totalOf(c);
        check(c);
      }
      expect(sum).toBeLessThanOrEqual(inv.totalOf(k) + 1e-9);
    };
    for (const r of inv.roots()) check(r);
  });

  test('children are computed once and cached', () => {
    const inv = buildCallTree(freshFacts(m), { inverted: true });
    const r = inv.roots()[0];
    expect(inv.children(r)).toBe(inv.children(r));
  });
});

describe('on the seed trace', () => {
  const m = seedModel();

  test('sums of root totals match the call table and tcp_sendmsg sits under __x64_sys_sendto', () => {
    const tree = buildCallTree(freshFacts(m), { groupByTask: true });
    let calls = 0;
    for (const r of tree.roots()) calls += tree.callsOf(r);
    let roots = 0;
    for (let i = 0; i < m.calls.length; i++) if (m.calls.parent[i] < 0) roots++;
    expect(calls).toBe(roots);
    const f = funcId(m, 'tcp_sendmsg');
    const nodes = Array.from(tree.callNode.filter((_, i) => m.calls.func[i] === f));
    expect(nodes.length).toBe(1);
    expect(tree.pathOf(nodes[0])).toContain('__x64_sys_sendto');
    expect(tree.pathOf(nodes[0])[0]).toBe('curl-139');
  });

  test('the inverted tree of a leaf lists exactly its callers, weighted by its self time', () => {
    const top = buildCallTree(freshFacts(m));
    const inv = buildCallTree(freshFacts(m), { inverted: true, groupByTask: false });
    const leaf = funcId(m, '_raw_spin_lock');
    const expected = new Map<string, number>();
    let self = 0;
    for (let k = 0; k < top.length; k++) {
      if (top.func[k] !== leaf) continue;
      self += top.self[k];
      const p = top.parent[k];
      if (p >= 0) expected.set(top.name(p), (expected.get(top.name(p)) ?? 0) + top.self[k]);
    }
    const root = inv.findPath(['_raw_spin_lock']);
    expect(inv.totalOf(root)).toBeCloseTo(self, 3);
    const got = new Map(Array.from(inv.children(root)).map((c) => [inv.name(c), inv.totalOf(c)]));
    expect(new Set(got.keys())).toEqual(new Set(expected.keys()));
    for (const [name, v] of expected) expect(got.get(name)).toBeCloseTo(v, 3);
    expect(expected.size).toBeGreaterThan(3);
  });
});
