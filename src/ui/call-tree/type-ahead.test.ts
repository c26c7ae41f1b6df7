import { describe, expect, it } from 'vitest';
import { isTypeAheadKey, NO_TYPE_AHEAD, TYPE_AHEAD_MS, typeAheadAfter, typeAheadMatch } from './type-ahead';

const ROWS = ['curl-139', 'x64_sys_call', '__x64_sys_sendto', '__sys_sendto', 'tcp_sendmsg', 'tcp_push', 'Tcp_upper', 'sock_sendmsg'];

/** Types `keys` at the given times from `focused`, each key moving the focus as the tree does. */
function type(focused: number, keys: [string, number][]): number {
  let state = NO_TYPE_AHEAD;
  for (const [key, now] of keys) {
    state = typeAheadAfter(state, key, now);
    const hit = typeAheadMatch(ROWS, focused, state.prefix);
    if (hit >= 0) focused = hit;
  }
  return focused;
}

describe('typeAheadMatch', () => {
  it('moves to the next row after the focused one, wrapping past the end', () => {
    expect(typeAheadMatch(ROWS, 0, 't')).toBe(4);
    expect(typeAheadMatch(ROWS, 4, 't')).toBe(5);
    expect(typeAheadMatch(ROWS, 7, 'c')).toBe(0);
    expect(typeAheadMatch(ROWS, 0, 'c')).toBe(0); // the only `c…` row: wraps round to itself
  });

  it('is case-insensitive', () => {
    expect(typeAheadMatch(ROWS, 5, 'T')).toBe(6);
    expect(typeAheadMatch(ROWS, 0, 'TCP_P')).toBe(5);
  });

  it('keeps the focus (-1) when no row matches', () => {
    expect(typeAheadMatch(ROWS, 3, 'zz')).toBe(-1);
    expect(typeAheadMatch([], -1, 'a')).toBe(-1);
    expect(type(3, [['q', 0]])).toBe(3);
  });

  it('skips leading underscores unless the prefix starts with one', () => {
    expect(typeAheadMatch(ROWS, 0, 'x64_sys_s')).toBe(2);
    expect(typeAheadMatch(ROWS, 2, 'sys')).toBe(3);
    expect(typeAheadMatch(ROWS, 0, '__')).toBe(2);
    expect(typeAheadMatch(ROWS, 2, '__s')).toBe(3);
    expect(typeAheadMatch(ROWS, 0, '_x')).toBe(-1); // `__x64…` starts with `__`, not `_x`
  });

  it("skips a ppc64 ELFv1 function's leading dot unless the prefix starts with one", () => {
    const elfV1 = ['curl-139', '.__x64_sys_sendto', '.sys_sendto', '.tcp_sendmsg', '.tcp_push'];
    expect(typeAheadMatch(elfV1, 0, 'tcp')).toBe(3);
    expect(typeAheadMatch(elfV1, 0, 'sys_s')).toBe(2);
    expect(typeAheadMatch(elfV1, 0, 'x64')).toBe(1); // the dot, then the underscores
    expect(typeAheadMatch(elfV1, 0, '__x')).toBe(1);
    expect(typeAheadMatch(elfV1, 0, '.tcp')).toBe(3);
    expect(typeAheadMatch(elfV1, 0, '.x64')).toBe(-1); // `.__x64…` starts with `.__`
  });

  it('a longer prefix starts at the focused row, so it stays there while it still matches', () => {
    expect(typeAheadMatch(ROWS, 4, 'tc')).toBe(4);
  });

  it('a repeated character that no name starts with steps through its rows', () => {
    expect(typeAheadMatch(ROWS, 4, 'tt')).toBe(5);
  });

  it('starts at the top when nothing is focused', () => {
    expect(typeAheadMatch(ROWS, -1, 'c')).toBe(0);
    expect(typeAheadMatch(ROWS, -1, 'tcp')).toBe(4);
  });
});

describe('typeAheadAfter', () => {
  it('accumulates characters typed within the timeout into one prefix', () => {
    expect(type(0, [['t', 0], ['c', 100], ['p', 200], ['_', 300], ['p', 400]])).toBe(5);
    const s = typeAheadAfter(typeAheadAfter(NO_TYPE_AHEAD, 's', 1000), 'o', 1000 + TYPE_AHEAD_MS);
    expect(s.prefix).toBe('so');
  });

  it('starts a new prefix after a pause longer than the timeout', () => {
    const s = typeAheadAfter(typeAheadAfter(NO_TYPE_AHEAD, 't', 1000), 's', 1001 + TYPE_AHEAD_MS);
    expect(s).toEqual({ prefix: 's', at: 1001 + TYPE_AHEAD_MS });
    // `t` then, after the pause, `s`: sock_sendmsg, not a `ts…` that nothing matches.
    expect(type(0, [['t', 0], ['s', 1000]])).toBe(7);
    // The same keys within the timeout: `ts` matches nothing, the focus stays on tcp_sendmsg.
    expect(type(0, [['t', 0], ['s', 100]])).toBe(4);
  });
});

describe('isTypeAheadKey', () => {
  it('takes printable characters but not the keys bound already, whitespace or named keys', () => {
    for (const k of ['a', 'Z', '_', '0', '.']) expect(isTypeAheadKey(k), k).toBe(true);
    for (const k of ['*', '/', '?', ' ', 'Enter', 'ArrowDown', 'Home', 'F10', 'Dead', '\u0000']) expect(isTypeAheadKey(k), k).toBe(false);
  });
});
