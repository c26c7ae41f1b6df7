import { describe, expect, it } from 'vitest';
import { openScroll } from './open-scroll';

describe('openScroll', () => {
  const off = { active: false, ready: false, matches: 0 };
  it('without a search: the selected row, once the table has come', () => {
    expect(openScroll(-1, off)).toBe('wait');
    expect(openScroll(480, off)).toBe(480);
  });

  it('with a search: waits for its matches, then keeps them in view unless the selected function is one', () => {
    expect(openScroll(480, { active: true, ready: false, matches: 0 })).toBe('wait');
    // __x64_sys_connect searched elsewhere, tcp_v4_init_sock selected before: the match stays in view.
    expect(openScroll(480, { active: true, ready: true, matches: 1 })).toBe('top');
    expect(openScroll(0, { active: true, ready: true, matches: 1 })).toBe(0);
    expect(openScroll(3, { active: true, ready: true, matches: 0 })).toBe('top');
  });
});
