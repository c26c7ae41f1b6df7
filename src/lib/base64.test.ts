import { describe, expect, it } from 'vitest';
import { base64Bytes } from './base64';

describe('base64Bytes', () => {
  it('gives the bytes Node decodes, every byte value included', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    for (const bytes of [all, all.subarray(1), all.subarray(2), new Uint8Array(0)]) {
      expect(base64Bytes(Buffer.from(bytes).toString('base64'))).toEqual(bytes);
    }
  });
  it('throws on text that is not base64', () => {
    expect(() => base64Bytes('a*b')).toThrow();
  });
});
