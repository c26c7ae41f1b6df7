/**
 * The search counts (one sweep in pre-order that skips covered subtrees, calls per
 * function counted once per mask) and its hits against the call-by-call computation it
 * replaced (test-utils/reference/queries.ts), for many patterns and masks, on real traces and hand-made
 * tables (adoption, unclosed calls, a self parent and a parent cycle, where the sweep does
 * not apply and the call-by-call pass runs).
 */
import { describe, expect, test } from 'vitest';
import { matchingFunctions, parseSearchPattern, searchFunctions, type SearchResult } from './search';
import { referenceSearch, referenceTimes, referenceTopology } from '../../test-utils/reference/queries';
import { firstDifference, REFERENCE_MODELS, referenceMasks } from '../../test-utils/reference/models';
import { freshFacts } from '../../test-utils/fresh-facts';

const PATTERNS = ['s', 'e', 'sys', 'lock', 'tcp_', '/^__x64_sys_/', '/^[a-m]/i', 'b', 'x', 'zzz-none'];

describe.each(REFERENCE_MODELS)('%s', (_name, model) => {
  test('every pattern under every mask: the same counts, time and hits as the reference', () => {
    const m = model();
    const facts = freshFacts(m);
    const known = { topology: referenceTopology(m.calls), start: referenceTimes(m).start };
    // The most common names too, whole, so some patterns match a few functions only.
    const names = m.strings.strings.slice(0, 5);
    for (const [maskName, mask] of referenceMasks(m)) {
      for (const pattern of [...PATTERNS, ...names]) {
        const parsed = parseSearchPattern(pattern);
        if (!parsed.ok) throw new Error(parsed.error);
        const matchFunc = matchingFunctions(m.strings, parsed);
        const got = searchFunctions(facts, pattern, mask) as SearchResult;
        const want = referenceSearch(m, matchFunc, mask, known);
        const where = `${maskName}, ${JSON.stringify(pattern)}`;
        expect({ where, calls: got.calls, totalNs: got.totalNs, outermost: got.outermostCalls }).toEqual({
          where,
          calls: want.calls,
          totalNs: want.totalNs,
          outermost: want.outermostCalls,
        });
        expect(firstDifference(got.callsPerFunc, want.callsPerFunc)).toBe(-1);
        expect(firstDifference(got.hits, want.hits)).toBe(-1);
        expect(firstDifference(got.taskOffsets, want.taskOffsets)).toBe(-1);
      }
    }
  });
});

test('a matcher function and the parsed pattern select the same functions', () => {
  const m = REFERENCE_MODELS[0][1]();
  for (const pattern of ['TCP', 'sys_', 'zzz']) {
    const parsed = parseSearchPattern(pattern);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(Array.from(matchingFunctions(m.strings, parsed))).toEqual(Array.from(matchingFunctions(m.strings, parsed.matcher)));
  }
});
