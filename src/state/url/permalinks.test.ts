/**
 * The permalink machinery against a fake client and a fake window (address, history,
 * popstate): what a fragment the page lands on does while a trace is shown.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ClientLoadResult, DiagnosticsPage, Fresh, TraceClientApi, TraceInfo, OpeningSummary, TraceSummary } from '../../client/trace-client';
import { connectTraceClient, openFile, openUrl } from '../actions';
import { setChartWindow, setExplore, setLinkedChartWindow, useAppStore } from '../store';
import { EMPTY_COMPARE, EMPTY_VIEW, decodeView, encodeView, type SharedView } from './codec';
import { encodeEmbeddedTrace } from './embed';
import { startPermalinks, TYPING_PAUSE_MS } from './permalinks';

const summary = { format: 'trace-cmd-report', lines: 3, calls: 1, tasks: [], functionCount: 0 } as unknown as OpeningSummary;
const infoOf = (name: string, size: number): TraceInfo => ({
  name,
  format: 'trace-cmd-report',
  formatLabel: 'trace-cmd report',
  gzip: false,
  inputBytes: size,
  contentHash: '',
  textBytes: size,
  lines: 3,
  elapsedMs: 1,
});

/** A client whose loads succeed at once, naming the trace after its file or URL. */
class FakeClient implements TraceClientApi {
  blobs: string[] = [];
  urls: string[] = [];
  loadBlob(blob: Blob, opts: { name?: string }): Promise<ClientLoadResult> {
    this.blobs.push(opts.name ?? '');
    return Promise.resolve({ kind: 'loaded', info: infoOf(opts.name ?? '', blob.size), summary });
  }
  loadUrl(url: string): Promise<ClientLoadResult> {
    this.urls.push(url);
    // A trace whose fingerprint comes after ready (`fingerprint` answers it).
    const info = url === UNHASHED ? { ...infoOf(url, 100), contentHash: null } : infoOf(url, 100);
    return Promise.resolve({ kind: 'loaded', info, summary });
  }
  loadText(): Promise<ClientLoadResult> {
    return Promise.resolve({ kind: 'loaded', info: infoOf('pasted text', 10), summary });
  }
  cancel(): void {}
  summary(): Promise<Fresh<TraceSummary | null>> {
    return Promise.resolve({ stale: false, value: { ...summary, functions: [] } });
  }
  diagnostics(offset: number): Promise<Fresh<DiagnosticsPage>> {
    return Promise.resolve({ stale: false, value: { offset, total: 0, items: [] } });
  }
  /** When set, `knownNames` answers only once the test calls the function it is given. */
  holdNames: ((answer: () => void) => void) | null = null;
  /** When set, `fingerprint` answers (with FINGERPRINT) only once the test calls the function it is given. */
  holdFingerprint: ((answer: () => void) => void) | null = null;
  query(method: string, ...args: unknown[]): Promise<Fresh<never>> {
    const held = this.holdFingerprint;
    if (method === 'fingerprint' && held) {
      return new Promise((resolve) => held(() => resolve({ stale: false, value: FINGERPRINT as never })));
    }
    const hold = this.holdNames;
    if (method === 'knownNames' && hold) {
      return new Promise((resolve) => hold(() => resolve({ stale: false, value: (args[0] as string[]).map(() => true) as never })));
    }
    const answers: Record<string, () => unknown> = {
      taskList: () => ({ tasks: [{ id: 0, label: 'curl-1' }], cpus: [0] }),
      knownNames: () => (args[0] as string[]).map(() => true),
      fingerprint: () => '',
    };
    const answer = answers[method];
    if (!answer) return Promise.reject(new Error(`unexpected query ${method}`));
    return Promise.resolve({ stale: false, value: answer() as never });
  }
}

/** The page: its address, history and popstate listeners. */
const page = {
  hash: '',
  search: '',
  listeners: [] as (() => void)[],
  /** The fragments of the history entries written, the current one last. */
  entries: [''],
};
function setHash(url: string | URL | null | undefined, push: boolean): void {
  const text = String(url ?? '');
  page.hash = text.startsWith('#') ? text : '';
  if (push) page.entries.push(page.hash);
  else page.entries[page.entries.length - 1] = page.hash;
}
const fakeWindow = {
  location: {
    get hash() {
      return page.hash;
    },
    get search() {
      return page.search;
    },
    get href() {
      return `http://localhost/${page.search}${page.hash}`;
    },
    reload: () => {
      fakeWindow.reloads++;
    },
  },
  history: {
    pushState: (_s: unknown, _t: string, url?: string | URL | null) => setHash(url, true),
    replaceState: (_s: unknown, _t: string, url?: string | URL | null) => setHash(url, false),
  },
  reloads: 0,
  addEventListener: (type: string, fn: () => void) => {
    if (type === 'popstate') page.listeners.push(fn);
  },
};

/** Lets the actions, the worker's fake answers and the fragment writes run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 60));
}

/** More typing in the search box is written once the typing pauses (held-write.ts). */
async function typingPaused(): Promise<void> {
  await new Promise((r) => setTimeout(r, TYPING_PAUSE_MS));
  await settle();
}

/** The browser lands on `fragment` without reloading (Back, Forward, a link pasted into the address bar). */
async function landOn(view: SharedView): Promise<void> {
  page.hash = '#' + encodeView(view);
  for (const fn of page.listeners) fn();
  await settle();
}

const A = 'http://localhost/a.txt';
const UNHASHED = 'http://localhost/unhashed.txt';
const FINGERPRINT = 'ab'.repeat(32);
let client: FakeClient;

beforeAll(async () => {
  (globalThis as { window?: unknown }).window = fakeWindow;
  (globalThis as { document?: unknown }).document = { documentElement: { dataset: {} } };
  client = new FakeClient();
  connectTraceClient(client);
  page.search = `?url=${encodeURIComponent(A)}`;
  startPermalinks(['flame', 'chart', 'summary', 'tree', 'functions', 'events']);
  await settle();
});

beforeEach(async () => {
  // Trace A from its address, shown with a search of its own.
  await openUrl(A);
  await settle();
  setExplore({ search: 'a_only' });
  await settle();
  client.blobs = [];
  client.urls = [];
});

describe('history', () => {
  it("another trace opened is a new entry: Back returns to the previous trace's last view", async () => {
    const before = [...page.entries];
    expect(decodeView(before[before.length - 1]).view.search).toBe('a_only');
    await openFile(new Blob(['abc']), 'c.txt');
    await settle();
    expect(page.entries).toHaveLength(before.length + 1);
    expect(page.entries.slice(0, -1)).toEqual(before);
    expect(decodeView(page.entries[page.entries.length - 1]).view.trace?.name).toBe('c.txt');
  });
});

describe('typing in the search box', () => {
  it('replaces the entry once the typing pauses, not on each keystroke', async () => {
    const entries = [...page.entries];
    setExplore({ search: 'a_onl' });
    await settle();
    setExplore({ search: 'a_on' });
    await settle();
    // Each keystroke waited less than the pause: nothing written yet.
    expect(page.entries).toEqual(entries);
    await typingPaused();
    expect(page.entries).toHaveLength(entries.length);
    expect(decodeView(page.hash).view.search).toBe('a_on');
  });

  it('writes what was typed into its entry before a change of another kind takes an entry of its own', async () => {
    const entries = [...page.entries];
    setExplore({ search: 'a_onl' });
    await settle();
    setExplore({ inverted: true });
    await settle();
    expect(page.entries).toHaveLength(entries.length + 1);
    expect(decodeView(page.entries[entries.length - 1]).view).toMatchObject({ search: 'a_onl', inverted: false });
    expect(decodeView(page.hash).view).toMatchObject({ search: 'a_onl', inverted: true });
    // Clearing the search is a step of its own too, after the typing written in its entry.
    setExplore({ search: 'a_o' });
    await settle();
    setExplore({ search: '' });
    await settle();
    expect(page.entries).toHaveLength(entries.length + 2);
    expect(decodeView(page.entries[entries.length]).view).toMatchObject({ search: 'a_o', inverted: true });
    expect(decodeView(page.hash).view.search).toBe('');
  });
});

describe("the input's fingerprint, come after ready", () => {
  /** Trace UNHASHED opened with a search typed; its fingerprint's answer held: returns the function that gives it. */
  async function openUnhashed(): Promise<() => void> {
    let answer: (() => void) | null = null;
    client.holdFingerprint = (a) => (answer = a);
    await openUrl(UNHASHED);
    await settle();
    setExplore({ search: 'tcp' });
    await settle();
    expect(decodeView(page.hash).view).toMatchObject({ search: 'tcp', trace: { name: UNHASHED, size: 100, contentHash: '' } });
    return () => answer!();
  }

  /** The worker's answer and the store's update after it (microtasks), no more. */
  async function answered(answer: () => void): Promise<void> {
    answer();
    for (let i = 0; i < 3; i++) await Promise.resolve();
    expect(useAppStore.getState().session.info?.contentHash).toBe(FINGERPRINT);
  }

  it('is written into the entry on screen in place, once the page is idle rather than in the task that brought it', async () => {
    try {
      const answer = await openUnhashed();
      const entries = [...page.entries];
      await answered(answer);
      expect(page.entries).toEqual(entries);
      await settle();
      expect(page.entries).toHaveLength(entries.length);
      expect(decodeView(page.hash).view).toMatchObject({ search: 'tcp', trace: { contentHash: FINGERPRINT } });
      // More typing still rewrites that entry (what was written last names the fingerprint too).
      setExplore({ search: 'tcp_' });
      await typingPaused();
      expect(page.entries).toHaveLength(entries.length);
      expect(decodeView(page.hash).view).toMatchObject({ search: 'tcp_', trace: { contentHash: FINGERPRINT } });
    } finally {
      client.holdFingerprint = null;
    }
  });

  it('is written over typing not written yet, in place', async () => {
    try {
      const answer = await openUnhashed();
      const entries = [...page.entries];
      setExplore({ search: 'tcp_' });
      await settle();
      await answered(answer);
      await settle();
      expect(page.entries).toHaveLength(entries.length);
      expect(decodeView(page.hash).view).toMatchObject({ search: 'tcp_', trace: { contentHash: FINGERPRINT } });
      setExplore({ search: 'tcp_s' });
      await typingPaused();
      expect(page.entries).toHaveLength(entries.length);
      expect(decodeView(page.hash).view).toMatchObject({ search: 'tcp_s', trace: { contentHash: FINGERPRINT } });
    } finally {
      client.holdFingerprint = null;
    }
  });

  it('is written before a change made meanwhile, which takes an entry of its own as it did', async () => {
    try {
      const answer = await openUnhashed();
      const entries = [...page.entries];
      await answered(answer);
      setExplore({ search: '' });
      await settle();
      expect(page.entries).toHaveLength(entries.length + 1);
      expect(decodeView(page.entries[entries.length - 1]).view).toMatchObject({ search: 'tcp', trace: { contentHash: FINGERPRINT } });
      expect(decodeView(page.hash).view).toMatchObject({ search: '', trace: { contentHash: FINGERPRINT } });
    } finally {
      client.holdFingerprint = null;
    }
  });
});

describe('a fragment landed on while a trace is shown', () => {
  it('applies a view of the trace on screen (Back and Forward)', async () => {
    expect(useAppStore.getState().session.info?.name).toBe(A);
    await landOn({ ...EMPTY_VIEW, trace: { name: A, size: 100, contentHash: '' }, traceUrl: A, search: 'vfs_read' });
    expect(useAppStore.getState().explore.search).toBe('vfs_read');
    expect(client.urls).toEqual([]);
  });

  it('turns the flame chart\'s "Relative time" on and off as the entry says, and writes it in the links', async () => {
    const here = { ...EMPTY_VIEW, trace: { name: A, size: 100, contentHash: '' }, traceUrl: A, view: 'chart' };
    await landOn({ ...here, relativeTime: true });
    expect(useAppStore.getState().view.relativeTime).toBe(true);
    setExplore({ search: 'tcp' });
    await settle();
    expect(decodeView(page.hash).view).toMatchObject({ search: 'tcp', relativeTime: true });
    await landOn(here);
    expect(useAppStore.getState().view.relativeTime).toBe(false);
  });

  it("asks the flame chart for a link's zoom window; the chart's zoom and pans rewrite the entry in place (no Back step)", async () => {
    const here = { ...EMPTY_VIEW, trace: { name: A, size: 100, contentHash: '' }, traceUrl: A, view: 'chart' };
    await landOn({ ...here, chartWindow: [1000, 3000] });
    const s = useAppStore.getState();
    expect(s.view.linkedChartWindow).toEqual({ trace: s.session.traceId, task: -1, startNs: 1000, endNs: 3000 });
    // The chart (not mounted here) shows it and uses it up: the entry keeps its window.
    const entries = page.entries.length;
    setChartWindow({ startNs: 1000.2, endNs: 2999.9, zoomed: true });
    setLinkedChartWindow(null);
    await settle();
    expect(decodeView(page.hash).view.chartWindow).toEqual([1000, 3000]);
    // A zoom: the same entry, rewritten.
    setChartWindow({ startNs: 1500, endNs: 2500, zoomed: true });
    await settle();
    expect(decodeView(page.hash).view.chartWindow).toEqual([1500, 2500]);
    expect(page.entries).toHaveLength(entries);
    // Anything else is a step of its own, with the window it shows.
    setExplore({ search: 'tcp' });
    await settle();
    expect(page.entries).toHaveLength(entries + 1);
    expect(decodeView(page.hash).view).toMatchObject({ search: 'tcp', chartWindow: [1500, 2500] });
    // Back to the whole domain: the link carries no window, and asks for none.
    setChartWindow({ startNs: 0, endNs: 9000, zoomed: false });
    await settle();
    expect(decodeView(page.hash).view.chartWindow).toBeNull();
    await landOn(here);
    expect(useAppStore.getState().view.linkedChartWindow).toBeNull();
  });

  it("applies the Functions table's order and \"Only matches\" as the entry says", async () => {
    const here = { ...EMPTY_VIEW, trace: { name: A, size: 100, contentHash: '' }, traceUrl: A, view: 'functions', search: 'tcp' };
    await landOn({ ...here, functionsSort: { column: 'p99', descending: false }, functionsOnlyMatches: true });
    expect(useAppStore.getState().view).toMatchObject({ functionsSort: { column: 'p99', descending: false }, functionsOnlyMatches: true });
    setExplore({ search: 'udp' });
    await typingPaused();
    expect(decodeView(page.hash).view).toMatchObject({ search: 'udp', functionsSort: { column: 'p99', descending: false }, functionsOnlyMatches: true });
    await landOn(here);
    expect(useAppStore.getState().view).toMatchObject({ functionsSort: { column: 'total', descending: true }, functionsOnlyMatches: false });
  });

  it("applies the Events view's event name as the entry says; another trace opened starts with every event", async () => {
    const here = { ...EMPTY_VIEW, trace: { name: A, size: 100, contentHash: '' }, traceUrl: A, view: 'events' };
    await landOn({ ...here, eventName: 'sched_switch' });
    expect(useAppStore.getState().view.eventName).toBe('sched_switch');
    setExplore({ search: 'udp' });
    await typingPaused();
    expect(decodeView(page.hash).view).toMatchObject({ search: 'udp', eventName: 'sched_switch' });
    await landOn(here);
    expect(useAppStore.getState().view.eventName).toBeNull();
    await landOn({ ...here, eventName: '' });
    expect(useAppStore.getState().view.eventName).toBe('');
    await openFile(new Blob(['abc']), 'c.txt');
    await settle();
    expect(useAppStore.getState().view.eventName).toBeNull();
  });

  it('a tab this app does not have is not set (nor written back into the links); a notice says so', async () => {
    const here = { ...EMPTY_VIEW, trace: { name: A, size: 100, contentHash: '' }, traceUrl: A };
    await landOn({ ...here, view: 'tree' });
    await landOn({ ...here, view: 'hooks', search: 'tcp' });
    expect(useAppStore.getState().view.activeView).toBe('tree');
    expect(useAppStore.getState().explore.search).toBe('tcp');
    expect(useAppStore.getState().link.notices.some((n) => /no view .*hooks/.test(n))).toBe(true);
    setExplore({ search: 'udp' });
    await typingPaused();
    expect(decodeView(page.hash).view).toMatchObject({ search: 'udp', view: 'tree' });
  });

  it('Back twice: the entry landed on last is the one shown, whichever answer comes last', async () => {
    const trace = { name: A, size: 100, contentHash: '' };
    let answerNames = () => undefined as void;
    client.holdNames = (answer) => (answerNames = answer);
    // The first entry names functions, checked by the worker (busy: the answer waits).
    await landOn({ ...EMPTY_VIEW, trace, traceUrl: A, search: 'first', focusPath: ['curl-1', 'tcp_sendmsg'] });
    // The second names none: applied at once.
    await landOn({ ...EMPTY_VIEW, trace, traceUrl: A, search: 'second' });
    expect(useAppStore.getState().explore.search).toBe('second');
    client.holdNames = null;
    answerNames();
    await settle();
    expect(useAppStore.getState().explore).toMatchObject({ search: 'second', focusPath: [] });
  });

  it('opens the trace a link carries, then applies its view', async () => {
    const text = new TextEncoder().encode('# tracer: function_graph\n');
    const embedded = await encodeEmbeddedTrace(text);
    expect(embedded).not.toBeNull();
    await landOn({ ...EMPTY_VIEW, trace: { name: 'b.txt', size: text.length, contentHash: '' }, embedded, search: 'tcp_sendmsg' });
    expect(client.blobs).toEqual(['b.txt']);
    const s = useAppStore.getState();
    expect(s.session.status).toBe('ready');
    expect(s.session.info?.name).toBe('b.txt');
    expect(s.explore.search).toBe('tcp_sendmsg');
    expect(s.link.pending).toBeNull();
  });

  it('opens the trace a link names by its address, then applies its view', async () => {
    const B = 'http://localhost/b.txt';
    await landOn({ ...EMPTY_VIEW, trace: { name: B, size: 100, contentHash: '' }, traceUrl: B, search: 'tcp_sendmsg' });
    expect(client.urls).toEqual([B]);
    const s = useAppStore.getState();
    expect(s.session.info?.name).toBe(B);
    expect(s.explore.search).toBe('tcp_sendmsg');
    expect(s.link.mismatch).toBeNull();
  });

  it('starts the page again for a trace on a server its policy does not allow (it would refuse the fetch)', async () => {
    const far = 'https://traces.example/b.txt';
    await landOn({ ...EMPTY_VIEW, trace: { name: far, size: 100, contentHash: '' }, traceUrl: far, search: 'tcp_sendmsg' });
    expect(fakeWindow.reloads).toBe(1);
    expect(client.urls).toEqual([]);
    // A side B there too, with side A on screen.
    const trace = { name: A, size: 100, contentHash: '' };
    await landOn({ ...EMPTY_VIEW, trace, traceUrl: A, compare: { ...EMPTY_COMPARE, trace: { name: far, size: 1, contentHash: '' }, traceUrl: far } });
    expect(fakeWindow.reloads).toBe(2);
  });

  it('asks before applying the view of a trace only named (a file the user has)', async () => {
    const other = { name: 'other.dat', size: 4096, contentHash: '' };
    await landOn({ ...EMPTY_VIEW, trace: other, search: 'tcp_sendmsg' });
    const s = useAppStore.getState();
    // Nothing was opened and the view on screen stays, but the link is not dropped in silence.
    expect(client.blobs).toEqual([]);
    expect(client.urls).toEqual([]);
    expect(s.explore.search).toBe('a_only');
    expect(s.link.pending?.search).toBe('tcp_sendmsg');
    expect(s.link.mismatch).toEqual({ expected: other, actual: { name: A, size: 100, contentHash: '' } });
  });
});
