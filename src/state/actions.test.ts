/** The session actions against a fake client: status flow, stale answers, the html mirror. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClientLoadResult, DiagnosticsPage, Fresh, LoadProgress, TraceClientApi, OpeningSummary, TraceSummary } from '../client/trace-client';
import { cancelLoad, connectTraceClient, loadMoreDiagnostics, openFile, openFromLocation, openText, openUrl } from './actions';
import { resetStore, setActiveView, setHookCandidatesOf, setLink, setRelativeTime, useAppStore } from './store';
import { EMPTY_VIEW } from './url/codec';

const summary = { format: 'trace-cmd-report', lines: 3, calls: 1, tasks: [], functionCount: 0 } as unknown as OpeningSummary;
const info = {
  name: 't.txt',
  format: 'trace-cmd-report' as const,
  formatLabel: 'trace-cmd report',
  gzip: false,
  inputBytes: 10,
  contentHash: '',
  textBytes: 10,
  lines: 3,
  elapsedMs: 1,
};
const item = (line: number) => ({ line, kind: 'unparsed' as const, message: 'not understood', call: -1, text: `x${line}` });

/** A client whose loads resolve when the test says so. */
class FakeClient implements TraceClientApi {
  pending: { resolve: (r: ClientLoadResult) => void; onProgress?: (p: LoadProgress) => void }[] = [];
  urls: string[] = [];
  cancelled = 0;
  items = [item(1), item(2), item(3)];

  private wait(onProgress?: (p: LoadProgress) => void): Promise<ClientLoadResult> {
    return new Promise((resolve) => this.pending.push({ resolve, onProgress }));
  }
  loadBlob(_b: Blob, _o: unknown, onProgress?: (p: LoadProgress) => void) {
    return this.wait(onProgress);
  }
  loadUrl(url: string, onProgress?: (p: LoadProgress) => void) {
    this.urls.push(url);
    return this.wait(onProgress);
  }
  loadText() {
    return this.wait();
  }
  cancel() {
    this.cancelled++;
  }
  summary(): Promise<Fresh<TraceSummary | null>> {
    return Promise.resolve({ stale: false, value: { ...summary, functions: [] } });
  }
  diagnostics(offset: number, limit: number): Promise<Fresh<DiagnosticsPage>> {
    return Promise.resolve({ stale: false, value: { offset, total: this.items.length, items: this.items.slice(offset, offset + limit) } });
  }
}

const session = () => useAppStore.getState().session;
const dataset: Record<string, string> = {};

let client: FakeClient;
beforeEach(() => {
  (globalThis as { document?: unknown }).document = { documentElement: { dataset } };
  resetStore();
  client = new FakeClient();
  connectTraceClient(client);
});
afterEach(() => {
  delete (globalThis as { document?: unknown }).document;
});

describe('session actions', () => {
  it('idle → loading (with progress) → ready, mirrored on <html data-trace-state>', async () => {
    const done = openFile(new Blob(['abc']), 't.txt');
    expect(session()).toMatchObject({ status: 'loading', source: { kind: 'file', name: 't.txt' } });
    expect(session().progress).toMatchObject({ bytes: 0, totalBytes: 3 });
    expect(dataset.traceState).toBe('loading');
    client.pending[0].onProgress?.({ bytes: 2, totalBytes: 3, lines: 1 });
    expect(session().progress).toMatchObject({ bytes: 2, totalBytes: 3, lines: 1 });
    client.pending[0].resolve({ kind: 'loaded', info, summary });
    await done;
    expect(session()).toMatchObject({ status: 'ready', summary, info, error: null });
    expect(session().diagnostics.items).toHaveLength(3);
    expect(dataset.traceState).toBe('ready');
  });

  it('failed → error with the message; cancelled → idle; stale answers are dropped', async () => {
    const a = openText('nonsense');
    client.pending[0].resolve({ kind: 'failed', message: 'not a trace', info: null, summary: null });
    await a;
    expect(session()).toMatchObject({ status: 'error', error: 'not a trace' });
    expect(dataset.traceState).toBe('error');

    const b = openFile(new Blob(['x']), 'b');
    cancelLoad();
    expect(client.cancelled).toBe(1);
    client.pending[1].resolve({ kind: 'cancelled' });
    await b;
    expect(session().status).toBe('idle');

    const c = openFile(new Blob(['x']), 'c');
    client.pending[2].resolve({ kind: 'stale' });
    await c;
    expect(session().status).toBe('loading');
  });

  it("a new trace drops the link bar's words about the previous one, not a link still waiting for its trace", async () => {
    // Start: the notices of the link the page opened with stay through its first load.
    setLink({ notices: ['The vs parameter was ignored: Only http and https URLs can be opened (got file).'] });
    const first = openFile(new Blob(['abc']), 't.txt');
    expect(useAppStore.getState().link.notices).toHaveLength(1);
    client.pending[0].resolve({ kind: 'loaded', info, summary });
    await first;
    // The link was applied to t.txt: its notices and its mismatch are about t.txt.
    const expected = { name: 'other.txt', size: 5, contentHash: '' };
    const actual = { name: 't.txt', size: 10, contentHash: '' };
    setLink({ notices: ['This trace has no task “curl-1”; the link\'s task filter for it was ignored.'], mismatch: { expected, actual } });
    const second = openFile(new Blob(['defg']), 'u.txt');
    expect(useAppStore.getState().link).toMatchObject({ notices: [], mismatch: null });
    client.pending[1].resolve({ kind: 'loaded', info: { ...info, name: 'u.txt' }, summary });
    await second;
    // A link still waiting for its trace keeps its notices; its mismatch is decided again at ready.
    const pending = { ...EMPTY_VIEW, trace: expected };
    setLink({ pending, notices: ['The link\'s range could not be read; it was ignored.'], mismatch: { expected, actual: { ...actual, name: 'u.txt' } } });
    void openFile(new Blob(['hijkl']), 'other.txt');
    expect(useAppStore.getState().link).toMatchObject({ pending, notices: ['The link\'s range could not be read; it was ignored.'], mismatch: null });
  });

  it("a new trace closes what the views were pointed at in the previous one, not the tab or the time axes", async () => {
    const first = openFile(new Blob(['abc']), 't.txt');
    client.pending[0].resolve({ kind: 'loaded', info, summary });
    await first;
    setActiveView('flame');
    setRelativeTime(true);
    setHookCandidatesOf('tcp_sendmsg', { path: ['curl-139', 'tcp_sendmsg'], groupByTask: true });
    useAppStore.setState((s) => ({
      view: {
        ...s.view,
        searchMatch: { pattern: 'tcp', trace: 1, call: 7, task: 2, startNs: 0, endNs: 1, depth: 0, func: 3, seq: 1 },
        timeJump: { trace: 1, task: 2, ns: 5, spanNs: 10, seq: 1 },
      },
    }));
    void openFile(new Blob(['defg']), 'u.txt');
    expect(useAppStore.getState().view).toMatchObject({
      hookCandidatesOf: null,
      hookCandidatesAt: null,
      searchMatch: null,
      timeJump: null,
      activeView: 'flame',
      relativeTime: true,
    });
  });

  it('ignores progress of a replaced load', () => {
    void openFile(new Blob(['x']), 'first');
    void openFile(new Blob(['yy']), 'second');
    client.pending[0].onProgress?.({ bytes: 1, totalBytes: 1, lines: 1 });
    expect(session().progress?.bytes).toBe(0);
    expect(session().source?.name).toBe('second');
  });

  it('pages diagnostics', async () => {
    client.items = Array.from({ length: 450 }, (_, i) => item(i + 1));
    const done = openFile(new Blob(['x']), 'd');
    client.pending[0].resolve({ kind: 'loaded', info, summary });
    await done;
    expect(session().diagnostics.items).toHaveLength(200);
    await loadMoreDiagnostics();
    await loadMoreDiagnostics();
    expect(session().diagnostics.items.map((d) => d.line)).toEqual(client.items.map((d) => d.line));
  });

  it('refuses non-http URLs and opens what the page URL asks for', async () => {
    await openUrl('javascript:alert(1)');
    expect(session()).toMatchObject({ status: 'error', error: expect.stringMatching(/Only http and https/) });
    expect(client.urls).toEqual([]);

    void openFromLocation({ search: '?url=https://example.org/t.gz', hash: '', href: 'http://127.0.0.1/' });
    void openFromLocation({ search: '', hash: '', href: 'http://127.0.0.1/' });
    await openFromLocation({ search: '?sample=0', hash: '', href: 'http://127.0.0.1/' });
    expect(client.urls).toEqual([
      'https://example.org/t.gz',
      expect.stringMatching(/\/samples\/01-seed-curl-fgraph\.report\.txt\.gz$/),
    ]);
  });
});
