/** The zoom behaviour reads no layout: its extent is the view's, a placeholder until then. */
import { describe, expect, it } from 'vitest';
import { createXZoom } from './use-x-zoom';

describe('createXZoom', () => {
  it('has an extent that reads nothing from the element before setExtent', () => {
    const z = createXZoom({ current: { onZoom: () => {}, onScrollRows: () => {} } });
    const el = {
      get clientWidth(): number {
        throw new Error('read the layout');
      },
      get clientHeight(): number {
        throw new Error('read the layout');
      },
    } as unknown as HTMLCanvasElement;
    const extent = z.extent() as unknown as (this: HTMLCanvasElement) => [[number, number], [number, number]];
    expect(extent.call(el)).toEqual([
      [0, 0],
      [1, 1],
    ]);
    z.extent([
      [0, 0],
      [800, 400],
    ]);
    expect((z.extent() as unknown as (this: HTMLCanvasElement) => unknown).call(el)).toEqual([
      [0, 0],
      [800, 400],
    ]);
  });
});
