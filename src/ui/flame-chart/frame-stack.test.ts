import { describe, expect, it } from 'vitest';
import type { FlameChartFrames } from '../../state/flame-queries';
import { stackText } from '../context-menu/FrameMenu';
import { chartFrameAt, chartFrameStack } from './frame-stack';

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
    // (the model's call indexes: any distinct numbers)
    call: Uint32Array.from(rows, (_, k) => 100 + k),
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

describe('chartFrameAt', () => {
  it("ranks a chart frame's hook candidates under its one call, its task and stack saying where", () => {
    const f = frames([
      ['a', 0, 0, 100],
      ['c', 1, 50, 90],
      ['d', 2, 55, 60],
    ]);
    expect(chartFrameAt(f, 2, 'curl-139')).toEqual({ path: ['curl-139', 'a', 'c', 'd'], groupByTask: true, call: 102 });
  });
});
