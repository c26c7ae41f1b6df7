import { describe, expect, it } from 'vitest';
import { initialExplore } from '../slices/explore';
import { EMPTY_VIEW } from './codec';
import { explorePatchOf, linkedTab, isChartWindowOnly, isOpenRowsOnly, isRevealOnly, isTypingOnly, sameTrace, sharedViewOf } from './view-mapping';

const tasks = [
  { id: 0, label: 'curl-139' },
  { id: 3, label: '<idle>-0 (CPU 1)' },
];
const known = (n: string) => ['tcp_sendmsg', '__x64_sys_sendto', 'do_syscall_64'].includes(n);

describe('store <-> link view', () => {
  it('round-trips through labels, not ids', () => {
    const explore = { ...initialExplore, tasks: [3], search: 'tcp', zoomPath: ['curl-139', '__x64_sys_sendto'], selectedFunction: 'tcp_sendmsg', chartTask: 0 };
    const view = sharedViewOf(explore, 'flame', { identity: { name: 't', size: 1, contentHash: '' }, url: null }, tasks);
    expect(view.tasks).toEqual(['<idle>-0 (CPU 1)']);
    expect(view.chartTask).toBe('curl-139');
    const { patch, notices } = explorePatchOf(view, tasks, [0, 1], known);
    expect(notices).toEqual([]);
    expect({ ...initialExplore, ...patch }).toEqual(explore);
  });

  it("carries the call tree's Callers & callees pane as the view slice has it", () => {
    const trace = { identity: { name: 't', size: 1, contentHash: '' }, url: null };
    expect(sharedViewOf(initialExplore, 'tree', trace, tasks, { callersPane: true }).callersPane).toBe(true);
    expect(sharedViewOf(initialExplore, 'tree', trace, tasks).callersPane).toBe(false);
  });

  it('carries the flame chart\'s "Relative time" as the view slice has it', () => {
    const trace = { identity: { name: 't', size: 1, contentHash: '' }, url: null };
    expect(sharedViewOf(initialExplore, 'chart', trace, tasks, { relativeTime: true }).relativeTime).toBe(true);
    expect(sharedViewOf(initialExplore, 'chart', trace, tasks).relativeTime).toBe(false);
  });

  it("carries the flame chart's window in whole ns while it is zoomed in, and none at the whole domain", () => {
    const trace = { identity: { name: 't', size: 1, contentHash: '' }, url: null };
    const zoomed = { chartWindow: { startNs: 1000.4, endNs: 3000.6, zoomed: true } };
    expect(sharedViewOf(initialExplore, 'chart', trace, tasks, zoomed).chartWindow).toEqual([1000, 3001]);
    expect(sharedViewOf(initialExplore, 'chart', trace, tasks, { chartWindow: { startNs: 0, endNs: 9000, zoomed: false } }).chartWindow).toBeNull();
    expect(sharedViewOf(initialExplore, 'chart', trace, tasks, { chartWindow: null }).chartWindow).toBeNull();
    // A time past 2^53 (a tai clock) is a whole double already: kept as it is.
    const tai = { chartWindow: { startNs: 1_733_000_000_123_456_768, endNs: 1_733_000_000_125_456_896, zoomed: true } };
    expect(sharedViewOf(initialExplore, 'chart', trace, tasks, tai).chartWindow).toEqual([1_733_000_000_123_456_768, 1_733_000_000_125_456_896]);
  });

  it("carries the Functions table's order and its \"Only matches\" as the view slice has them", () => {
    const trace = { identity: { name: 't', size: 1, contentHash: '' }, url: null };
    const shown = { functionsSort: { column: 'self', descending: true } as const, functionsOnlyMatches: true };
    expect(sharedViewOf(initialExplore, 'functions', trace, tasks, shown)).toMatchObject(shown);
    expect(sharedViewOf(initialExplore, 'functions', trace, tasks)).toMatchObject({ functionsSort: { column: 'total', descending: true }, functionsOnlyMatches: false });
  });

  it("carries the Events view's event name as the view slice has it", () => {
    const trace = { identity: { name: 't', size: 1, contentHash: '' }, url: null };
    expect(sharedViewOf(initialExplore, 'events', trace, tasks, { eventName: '' }).eventName).toBe('');
    expect(sharedViewOf(initialExplore, 'events', trace, tasks).eventName).toBeNull();
  });

  it('drops what the trace does not have, part by part, with a notice each', () => {
    const view = {
      ...EMPTY_VIEW,
      tasks: ['curl-139', 'nginx-1'],
      cpus: [1, 7],
      search: 'keep me',
      zoomPath: ['curl-139', 'no_such_fn'],
      focusPath: ['curl-139', 'do_syscall_64'],
      selectedFunction: '<img src=x onerror=alert(1)>',
    };
    const { patch, notices } = explorePatchOf(view, tasks, [0, 1], known);
    expect(patch).toMatchObject({ tasks: [0], cpus: [1], search: 'keep me', zoomPath: [], focusPath: ['curl-139', 'do_syscall_64'], selectedFunction: null });
    expect(notices).toHaveLength(4);
    expect(notices.join('\n')).toContain('“<img src=x onerror=alert(1)>”');
  });

  it("a name's right-to-left override cannot turn the rest of its notice round", () => {
    // U+202E would run on over '”; the link's selected function was ignored.' (UAX #9).
    const { notices } = explorePatchOf({ ...EMPTY_VIEW, selectedFunction: 'evil\u202e', tasks: ['x\u2069\u202e-1'] }, tasks, [], known);
    expect(notices).toEqual([
      "This trace has no task “\u2068x\ufffd\ufffd-1\u2069”; the link's task filter for it was ignored.",
      "This trace has no function “\u2068evil\ufffd\u2069”; the link's selected function was ignored.",
    ]);
  });

  it("carries the call tree's open rows; a path with a name the trace lacks goes, with a notice", () => {
    const explore = { ...initialExplore, openPaths: [['curl-139', 'do_syscall_64'], ['curl-139', '__x64_sys_sendto', 'tcp_sendmsg']] };
    const view = sharedViewOf(explore, 'tree', null, tasks);
    expect(view.openPaths).toEqual(explore.openPaths);
    expect(explorePatchOf(view, tasks, [], known)).toEqual({ patch: expect.objectContaining({ openPaths: explore.openPaths }) as unknown, notices: [] });
    const { patch, notices } = explorePatchOf({ ...view, openPaths: [['curl-139', 'gone_fn'], ['curl-139', 'do_syscall_64']] }, tasks, [], known);
    expect(patch.openPaths).toEqual([['curl-139', 'do_syscall_64']]);
    expect(notices).toEqual(['This trace has no function “gone_fn”; the link\'s open row of the call tree was ignored.']);
  });

  it('takes a tab the app has; another (a later version\'s, a hand edit) is ignored with a notice', () => {
    const tabs = ['flame', 'tree'];
    expect(linkedTab({ ...EMPTY_VIEW, view: 'tree' }, tabs)).toEqual({ tab: 'tree', notice: null });
    expect(linkedTab(EMPTY_VIEW, tabs)).toEqual({ tab: null, notice: null });
    expect(linkedTab({ ...EMPTY_VIEW, view: 'hooks' }, tabs)).toEqual({ tab: null, notice: 'This app has no view “hooks”; the link\'s view was ignored.' });
    // Not told which tabs there are: every id is taken.
    expect(linkedTab({ ...EMPTY_VIEW, view: 'hooks' }, []).tab).toBe('hooks');
  });

  it('identifies traces by hash when both have one, else by name and size', () => {
    expect(sameTrace({ name: 'a', size: 1, contentHash: 'x'.repeat(64) }, { name: 'b', size: 2, contentHash: 'x'.repeat(64) })).toBe(true);
    expect(sameTrace({ name: 'a', size: 1, contentHash: 'x'.repeat(64) }, { name: 'a', size: 1, contentHash: 'y'.repeat(64) })).toBe(false);
    expect(sameTrace({ name: 'a', size: 1, contentHash: '' }, { name: 'a', size: 1, contentHash: 'y'.repeat(64) })).toBe(true);
  });

  it('typing more of a search is not a new history step; anything else is', () => {
    const a = { ...EMPTY_VIEW, search: 'tcp' };
    expect(isTypingOnly(a, { ...a, search: 'tcp_s' })).toBe(true);
    expect(isTypingOnly({ ...EMPTY_VIEW }, a)).toBe(false);
    expect(isTypingOnly(a, { ...a, search: 'tcp_s', inverted: true })).toBe(false);
    // Opening or closing rows of the call tree is no Back step either; anything more is.
    expect(isOpenRowsOnly(a, { ...a, openPaths: [['curl-139']] })).toBe(true);
    expect(isOpenRowsOnly(a, { ...a, openPaths: [['curl-139']], focusPath: ['curl-139'] })).toBe(false);
    expect(isOpenRowsOnly(a, { ...a })).toBe(false);
    // Nor is a zoom or pan of the flame chart (its window); with anything else it is.
    const w = { ...a, chartWindow: [100, 200] as [number, number] };
    expect(isChartWindowOnly(a, w)).toBe(true);
    expect(isChartWindowOnly(w, { ...w, chartWindow: [100, 150] })).toBe(true);
    expect(isChartWindowOnly(w, { ...a })).toBe(true);
    expect(isChartWindowOnly(a, { ...w, inverted: true })).toBe(false);
    expect(isChartWindowOnly(w, { ...w })).toBe(false);
  });

  it('a revealed search hit changes only where the tree is (focus, selection, open rows)', () => {
    const a = { ...EMPTY_VIEW, search: '__sys_c', syscallsOnly: true };
    const hit = { ...a, focusPath: ['curl-139', '__x64_sys_connect', '__sys_connect'], selectedFunction: '__sys_connect' };
    expect(isRevealOnly(a, hit)).toBe(true);
    expect(isRevealOnly(a, { ...hit, openPaths: [['curl-139']] })).toBe(true);
    expect(isRevealOnly(a, { ...a })).toBe(false);
    expect(isRevealOnly(a, { ...hit, search: '__sys_co' })).toBe(false);
    expect(isRevealOnly({ ...EMPTY_VIEW }, hit)).toBe(false);
  });
});
