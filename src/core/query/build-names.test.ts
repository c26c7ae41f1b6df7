/**
 * Compare mode across two kernel builds (build-names.ts): a function's clone suffix differs
 * between builds (`.isra.0` / `.isra.1` / none, `.constprop.N`, `.part.N`, clang's
 * `.llvm.<hash>`), and its paths must still meet.
 */
import { describe, expect, test } from 'vitest';
import { modelFromDsl } from '../../test-utils/model-dsl';
import { freshFacts } from '../../test-utils/fresh-facts';
import { callsOfFunction, compareSide, functionPresenceCounts, mergeSides, normalisationFactors, Presence, type MergedCallTree } from './compare';
import { comparedFunctionsUnder, computeComparedFunctions } from './compare-functions';
import { diffFoldedLines } from './compare-folded';
import { matchKey, pairByBase } from './build-names';

const side = (dsl: string, filter = {}) => compareSide(freshFacts(modelFromDsl(dsl)), filter);

/** One line per merged node: indent, A's name (/ B's where it differs), presence. */
function lines(m: MergedCallTree): string[] {
  const out: string[] = [];
  for (let k = 0; k < m.length; k++) {
    const other = m.otherName(k);
    out.push(`${'  '.repeat(m.depth[k])}${m.nameOf(k)}${other === null ? '' : ` / ${other}`} ${m.presenceOf(k)}`);
  }
  return out;
}

// A laptop's build and a fleet build of one path: the clones numbered or suffixed apart.
const LAPTOP = `
  curl-1 0 0  | __x64_sys_sendto {
  curl-1 0 1  |   tcp_sendmsg {
  curl-1 0 2  |     tcp_sendmsg_locked.isra.0 {
  curl-1 0 3  |       tcp_push.constprop.0 4
  curl-1 0 8  |       sk_stream_alloc.part.0 1
  curl-1 0 10 |     } 8
  curl-1 0 11 |   } 10
  curl-1 0 12 | } 12
`;
const FLEET = `
  nc-2 1 0  | __x64_sys_sendto {
  nc-2 1 1  |   tcp_sendmsg {
  nc-2 1 2  |     tcp_sendmsg_locked.isra.1 {
  nc-2 1 3  |       tcp_push.constprop.2 5
  nc-2 1 9  |       sk_stream_alloc 1
  nc-2 1 11 |     } 9
  nc-2 1 12 |   } 11
  nc-2 1 13 | } 13
`;

describe('names across two kernel builds', () => {
  test('a clone numbered or suffixed apart meets the other build’s name of it: every path on both sides, named as in A with B’s name beside', () => {
    const merged = mergeSides(side(LAPTOP), side(FLEET));
    expect(lines(merged)).toEqual([
      '__x64_sys_sendto 3',
      '  tcp_sendmsg 3',
      '    tcp_sendmsg_locked.isra.0 / tcp_sendmsg_locked.isra.1 3',
      '      sk_stream_alloc.part.0 / sk_stream_alloc 3',
      '      tcp_push.constprop.0 / tcp_push.constprop.2 3',
    ]);
    expect(merged.pathCounts).toEqual({ onlyA: 0, onlyB: 0, both: 5 });
    const locked = merged.findPath(['__x64_sys_sendto', 'tcp_sendmsg', 'tcp_sendmsg_locked.isra.0']);
    expect(locked).toBe(2);
    // The path as B names it finds it too (hook points ask by a side's own path).
    expect(merged.findPath(['__x64_sys_sendto', 'tcp_sendmsg', 'tcp_sendmsg_locked.isra.1'])).toBe(2);
    expect(merged.sidePathOf('b', 4)).toEqual(['__x64_sys_sendto', 'tcp_sendmsg', 'tcp_sendmsg_locked.isra.1', 'tcp_push.constprop.2']);
    expect([merged.figureAt('a', 'total', locked), merged.figureAt('b', 'total', locked)]).toEqual([8000, 9000]);
    // The functions: one row each, B's name beside; the legend's counts agree.
    const rows = computeComparedFunctions(side(LAPTOP), side(FLEET));
    expect(rows.map((r) => [r.name, r.nameB ?? '', r.presence, r.a.calls, r.b.calls])).toEqual([
      ['__x64_sys_sendto', '', Presence.Both, 1, 1],
      ['sk_stream_alloc.part.0', 'sk_stream_alloc', Presence.Both, 1, 1],
      ['tcp_push.constprop.0', 'tcp_push.constprop.2', Presence.Both, 1, 1],
      ['tcp_sendmsg', '', Presence.Both, 1, 1],
      ['tcp_sendmsg_locked.isra.0', 'tcp_sendmsg_locked.isra.1', Presence.Both, 1, 1],
    ]);
    expect(functionPresenceCounts(merged)).toEqual({ onlyA: 0, onlyB: 0, both: 5 });
    const under = comparedFunctionsUnder(merged, locked);
    expect(under.map((r) => [r.name, r.nameB ?? '', r.a.totalNs, r.b.totalNs])).toEqual([
      ['sk_stream_alloc.part.0', 'sk_stream_alloc', 1000, 1000],
      ['tcp_push.constprop.0', 'tcp_push.constprop.2', 4000, 5000],
      ['tcp_sendmsg_locked.isra.0', 'tcp_sendmsg_locked.isra.1', 8000, 9000],
    ]);
    // Per call of a clone: each side's calls of its own name.
    expect(callsOfFunction(merged, 'tcp_sendmsg_locked.isra.0')).toEqual({ a: 1, b: 1 });
    expect(normalisationFactors(merged, { kind: 'perCall', root: 'tcp_sendmsg_locked.isra.1' }, 'self').missing).toEqual([]);
    // difffolded lines: one per path, named as in A.
    expect([...diffFoldedLines(merged)]).toContain('__x64_sys_sendto;tcp_sendmsg;tcp_sendmsg_locked.isra.0;tcp_push.constprop.0 4000 5000');
  });

  test('exactNames: names meet only as they are written (the old rule)', () => {
    const merged = mergeSides(side(LAPTOP), side(FLEET), { exactNames: true });
    expect(merged.pathCounts).toEqual({ onlyA: 3, onlyB: 3, both: 2 });
    expect(computeComparedFunctions(side(LAPTOP), side(FLEET), { exactNames: true }).filter((r) => r.presence === Presence.Both).length).toBe(2);
    expect(functionPresenceCounts(merged)).toEqual({ onlyA: 3, onlyB: 3, both: 2 });
  });

  test('two clones of one base on a side are not guessed between; an exact match is kept before a base one; roots meet too', () => {
    const a = `
      t-1 0 0 | parent {
      t-1 0 1 |   foo.constprop.0 1
      t-1 0 2 |   foo.constprop.1 1
      t-1 0 3 |   bar 1
      t-1 0 4 |   bar.part.0 1
      t-1 0 9 | } 9
      t-1 0 10 | root_fn.isra.0 2
    `;
    const b = `
      t-1 0 0 | parent {
      t-1 0 1 |   foo.constprop.2 1
      t-1 0 3 |   bar 1
      t-1 0 4 |   bar.part.3 1
      t-1 0 9 | } 9
      t-1 0 10 | root_fn 2
    `;
    const merged = mergeSides(side(a), side(b));
    expect(lines(merged)).toEqual([
      'parent 3',
      '  bar 3',
      '  bar.part.0 / bar.part.3 3',
      '  foo.constprop.0 1',
      '  foo.constprop.1 1',
      '  foo.constprop.2 2',
      'root_fn.isra.0 / root_fn 3',
    ]);
  });

  test('task roots (keepTasks) never meet by a base name: a comm may hold a dot', () => {
    const merged = mergeSides(side('python3.11-1 0 0 | f 1'), side('python3.12-1 0 0 | f 1'), { keepTasks: true });
    expect(merged.pathCounts).toEqual({ onlyA: 2, onlyB: 2, both: 0 });
  });

  test('arch syscall wrappers meet by their syscall (compat apart); other syscall helpers and names do not', () => {
    expect(matchKey('__x64_sys_write')).toBe(matchKey('__arm64_sys_write'));
    expect(matchKey('__riscv_sys_write')).toBe(matchKey('__s390x_sys_write'));
    expect(matchKey('__x64_sys_write')).not.toBe(matchKey('__ia32_compat_sys_write'));
    expect(matchKey('__ia32_compat_sys_write')).toBe(matchKey('__arm64_compat_sys_write'));
    expect(matchKey('__x64_sys_write')).not.toBe(matchKey('__do_sys_write'));
    expect(matchKey('__x64_sys_write')).not.toBe(matchKey('write'));
    expect(matchKey('ksys_write.isra.0')).toBe('ksys_write');
    const merged = mergeSides(side('t-1 0 0 | __x64_sys_write {\nt-1 0 1 |   ksys_write 1\nt-1 0 3 | } 3'), side('t-1 0 0 | __arm64_sys_write {\nt-1 0 1 |   ksys_write 1\nt-1 0 3 | } 3'));
    expect(lines(merged)).toEqual(['__x64_sys_write / __arm64_sys_write 3', '  ksys_write 3']);
  });

  test("a bare sys_* entry (ppc64, 32-bit arm, old kernels; ppc64 ELFv1's .sys_*) meets another arch's wrapper of its syscall", () => {
    expect(matchKey('sys_write')).toBe(matchKey('__x64_sys_write'));
    expect(matchKey('.sys_write')).toBe(matchKey('__arm64_sys_write'));
    expect(matchKey('compat_sys_ioctl')).toBe(matchKey('__arm64_compat_sys_ioctl'));
    expect(matchKey('compat_sys_ioctl')).not.toBe(matchKey('__x64_sys_ioctl'));
    // a clone of one stays its base name's, as any clone
    expect(matchKey('sys_write.isra.0')).toBe('sys_write');
    const x86 = 't-1 0 0 | __x64_sys_write {\nt-1 0 1 |   ksys_write 1\nt-1 0 3 | } 3';
    expect(lines(mergeSides(side(x86), side('t-1 0 0 | sys_write {\nt-1 0 1 |   ksys_write 1\nt-1 0 3 | } 3')))).toEqual(['__x64_sys_write / sys_write 3', '  ksys_write 3']);
    expect(lines(mergeSides(side(x86), side('t-1 0 0 | .sys_write {\nt-1 0 1 |   .ksys_write 1\nt-1 0 3 | } 3')))).toEqual([
      '__x64_sys_write / .sys_write 3',
      '  ksys_write / .ksys_write 3',
    ]);
  });

  test('pairByBase pairs only ids that are alone on both sides', () => {
    expect(pairByBase([1, 2, 2, 3], [3, 2, 1])).toEqual([
      [0, 2],
      [3, 0],
    ]);
    expect(pairByBase([], [1])).toEqual([]);
  });
});
