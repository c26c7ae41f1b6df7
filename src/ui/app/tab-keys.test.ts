import { describe, expect, it } from 'vitest';
import { tabAfterKey } from './tab-keys';

const TABS = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];

describe('tabAfterKey', () => {
  it('moves right and left, wrapping around; other keys move nothing', () => {
    expect(tabAfterKey(TABS, 'a', 'ArrowRight')?.id).toBe('b');
    expect(tabAfterKey(TABS, 'c', 'ArrowRight')?.id).toBe('a');
    expect(tabAfterKey(TABS, 'a', 'ArrowLeft')?.id).toBe('c');
    expect(tabAfterKey(TABS, 'b', 'ArrowLeft')?.id).toBe('a');
    expect(tabAfterKey(TABS, 'b', 'Enter')).toBeNull();
    // An unknown active id counts as the first tab.
    expect(tabAfterKey(TABS, 'zz', 'ArrowRight')?.id).toBe('b');
    expect(tabAfterKey([], 'a', 'ArrowRight')).toBeNull();
  });
});
