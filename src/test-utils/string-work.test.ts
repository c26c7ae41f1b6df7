import { describe, expect, it } from 'vitest';
import { countStringWork } from './string-work';

describe('countStringWork', () => {
  it('charges what each method reads', () => {
    const s = 'abcdefghij';
    expect(countStringWork(() => s.charCodeAt(3))).toBe(1);
    expect(countStringWork(() => s.indexOf('d', 1))).toBe(3); // b c d: from 1 through the match's end
    expect(countStringWork(() => s.indexOf('z'))).toBe(10); // searched to the end
    expect(countStringWork(() => s.includes('c'))).toBe(3);
    expect(countStringWork(() => s.lastIndexOf('h'))).toBe(4); // from the end back to h, plus the needle
    expect(countStringWork(() => s.slice(2, 7))).toBe(5);
    expect(countStringWork(() => s.startsWith('abc'))).toBe(3);
    expect(countStringWork(() => /j/y.exec(s))).toBe(10);
    expect(countStringWork(() => /j/.test(s))).toBe(10); // test() runs exec
  });

  it('restores the methods, also when the function throws', () => {
    const indexOf = () => Object.getOwnPropertyDescriptor(String.prototype, 'indexOf')?.value as unknown;
    const before = indexOf();
    expect(() =>
      countStringWork(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(indexOf()).toBe(before);
    expect(countStringWork(() => undefined)).toBe(0);
  });

  it('tells linear work from quadratic work', () => {
    const text = (n: number) => 'x'.repeat(n);
    // Linear: one pass. Quadratic: a search from every position for a character that is not there.
    const linear = (s: string) => {
      for (let i = 0; i < s.length; i++) s.charCodeAt(i);
    };
    const quadratic = (s: string) => {
      for (let i = 0; i < s.length; i++) s.indexOf('y', i);
    };
    const ratio = (f: (s: string) => void) => countStringWork(() => f(text(2000))) / countStringWork(() => f(text(1000)));
    expect(ratio(linear)).toBe(2);
    expect(ratio(quadratic)).toBeGreaterThan(3.9);
  });
});
