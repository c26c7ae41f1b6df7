/** The zoom behaviour reads no layout: its extent is the view's, a placeholder until then; when a reset is one. */
import { describe, expect, it } from 'vitest';
import { atZoomReset, createXZoom, zoomIdentity } from './use-x-zoom';

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

describe('atZoomReset', () => {
  it('is true only for the whole domain with rows from the root', () => {
    expect(atZoomReset(zoomIdentity, 0)).toBe(true);
    expect(atZoomReset(zoomIdentity.scale(2), 0)).toBe(false);
    expect(atZoomReset(zoomIdentity.translate(-10, 0), 0)).toBe(false);
    expect(atZoomReset(zoomIdentity.translate(0, 5), 0)).toBe(false);
    // Scrolled rows: the reset brings them back to the root, a change on screen.
    expect(atZoomReset(zoomIdentity, 36)).toBe(false);
    // Zoomed out and back in to exactly the whole domain is a reset's view too.
    expect(atZoomReset(zoomIdentity.scale(3).scale(1 / 3), 0)).toBe(true);
  });
});
