import { describe, expect, it } from 'vitest';
import { ByteLineSplitter } from './byte-lines';

const enc = (s: string) => new TextEncoder().encode(s);

/** Runs `input` through a splitter in `chunk`-byte pieces; returns the lines and what the taker saw. */
function split(input: Uint8Array, chunk: number, maxLineBytes?: number) {
  const lines: { length: number; head: string }[] = [];
  const offered: number[] = [];
  const s = new ByteLineSplitter(
    (buf, start, end) => lines.push({ length: end - start, head: new TextDecoder().decode(buf.subarray(start, Math.min(end, start + 8))) }),
    (buf, start) => {
      const nl = buf.indexOf(10, start);
      offered.push(nl - start);
      return -1; // never takes: every line reaches the sink
    },
    maxLineBytes,
  );
  for (let i = 0; i < input.length; i += chunk) s.push(input.subarray(i, i + chunk));
  s.end();
  return { lines, offered };
}

describe('ByteLineSplitter', () => {
  it('gives the same lines whatever the chunking, CRLF or LF, last line without LF', () => {
    const input = enc('one\r\ntwo\n\nthree');
    for (const chunk of [1, 2, 3, 100]) {
      expect(split(input, chunk).lines.map((l) => l.head)).toEqual(['one', 'two', '', 'three']);
    }
  });

  it('keeps at most maxLineBytes of a line split across chunks, and the lines after it whole', () => {
    const huge = new Uint8Array(1_000_000).fill(0x78); // 1 MB of `x` with no LF
    const input = new Uint8Array([...enc('before\n'), ...huge, ...enc('\nafter\n')]);
    const { lines, offered } = split(input, 4096, 100);
    expect(lines.map((l) => l.length)).toEqual([6, 100, 5]);
    expect(lines.map((l) => l.head)).toEqual(['before', 'xxxxxxxx', 'after']);
    // The cut line goes straight to the sink: a taker never parses a line it cannot see whole.
    expect(offered).not.toContain(100);
  });

  it('an input with no LF at all ends as one cut line', () => {
    const { lines } = split(new Uint8Array(300_000), 65_536, 1000);
    expect(lines).toHaveLength(1);
    expect(lines[0].length).toBe(1000);
  });
});
