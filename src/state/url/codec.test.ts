import { describe, expect, it } from 'vitest';
import { decodeView, EMPTY_COMPARE, encodeOpenPaths, encodeView, EMPTY_VIEW, MAX_TEXT, OPEN_PATHS_CHARS, OPEN_PATHS_MAX, type SharedCompare, type SharedView } from './codec';

/** A small deterministic PRNG so generated states are reproducible. */
function rng(seed: number) {
  let x = seed >>> 0;
  return () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const NASTY = ['tcp_sendmsg', 'copy_strings.isra.0', 'a,b', 'x&y=z', '#frag', '%41', '<img src=x onerror=alert(1)>', '"><script>', 'sp ace', 'ünï', '🙂', ';', ''];

function generated(seed: number): SharedView {
  const r = rng(seed);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const names = (n: number) => Array.from({ length: n }, () => pick(NASTY.filter(Boolean)));
  const a = Math.floor(r() * 1e12);
  return {
    trace: r() < 0.8 ? { name: pick(['trace.txt', 'a b.gz', 'ü#.txt']), size: Math.floor(r() * 1e10), contentHash: r() < 0.5 ? 'ab'.repeat(32) : '' } : null,
    traceUrl: r() < 0.3 ? `https://example.test/t?x=${Math.floor(r() * 100)}&y=1#z` : null,
    embedded: r() < 0.2 ? 'H4sIAAAA-_09' : null,
    view: r() < 0.7 ? pick(['flame', 'tree', 'functions', 'chart']) : null,
    tasks: names(Math.floor(r() * 3)).map((n) => `${n}-${Math.floor(r() * 1000)}`),
    cpus: Array.from({ length: Math.floor(r() * 3) }, () => Math.floor(r() * 64)),
    range: r() < 0.5 ? [a, a + Math.floor(r() * 1e9)] : null,
    syscallsOnly: r() < 0.5,
    search: r() < 0.6 ? pick(NASTY) : '',
    inverted: r() < 0.5,
    zoomPath: names(Math.floor(r() * 5)),
    focusPath: names(Math.floor(r() * 5)),
    openPaths: Array.from({ length: Math.floor(r() * 4) }, () => names(1 + Math.floor(r() * 4))),
    selectedFunction: r() < 0.5 ? pick(NASTY.filter(Boolean)) : null,
    chartTask: r() < 0.3 ? 'curl-139' : null,
    callersPane: r() < 0.5,
    kernelVersion: pick(['latest', 'v6.8', 'v6.10-rc3', 'v6.12.5']),
    irq: pick(['in-place', 'apart', 'hidden'] as const),
    relativeTime: r() < 0.5,
    functionsSort: { column: pick(['name', 'calls', 'total', 'self', 'p99', 'irq'] as const), descending: r() < 0.5 },
    functionsOnlyMatches: r() < 0.5,
    eventName: r() < 0.5 ? pick(['sched_switch', 'irq_handler_entry', ...NASTY]) : null,
    compare: r() < 0.4 ? generatedCompare(r, pick, names) : null,
    chartWindow: r() < 0.5 ? [a + 1, a + 1 + Math.floor(r() * 1e6)] : null,
  };
}

function generatedCompare(
  r: () => number,
  pick: <T>(xs: readonly T[]) => T,
  names: (n: number) => string[],
): SharedCompare {
  const same = r() < 0.3;
  const a = Math.floor(r() * 1e12);
  return {
    trace: !same && r() < 0.8 ? { name: pick(['nc.txt.gz', 'b&c.txt', 'ü#.txt']), size: Math.floor(r() * 1e10), contentHash: r() < 0.5 ? 'cd'.repeat(32) : '' } : null,
    traceUrl: !same && r() < 0.3 ? `https://example.test/b?x=${Math.floor(r() * 100)}&y=1#z` : null,
    embedded: !same && r() < 0.2 ? 'H4sIAAAB-_19' : null,
    same,
    tasks: names(Math.floor(r() * 3)).map((n) => `${n}-${Math.floor(r() * 1000)}`),
    cpus: Array.from({ length: Math.floor(r() * 3) }, () => Math.floor(r() * 64)),
    range: r() < 0.5 ? [a, a + Math.floor(r() * 1e9)] : null,
    syscallsOnly: r() < 0.5,
    quantity: pick(['self', 'total', 'calls'] as const),
    normalisation: pick([{ kind: 'raw' }, { kind: 'scaled' }, { kind: 'perCall', root: pick(NASTY.filter(Boolean)) }] as const),
    layoutBy: pick(['a', 'b'] as const),
    negated: r() < 0.5,
    presence: pick(['all', 'onlyA', 'onlyB', 'both'] as const),
    minChangePercent: r() < 0.5 ? pick([0, 5, 12.5, 300]) : null,
    underZoom: r() < 0.5,
    zoomPath: names(Math.floor(r() * 4)),
    focusPath: names(Math.floor(r() * 4)),
    view: r() < 0.7 ? pick(['diff-flame', 'compared-functions', 'compared-tree', 'sides']) : null,
    pathsFrom: r() < 0.5 ? pick(NASTY.filter(Boolean)) : null,
    exactNames: r() < 0.5,
    tableSort: { column: pick(['name', 'presence', 'a.self', 'b.p95', 'delta', 'ratio'] as const), descending: r() < 0.5 },
  };
}

describe('URL codec', () => {
  it('round-trips the empty view to just the version', () => {
    expect(encodeView(EMPTY_VIEW)).toBe('v=2');
    expect(decodeView('#v=2')).toEqual({ view: EMPTY_VIEW, notices: [] });
  });

  it('round-trips generated states, hostile names included', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const state = generated(seed);
      const fragment = encodeView(state);
      expect(fragment).not.toMatch(/[<>"\s#]/); // nothing raw from a name survives into the URL
      expect(decodeView('#' + fragment)).toEqual({ view: state, notices: [] });
    }
  });

  it('carries "Paths from" as cfrom, escaped; a version 3 link without it reads as the first frame', () => {
    const hostile = '<img src=x onerror=alert(1)>&cv=sides#x';
    for (const pathsFrom of ['tcp_sendmsg', hostile, 'a,b;c', '🙂']) {
      const view: SharedView = { ...EMPTY_VIEW, compare: { ...EMPTY_COMPARE, same: true, pathsFrom } };
      const fragment = encodeView(view);
      expect(fragment).not.toMatch(/[<>"\s#]/);
      expect(decodeView('#' + fragment)).toEqual({ view, notices: [] });
    }
    expect(encodeView({ ...EMPTY_VIEW, compare: { ...EMPTY_COMPARE, same: true, pathsFrom: 'tcp_sendmsg' } })).toBe('v=3&bsame=1&cfrom=tcp_sendmsg');
    // Links made before the key: the first frame, as they were.
    expect(decodeView('#v=3&bsame=1&cq=calls').view.compare).toEqual({ ...EMPTY_COMPARE, same: true, quantity: 'calls', pathsFrom: null });
    const empty = decodeView('#v=3&bsame=1&cfrom=');
    expect(empty.view.compare?.pathsFrom).toBeNull();
    expect(empty.notices).toHaveLength(1);
    expect(decodeView('#v=3&bsame=1&cfrom=%E0%A4%A').view.compare?.pathsFrom).toBeNull();
  });

  it('carries "exact names" as cx=1; a version 3 link without it matches by base name (the default)', () => {
    const view: SharedView = { ...EMPTY_VIEW, compare: { ...EMPTY_COMPARE, same: true, exactNames: true } };
    expect(encodeView(view)).toBe('v=3&bsame=1&cx=1');
    expect(decodeView('#v=3&bsame=1&cx=1')).toEqual({ view, notices: [] });
    expect(decodeView('#v=3&bsame=1').view.compare?.exactNames).toBe(false);
    expect(encodeView({ ...view, compare: { ...view.compare!, exactNames: false } })).toBe('v=3&bsame=1');
    const bad = decodeView('#v=3&bsame=1&cx=yes');
    expect([bad.view.compare?.exactNames, bad.notices.length]).toEqual([false, 1]);
  });

  it('writes a link in compare mode as version 3, and reads its compare keys only there', () => {
    const compare: SharedCompare = { ...EMPTY_COMPARE, trace: { name: 'nc.txt.gz', size: 12, contentHash: '' }, quantity: 'calls' };
    const fragment = encodeView({ ...EMPTY_VIEW, compare });
    expect(fragment).toBe('v=3&bn=nc.txt.gz&bs=12&cq=calls');
    expect(decodeView('#' + fragment)).toEqual({ view: { ...EMPTY_VIEW, compare }, notices: [] });
    expect(encodeView({ ...EMPTY_VIEW, compare: { ...EMPTY_COMPARE, same: true } })).toBe('v=3&bsame=1');
    // Both traces carried: A's as d, then B's as bd, last.
    const both = { ...EMPTY_VIEW, embedded: 'H4sIAAAA', compare: { ...compare, embedded: 'H4sIBBBB' } };
    expect(encodeView(both)).toBe('v=3&bn=nc.txt.gz&bs=12&cq=calls&d=H4sIAAAA&bd=H4sIBBBB');
    expect(decodeView('#' + encodeView(both))).toEqual({ view: both, notices: [] });
    expect(decodeView('#v=3&bd=not%20base64').view.compare?.embedded).toBeNull();
    // A version 2 link does not know these keys: ignored with a notice, no compare mode.
    const v2 = decodeView('#v=2&bn=nc.txt.gz&bs=12');
    expect(v2.view.compare).toBeNull();
    expect(v2.notices).toEqual(['The link has 2 parts this app does not know ("bn", "bs"); they were ignored.']);
    // Bad values are dropped one by one.
    const odd = decodeView('#v=3&bsame=1&cq=bytes&cn=call:&cp=none&cm=-4&bc=x&cz=%E0');
    expect(odd.view.compare).toEqual({ ...EMPTY_COMPARE, same: true });
    expect(odd.notices).toHaveLength(6);
  });

  it("carries the compared functions table's order as cs (a column named a.self included); links without it read as delta, descending", () => {
    for (const tableSort of [{ column: 'a.self', descending: true }, { column: 'name', descending: false }, { column: 'ratio', descending: false }] as const) {
      const view = { ...EMPTY_VIEW, compare: { ...EMPTY_COMPARE, same: true, tableSort } };
      expect(decodeView('#' + encodeView(view))).toEqual({ view, notices: [] });
    }
    expect(encodeView({ ...EMPTY_VIEW, compare: { ...EMPTY_COMPARE, same: true, tableSort: { column: 'a.self', descending: true } } })).toBe('v=3&bsame=1&cs=a.self.d');
    expect(decodeView('#v=3&bsame=1').view.compare?.tableSort).toEqual({ column: 'delta', descending: true });
    const bad = decodeView('#v=3&bsame=1&cs=c.self.d');
    expect(bad.view.compare).toEqual({ ...EMPTY_COMPARE, same: true });
    expect(bad.notices).toEqual(["The link's compared functions table order could not be read and was ignored."]);
  });

  it('carries the interrupts mode in one key; links without it read as in place', () => {
    for (const irq of ['apart', 'hidden'] as const) {
      const fragment = encodeView({ ...EMPTY_VIEW, irq });
      expect(fragment).toBe(`v=2&irq=${irq}`);
      expect(decodeView('#' + fragment)).toEqual({ view: { ...EMPTY_VIEW, irq }, notices: [] });
    }
    expect(encodeView({ ...EMPTY_VIEW, irq: 'in-place' })).toBe('v=2');
    expect(decodeView('#v=2&q=tcp_sendmsg').view.irq).toBe('in-place');
    expect(decodeView('#v=1&q=x').view.irq).toBe('in-place');
    expect(decodeView('#v=2&irq=in-place').view.irq).toBe('in-place');
    const bad = decodeView('#v=2&irq=%3Cb%3E&q=x');
    expect(bad.view).toEqual({ ...EMPTY_VIEW, search: 'x' });
    expect(bad.notices).toHaveLength(1);
    expect(bad.notices[0]).toMatch(/interrupts mode/);
  });

  it('carries the flame chart\'s "Relative time" as rt=1; links without it read on the trace\'s own clock', () => {
    const fragment = encodeView({ ...EMPTY_VIEW, view: 'chart', relativeTime: true });
    expect(fragment).toBe('v=2&view=chart&rt=1');
    expect(decodeView('#' + fragment)).toEqual({ view: { ...EMPTY_VIEW, view: 'chart', relativeTime: true }, notices: [] });
    expect(encodeView({ ...EMPTY_VIEW, relativeTime: false })).toBe('v=2');
    expect(decodeView('#v=2&view=chart').view.relativeTime).toBe(false);
    const bad = decodeView('#v=2&rt=yes&q=x');
    expect(bad.view).toEqual({ ...EMPTY_VIEW, search: 'x' });
    expect(bad.notices).toEqual(['The link\'s "relative time" switch could not be read and was ignored.']);
  });

  it("carries the flame chart's zoom window as cw=START-END in the trace's own whole ns, past 2^53 too; a bad one is refused with a notice", () => {
    // A tai clock's times: past 2^53 a double is a multiple of 256, written in digits (as r)
    // that read back as the very same double.
    const w: [number, number] = [1_733_000_000_123_456_768, 1_733_000_000_125_456_896];
    const fragment = encodeView({ ...EMPTY_VIEW, view: 'chart', chartWindow: w });
    expect(fragment).toMatch(/^v=2&view=chart&cw=\d{19}-\d{19}$/);
    expect(decodeView('#' + fragment)).toEqual({ view: { ...EMPTY_VIEW, view: 'chart', chartWindow: w }, notices: [] });
    expect(decodeView('#v=2&cw=0-2000000').view.chartWindow).toEqual([0, 2_000_000]);
    expect(encodeView({ ...EMPTY_VIEW, chartWindow: null })).toBe('v=2');
    for (const raw of ['5-3', '1.5-3', '-1-3', '1,3', 'x', '', '1-99999999999999999999999']) {
      const bad = decodeView(`#v=2&cw=${raw}&q=x`);
      expect(bad.view).toEqual({ ...EMPTY_VIEW, search: 'x' });
      expect(bad.notices).toEqual(["The link's flame chart window could not be read and was ignored."]);
    }
  });

  it("carries the Functions table's order (fs) and \"Only matches\" (fm); links without them read as total, descending, every function", () => {
    const view = { ...EMPTY_VIEW, view: 'functions', functionsSort: { column: 'self', descending: true } as const, functionsOnlyMatches: true, search: 'tcp' };
    expect(encodeView(view)).toBe('v=2&view=functions&q=tcp&fs=self.d&fm=1');
    expect(decodeView('#' + encodeView(view))).toEqual({ view, notices: [] });
    const byName = { ...EMPTY_VIEW, functionsSort: { column: 'name', descending: false } as const };
    expect(decodeView('#' + encodeView(byName)).view).toEqual(byName);
    expect(encodeView({ ...EMPTY_VIEW, functionsSort: { column: 'total', descending: true } })).toBe('v=2');
    expect(decodeView('#v=2&view=functions').view.functionsSort).toEqual({ column: 'total', descending: true });
    const bad = decodeView('#v=2&fs=bogus.d&fm=2&q=x');
    expect(bad.view).toEqual({ ...EMPTY_VIEW, search: 'x' });
    expect(bad.notices).toEqual([
      "The link's Functions table's order could not be read and was ignored.",
      'The link\'s "only matches" switch could not be read and was ignored.',
    ]);
  });

  it("carries the Events view's event name as ev, escaped, the nameless lines' '' included; links without it read as every event", () => {
    for (const eventName of ['sched_switch', '', 'a&b=c,d#e %41', '\u202eevil']) {
      const view = { ...EMPTY_VIEW, view: 'events', eventName };
      expect(decodeView('#' + encodeView(view))).toEqual({ view, notices: [] });
    }
    expect(encodeView({ ...EMPTY_VIEW, eventName: 'sched_switch' })).toBe('v=2&ev=sched_switch');
    expect(decodeView('#v=2&view=events').view.eventName).toBeNull();
    const bad = decodeView('#v=2&ev=%E0%A4&q=x');
    expect(bad.view).toEqual({ ...EMPTY_VIEW, search: 'x' });
    expect(bad.notices).toEqual(["The link's event name could not be read and was ignored."]);
  });

  it("carries the call tree's open Callers & callees pane; another panel name is ignored with a notice", () => {
    expect(encodeView({ ...EMPTY_VIEW, callersPane: true })).toBe('v=2&p=cc');
    expect(decodeView('#v=2&p=cc')).toEqual({ view: { ...EMPTY_VIEW, callersPane: true }, notices: [] });
    expect(decodeView('#v=2&q=x').view.callersPane).toBe(false);
    const bad = decodeView('#v=2&p=%3Cb%3E&q=x');
    expect(bad.view).toEqual({ ...EMPTY_VIEW, search: 'x' });
    expect(bad.notices).toEqual(["The link's open panel could not be read and was ignored."]);
  });

  it("carries the call tree's open rows as paths of names, bounded, hostile names included", () => {
    const openPaths = [
      ['curl-139', 'x64_sys_call', '__x64_sys_sendto'],
      ['a;b', 'x,y', '<img src=x>', '%41'],
    ];
    const f = encodeView({ ...EMPTY_VIEW, openPaths });
    expect(f).toMatch(/^v=2&o=curl-139,x64_sys_call,__x64_sys_sendto;a%3Bb,x%2Cy,/);
    expect(decodeView(f)).toEqual({ view: { ...EMPTY_VIEW, openPaths }, notices: [] });
    // Bounded: past OPEN_PATHS_MAX paths or OPEN_PATHS_CHARS characters, the first that fit go.
    const many = Array.from({ length: OPEN_PATHS_MAX + 10 }, (_, i) => ['task-1', `f${i}`]);
    expect(decodeView(encodeView({ ...EMPTY_VIEW, openPaths: many })).view.openPaths).toEqual(many.slice(0, OPEN_PATHS_MAX));
    const long = Array.from({ length: 20 }, (_, i) => ['x'.repeat(300), `g${i}`]);
    const kept = decodeView(encodeView({ ...EMPTY_VIEW, openPaths: long })).view.openPaths;
    expect(kept.length).toBeLessThan(20);
    expect(kept).toEqual(long.slice(0, kept.length));
    expect(encodeOpenPaths(long).length).toBeLessThanOrEqual(OPEN_PATHS_CHARS);
    // A part that cannot be read is ignored with a notice, the rest applies.
    const bad = decodeView('#v=2&o=a,b;;c&q=x');
    expect(bad.view).toEqual({ ...EMPTY_VIEW, search: 'x' });
    expect(bad.notices).toEqual(["The link's open rows of the call tree could not be read and was ignored."]);
  });

  it('keeps the seed flow compact', () => {
    const f = encodeView({
      ...EMPTY_VIEW,
      trace: { name: '01-seed-curl-fgraph.report.txt.gz', size: 2400322, contentHash: 'e2b600a23c0e41a5e174744e0a93de5784b62eff8d22c09ac6ec0a2f19e29d35' },
      view: 'flame',
      tasks: ['curl-139'],
      search: 'tcp_sendmsg',
      zoomPath: ['curl-139', 'entry_SYSCALL_64_after_hwframe', 'do_syscall_64', '__x64_sys_sendto'],
    });
    expect(f.length).toBeLessThan(260);
  });

  // A trace recorded 104 days or more after boot has times past 2^53 ns: a range brushed on
  // its overview was written to the link and then refused by the link's reader, with a notice.
  it('round-trips a time range past 2^53 ns (a clock 104 days after boot), up to a 64-bit clock', () => {
    const range: [number, number] = [9_500_000_525_495_000, 9_500_000_525_502_000];
    const view: SharedView = { ...EMPTY_VIEW, range, compare: { ...EMPTY_COMPARE, same: true, range } };
    expect(decodeView('#' + encodeView(view))).toEqual({ view, notices: [] });
    expect(decodeView('#v=2&r=0-18446744073709551616').view.range).toEqual([0, 2 ** 64]);
    // Past any 64-bit clock, or longer than its digits: refused.
    for (const r of ['0-18446744073709551617000', '0-99999999999999999999', '0-1e21']) {
      expect(decodeView(`#v=2&r=${r}`).view.range).toBeNull();
    }
  });

  // The "changed by more than" box takes any number ≥ 0; the link wrote it with String()
  // and read back only up to 9 digits and 6 decimals: 12.3456789 % or 1e-7 % was refused.
  it('round-trips any "changed by more than" percentage the box can hold', () => {
    for (const minChangePercent of [0, 12.5, 12.3456789, 1e-7, 0.1 + 0.2, 25_000_000_000, 1e21, Number.MAX_VALUE]) {
      const view: SharedView = { ...EMPTY_VIEW, compare: { ...EMPTY_COMPARE, minChangePercent } };
      expect(decodeView('#' + encodeView(view))).toEqual({ view, notices: [] });
    }
    for (const cm of ['-4', '1e400', '1e', '.5', 'Infinity', 'NaN', '0x10']) expect(decodeView(`#v=3&cm=${cm}`).view.compare?.minChangePercent).toBeNull();
  });

  it('gives back a long search (a regex of a few hundred names) as it was written', () => {
    const names = Array.from({ length: 400 }, (_, i) => `tcp_v4_fn_${i}`);
    const search = `/^(${names.join('|')})$/`;
    expect(search.length).toBeGreaterThan(4096);
    const view = { ...EMPTY_VIEW, search, focusPath: ['tcp_v4_fn_1'] };
    expect(decodeView('#' + encodeView(view))).toEqual({ view, notices: [] });
    // An absurd part is still refused, with a notice.
    const huge = decodeView(`#v=2&q=${'a'.repeat(MAX_TEXT + 1)}`);
    expect(huge.view.search).toBe('');
    expect(huge.notices).toEqual(["The link's search could not be read and was ignored."]);
  });

  it('an unknown version applies nothing and says why', () => {
    const d = decodeView('#v=9&q=tcp_sendmsg');
    expect(d.view).toEqual(EMPTY_VIEW);
    expect(d.notices[0]).toMatch(/version "9"/);
    expect(decodeView('#q=x').notices[0]).toMatch(/no format version/);
  });

  it('ignores bad parts one by one and keeps the rest', () => {
    const d = decodeView('#v=1&q=tcp_sendmsg&r=9-1&c=a,b&sc=yes&u=javascript%3Aalert(1)&k=%3Cscript%3E&view=%3Cimg%3E&zz=1&f=%E0%A4%A');
    expect(d.view.search).toBe('tcp_sendmsg');
    expect(d.view.range).toBeNull();
    expect(d.view.cpus).toEqual([]);
    expect(d.view.syscallsOnly).toBe(false);
    expect(d.view.traceUrl).toBeNull();
    expect(d.view.kernelVersion).toBe('latest');
    expect(d.view.view).toBeNull();
    expect(d.view.focusPath).toEqual([]);
    expect(d.notices).toHaveLength(8);
    for (const n of d.notices) expect(n).not.toMatch(/<script>|<img>/);
  });

  it('a part given twice applies its last value and says the earlier ones were dropped', () => {
    const d = decodeView('#v=2&q=tcp_sendmsg&i=1&q=udp_sendmsg&q=inet_sendmsg&view=tree');
    expect(d.view.search).toBe('inet_sendmsg');
    expect(d.view.inverted).toBe(true);
    expect(d.view.view).toBe('tree');
    expect(d.notices).toEqual(['The link gives "q" more than once; only the last of each was applied.']);
    // A whole link pasted after itself: each doubled part is named once, the view is the link's.
    const link = 'v=2&n=trace.txt&s=12&f=a,b&fn=b';
    const twice = decodeView(`#${link}&${link}`);
    expect(twice.view).toEqual(decodeView(`#${link}`).view);
    expect(twice.notices).toEqual(['The link gives "v", "n", "s", "f", "fn" more than once; only the last of each was applied.']);
  });

  it('parts it does not know are named in one notice, however many a damaged link has', () => {
    const many = decodeView('#v=2&q=x&' + Array.from({ length: 20000 }, (_, i) => `x${i}=1`).join('&'));
    expect(many.view.search).toBe('x');
    expect(many.notices).toEqual(['The link has 20000 parts this app does not know ("x0", "x1", "x2", "x3", "x4", …); they were ignored.']);
    expect(decodeView('#v=2&zz=1').notices).toEqual(['The link has a part this app does not know ("zz"); it was ignored.']);
  });

  it('takes a kernel version only when a source link could use it', () => {
    for (const k of ['v6.8', 'v6.10-rc3', 'v6.12.5', 'latest']) expect(decodeView(`#v=2&k=${k}`).view.kernelVersion).toBe(k);
    // Shapes Elixir has no tag for (a stable release's rc, version 0, a padded tag) give the default.
    for (const k of ['v6.12.5-rc1', 'v0.1', '%20v6.8', 'v6.8%2F..']) {
      const d = decodeView(`#v=2&k=${k}`);
      expect(d.view.kernelVersion).toBe('latest');
      expect(d.notices).toHaveLength(1);
    }
  });

  it('only http and https trace URLs are taken', () => {
    expect(decodeView('#v=1&u=' + encodeURIComponent('http://127.0.0.1:8080/t.txt')).view.traceUrl).toBe('http://127.0.0.1:8080/t.txt');
    for (const u of ['javascript:alert(1)', 'data:text/plain,x', 'file:///etc/passwd', 'not a url']) {
      expect(decodeView('#v=1&u=' + encodeURIComponent(u)).view.traceUrl).toBeNull();
    }
  });

  it('a trace identity needs a name, a size and a well-formed hash', () => {
    expect(decodeView('#v=2&n=t.txt&s=12&h=' + 'a'.repeat(64)).view.trace).toEqual({ name: 't.txt', size: 12, contentHash: 'a'.repeat(64) });
    expect(decodeView('#v=2&n=t.txt&s=12&h=xyz').view.trace).toBeNull();
    expect(decodeView('#v=2&n=t.txt&s=-1').view.trace).toBeNull();
  });

  it('reads version 1 links, whose plain SHA-256 cannot be checked any more: name and size identify the trace', () => {
    const d = decodeView('#v=1&n=t.txt&s=12&h=' + 'a'.repeat(64) + '&q=tcp_sendmsg');
    expect(d.view.trace).toEqual({ name: 't.txt', size: 12, contentHash: '' });
    expect(d.view.search).toBe('tcp_sendmsg');
    expect(d.notices).toEqual([]);
    expect(encodeView(d.view)).toMatch(/^v=2&/);
  });
});
