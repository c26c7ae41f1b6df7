/** The pair of filters compared, from the store: both sides under the explorer's interrupt mode. */
import { describe, expect, it } from 'vitest';
import { compareKey } from './compare-queries';

const EXPLORE = { tasks: [3], cpus: [] as number[], range: null, syscallsOnly: false };
const FILTER_B = { tasks: [], cpus: [1], range: null, syscallsOnly: true };

describe('compareKey', () => {
  it('carries the interrupt mode on both sides (none when in place)', () => {
    expect(compareKey({ ...EXPLORE, irq: 'in-place' }, { filterB: FILTER_B })).toEqual({
      a: { tasks: [3] },
      b: { cpus: [1], syscallsOnly: true },
    });
    expect(compareKey({ ...EXPLORE, irq: 'hidden' }, { filterB: FILTER_B })).toEqual({
      a: { tasks: [3], irq: 'hidden' },
      b: { cpus: [1], syscallsOnly: true, irq: 'hidden' },
    });
    expect(compareKey({ ...EXPLORE, irq: 'apart' }, { filterB: FILTER_B }).b.irq).toBe('apart');
  });

  it('starts both sides from the "Paths from" function, AND-ed with each side\'s own filter', () => {
    // (a side without the function starts from its clone: another build's name, filter.ts pathsFromBase)
    expect(compareKey({ ...EXPLORE, irq: 'in-place' }, { filterB: FILTER_B, pathsFrom: 'tcp_sendmsg' })).toEqual({
      a: { tasks: [3], pathsFrom: 'tcp_sendmsg', pathsFromBase: true },
      b: { cpus: [1], syscallsOnly: true, pathsFrom: 'tcp_sendmsg', pathsFromBase: true },
    });
    expect(compareKey({ ...EXPLORE, irq: 'in-place' }, { filterB: FILTER_B, pathsFrom: null })).toEqual({ a: { tasks: [3] }, b: { cpus: [1], syscallsOnly: true } });
  });

  it('with exact names: the function by its name only, and the worker told', () => {
    expect(compareKey({ ...EXPLORE, irq: 'in-place' }, { filterB: FILTER_B, pathsFrom: 'tcp_sendmsg', exactNames: true })).toEqual({
      a: { tasks: [3], pathsFrom: 'tcp_sendmsg' },
      b: { cpus: [1], syscallsOnly: true, pathsFrom: 'tcp_sendmsg' },
      exactNames: true,
    });
  });
});
