/** useFillHeight's arithmetic and its memory of the last top: a view starts at the last top's height, measured after the layout. */
import { afterEach, describe, expect, it } from 'vitest';
import { fillHeight, forgetTop, rememberTop, startHeight } from './fill-height';

afterEach(forgetTop);

describe('fillHeight', () => {
  it('fills the window below the top, less the margin, never under the minimum', () => {
    expect(fillHeight(200, 900, 24, 360)).toBe(676);
    expect(fillHeight(200.6, 900, 24, 360)).toBe(675);
    expect(fillHeight(700, 900, 24, 360)).toBe(360);
  });
});

describe('startHeight', () => {
  it('starts the first view of a page at its minimum', () => {
    expect(startHeight(900, 24, 420)).toBe(420);
  });

  it('starts a later view at the height the last top gives', () => {
    rememberTop(180);
    expect(startHeight(900, 24, 420)).toBe(696);
    expect(startHeight(900, 24, 360)).toBe(696);
    expect(startHeight(500, 24, 420)).toBe(420);
  });
});
