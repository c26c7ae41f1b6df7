/**
 * The piece-parallel load (a text that arrives in order, as an inflated gzip, cut at seams
 * into pieces parsed apart) is exact: 2, 3 and 7 pieces, and pieces of one line, give the
 * one-pass model on every real text trace and on generated traces full of hard places,
 * whatever chunks the text comes in.
 */
import { describe, expect, it } from 'vitest';
import { cutPieces, loadInPieces, planText } from './load-pieces';
import { modelDifference } from '../../test-utils/model-difference';
import { awkwardLineTexts, seededRandom, traceCmdSeamTrace, tracefsSeamTrace } from '../../test-utils/seam-traces';
import { loadBytes, traceBytes, traceManifest } from '../../test-utils/traces';

const TEXT_TRACES = traceManifest()
  .files.map((f) => f.file)
  .filter((f) => !f.endsWith('.dat') && !f.endsWith('.dat.gz'));

/** Above this, a trace is checked on its first bytes (cut at a line end): seams matter, not length. */
const WHOLE_UP_TO = 2 << 20;

/** Piece size that cuts `bytes` into about `n` pieces. */
const sizeFor = (bytes: Uint8Array, n: number) => Math.max(1, Math.floor(bytes.length / n));

describe('pieces of the real traces', () => {
  for (const name of TEXT_TRACES) {
    it(`${name}: 2, 3 and 7 pieces give the one-pass model`, () => {
      const all = traceBytes(name);
      const bytes = all.length <= WHOLE_UP_TO ? all : all.subarray(0, all.indexOf(10, WHOLE_UP_TO) + 1);
      const one = loadBytes(bytes);
      for (const n of [2, 3, 7]) {
        expect([name, n, modelDifference(one, loadInPieces(bytes, sizeFor(bytes, n), 64 << 10))]).toEqual([name, n, null]);
      }
    });
  }
});

const GENERATED = [
  { name: 'trace-cmd report', make: (seed: number) => traceCmdSeamTrace(seed) },
  { name: 'kernel function_graph text', make: (seed: number) => tracefsSeamTrace(seed) },
];

describe('pieces of generated traces', () => {
  for (const { name, make } of GENERATED) {
    it(`${name}: pieces of one line each give the one-pass model`, () => {
      const { bytes } = make(1);
      expect(modelDifference(loadBytes(bytes), loadInPieces(bytes, 1, 97, 3))).toBeNull();
    });

    it(`${name}: fuzzed piece sizes and chunk edges give the one-pass model`, () => {
      const rnd = seededRandom(77);
      for (let seed = 1; seed <= 3; seed++) {
        const { bytes } = make(seed);
        const one = loadBytes(bytes);
        for (const n of [2, 3, 7, 40]) {
          const chunk = [5, 64, 4096, 1 << 20][Math.floor(rnd() * 4)];
          const rows = [1, 3, 100, 1 << 16][Math.floor(rnd() * 4)];
          expect([seed, n, chunk, modelDifference(one, loadInPieces(bytes, sizeFor(bytes, n), chunk, rows))]).toEqual([seed, n, chunk, null]);
        }
      }
    });
  }

  it('CRLF line ends, no line end at the end, and text in no known format give the one-pass model', () => {
    for (const bytes of awkwardLineTexts()) {
      const one = loadBytes(bytes);
      for (const n of [2, 3, 7, bytes.length]) expect([n, modelDifference(one, loadInPieces(bytes, sizeFor(bytes, n), 333, 50))]).toEqual([n, null]);
    }
  });
});

describe('cutPieces', () => {
  it('cuts only after a newline, at a seam line, never before the head lines; the pieces make the text', () => {
    for (const { bytes } of [traceCmdSeamTrace(2), tracefsSeamTrace(2)]) {
      const plan = planText(bytes, true)!;
      const pieces = cutPieces(bytes, plan, 700, 61);
      expect(pieces.length).toBeGreaterThan(20);
      const joined = new Uint8Array(bytes.length);
      let at = 0;
      for (const [i, p] of pieces.entries()) {
        expect([i, p.index, p.start]).toEqual([i, i, at]);
        for (const c of p.chunks) {
          joined.set(c, at);
          at += c.length;
        }
        expect(at - p.start).toBe(p.bytes);
        if (i < pieces.length - 1) expect(joined[at - 1]).toBe(10);
        if (i === 0) expect(p.bytes).toBeGreaterThanOrEqual(plan.headEnd);
        else if (i < pieces.length - 1) expect(p.bytes).toBeGreaterThanOrEqual(700);
      }
      expect(joined).toEqual(bytes);
      // No two pieces share a buffer: each travels to its worker whole.
      const buffers = pieces.flatMap((p) => [...new Set(p.chunks.map((c) => c.buffer))]);
      expect(new Set(buffers).size).toBe(buffers.length);
    }
  });

  it('never cuts a kernel text before a line that is not a seam (a banner rule, the rest of a comment)', () => {
    const { bytes } = tracefsSeamTrace(4);
    const plan = planText(bytes, true)!;
    const text = new TextDecoder().decode(bytes);
    const starts = cutPieces(bytes, plan, 1, 17).map((p) => p.start);
    // Every line start is a candidate at this size; those left out are the non-seam lines.
    const lineStarts = [0, ...[...text.matchAll(/\n/g)].map((m) => new TextEncoder().encode(text.slice(0, m.index + 1)).length)].filter((s) => s < bytes.length);
    expect(starts.length).toBeLessThan(lineStarts.length);
    expect(starts.every((s) => lineStarts.includes(s))).toBe(true);
  });

  it('an empty text is one empty piece (and, of no trace format, is read in one pass: no plan)', () => {
    expect(planText(new Uint8Array(0), true)).toBeUndefined();
    const plan = planText(new TextEncoder().encode('# tracer: function_graph\n'), true)!;
    expect(cutPieces(new Uint8Array(0), { ...plan, headLines: 0, headEnd: 0 }, 10).map((p) => p.bytes)).toEqual([0]);
  });
});
