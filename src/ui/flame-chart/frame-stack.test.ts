import { describe, expect, it } from 'vitest';
import type { FlameChartFrames } from '../../state/flame-queries';
import { stackText } from '../context-menu/FrameMenu';
import { chartFrameStack } from './frame-stack';

/** Frames as [name, depth, start, end]. */
function frames(rows: [string, number, number, number][]): FlameChartFrames {
  const names = [...new Set(rows.map((r) => r[0]))];
  return {
    length: rows.length,
    names,
    name: Int32Array.from(rows, (r) => names.indexOf(r[0])),
    depth: Uint32Array.from(rows, (r) => r[1]),
    start: Float64Array.from(rows, (r) => r[2]),
    end: Float64Array.from(rows, (r) => r[3]),
  } as unknown as FlameChartFrames;
}

describe('chartFrameStack', () => {
  it('walks up the rows through the frames that hold the call, not their neighbours', () => {
    const f = frames([
      ['a', 0, 0, 100],
      ['b', 1, 0, 40],
      ['c', 1, 50, 90],
      ['d', 2, 55, 60],
      ['e', 0, 100, 200],
    ]);
    expect(chartFrameStack(f, 3)).toEqual(['a', 'c', 'd']);
    expect(chartFrameStack(f, 4)).toEqual(['e']);
    expect(stackText(chartFrameStack(f, 3))).toBe('d\nc\na');
  });
});
