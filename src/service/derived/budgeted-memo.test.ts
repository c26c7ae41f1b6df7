import { describe, expect, it } from 'vitest';
import { BudgetedMemo, bytesOf } from './budgeted-memo';

const size = (n: number) => ({ bytes: () => n });

describe('BudgetedMemo', () => {
  it('computes a key once and returns the same object after', () => {
    const memo = new BudgetedMemo(1000);
    let runs = 0;
    const make = () => (runs++, { v: 1 });
    const a = memo.get('a', make, size(10));
    expect(memo.get('a', make, size(10))).toBe(a);
    expect(runs).toBe(1);
    expect(memo.stats()).toMatchObject({ entries: 1, bytes: 10, evictions: 0 });
  });

  it('drops one entry on delete, its bytes with it (a value another replaces), and ignores a key not kept', () => {
    const memo = new BudgetedMemo(1000);
    memo.get('a', () => ({}), size(40));
    memo.get('b', () => ({}), size(30));
    memo.get('p', () => ({}), { bytes: () => 8, pinned: true });
    memo.delete('a');
    memo.delete('p');
    memo.delete('none');
    expect(memo.has('a')).toBe(false);
    expect(memo.has('b')).toBe(true);
    expect(memo.stats()).toMatchObject({ entries: 1, bytes: 30, pinnedBytes: 0, evictions: 0 });
  });

  it('evicts the least recently used beyond the budget; asking refreshes an entry', () => {
    const memo = new BudgetedMemo(100);
    const a = memo.get('a', () => ({}), size(40));
    memo.get('b', () => ({}), size(40));
    expect(memo.get('a', () => ({}), size(40))).toBe(a); // a is now the most recent
    memo.get('c', () => ({}), size(40)); // 120 > 100: b goes, not a
    expect(memo.has('b')).toBe(false);
    expect(memo.has('a')).toBe(true);
    expect(memo.has('c')).toBe(true);
    expect(memo.stats()).toMatchObject({ entries: 2, bytes: 80, evictions: 1 });
  });

  it('never evicts a pinned entry, nor counts it, nor the entry just made even when over budget', () => {
    const memo = new BudgetedMemo(50);
    const p = memo.get('p', () => ({}), { bytes: () => 1000, pinned: true });
    memo.get('a', () => ({}), size(30));
    const big = memo.get('big', () => ({}), size(500));
    expect(memo.has('a')).toBe(false);
    expect(memo.get('big', () => ({}), size(500))).toBe(big);
    expect(memo.get('p', () => ({}), size(1))).toBe(p);
    expect(memo.stats()).toMatchObject({ bytes: 500, pinnedBytes: 1000 });
  });

  it('re-measures an entry that grew and evicts for it', () => {
    const memo = new BudgetedMemo(100);
    memo.get('a', () => ({}), size(40));
    memo.get('b', () => ({}), size(40));
    memo.resize('b', 90);
    expect(memo.has('a')).toBe(false);
    expect(memo.stats().bytes).toBe(90);
  });

  it('once questions are counted, keeps what this question or the last one read, even over budget', () => {
    const memo = new BudgetedMemo(100);
    memo.newQuestion();
    const tree = memo.get('tree', () => ({}), size(150)); // a view's tree, larger than the budget
    memo.get('old', () => ({}), size(10));
    memo.newQuestion();
    memo.get('small', () => ({}), size(10)); // over budget: the last question's values stay
    expect(memo.get('tree', () => ({}), size(150))).toBe(tree);
    memo.newQuestion();
    memo.newQuestion();
    memo.get('next', () => ({}), size(10)); // two questions on, nothing is in use but 'next'
    expect(memo.has('tree')).toBe(false);
    expect(memo.has('old')).toBe(false);
    expect(memo.has('small')).toBe(false);
    expect(memo.stats()).toMatchObject({ entries: 1, bytes: 10 });
  });

  it('a value made of others keeps the first one stored under its key', () => {
    const memo = new BudgetedMemo(100);
    const inner = memo.get('x', () => memo.get('x', () => 'inner', size(1)), size(1));
    expect(inner).toBe('inner');
    expect(memo.stats().entries).toBe(1);
  });

  it('bytesOf sums typed arrays and skips the missing', () => {
    expect(bytesOf(new Float64Array(3), undefined, new Uint8Array(5), null)).toBe(29);
  });
});
