import { describe, expect, it } from 'vitest';
import type { ComparedTreeRows } from '../../state/compare-queries';
import { flattenRows, pathKey, pathOfKey, treeMove } from './compared-tree-rows';

function level(names: string[], childCount: number[]): ComparedTreeRows {
  const z = () => new Float64Array(names.length);
  return {
    names,
    namesB: names.map(() => null),
    presence: new Uint8Array(names.length).fill(3),
    callsA: z(),
    totalA: z(),
    selfA: z(),
    callsB: z(),
    totalB: z(),
    selfB: z(),
    valueA: z(),
    valueB: z(),
    delta: z(),
    childCount: Uint32Array.from(childCount),
    matched: new Uint8Array(names.length),
  };
}

const levels = new Map([
  [pathKey([]), level(['sys', 'irq'], [2, 0])],
  [pathKey(['sys']), level(['connect', 'sendmsg'], [1, 0])],
]);

describe('compared call tree rows', () => {
  it('keys a path by its names whatever they hold (a NUL in a name is not a separator)', () => {
    const hostile = ['x\u0000y'];
    expect(pathKey(hostile)).not.toBe(pathKey(['x', 'y']));
    for (const path of [[], ['sys'], hostile, ['a', 'b\u0000', '', '\ud800"\\']]) expect(pathOfKey(pathKey(path))).toEqual(path);
    // Expanding the root 'x\0y' shows its own children, not those of the path x > y.
    const rows = flattenRows(
      new Map([
        [pathKey([]), level(['x\u0000y', 'x'], [1, 1])],
        [pathKey(['x\u0000y']), level(['own'], [0])],
        [pathKey(['x']), level(['y'], [1])],
        [pathKey(['x', 'y']), level(['other'], [0])],
      ]),
      new Set([pathKey(['x\u0000y'])]),
    );
    expect(rows.map((r) => r.path)).toEqual([['x\u0000y'], ['x\u0000y', 'own'], ['x']]);
  });

  it('flattens the expanded paths in pre-order', () => {
    expect(flattenRows(levels, new Set()).map((r) => r.path.join('>'))).toEqual(['sys', 'irq']);
    const open = flattenRows(levels, new Set([pathKey(['sys'])]));
    expect(open.map((r) => [r.path.join('>'), r.depth])).toEqual([
      ['sys', 0],
      ['sys>connect', 1],
      ['sys>sendmsg', 1],
      ['irq', 0],
    ]);
    expect(open[0].expanded).toBe(true);
    expect(open[1].expandable).toBe(true);
    expect(open[1].expanded).toBe(false);
  });

  it('moves as the call tree does', () => {
    const rows = flattenRows(levels, new Set([pathKey(['sys'])]));
    expect(treeMove(rows, -1, 'ArrowDown')).toEqual({ to: 0 });
    expect(treeMove(rows, 0, 'ArrowRight')).toEqual({ to: 1 });
    expect(treeMove(rows, 1, 'ArrowRight')).toEqual({ expand: 1 });
    expect(treeMove(rows, 2, 'ArrowLeft')).toEqual({ to: 0 });
    expect(treeMove(rows, 0, 'ArrowLeft')).toEqual({ collapse: 0 });
    expect(treeMove(rows, 0, 'Enter')).toEqual({ collapse: 0 });
    expect(treeMove(rows, 3, 'ArrowDown')).toEqual({ to: 3 });
    expect(treeMove(rows, 2, 'End')).toEqual({ to: 3 });
    expect(treeMove(rows, 2, 'x')).toBeNull();
  });
});
