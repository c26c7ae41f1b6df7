/** Compare mode's actions against a fake client: side B's status flow, Cancel, the same trace, a new side A. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ClientLoadResult, DiagnosticsPage, Fresh, LoadProgress, QueryMethod, TraceClientApi, OpeningSummary, TraceSummary } from '../client/trace-client';
import { connectTraceClient, openText } from './actions';
import { compareWithFile, compareWithSame, leaveCompare, openCompareChooser } from './compare-actions';
import { resetStore, setCompare, setSession, useAppStore } from './store';

const summary = { format: 'trace-cmd-report', lines: 3, calls: 1, tasks: [], functionCount: 0 } as unknown as OpeningSummary;
const info = { name: 'b.txt', format: 'trace-cmd-report' as const, formatLabel: 'trace-cmd report', gzip: false, inputBytes: 10, contentHash: '', textBytes: 10, lines: 3, elapsedMs: 1 };

class FakeClient implements TraceClientApi {
  pendingB: ((r: ClientLoadResult) => void)[] = [];
  progressB: ((p: LoadProgress) => void)[] = [];
  cancelledB = 0;
  queries: { method: QueryMethod; args: unknown[] }[] = [];
  loadBlob = () => new Promise<ClientLoadResult>(() => undefined);
  loadUrl = () => new Promise<ClientLoadResult>(() => undefined);
  loadText = () => new Promise<ClientLoadResult>(() => undefined);
  cancel() {}
  summary(): Promise<Fresh<TraceSummary | null>> {
    return Promise.resolve({ stale: false, value: { ...summary, functions: [] } });
  }
  diagnostics(offset: number): Promise<Fresh<DiagnosticsPage>> {
    return Promise.resolve({ stale: false, value: { offset, total: 0, items: [] } });
  }
  loadBlobB(_b: Blob, _n: string, onProgress?: (p: LoadProgress) => void) {
    if (onProgress) this.progressB.push(onProgress);
    return new Promise<ClientLoadResult>((resolve) => this.pendingB.push(resolve));
  }
  cancelB() {
    this.cancelledB++;
  }
  query<M extends QueryMethod>(method: M, ...args: unknown[]): Promise<Fresh<never>> {
    this.queries.push({ method, args });
    const value = method === 'diagnostics' ? { offset: 0, total: 1, items: [{ line: 4, kind: 'unparsed', message: 'b', call: -1 }] } : true;
    return Promise.resolve({ stale: false, value: value as never });
  }
}

const compare = () => useAppStore.getState().compare;
let client: FakeClient;

beforeEach(() => {
  (globalThis as { document?: unknown }).document = { documentElement: { dataset: {} } };
  resetStore();
  client = new FakeClient();
  connectTraceClient(client);
  setSession({ status: 'ready', info: { ...info, name: 'a.txt' }, summary, source: { kind: 'file', name: 'a.txt' } });
});

describe('compare actions', () => {
  it('side B: chooser, loading with progress, ready with its own diagnostics; A untouched', async () => {
    openCompareChooser();
    expect(compare().status).toBe('choosing');
    const done = compareWithFile(new Blob(['x']), 'b.txt');
    expect(compare().status).toBe('loading');
    expect(compare().source).toEqual({ kind: 'file', name: 'b.txt' });
    client.progressB[0]({ bytes: 1, totalBytes: 1, lines: 1 });
    expect(compare().progress?.bytes).toBe(1);
    client.pendingB[0]({ kind: 'loaded', info, summary });
    await done;
    expect(compare().status).toBe('ready');
    expect(compare().info).toBe(info);
    expect(compare().diagnostics.total).toBe(1);
    expect(client.queries.find((q) => q.method === 'diagnostics')?.args).toEqual([0, 200, 'b']);
    expect(useAppStore.getState().session.info?.name).toBe('a.txt');
  });

  it('Cancel (Leave) drops side B in the worker and returns to one trace; a late answer is ignored', async () => {
    const done = compareWithFile(new Blob(['x']), 'b.txt');
    leaveCompare();
    expect(client.cancelledB).toBe(1);
    expect(compare().status).toBe('off');
    client.pendingB[0]({ kind: 'stale' });
    await done;
    expect(compare().status).toBe('off');
  });

  it('the same trace: B starts with A filters and the settings chosen so far stay', async () => {
    useAppStore.setState((s) => ({ explore: { ...s.explore, cpus: [1], syscallsOnly: true } }));
    setCompare({ quantity: 'calls' });
    await compareWithSame();
    expect(client.queries.some((q) => q.method === 'compareWithSame')).toBe(true);
    expect(compare().status).toBe('ready');
    expect(compare().source?.kind).toBe('same');
    expect(compare().filterB).toEqual({ tasks: [], cpus: [1], range: null, syscallsOnly: true });
    expect(compare().quantity).toBe('calls');
  });

  it('another trace: B takes A\'s "syscalls only" but none of its task, CPUs or range', () => {
    useAppStore.setState((s) => ({ explore: { ...s.explore, tasks: [2], cpus: [1], range: [5, 9], syscallsOnly: true } }));
    void compareWithFile(new Blob(['x']), 'b.txt');
    expect(compare().filterB).toEqual({ tasks: [], cpus: [], range: null, syscallsOnly: true });
    // A link's own B filters win.
    const link = { tasks: [3], cpus: [], range: null, syscallsOnly: false };
    void compareWithFile(new Blob(['x']), 'b.txt', { filterB: link });
    expect(compare().filterB).toEqual(link);
  });

  it('the same trace chosen while a side B loads: the load is stopped and its late answer does not undo the choice', async () => {
    const loading = compareWithFile(new Blob(['x']), 'b.txt');
    // Back onto an entry that compares the trace with itself (a link's compare part).
    await compareWithSame();
    expect(client.cancelledB).toBe(1);
    expect(compare()).toMatchObject({ status: 'ready', source: { kind: 'same', name: 'a.txt' } });
    // The worker read b.txt to its end before it heard of the change.
    client.pendingB[0]({ kind: 'loaded', info, summary });
    await loading;
    expect(compare()).toMatchObject({ status: 'ready', source: { kind: 'same', name: 'a.txt' } });
    expect(compare().info?.name).toBe('a.txt');
  });

  it('a new side A ends compare mode', async () => {
    await compareWithSame();
    const epoch = compare().epoch;
    void openText('x');
    expect(compare().status).toBe('off');
    expect(compare().epoch).toBeGreaterThan(epoch);
  });
});
