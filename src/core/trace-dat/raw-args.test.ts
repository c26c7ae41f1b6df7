import { describe, expect, it } from 'vitest';
import { BinaryView } from './binary-view';
import { parseFieldLine } from './event-format';
import { hasArgs, rawArgsText } from './raw-args';

/** A record: 8 bytes of common header, then `words` u64s (or u32s), little-endian. */
function record(words: bigint[], long: 4 | 8): BinaryView {
  const b = new Uint8Array(8 + words.length * long);
  const dv = new DataView(b.buffer);
  words.forEach((w, k) => (long === 8 ? dv.setBigUint64(8 + k * 8, w, true) : dv.setUint32(8 + k * 4, Number(w), true)));
  return new BinaryView(b, true, 0, 'test');
}

describe('raw argument registers', () => {
  it('a flexible args[] runs to the end of the record; whole longs only', () => {
    const field = parseFieldLine('\tfield:unsigned long args[];\toffset:24;\tsize:0;\tsigned:0;')!;
    const v = record([0xffffffff81000100n, 2n, 0xffff888104a2c600n, 0x5a8n, 0n], 8);
    expect(rawArgsText(v, 0, 48, field, 8)).toBe('ffff888104a2c600, 5a8, 0');
    expect(rawArgsText(v, 0, 44, field, 8)).toBe('ffff888104a2c600, 5a8');
    expect(hasArgs(v, 0, 24, field, 8)).toBe(false);
    expect(rawArgsText(v, 0, 24, field, 8)).toBe('');
  });

  it('a __data_loc args[] is read where its word says, as long as it says', () => {
    const field = parseFieldLine('\tfield:__data_loc unsigned long[] args;\toffset:16;\tsize:4;\tsigned:0;')!;
    // func@8 (4 bytes), the loc word @16: 8 bytes at offset 20 (two u32 registers).
    const v = record([0x81000100n, 0n, (8n << 16n) | 20n, 0xdeadn, 0x7n, 0x99n], 4);
    expect(rawArgsText(v, 0, 32, field, 4)).toBe('dead, 7');
    // An empty array: no registers.
    const none = record([0x81000100n, 0n, 20n], 4);
    expect(hasArgs(none, 0, 20, field, 4)).toBe(false);
  });
});
