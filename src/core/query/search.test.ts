import { describe, expect, test } from 'vitest';
import { buildCallTree } from './call-tree';
import { filterMask } from './filter';
import { computeSweepIndex, matchingFunctions, MAX_REGEX_NAME_CHARS, parseSearchPattern, searchFunctions, searchInSteps, stepHit, type SearchResult } from './search';
import { computeCallTopology } from './call-extent';
import { CallTable } from '../model/call-table';
import { funcId, modelFromDsl, SAMPLE_DSL, seedModel, withoutUnclosedDurations } from '../../test-utils/model-dsl';
import { freshFacts } from '../../test-utils/fresh-facts';

const ok = (r: ReturnType<typeof searchFunctions>): SearchResult => {
  if (!r.ok) throw new Error(r.error);
  return r;
};

describe('parseSearchPattern', () => {
  test('substring, case-insensitive', () => {
    const p = parseSearchPattern('TCP_send');
    expect(p.ok && p.matcher('tcp_sendmsg')).toBe(true);
    expect(p.ok && p.regex).toBe(false);
  });

  test('/regex/flags', () => {
    const p = parseSearchPattern('/^tcp_(send|recv)msg$/');
    expect(p.ok && p.regex).toBe(true);
    expect(p.ok && p.matcher('tcp_recvmsg')).toBe(true);
    expect(p.ok && p.matcher('tcp_sendmsg_locked')).toBe(false);
    const i = parseSearchPattern('/^TCP_/i');
    expect(i.ok && i.matcher('tcp_v4_connect')).toBe(true);
  });

  test('the g and y flags do not make matching stateful', () => {
    const p = parseSearchPattern('/lock/gy');
    expect(p.ok).toBe(true);
    if (p.ok) {
      expect(p.matcher('lock')).toBe(true);
      expect(p.matcher('lock')).toBe(true);
    }
  });

  test('an invalid regex is an error value, not a throw', () => {
    for (const bad of ['/[/', '/(/', '/a/q', '//']) {
      const p = parseSearchPattern(bad);
      expect(p.ok).toBe(false);
      if (!p.ok) expect(p.error).toMatch(/regular expression/);
    }
    expect(() => searchFunctions(freshFacts(modelFromDsl(SAMPLE_DSL)), '/(?<x/')).not.toThrow();
    expect(searchFunctions(freshFacts(modelFromDsl(SAMPLE_DSL)), '/(?<x/').ok).toBe(false);
  });

  test('a regex that repeats a repeating group is refused with what to write instead (matching it is exponential)', () => {
    for (const slow of ['/(\\w+)*!/', '/(.*)*x/', '/(tcp_.*)+send/i', '/(\\w|_)*x/']) {
      const p = parseSearchPattern(slow);
      expect([slow, p.ok]).toEqual([slow, false]);
      if (!p.ok) expect(p.error).toMatch(/repeats inside.*without the nesting/);
    }
    expect(searchFunctions(freshFacts(modelFromDsl(SAMPLE_DSL)), '/(.*)*x/').ok).toBe(false);
    expect(parseSearchPattern('/(tcp|udp)_send/').ok).toBe(true);
  });

  test('space around the pattern (a name pasted from a trace line) is dropped: a substring, a regex', () => {
    const p = parseSearchPattern(' tcp_sendmsg\n');
    expect(p.ok && p.regex).toBe(false);
    expect(p.ok && p.matcher('tcp_sendmsg')).toBe(true);
    const r = parseSearchPattern('  /^tcp_send/ ');
    expect(r.ok && r.regex).toBe(true);
    expect(r.ok && r.matcher('tcp_sendmsg')).toBe(true);
    const found = searchFunctions(freshFacts(modelFromDsl(SAMPLE_DSL)), 'vfs_write ');
    expect(found.ok && found.calls).toBe(1);
    // Space inside a regex stays.
    const inner = parseSearchPattern('/a b/');
    expect(inner.ok && inner.matcher('ab')).toBe(false);
  });

  test('a lone slash or a slash without a closing one is a plain substring', () => {
    const p = parseSearchPattern('/foo');
    expect(p.ok && p.regex).toBe(false);
    expect(p.ok && p.matcher('a/foo')).toBe(true);
  });
});

describe('searchFunctions', () => {
  const m = modelFromDsl(SAMPLE_DSL);

  test('nested matches are counted but their time is not added twice', () => {
    const r = ok(searchFunctions(freshFacts(m), '/^f$/'));
    expect(Array.from(r.funcs)).toEqual([funcId(m, 'f')]);
    expect(r.calls).toBe(3);
    // f (6 µs) holds the inner f (1 µs); main's f is 2 µs.
    expect(r.totalNs).toBe(8000);
    expect(r.outermostCalls).toBe(2);
  });

  test('two different matching functions nested in each other', () => {
    const r = ok(searchFunctions(freshFacts(m), '/^(vfs_write|g)$/'));
    expect(r.calls).toBe(3);
    expect(r.totalNs).toBe(10000);
  });

  test('respects the mask', () => {
    const r = ok(searchFunctions(freshFacts(m), '/^f$/', filterMask(freshFacts(m), { tasks: [1] })));
    expect(r.calls).toBe(1);
    expect(r.totalNs).toBe(2000);
    expect(Array.from(r.hits)).toEqual([8]);
    const mask = filterMask(freshFacts(m), {});
    mask[2] = 0; // the outer f: the inner one becomes outermost
    expect(ok(searchFunctions(freshFacts(m), '/^f$/', mask)).totalNs).toBe(3000);
  });

  test('an outer match whose duration is unknown does not hide the time of inner ones', () => {
    const m2 = withoutUnclosedDurations(
      modelFromDsl(`
t-1 1 0 | lock_a {
t-1 1 1 |   lock_b 2
t-1 1 5 |   lock_b 3
`),
    );
    const r = ok(searchFunctions(freshFacts(m2), 'lock'));
    expect(r.calls).toBe(3);
    expect(r.totalNs).toBe(5000);
    // lock_a and both lock_b are outermost (lock_a covers nothing); the two lock_b are timed.
    expect([r.outermostCalls, r.timedOutermostCalls]).toEqual([3, 2]);
    expect(ok(searchFunctions(freshFacts(m2), 'lock_a')).timedOutermostCalls).toBe(0);
  });

  test('hits are ordered by task, then time, and step within a task', () => {
    const r = ok(searchFunctions(freshFacts(m), '/^(f|g)$/'));
    expect(Array.from(r.taskOffsets)).toEqual([0, 4, 5]);
    expect(Array.from(r.hits)).toEqual([2, 3, 4, 5, 8]);
    expect(Array.from(r.hitStart)).toEqual([2000, 3000, 4000, 8000, 21000]);
    expect(stepHit(freshFacts(m), r, 2, 1)).toBe(3);
    expect(stepHit(freshFacts(m), r, 5, 1)).toBe(-1); // no wrap into the next task
    expect(stepHit(freshFacts(m), r, 3, -1)).toBe(2);
    expect(stepHit(freshFacts(m), r, 2, -1)).toBe(-1);
    // From a call that is not a hit (vfs_write at 1 µs, h at 11 µs).
    expect(stepHit(freshFacts(m), r, 1, 1)).toBe(2);
    expect(stepHit(freshFacts(m), r, 6, -1)).toBe(5);
    expect(stepHit(freshFacts(m), r, 7, 1)).toBe(8);
  });

  test('an empty pattern matches nothing', () => {
    const r = ok(searchFunctions(freshFacts(m), '  '));
    expect(r.calls).toBe(0);
    expect(r.funcs.length).toBe(0);
  });

  test('each distinct name is tested once, not once per call', () => {
    const seed = seedModel();
    const seen: string[] = [];
    const matchFunc = matchingFunctions(seed.strings, (name) => {
      seen.push(name);
      return name === '_raw_spin_lock';
    });
    expect(seen.length).toBe(seed.strings.size);
    expect(seed.calls.length).toBeGreaterThan(10 * seed.strings.size);
    expect(matchFunc.reduce((sum, f) => sum + f, 0)).toBe(1);
    expect(ok(searchFunctions(freshFacts(seed), '/^_raw_spin_lock$/')).calls).toBeGreaterThan(100);
  });
});

describe('on the seed trace', () => {
  const m = seedModel();

  test('tcp_sendmsg: one call, under __x64_sys_sendto', () => {
    const exact = ok(searchFunctions(freshFacts(m), '/^tcp_sendmsg$/'));
    expect(exact.calls).toBe(1);
    const call = exact.hits[0];
    expect(exact.totalNs).toBe(m.calls.duration[call]);
    const tree = buildCallTree(freshFacts(m));
    expect(tree.pathOf(tree.callNode[call])).toContain('__x64_sys_sendto');
    // The substring also finds tcp_sendmsg_locked, which runs inside it: time counted once.
    const sub = ok(searchFunctions(freshFacts(m), 'tcp_sendmsg'));
    expect(sub.funcs.length).toBe(2);
    expect(sub.calls).toBe(2);
    expect(sub.outermostCalls).toBe(1);
    expect(sub.totalNs).toBe(exact.totalNs);
  });

  test('MANIFEST facts: __x64_sys_write 319 calls, __x64_sys_connect 3', () => {
    expect(ok(searchFunctions(freshFacts(m), '/^__x64_sys_write$/')).calls).toBe(319);
    expect(ok(searchFunctions(freshFacts(m), '/^__x64_sys_connect$/')).calls).toBe(3);
  });
});

describe('searchInSteps', () => {
  const m = seedModel();
  /** The figures a status line shows and the hits, of a result. */
  const figures = (r: ReturnType<typeof searchFunctions>) =>
    r.ok ? { calls: r.calls, totalNs: r.totalNs, outermost: r.outermostCalls, timed: r.timedOutermostCalls, funcs: [...r.funcs], perFunc: [...r.callsPerFunc], hits: [...r.hits] } : r;

  test('a sweep of a few positions at a time ends with what one pass gives, for any step and mask', () => {
    const tasks = [...new Set(m.calls.task)].slice(0, 2);
    for (const mask of [undefined, filterMask(freshFacts(m), { tasks })]) {
      for (const pattern of ['sys', '/^tcp_sendmsg$/', 'lock', 'no-such-function', '']) {
        const whole = searchFunctions(freshFacts(m), pattern, mask);
        for (const positions of [1, 7, 1000]) {
          const steps = searchInSteps(freshFacts(m), pattern, mask);
          let result = steps.step(positions);
          let taken = 1;
          for (; result === null; taken++) result = steps.step(positions);
          expect(figures(result), `${pattern} by ${positions}`).toEqual(figures(whole));
          // Done is done: a step after the end gives the same result again.
          expect(steps.step(positions)).toBe(result);
          // A rare name leaves most of the calls to sweep: more than one step of 7.
          if (pattern === '/^tcp_sendmsg$/' && positions === 7) expect(taken).toBeGreaterThan(100);
        }
      }
    }
  });

  test('a bad regular expression is answered at the first step', () => {
    const r = searchInSteps(freshFacts(m), '/tcp_(/').step(1);
    expect(r).toMatchObject({ ok: false });
  });
});

describe('computeSweepIndex', () => {
  const table = (funcs: number[]): CallTable => {
    const calls = new CallTable();
    // A root and its children, so the pre-order differs from nothing but is checkable.
    funcs.forEach((f, i) => calls.add(f, i === 0 ? -1 : 0, 0, i === 0 ? 0 : 1, 0, i, 0));
    return calls;
  };

  test('keeps 16 bits a call while every function id fits', () => {
    const calls = table([3, 0xffff, 7]);
    const index = computeSweepIndex(calls, computeCallTopology(calls), 0x10000);
    expect(index.func).toBeInstanceOf(Uint16Array);
    expect([...index.func]).toEqual([3, 0xffff, 7]);
  });

  test('takes 32 bits a call when the string table holds more ids than 16 bits name', () => {
    const calls = table([3, 5, 0x10000, 9, 0x12345]);
    const index = computeSweepIndex(calls, computeCallTopology(calls), 0x12346);
    expect(index.func).toBeInstanceOf(Uint32Array);
    expect([...index.func]).toEqual([3, 5, 0x10000, 9, 0x12345]);
  });
});

describe('a regular expression and a name far longer than any kernel symbol', () => {
  test('the name is not tested: /x*x*y/ backtracks in cubic time, and 50 KB of x would hold the worker for ever', () => {
    const parsed = parseSearchPattern('/^x+$/');
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.matcher('x'.repeat(MAX_REGEX_NAME_CHARS))).toBe(true);
    expect(parsed.matcher('x'.repeat(MAX_REGEX_NAME_CHARS + 1))).toBe(false);
    // a substring is linear in the name: still tested whatever its length
    const sub = parseSearchPattern('xy');
    if (!sub.ok) throw new Error(sub.error);
    expect(sub.matcher('x'.repeat(100_000) + 'y')).toBe(true);
  });
});
