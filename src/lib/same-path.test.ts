import { describe, expect, it } from 'vitest';
import { samePath } from './same-path';

describe('samePath', () => {
  it('is true for the same names in the same order, the empty path included', () => {
    expect(samePath(['curl-139', 'x64_sys_call'], ['curl-139', 'x64_sys_call'])).toBe(true);
    expect(samePath([], [])).toBe(true);
  });

  it('is false for another order, length or name, and for a path not known', () => {
    expect(samePath(['a', 'b'], ['b', 'a'])).toBe(false);
    expect(samePath(['a'], ['a', 'b'])).toBe(false);
    expect(samePath(['a', 'b'], ['a', 'c'])).toBe(false);
    expect(samePath(null, [])).toBe(false);
    expect(samePath([], null)).toBe(false);
  });
});
