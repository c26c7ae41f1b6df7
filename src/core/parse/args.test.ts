/** splitArgs: the argument text of docs/formats.md §2.5 into name/value pairs. */
import { describe, expect, it } from 'vitest';
import { splitArgs } from './args';

describe('splitArgs', () => {
  it('33: names and raw value text', () => {
    expect(splitArgs('path=0xffffc90001e3fd30, file=0xffff888104a2c600')).toEqual([
      { name: 'path', value: '0xffffc90001e3fd30' },
      { name: 'file', value: '0xffff888104a2c600' },
    ]);
  });

  it('34: a by-value struct and `...` are single values', () => {
    expect(splitArgs('name=(struct qstr)[0x1a:0x2b], ...')).toEqual([
      { name: 'name', value: '(struct qstr)[0x1a:0x2b]' },
      { name: '', value: '...' },
    ]);
  });

  it('35: an enum name stays in the value, even with a comma inside its brackets', () => {
    expect(splitArgs('notify=2 [TWA_SIGNAL]')).toEqual([{ name: 'notify', value: '2 [TWA_SIGNAL]' }]);
    expect(splitArgs('flags=3 [A, B], x=1')).toEqual([
      { name: 'flags', value: '3 [A, B]' },
      { name: 'x', value: '1' },
    ]);
  });

  it('unnamed values: raw registers (trace-cmd without BTF) and unknown types', () => {
    expect(splitArgs('7ffd2c41a0b0, 3, 0')).toEqual([
      { name: '', value: '7ffd2c41a0b0' },
      { name: '', value: '3' },
      { name: '', value: '0' },
    ]);
    expect(splitArgs('arg=?0x1f')).toEqual([{ name: 'arg', value: '?0x1f' }]);
  });

  it('no text, no arguments; an unbalanced tail stays one value', () => {
    expect(splitArgs('')).toEqual([]);
    expect(splitArgs('a=1, b=(struct s)[0x1')).toEqual([
      { name: 'a', value: '1' },
      { name: 'b', value: '(struct s)[0x1' },
    ]);
  });

  it('94: a 10 kB argument list splits in one pass', () => {
    const text = Array.from({ length: 1000 }, (_, k) => `a${k}=(struct s)[0x${k}:0x1]`).join(', ');
    expect(text.length).toBeGreaterThan(10_000);
    const args = splitArgs(text);
    expect(args.length).toBe(1000);
    expect(args[999]).toEqual({ name: 'a999', value: '(struct s)[0x999:0x1]' });
  });
});
