import { describe, expect, it } from 'vitest';
import { FNV_OFFSET, FNV_PRIME, StringTable } from './string-table';

const enc = (s: string) => new TextEncoder().encode(s);
function hashOf(b: Uint8Array): number {
  let h = FNV_OFFSET;
  for (const c of b) h = Math.imul(h ^ c, FNV_PRIME);
  return h;
}
function byBytes(t: StringTable, s: string, h?: number): number {
  const b = enc(`xx${s}yy`);
  return t.internHashedBytes(b, 2, b.length - 2, h ?? hashOf(b.subarray(2, b.length - 2)));
}

describe('StringTable', () => {
  it('gives a name the same id by string and by bytes, whichever came first', () => {
    const t = new StringTable();
    const a = t.intern('tcp_sendmsg');
    expect(byBytes(t, 'tcp_sendmsg')).toBe(a);
    const b = byBytes(t, 'copy_strings.isra.0');
    expect(t.intern('copy_strings.isra.0')).toBe(b);
    expect(byBytes(t, 'ünïcode_fn')).toBe(t.intern('ünïcode_fn'));
    expect(t.get(b)).toBe('copy_strings.isra.0');
  });

  it('tells apart names whose hashes collide, and survives growing its table', () => {
    const t = new StringTable();
    // The same (wrong) hash for every name: every lookup probes and compares bytes.
    const ids = Array.from({ length: 3000 }, (_, k) => byBytes(t, `f${k}`, 42));
    expect(new Set(ids).size).toBe(3000);
    for (let k = 0; k < 3000; k += 97) expect(byBytes(t, `f${k}`, 42)).toBe(ids[k]);
    // Met again under its real hash it is still the same name, not a new one.
    for (let k = 0; k < 3000; k += 89) expect(byBytes(t, `f${k}`)).toBe(ids[k]);
    expect(t.size).toBe(3000);
  });
});
