import { describe, expect, test } from 'vitest';
import { filterMask, functionSubtrees, isEmptyFilter, isSyscallEntry, type CallMask } from './filter';

const countInMask = (mask: CallMask): number => mask.reduce((sum, keep) => sum + keep, 0);
import { modelFromDsl, SAMPLE_DSL, withoutTimestamps } from '../../test-utils/model-dsl';
import { freshFacts } from '../../test-utils/fresh-facts';

const on = (mask: Uint8Array): number[] => Array.from(mask.keys()).filter((i) => mask[i] === 1);

describe('filterMask', () => {
  const m = modelFromDsl(SAMPLE_DSL);

  test('an empty filter keeps every call', () => {
    expect(isEmptyFilter({})).toBe(true);
    expect(isEmptyFilter({ tasks: [], cpus: [] })).toBe(true);
    expect(countInMask(filterMask(freshFacts(m), {}))).toBe(9);
    expect(countInMask(filterMask(freshFacts(m), { tasks: [], cpus: [] }))).toBe(9);
  });

  test('tasks and cpus', () => {
    expect(on(filterMask(freshFacts(m), { tasks: [1] }))).toEqual([7, 8]);
    expect(on(filterMask(freshFacts(m), { cpus: [1] }))).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(on(filterMask(freshFacts(m), { tasks: [1], cpus: [1] }))).toEqual([]);
    expect(on(filterMask(freshFacts(m), { tasks: [99] }))).toEqual([]);
  });

  test('range keeps calls whose [start, end] overlaps it (closed intervals)', () => {
    expect(on(filterMask(freshFacts(m), { range: [9500, 10500] }))).toEqual([0, 1]);
    // g ends at exactly 9 µs: touching counts as overlapping.
    expect(on(filterMask(freshFacts(m), { range: [9000, 9000] }))).toEqual([0, 1, 5]);
    expect(on(filterMask(freshFacts(m), { range: [20000, 20500] }))).toEqual([7]);
    expect(on(filterMask(freshFacts(m), { range: [100000, 200000] }))).toEqual([]);
  });

  test('calls with no start are kept only when no range is set', () => {
    const m2 = withoutTimestamps(modelFromDsl(SAMPLE_DSL));
    expect(countInMask(filterMask(freshFacts(m2), { range: [0, 1e12] }))).toBe(0);
    expect(countInMask(filterMask(freshFacts(m2), { tasks: [0] }))).toBe(7);
  });

  test('a call that never returned overlaps until its last descendant ends', () => {
    const m2 = modelFromDsl(`
t-1 1 0  | a {
t-1 1 1  |   b 2
t-1 1 10 |   c 5
`);
    expect(on(filterMask(freshFacts(m2), { range: [14000, 20000] }))).toEqual([0, 2]);
  });

  test('syscallsOnly keeps the subtree of the outermost syscall entry', () => {
    expect(on(filterMask(freshFacts(m), { syscallsOnly: true }))).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(on(filterMask(freshFacts(m), { syscallsOnly: true, tasks: [1] }))).toEqual([]);
  });

  test('syscallsOnly follows parents that come after their children (orphans)', () => {
    // The trace starts inside read(): vfs_read comes before the orphan that adopts it.
    const m2 = modelFromDsl(`
t-1 1 1  |   vfs_read 2
t-1 1 4  |   h 1
t-1 1 10 | } 10 __x64_sys_read
t-1 1 11 | user_thing 1
`);
    expect(m2.calls.parent[0]).toBe(2);
    expect(on(filterMask(freshFacts(m2), { syscallsOnly: true }))).toEqual([0, 1, 2]);
    expect(on(filterMask(freshFacts(m2), { syscallsOnly: true, range: [0, 3000] }))).toEqual([0, 2]);
  });
});

test('functionSubtrees keeps the outermost calls of a function and what runs inside them, orphans adopted later included', () => {
  const m = modelFromDsl(`
t-1 1 1  |     tcp_push 1
t-1 1 3  |   } 3 tcp_sendmsg
t-1 1 5  | } 5 sock_write_iter
t-1 1 6  | __x64_sys_sendto {
t-1 1 7  |   tcp_sendmsg {
t-1 1 8  |     tcp_sendmsg 1
t-1 1 10 |   } 3
t-1 1 11 |   other 1
t-1 1 13 | } 7
`);
  const names = (mask: CallMask) => on(mask).map((i) => m.strings.get(m.calls.func[i]));
  // The first tcp_sendmsg is an orphan that adopts tcp_push; the recursive one is inside the second.
  expect(names(functionSubtrees(freshFacts(m), 'tcp_sendmsg')).sort()).toEqual(['tcp_push', 'tcp_sendmsg', 'tcp_sendmsg', 'tcp_sendmsg']);
  expect(on(functionSubtrees(freshFacts(m), 'nope'))).toEqual([]);
});

test("filterMask's pathsFrom is functionSubtrees AND-ed with the other conditions; empty or missing keeps every call", () => {
  const m = modelFromDsl(`
t-1 1 1  | __x64_sys_sendto {
t-1 1 2  |   tcp_sendmsg {
t-1 1 3  |     tcp_push 1
t-1 1 5  |   } 4
t-1 1 6  |   other 1
t-1 1 8  | } 7
u-2 0 10 | tcp_sendmsg 1
`);
  const names = (mask: CallMask) => on(mask).map((i) => m.strings.get(m.calls.func[i]));
  expect(names(filterMask(freshFacts(m), { pathsFrom: 'tcp_sendmsg' })).sort()).toEqual(['tcp_push', 'tcp_sendmsg', 'tcp_sendmsg']);
  expect(names(filterMask(freshFacts(m), { pathsFrom: 'tcp_sendmsg', tasks: [0] })).sort()).toEqual(['tcp_push', 'tcp_sendmsg']);
  expect(on(filterMask(freshFacts(m), { pathsFrom: 'nope' }))).toEqual([]);
  expect(isEmptyFilter({ pathsFrom: 'tcp_sendmsg' })).toBe(false);
  expect(isEmptyFilter({ pathsFrom: '' })).toBe(true);
});

test('isSyscallEntry knows the arch wrappers and SYSCALL_DEFINE helpers', () => {
  for (const name of [
    '__x64_sys_read',
    '__arm64_sys_read',
    '__ia32_sys_read',
    '__ia32_compat_sys_read',
    '__x32_compat_sys_ioctl',
    '__riscv_sys_read',
    '__s390x_sys_read',
    '__se_sys_read',
    '__do_sys_read',
    // Compat (32-bit task) entries: arch/{arm64,riscv,s390,x86}/include/asm/syscall_wrapper.h.
    '__arm64_compat_sys_ioctl',
    '__riscv_compat_sys_ioctl',
    '__s390_sys_read',
    '__s390_compat_sys_ioctl',
    '__x64_compat_sys_ioctl',
    '__se_compat_sys_ioctl',
    '__do_compat_sys_ioctl',
    // Before 4.17 (include/linux/syscalls.h): the SYSCALL_DEFINE wrapper.
    'SyS_read',
    'compat_SyS_ioctl',
    '__x64_sys_read.cold',
    // ppc64 ELFv1's dot symbol of a 4.x kernel's wrapper.
    '.SyS_read',
  ]) {
    expect(isSyscallEntry(name), name).toBe(true);
  }
  for (const name of ['ksys_read', 'vfs_read', 'sys_read', 'sys_imageblit', 'x64_sys_call', 'do_syscall_64', '__arm64_sys_', 'invoke_syscall', '.sys_read']) {
    expect(isSyscallEntry(name), name).toBe(false);
  }
});

test('syscallsOnly keeps a bare sys_* that nothing traced or a dispatcher calls (powerpc, 32-bit arm, before 4.17), not one called from C', () => {
  const m2 = modelFromDsl(`
t-1 1 0  | sys_read {
t-1 1 1  |   vfs_read 2
t-1 1 4  | } 4
t-1 1 10 | do_syscall_64 {
t-1 1 11 |   sys_write {
t-1 1 12 |     vfs_write 1
t-1 1 14 |   } 3
t-1 1 15 | } 5
t-1 1 20 | fbcon_putcs {
t-1 1 21 |   sys_imageblit 1
t-1 1 25 | } 5
`);
  // sys_read and vfs_read; under do_syscall_64, sys_write and vfs_write.
  expect(on(filterMask(freshFacts(m2), { syscallsOnly: true }))).toEqual([0, 1, 3, 4]);
});

test('syscallsOnly keeps a 32-bit task\'s syscall on arm64 (a compat wrapper)', () => {
  const m2 = modelFromDsl(`
t-1 1 0  | __arm64_compat_sys_ioctl {
t-1 1 1  |   do_vfs_ioctl 2
t-1 1 4  | } 4
t-1 1 10 | user_thing 1
t-1 1 12 | SyS_read {
t-1 1 13 |   vfs_read 1
t-1 1 15 | } 3
`);
  expect(on(filterMask(freshFacts(m2), { syscallsOnly: true }))).toEqual([0, 1, 3, 4]);
});
