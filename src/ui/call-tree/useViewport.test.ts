/** A list mounts with the height the last list measured, and is measured only after its layout. */
import { describe, expect, it } from 'vitest';
import { initialViewport, noteViewport, visibleRange } from './useViewport';

describe('initialViewport', () => {
  it('starts at the top with the last height measured; a list not laid out (0 px) is not remembered', () => {
    noteViewport({ scrollTop: 120, height: 612 });
    expect(initialViewport()).toEqual({ scrollTop: 0, height: 612 });
    noteViewport({ scrollTop: 0, height: 0 });
    expect(initialViewport()).toEqual({ scrollTop: 0, height: 612 });
  });

  it('renders the rows of that height with the margin', () => {
    noteViewport({ scrollTop: 0, height: 440 });
    expect(visibleRange(initialViewport(), 22, 1000)).toEqual([0, 28]);
  });
});
