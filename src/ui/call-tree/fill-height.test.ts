/** useFillHeight's arithmetic and its memory of the last top: a view starts at the last top's height, measured after the layout. */
import { afterEach, describe, expect, it } from 'vitest';
import { fillHeight, forgetTop, mayMoveTop, rememberTop, startHeight } from './fill-height';

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

describe('mayMoveTop', () => {
  // A page as parent links: body > [toolbar > status, view > [canvas-wrap > card, summary]].
  const parent: Record<string, string | null> = { body: null, toolbar: 'body', status: 'toolbar', view: 'body', wrap: 'view', card: 'wrap', summary: 'view' };
  const view = { contains: (n: string) => { for (let p: string | null = n; p !== null; p = parent[p]) if (p === 'view') return true; return false; } };
  const records = (...targets: string[]) => targets.map((target) => ({ target }));

  it("does not re-measure for changes inside the view (a zoom's card, breadcrumbs, summary)", () => {
    expect(mayMoveTop(view, records('card', 'summary', 'wrap', 'view'))).toBe(false);
    expect(mayMoveTop(view, [])).toBe(false);
  });

  it('re-measures for a change above it or of an element holding it (a banner, the toolbar wrapping)', () => {
    expect(mayMoveTop(view, records('card', 'status'))).toBe(true);
    expect(mayMoveTop(view, records('body'))).toBe(true);
  });
});
