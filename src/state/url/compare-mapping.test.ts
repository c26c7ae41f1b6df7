import { describe, expect, it } from 'vitest';
import { initialCompare, type CompareState } from '../slices/compare';
import { EMPTY_COMPARE } from './codec';
import { comparePatchOf, needsFileB, otherSideBNotice, sharedCompareOf } from './compare-mapping';

const tasksB = [
  { id: 0, label: 'nc-211' },
  { id: 1, label: 'sshd-90' },
];

describe('compare slice <-> link', () => {
  it('is null unless side B is ready; carries task labels, identity and settings', () => {
    expect(sharedCompareOf(initialCompare, null, tasksB)).toBeNull();
    const state: CompareState = {
      ...initialCompare,
      status: 'ready',
      source: { kind: 'file', name: 'nc.txt' },
      filterB: { tasks: [1], cpus: [0], range: [1.4, 9.6], syscallsOnly: true },
      quantity: 'calls',
      normalisation: { kind: 'perCall', root: '__x64_sys_sendto' },
      zoomPath: ['x64_sys_call'],
      pathsFrom: 'tcp_sendmsg',
      exactNames: true,
      view: 'compared-tree',
    };
    const trace = { identity: { name: 'nc.txt', size: 10, contentHash: '' }, url: null };
    const shared = sharedCompareOf(state, trace, tasksB)!;
    expect(shared).toMatchObject({ trace: trace.identity, same: false, tasks: ['sshd-90'], cpus: [0], range: [1, 10], quantity: 'calls' });
    const { patch, notices } = comparePatchOf(shared, tasksB, [0, 1]);
    expect(notices).toEqual([]);
    expect(patch.filterB).toEqual({ tasks: [1], cpus: [0], range: [1, 10], syscallsOnly: true });
    expect(patch.normalisation).toEqual({ kind: 'perCall', root: '__x64_sys_sendto' });
    expect(patch.view).toBe('compared-tree');
    expect([shared.pathsFrom, patch.pathsFrom]).toEqual(['tcp_sendmsg', 'tcp_sendmsg']);
    expect(comparePatchOf(EMPTY_COMPARE, tasksB, [0]).patch.pathsFrom).toBeNull();
    expect([shared.exactNames, patch.exactNames, comparePatchOf(EMPTY_COMPARE, tasksB, [0]).patch.exactNames]).toEqual([true, true, false]);
    expect(needsFileB(shared)).toBe(true);
    const same = sharedCompareOf({ ...state, source: { kind: 'same', name: 'a.txt' } }, trace, tasksB)!;
    expect([same.same, same.trace, needsFileB(same)]).toEqual([true, null, false]);
  });

  it("carries the compared functions table's order both ways", () => {
    const state: CompareState = { ...initialCompare, status: 'ready', source: { kind: 'same', name: 'a.txt' }, tableSort: { column: 'b.p95', descending: false } };
    const shared = sharedCompareOf(state, null, tasksB)!;
    expect(shared.tableSort).toEqual({ column: 'b.p95', descending: false });
    expect(comparePatchOf(shared, tasksB, [0]).patch.tableSort).toEqual({ column: 'b.p95', descending: false });
    expect(comparePatchOf(EMPTY_COMPARE, tasksB, [0]).patch.tableSort).toEqual({ column: 'delta', descending: true });
  });

  it('drops what side B does not have, each with a notice', () => {
    const { patch, notices } = comparePatchOf({ ...EMPTY_COMPARE, tasks: ['nope-1', 'nc-211'], cpus: [7], view: 'nowhere' }, tasksB, [0]);
    expect(patch.filterB!.tasks).toEqual([0]);
    expect(patch.filterB!.cpus).toEqual([]);
    expect(patch.view).toBeUndefined();
    expect(notices).toHaveLength(3);
  });

  it("a side B task's right-to-left override cannot turn the rest of its notice round", () => {
    const { notices } = comparePatchOf({ ...EMPTY_COMPARE, tasks: ['ab\u202e-1'] }, tasksB, [0]);
    expect(notices).toEqual(["Side B has no task “\u2068ab\ufffd-1\u2069”; the link's side B task filter for it was ignored."]);
  });
});

describe('otherSideBNotice', () => {
  it("quotes the link's side B name, set apart: a right-to-left override in it cannot turn the rest of the notice round", () => {
    expect(otherSideBNotice('b.dat')).toBe('Side B is not the trace the link names (“b.dat”); its view was applied anyway.');
    expect(otherSideBNotice('x\u202etad.b')).toBe('Side B is not the trace the link names (“\u2068x\ufffdtad.b\u2069”); its view was applied anyway.');
  });
});
