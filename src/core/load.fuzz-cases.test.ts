/**
 * Failures the fuzzing campaign (`npm run fuzz`, scripts/fuzz/) found, each minimised to a
 * small input written out here, with the property it broke. Replay the original case with
 * the command in its comment.
 */
import { describe, expect, it } from 'vitest';
import { TraceLoader } from './load';
import type { TraceModel } from './model/tables';

/** Loads `text` pushed in chunks of the given sizes (the last size repeats). */
function loadChunked(text: string, sizes: number[]): TraceModel {
  const bytes = new TextEncoder().encode(text);
  const loader = new TraceLoader();
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const n = sizes[Math.min(k, sizes.length - 1)];
    loader.pushBytes(bytes.slice(at, at + n));
    at += n;
  }
  return loader.finish();
}

const leaf = (t: number, depth: number, name: string) =>
  `            curl-139   [001]  2345.${String(189000 + t).padStart(6, '0')}: funcgraph_entry:        0.301 us   |  ${'  '.repeat(depth)}${name}();\n`;

describe('fuzz cases', () => {
  // npm run fuzz -- --seed 1 --case 48 (hostile-names, depth-jump): a depth jump made one line
  // of 111,071 bytes. In one chunk the byte fast path parsed it as a call at depth 55,000; cut
  // across chunks it reached the line splitter's limit and was reported as over-long.
  // Property: the same input in any chunking gives the same model.
  it('an over-long line is reported, not parsed, whether or not a chunk holds it whole', () => {
    // More lines than format detection holds back, so the fast path is on when it comes.
    const before = Array.from({ length: 220 }, (_, i) => leaf(i, 0, 'a')).join('');
    const long = leaf(300, 33_000, 'deep');
    expect(long.length).toBeGreaterThan(65_536);
    const text = 'cpus=2\n' + before + long + leaf(301, 0, 'b');
    const whole = loadChunked(text, [text.length]);
    const split = loadChunked(text, [4096]);
    for (const m of [whole, split]) {
      expect(m.calls.length).toBe(221);
      expect(m.diagnostics.unparsedLines).toBe(1);
      const item = m.diagnostics.items.find((i) => i.kind === 'unparsed');
      expect(item?.line).toBe(222);
      expect(item?.message).toMatch(/more than 65536 bytes/);
    }
    expect(Array.from(split.calls.depth.subarray(0, 221))).toEqual(Array.from(whole.calls.depth.subarray(0, 221)));
  });

  // npm run fuzz -- --seed 20261204 --case 104 (long-line): a leaf line whose name was 400,690
  // bytes of `x`. In one chunk the fast path parsed it (interning the name) before it was
  // found over-long; split, the name was never seen. Property: the same model in any chunking.
  it("an over-long line's name is not interned, whether or not a chunk holds it whole", () => {
    const before = Array.from({ length: 220 }, (_, i) => leaf(i, 0, 'a')).join('');
    const text = 'cpus=2\n' + before + leaf(300, 1, 'x'.repeat(400_000)) + leaf(301, 0, 'b');
    const whole = loadChunked(text, [text.length]);
    const split = loadChunked(text, [137, 61, 63, 300]);
    expect(whole.strings.strings).toEqual(split.strings.strings);
    expect(whole.strings.strings.some((s) => s.length > 65_536)).toBe(false);
    expect(whole.diagnostics.unparsedLines).toBe(1);
    expect(whole.calls.length).toBe(221);
  });
});
