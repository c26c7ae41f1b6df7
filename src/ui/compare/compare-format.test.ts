import { describe, expect, it } from 'vitest';
import { diffExportHeading, emptySideNote, formatDelta, formatQuantity, formatRatio, normalisationSentence, underMissingNote } from './compare-format';

describe('compare figures', () => {
  it('prints quantities, signed changes and ratios', () => {
    expect(formatQuantity(3, 'calls')).toBe('3');
    expect(formatQuantity(0.5, 'calls')).toBe('0.50');
    expect(formatQuantity(1500, 'self')).toBe('1.50 us');
    expect(formatDelta(-2000, 'total')).toBe('−2.00 us');
    expect(formatDelta(4, 'calls')).toBe('+4');
    expect(formatDelta(0, 'calls')).toBe('0');
    expect(formatRatio(1.5)).toBe('×1.50');
    expect(formatRatio(Number.POSITIVE_INFINITY)).toBe('new in B');
    expect(formatRatio(0)).toBe('gone in B');
    // Not gone: B spends 0.4 % of A's (two decimals printed ×0.00), a call per 300 root calls.
    expect(formatRatio(0.004)).toBe('×0.0040');
    expect(formatQuantity(1 / 300, 'calls')).toBe('0.0033');
    expect(formatDelta(-1 / 300, 'calls')).toBe('−0.0033');
  });

  it('says which normalisation is applied', () => {
    expect(normalisationSentence('self', { kind: 'raw' }, null)).toBe('Comparing self time: raw figures, as measured.');
    expect(normalisationSentence('total', { kind: 'scaled' }, { a: 1, b: 0.5, missing: [] })).toBe(
      "Comparing total time: B scaled to A's total (×0.500).",
    );
    expect(normalisationSentence('calls', { kind: 'perCall', root: 'sys' }, { a: 1, b: 0.25, missing: [] })).toBe(
      'Comparing calls: per call of sys on each side (A: 1 call, B: 4 calls).',
    );
    // A function from a link is hostile text: an override in it would turn the counts after it round.
    expect(normalisationSentence('calls', { kind: 'perCall', root: 'sys\u202e' }, { a: 1, b: 0.25, missing: [] })).toBe(
      'Comparing calls: per call of \u2068sys\ufffd\u2069 on each side (A: 1 call, B: 4 calls).',
    );
    // Neither side calls it, or no function named yet: said so, not 'A and B has no call of it'.
    expect(normalisationSentence('self', { kind: 'perCall', root: 'nope' }, { a: Number.NaN, b: Number.NaN, missing: ['a', 'b'] })).toBe(
      'Comparing self time: per call of nope on each side. Neither side calls it: the figures are unknown.',
    );
    expect(normalisationSentence('self', { kind: 'perCall', root: '' }, { a: Number.NaN, b: Number.NaN, missing: ['a', 'b'] })).toBe(
      'Comparing self time: per call of a function on each side; name the function.',
    );
    // Scaled with nothing in B's view: B's figures are unknown, and the line says why.
    expect(normalisationSentence('total', { kind: 'scaled' }, { a: 1, b: Number.NaN, missing: ['b'] })).toBe(
      "Comparing total time: B scaled to A's total, but B has no time (no call in view, or none with a duration) to scale by: its figures are unknown.",
    );
    expect(normalisationSentence('calls', { kind: 'scaled' }, { a: 1, b: Number.NaN, missing: ['b'] })).toBe(
      "Comparing calls: B scaled to A's total, but B has no call to scale by: its figures are unknown.",
    );
    // Scaled with nothing in A's view (or A the function tracer's, by time): nothing to scale to.
    expect(normalisationSentence('self', { kind: 'scaled' }, { a: 1, b: Number.NaN, missing: ['a'] })).toBe(
      "Comparing self time: B scaled to A's total, but A has no time (no call in view, or none with a duration) to scale to: B's figures are unknown.",
    );
    expect(normalisationSentence('calls', { kind: 'perCall', root: 'sys' }, { a: 1, b: Number.NaN, missing: ['b'] })).toMatch(
      /B has no call of it/,
    );
  });

  // The zoom path's note: ui/zoom-note.test.ts.
  it('says when the table\'s "Only under" path is not in the comparison, instead of showing another part as it', () => {
    const path = ['x64_sys_call', '__x64_sys_connect', 'tcp_v4_connect'];
    expect(underMissingNote(path, true)).toBeNull();
    expect(underMissingNote(undefined, false)).toBeNull();
    expect(underMissingNote(path, false)).toBe(
      'tcp_v4_connect is not in this comparison (filters changed?): every function is listed, not only those under it.',
    );
  });
});

describe('diffExportHeading', () => {
  it("names both sides, each name set apart from the line's other text", () => {
    expect(diffExportHeading('a.dat', 'b.dat')).toBe('a.dat (A) vs b.dat (B)');
    // A right-to-left override in a name no longer runs on over "(A) vs" and the other name.
    const heading = diffExportHeading('run\u202egz.dat', 'b.dat');
    expect(heading).toBe('\u2068run\ufffdgz.dat\u2069 (A) vs b.dat (B)');
    expect(heading.slice(heading.indexOf('\u2069'))).not.toMatch(/[\u202a-\u202e]/);
  });
});

describe('emptySideNote', () => {
  const none = { tasks: [], cpus: [], range: null, syscallsOnly: false };
  it("says when B's filters leave it no call, naming the filters set", () => {
    // curl-542 in curl-559's time range: every function only in A.
    const note = emptySideNote({ onlyA: 29, onlyB: 0, both: 0 }, { tasks: [29], cpus: [], range: [1, 2], syscallsOnly: false }, null);
    expect(note).toContain('Side B has no call');
    expect(note).toContain('(its task, time range)');
    expect(emptySideNote({ onlyA: 0, onlyB: 4, both: 0 }, none, null)).toContain('Side A has no call');
    expect(emptySideNote({ onlyA: 0, onlyB: 0, both: 0 }, none, null)).toContain('Neither side');
  });
  it('says nothing when both sides have calls, or under Paths from (its own gate says)', () => {
    expect(emptySideNote({ onlyA: 29, onlyB: 0, both: 1 }, none, null)).toBeNull();
    expect(emptySideNote({ onlyA: 3, onlyB: 2, both: 0 }, none, null)).toBeNull();
    expect(emptySideNote({ onlyA: 29, onlyB: 0, both: 0 }, none, 'tcp_sendmsg')).toBeNull();
  });
});
