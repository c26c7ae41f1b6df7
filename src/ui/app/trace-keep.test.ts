import { describe, expect, it } from 'vitest';
import { TraceKeep } from './trace-keep';

describe('TraceKeep', () => {
  it('gives the same entry for the same key and makes it once', () => {
    const keep = new TraceKeep('t');
    let made = 0;
    const a = keep.get('tree:x', () => ({ n: ++made }));
    expect(keep.get('tree:x', () => ({ n: ++made }))).toBe(a);
    expect(made).toBe(1);
  });

  it('evicts the least recently used entry of a kind beyond its limit, and no other kind', () => {
    const keep = new TraceKeep('t', 2);
    const other = keep.get('pane:open', () => ({ v: 'pane' }));
    const a = keep.get('tree:a', () => ({ v: 'a' }));
    keep.get('tree:b', () => ({ v: 'b' }));
    keep.get('tree:a', () => ({ v: 'a again' })); // a is now the most recent
    keep.get('tree:c', () => ({ v: 'c' })); // evicts b
    expect(keep.get('tree:a', () => ({ v: 'new a' }))).toBe(a);
    expect(keep.get('tree:b', () => ({ v: 'new b' }))).toEqual({ v: 'new b' });
    expect(keep.get('pane:open', () => ({ v: 'new pane' }))).toBe(other);
  });

  it('two keeps (two traces) share nothing', () => {
    const one = new TraceKeep('t');
    const two = new TraceKeep('t');
    expect(one.get('tree:a', () => ({ t: 1 }))).not.toBe(two.get('tree:a', () => ({ t: 2 })));
  });
});
