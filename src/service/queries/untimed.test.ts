/**
 * Rows whose calls have no duration: the tree answers send NaN (shown "—"), not 0, when NO
 * call of the row has a duration, and the sum of the timed ones when some do. (Calls that
 * did not return get a duration from the model, builder.ts rule 7; the fixture takes it
 * away again, as kernel text without times or durations leaves such calls.)
 */
import { describe, expect, it } from 'vitest';
import { dslWithoutUnclosedDurations as dsl, grouped, invertedKey as inverted, merged } from '../../test-utils/service-views';
import { functionTable } from './functions';
import { treeLevels, treeSubtree, type TreeRows } from './tree';

/**
 * curl-1: a and e never return (the trace ends inside them); b and d do.
 * sh-2: a returns (10 µs, c inside it 3 µs).
 */
const UNCLOSED_DSL = `
curl-1 1 0  | a {
curl-1 1 1  |   b 2
curl-1 1 4  |   e {
curl-1 1 5  |     d 1
sh-2 0 20   | a {
sh-2 0 21   |   c 3
sh-2 0 30   | } 10
`;

const views = () => dsl(UNCLOSED_DSL);

/** `name total/self/calls` per row in µs; NaN prints as NaN. */
function rows(r: TreeRows | null): string[] {
  if (!r) return ['<not found>'];
  return Array.from(r.name, (n, k) => `${r.names[n]} ${r.total[k] / 1000}/${r.self[k] / 1000}/${r.calls[k]}`);
}

describe('untimed rows in the call tree answers', () => {
  it('sends NaN for a row none of whose calls returned, the timed sum when some did', () => {
    const v = views();
    const r = treeLevels(v, merged, [[], ['a'], ['a', 'e']]);
    // a merges curl's a (never returned) and sh's a (10 µs, self 7): the known part.
    expect(rows(r.levels[0])).toEqual(['a 10/7/2']);
    expect(rows(r.levels[1])).toEqual(['c 3/3/1', 'b 2/2/1', 'e NaN/NaN/1']);
    expect(rows(r.levels[2])).toEqual(['d 1/1/1']);
    // The 100% of the percent column is what is known.
    expect(r.rootTotal).toBe(10_000);
  });

  it('marks a task root untimed when none of its top-level calls returned', () => {
    const v = views();
    const r = treeLevels(v, grouped, [[]]).levels[0]!;
    const byName = new Map(Array.from(r.name, (n, k) => [r.names[n], k]));
    const curl = byName.get('curl-1')!;
    const sh = byName.get('sh-2')!;
    expect(r.total[curl]).toBeNaN();
    expect(r.total[sh]).toBe(10_000);
    expect(r.calls[curl]).toBe(1); // its top-level calls: a
    const a = treeLevels(v, grouped, [['curl-1']]).levels[0]!;
    expect(rows(a)).toEqual(['a NaN/NaN/1']);
  });

  it('resolves inverted rows from the untimed top-down nodes they merge', () => {
    const v = views();
    const roots = rows(treeLevels(v, inverted, [[]]).levels[0]);
    expect(roots).toContain('e NaN/NaN/1');
    expect(roots).toContain('a 7/7/2');
    expect(roots).toContain('d 1/1/1');
    // d's caller e: the weight is d's own (timed) self time.
    expect(rows(treeLevels(v, inverted, [['d']]).levels[0])).toEqual(['e 1/0/1']);
    // e's caller a: only e's untimed calls are behind it.
    expect(rows(treeLevels(v, inverted, [['e']]).levels[0])).toEqual(['a NaN/NaN/1']);
    // Grouped: a under curl-1 never returned, a under sh-2 did.
    const g = treeLevels(v, { ...inverted, groupByTask: true }, [['a']]).levels[0]!;
    const callers = rows(g).sort();
    expect(callers).toEqual(['curl-1 NaN/NaN/1', 'sh-2 7/0/1']);
  });

  it('does the same in a `*` subtree answer', () => {
    const s = treeSubtree(views(), merged, ['a'], 100);
    expect(rows(s)).toEqual(['c 3/3/1', 'b 2/2/1', 'e NaN/NaN/1', 'd 1/1/1']);
  });

  it('sends NaN total and self in the functions table for a function with no timed call', () => {
    const t = functionTable(views(), {});
    const row = (name: string) => t.names.indexOf(name);
    expect(t.total[row('e')]).toBeNaN();
    expect(t.self[row('e')]).toBeNaN();
    expect(t.timed[row('e')]).toBe(0);
    expect(t.total[row('a')]).toBe(10_000);
    expect(t.total[row('d')]).toBe(1_000);
  });
});
