/**
 * The decoder's address → name table: found again by every way the hot path reads an
 * address (two halves, a DataView, the block's words), for thousands of functions on the
 * boundaries kernels align them to, across the table's growth.
 */
import { describe, expect, it } from 'vitest';
import { Kallsyms } from './kallsyms';
import { SymbolCache } from './symbol-cache';
import { seededRandom } from '../../test-utils/seam-traces';

const BASE = 0xffffffff81000000n;

describe('SymbolCache', () => {
  it.each([16, 64])('finds %d-byte-aligned functions again, before and after the table grows', (align) => {
    const rnd = seededRandom(align);
    const offsets = new Set<number>();
    // 6,000 functions: past the 4,096 the first table holds at half full.
    while (offsets.size < 6000) offsets.add(Math.floor(rnd() * 0x100000) * align);
    const sorted = [...offsets].sort((a, b) => a - b);
    const kallsyms = new Kallsyms(sorted.map((o, k) => `${(BASE + BigInt(o)).toString(16)} T f${k}`).join('\n'));
    const cache = new SymbolCache(kallsyms);
    const bytes = new Uint8Array(8 * sorted.length);
    const dv = new DataView(bytes.buffer);
    sorted.forEach((o, k) => dv.setBigUint64(8 * k, BASE + BigInt(o), true));
    const words = new Int32Array(bytes.buffer);
    const hi = Number(BASE >> 32n);
    // First seen in a shuffled order (entries are numbered as first seen), then all looked up again.
    const order = sorted.map((_, k) => k).sort(() => rnd() - 0.5);
    const entries = new Map<number, number>();
    for (const k of order) entries.set(k, cache.entryAt(dv, 8 * k, true, true));
    expect(new Set(entries.values()).size).toBe(sorted.length);
    for (let k = 0; k < sorted.length; k++) {
      const e = entries.get(k)!;
      expect(cache.name(e)).toBe(`f${k}`);
      expect(cache.entryAt(dv, 8 * k, true, true)).toBe(e);
      expect(cache.entryOfWords(words, 2 * k, true)).toBe(e);
      expect(cache.entry(hi, Number((BASE + BigInt(sorted[k])) & 0xffffffffn))).toBe(e);
    }
  });
});
