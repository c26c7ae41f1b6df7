/**
 * RetvalTexts: a funcgraph_exit's retval text taken from a cache by value gives the text
 * made for that value (hexValue's `0x…`), whatever the cache held before: repeated values,
 * values sharing a slot, more distinct values than slots; and in a loaded model every call's
 * retval note is its own exit's value.
 */
import { describe, expect, it } from 'vitest';
import { writeTraceDat, type PageItem, type PageSpec } from '../../test-utils/trace-dat-writer';
import { BinaryView } from './binary-view';
import { loadTraceDat } from './load-trace-dat';
import { RetvalTexts } from './record-decoder';
import { memorySource } from './source';

/** A retval as the kernel stores it (an unsigned long) in hex, written with BigInt (no code shared with the reader). */
const hex = (value: bigint, bits = 64): string => '0x' + BigInt.asUintN(bits, value).toString(16);

/** Errnos, small counts, zero and kernel pointers: more distinct values than the cache's slots. */
function values(): bigint[] {
  const out: bigint[] = [];
  for (let k = 0; k < 12_000; k++) {
    const r = k % 5;
    out.push(r === 0 ? 0n : r === 1 ? BigInt(k % 64) : r === 2 ? BigInt(-(1 + (k % 133))) : r === 3 ? 0xffff888100000000n + BigInt(k) * 64n : BigInt(k) << 31n);
  }
  return out;
}

describe('RetvalTexts', () => {
  for (const little of [true, false]) {
    it(`gives each value its own text, 8 and 4 bytes wide (${little ? 'little' : 'big'}-endian)`, () => {
      const texts = new RetvalTexts();
      const bytes = new Uint8Array(8);
      const view = new DataView(bytes.buffer);
      const v = new BinaryView(bytes, little, 0, 'test');
      // Twice over: the second pass meets values cached, evicted and sharing slots.
      for (const pass of [1, 2]) {
        for (const value of values()) {
          view.setBigUint64(0, BigInt.asUintN(64, value), little);
          expect(texts.text(v, 0, 8), `pass ${pass}`).toBe(hex(value));
          view.setUint32(0, Number(BigInt.asUintN(32, value)), little);
          expect(texts.text(v, 0, 4), `pass ${pass}`).toBe(hex(value, 32));
        }
      }
    });
  }

  it('a record too short for its retval fails as the checked reads do', () => {
    const v = new BinaryView(new Uint8Array(6), true, 100, 'CPU 0 data');
    expect(() => new RetvalTexts().text(v, 0, 8)).toThrow(/CPU 0 data/);
  });

  it("in a model (6.5+ layout), every call's retval note is its exit's value", async () => {
    const vals = values().slice(0, 3000);
    const items: PageItem[] = [];
    let t = 5_000_000_000;
    const pages: PageSpec[] = [];
    for (let k = 0; k < vals.length; k++) {
      items.push({ ts: t, event: { kind: 'entry', pid: 139, func: 0xffffffff81000100n, depth: 0 } });
      items.push({ ts: t + 10, event: { kind: 'exit', pid: 139, func: 0xffffffff81000100n, depth: 0, calltime: t + 1, rettime: t + 9, retval: vals[k] } });
      t += 20;
      // 76 bytes a call (entry 24, exit 52): 50 calls fill most of a 4 KiB page.
      if (items.length === 100 || k === vals.length - 1) {
        pages.push({ ts: t - 20 * (items.length / 2), items: items.splice(0) });
      }
    }
    const bytes = writeTraceDat({ version: 7, retvalLayout: true, kallsyms: 'ffffffff81000100 T tcp_sendmsg', cmdlines: '139 curl\n', cpus: [{ cpu: 0, pages }] });
    const model = await loadTraceDat(memorySource(bytes));
    expect(model.calls.length).toBe(vals.length);
    for (let c = 0; c < vals.length; c++) expect(model.notes.get(c)?.retval).toBe(hex(vals[c]));
  });
});
