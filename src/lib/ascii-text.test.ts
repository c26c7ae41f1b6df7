import { describe, expect, it } from 'vitest';
import { asciiText, MAX_ASCII_RUN, utf8Text } from './ascii-text';

/** A small deterministic generator (lib/ imports nothing from the test helpers). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('asciiText / utf8Text', () => {
  const decoder = new TextDecoder('utf-8', { fatal: false });

  it('gives what TextDecoder gives, for ASCII itself and for anything else through the decoder', () => {
    const rng = lcg(7);
    const buf = new Uint8Array(6000);
    let ascii = 0;
    for (let n = 0; n < 3000; n++) {
      const len = n % 50 === 0 ? Math.floor(rng() * 6000) : Math.floor(rng() * 120);
      // Mostly ASCII (control bytes and NUL too), now and then UTF-8, a BOM, or a bad byte.
      const pick = rng();
      const enc = new TextEncoder().encode(pick < 0.1 ? 'café ☃ ' : pick < 0.12 ? '\ufeffx' : '');
      for (let k = 0; k < len; k++) buf[k] = Math.floor(rng() * 128);
      buf.set(enc.subarray(0, Math.min(enc.length, len)), Math.floor(rng() * Math.max(1, len - enc.length)));
      if (rng() < 0.05 && len > 0) buf[Math.floor(rng() * len)] = 0x80 + Math.floor(rng() * 128);
      const start = Math.min(len, Math.floor(rng() * 3));
      const expected = decoder.decode(buf.subarray(start, len));
      const fast = asciiText(buf, start, len);
      const isAscii = buf.subarray(start, len).every((c) => c < 0x80);
      if (fast !== undefined) ascii++;
      expect(fast).toBe(isAscii && len - start <= MAX_ASCII_RUN ? expected : undefined);
      expect(utf8Text(decoder, buf, start, len)).toBe(expected);
    }
    expect(ascii).toBeGreaterThan(1000);
  });

  it('makes runs up to MAX_ASCII_RUN and leaves longer ones to the decoder', () => {
    const buf = new Uint8Array(MAX_ASCII_RUN + 1).fill(97);
    expect(asciiText(buf, 0, 0)).toBe('');
    expect(asciiText(buf, 0, MAX_ASCII_RUN)).toBe('a'.repeat(MAX_ASCII_RUN));
    expect(asciiText(buf, 0, MAX_ASCII_RUN + 1)).toBeUndefined();
    expect(utf8Text(decoder, buf, 0, MAX_ASCII_RUN + 1)).toBe('a'.repeat(MAX_ASCII_RUN + 1));
    // A shorter run after a longer one is not padded with the longer one's codes.
    expect(asciiText(new Uint8Array([98, 99]), 0, 2)).toBe('bc');
  });
});
