/**
 * The call tree queries on the real seed trace (curl fetching a page, function_graph) and
 * on small DSL models where every figure can be checked by hand.
 */
import { describe, expect, it } from 'vitest';
import { SAMPLE_DSL } from '../../test-utils/model-dsl';
import type { DerivedData } from '../derived/derived-data';
import { dsl, grouped, invertedKey, merged, seed } from '../../test-utils/service-views';
import { MAX_SUBTREE_ROWS } from '../../lib/limits';
import { pathOfCall, stepSearch, topDownPathFor, treeLevels, treeSubtree, type TreeRows } from './tree';

const SLOW = 60_000;


/** `name total/self/calls` per row, figures in µs for the DSL models. */
function rows(r: TreeRows | null): string[] {
  if (!r) return ['<not found>'];
  return Array.from(r.name, (n, k) => `${r.names[n]} ${r.total[k] / 1000}/${r.self[k] / 1000}/${r.calls[k]}${r.childCount[k] ? ` +${r.childCount[k]}` : ''}`);
}

describe('treeLevels', () => {
  it('answers several levels by path, with the roots total for percents', () => {
    const v = dsl(SAMPLE_DSL);
    const r = treeLevels(v, merged, [[], ['__x64_sys_write'], ['__x64_sys_write', 'vfs_write'], ['nope']]);
    expect(rows(r.levels[0])).toEqual(['__x64_sys_write 13/2/1 +2', 'main 5/3/1 +1']);
    expect(rows(r.levels[1])).toEqual(['vfs_write 10/3/1 +2', 'h 1/1/1']);
    expect(rows(r.levels[2])).toEqual(['f 6/3/1 +1', 'g 1/1/1']);
    expect(r.levels[3]).toBeNull();
    expect(r.rootTotal).toBe(18_000);
  });

  it('shares one name table between rows and marks task roots', () => {
    const v = dsl(SAMPLE_DSL);
    const r = treeLevels(v, grouped, [[]]).levels[0]!;
    expect(Array.from(r.isTask)).toEqual(Array.from(r.name, () => 1));
    expect(r.names.every((n) => /-\d+$/.test(n))).toBe(true);
    const g = treeLevels(v, merged, [['__x64_sys_write', 'vfs_write', 'f', 'g']]).levels[0]!;
    expect(Array.from(g.isTask)).toEqual([0]);
  });

  it('finds __x64_sys_sendto … tcp_sendmsg under curl-139 in the seed', { timeout: SLOW }, () => {
    const v = seed();
    const roots = treeLevels(v, grouped, [[]]).levels[0]!;
    const rootNames = Array.from(roots.name, (n) => roots.names[n]);
    expect(rootNames).toContain('curl-139');
    const path = pathOfCall(v, grouped, firstCallOf(v, 'tcp_sendmsg'));
    expect(path[0]).toBe('curl-139');
    expect(path.at(-1)).toBe('tcp_sendmsg');
    expect(path).toContain('__x64_sys_sendto');
    expect(path.indexOf('__x64_sys_sendto')).toBeLessThan(path.indexOf('tcp_sendmsg'));
    // Every prefix of the path is a row whose children hold the next name.
    const levels = treeLevels(v, grouped, path.map((_, k) => path.slice(0, k))).levels;
    levels.forEach((level, k) => {
      expect(level, path.slice(0, k).join(' > ')).not.toBeNull();
      const names = Array.from(level!.name, (n) => level!.names[n]);
      expect(names).toContain(path[k]);
    });
  });

  it('lists the callers of a leaf as the children of its inverted root', () => {
    const v = dsl(SAMPLE_DSL);
    const r = treeLevels(v, invertedKey, [[], ['g'], ['f']]);
    // Roots are functions by self time: f 3+1+2, vfs_write 3, main 3, g 2+1, …
    expect(rows(r.levels[0])[0]).toBe('f 6/6/3 +3');
    expect(rows(r.levels[1])).toEqual(['f 2/0/1 +1', 'vfs_write 1/0/1 +1']);
    expect(rows(r.levels[2])).toEqual(['vfs_write 3/0/1 +1', 'main 2/0/1', 'g 1/0/1 +1']);
  });

  it('inverted seed: the callers of tcp_sendmsg include inet_sendmsg', { timeout: SLOW }, () => {
    const v = seed();
    const callers = treeLevels(v, invertedKey, [['tcp_sendmsg']]).levels[0]!;
    expect(Array.from(callers.name, (n) => callers.names[n])).toContain('inet_sendmsg');
  });
});

describe('topDownPathFor', () => {
  it('turns an inverted row into the heaviest top-down path it stands for', () => {
    const v = dsl(SAMPLE_DSL);
    // f called by vfs_write (6 µs) and by main (2 µs): the heavier stack wins.
    expect(topDownPathFor(v, invertedKey, ['f'])).toEqual(['__x64_sys_write', 'vfs_write', 'f']);
    expect(topDownPathFor(v, invertedKey, ['f', 'main'])).toEqual(['main', 'f']);
    expect(topDownPathFor(v, invertedKey, ['f', 'g', 'f'])).toEqual(['__x64_sys_write', 'vfs_write', 'f', 'g', 'f']);
    expect(topDownPathFor(v, { ...invertedKey, groupByTask: true }, ['f', 'main'])[1]).toBe('main');
    expect(topDownPathFor(v, invertedKey, ['f', 'h'])).toEqual([]);
    expect(topDownPathFor(v, merged, ['main', 'f'])).toEqual(['main', 'f']);
  });
});

describe('treeSubtree', () => {
  it('returns whole levels breadth first with parent links', () => {
    const v = dsl(SAMPLE_DSL);
    const s = treeSubtree(v, merged, ['__x64_sys_write']);
    expect(s.found).toBe(true);
    expect(s.complete).toBe(true);
    const names = Array.from(s.name, (n) => s.names[n]);
    expect(names).toEqual(['vfs_write', 'h', 'f', 'g', 'g', 'f']);
    expect(Array.from(s.parent)).toEqual([-1, -1, 0, 0, 2, 4]);
  });

  it('stops before a level that would pass the cap, never splitting a sibling group', () => {
    const v = dsl(SAMPLE_DSL);
    const s = treeSubtree(v, merged, ['__x64_sys_write'], 3);
    expect(s.complete).toBe(false);
    expect(Array.from(s.name, (n) => s.names[n])).toEqual(['vfs_write', 'h']);
    expect(treeSubtree(v, merged, ['x']).found).toBe(false);
  });

  it('caps a large seed subtree at MAX_SUBTREE_ROWS', { timeout: SLOW }, () => {
    const s = treeSubtree(seed(), grouped, [], 1e9);
    expect(s.name.length).toBeLessThanOrEqual(MAX_SUBTREE_ROWS);
    expect(s.name.length).toBeGreaterThan(100);
    expect(s.complete).toBe(false);
  });
});

describe('stepSearch', () => {
  it('visits every hit once in time order, then wraps', () => {
    const v = dsl(SAMPLE_DSL);
    const seen: string[] = [];
    let from: { call: number } | null = null;
    let first = -1;
    for (let k = 0; k < 3; k++) {
      const a = stepSearch(v, grouped, '/^f$/', from, 1);
      if (!a.ok) throw new Error(a.error);
      expect(a.count).toBe(3);
      expect(a.index).toBe(k);
      expect(a.wrapped).toBe(false);
      if (k === 0) first = a.call;
      seen.push(a.path.join('>'));
      from = { call: a.call };
    }
    expect(seen).toEqual([
      'curl-1>__x64_sys_write>vfs_write>f',
      'curl-1>__x64_sys_write>vfs_write>f>g>f',
      expect.stringMatching(/^sh-\d+>main>f$/),
    ]);
    const wrap = stepSearch(v, grouped, '/^f$/', from, 1);
    expect(wrap.ok && [wrap.call, wrap.index, wrap.wrapped]).toEqual([first, 0, true]);
    const back = stepSearch(v, grouped, '/^f$/', { call: first }, -1);
    expect(back.ok && [back.index, back.wrapped]).toEqual([2, true]);
  });

  it('says where the hit is on the flame chart: task, start, end, row, function', () => {
    const v = dsl(SAMPLE_DSL);
    const m = v.model;
    const first = stepSearch(v, grouped, '/^f$/', null, 1);
    if (!first.ok) throw new Error(first.error);
    // f at 2..8 µs in curl-1, under __x64_sys_write > vfs_write.
    expect(first.place).toEqual({
      task: m.calls.task[first.call],
      startNs: 2_000,
      endNs: 8_000,
      depth: 2,
      func: m.strings.find('f'),
    });
    expect(m.tasks[first.place!.task].comm).toBe('curl');
    const second = stepSearch(v, grouped, '/^f$/', { call: first.call }, 1);
    expect(second.ok && second.place).toMatchObject({ startNs: 4_000, endNs: 5_000, depth: 4 });
    const none = stepSearch(v, grouped, 'zzz', null, 1);
    expect(none.ok && none.place).toBeNull();
  });

  it('steps from a focused row, gives inverted paths, and reports bad patterns', () => {
    const v = dsl(SAMPLE_DSL);
    const a = stepSearch(v, merged, 'g', { path: ['__x64_sys_write', 'vfs_write', 'f'] }, 1);
    expect(a.ok && a.path).toEqual(['__x64_sys_write', 'vfs_write', 'f', 'g']);
    const inv = stepSearch(v, invertedKey, 'g', null, 1);
    expect(inv.ok && inv.path).toEqual(['g', 'f', 'vfs_write', '__x64_sys_write']);
    const none = stepSearch(v, merged, 'zzz', null, 1);
    expect(none.ok && [none.call, none.count]).toEqual([-1, 0]);
    const bad = stepSearch(v, merged, '/(/', null, 1);
    expect(bad.ok).toBe(false);
  });

  it('visits all tcp_sendmsg calls of the seed, each path ending in tcp_sendmsg', { timeout: SLOW }, () => {
    const v = seed();
    const first = stepSearch(v, grouped, 'tcp_sendmsg', null, 1);
    if (!first.ok) throw new Error(first.error);
    expect(first.count).toBeGreaterThan(0);
    const calls = new Set<number>();
    let a = first;
    for (let k = 0; k < first.count; k++) {
      expect(a.ok).toBe(true);
      if (!a.ok) break;
      calls.add(a.call);
      expect(a.path.at(-1)).toMatch(/tcp_sendmsg/);
      const next = stepSearch(v, grouped, 'tcp_sendmsg', { call: a.call }, 1);
      if (!next.ok) break;
      a = next;
    }
    expect(calls.size).toBe(first.count);
    expect(a.ok && a.call).toBe(first.call);
  });
});

function firstCallOf(v: DerivedData, name: string): number {
  const m = v.model;
  const f = m.strings.find(name);
  if (f === undefined) throw new Error(`no ${name}`);
  return m.calls.func.indexOf(f);
}
