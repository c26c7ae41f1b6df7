/**
 * The fingerprint after ready, on the main thread (fingerprint.ts) against a fake client:
 * the store is ready before it, learns it when the worker answers, Share's wait
 * (`fingerprinted`) hurries it and ends with it, and a trace replaced meanwhile keeps none.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ClientLoadResult, DiagnosticsPage, Fresh, QueryMethod, TraceClientApi, TraceSummary } from '../client/trace-client';
import { FAKE_INFO, FAKE_SUMMARY } from '../test-utils/fake-trace-client';
import { connectTraceClient, openFile } from './actions';
import { compareWithFile } from './compare-actions';
import { fingerprinted, fingerprintPending } from './fingerprint';
import { resetStore, useAppStore } from './store';

const summary = { ...FAKE_SUMMARY, calls: 1 };
const info = (name: string) => ({ ...FAKE_INFO, name });
const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);

/** Loads answer at once; `fingerprint` queries wait until the test answers them. */
class FakeClient implements TraceClientApi {
  asked: { side: unknown; now: unknown; answer: (hex: string) => void }[] = [];
  generation = 0;
  loadBlob = (b: Blob) => {
    this.generation++;
    return Promise.resolve<ClientLoadResult>({ kind: 'loaded', info: info(b.size === 1 ? 'a.txt' : 'other.txt'), summary });
  };
  loadUrl = () => new Promise<ClientLoadResult>(() => undefined);
  loadText = () => new Promise<ClientLoadResult>(() => undefined);
  loadBlobB = () => Promise.resolve<ClientLoadResult>({ kind: 'loaded', info: info('b.txt'), summary });
  cancel() {}
  summary(): Promise<Fresh<TraceSummary | null>> {
    return Promise.resolve({ stale: false, value: { ...summary, functions: [] } });
  }
  diagnostics(offset: number): Promise<Fresh<DiagnosticsPage>> {
    return Promise.resolve({ stale: false, value: { offset, total: 0, items: [] } });
  }
  query<M extends QueryMethod>(method: M, ...args: unknown[]): Promise<Fresh<never>> {
    if (method === 'diagnostics') return Promise.resolve({ stale: false, value: { offset: 0, total: 0, items: [] } as never });
    if (method !== 'fingerprint') return Promise.resolve({ stale: false, value: true as never });
    const gen = this.generation;
    return new Promise((resolve) =>
      this.asked.push({
        side: args[0],
        now: args[1],
        // Like the real client: an answer for an older trace of side A is stale.
        answer: (hex) => resolve(gen === this.generation ? { stale: false, value: hex as never } : { stale: true }),
      }),
    );
  }
}

const session = () => useAppStore.getState().session;
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
let client: FakeClient;

beforeEach(() => {
  (globalThis as { document?: unknown }).document = { documentElement: { dataset: {} } };
  resetStore();
  client = new FakeClient();
  connectTraceClient(client);
});

describe('the fingerprint after ready', () => {
  it('ready comes first; the store learns the fingerprint when the worker answers (without hurrying it)', async () => {
    await openFile(new Blob(['x']), 'a.txt');
    expect(session().status).toBe('ready');
    expect(session().info?.contentHash).toBeNull();
    expect(fingerprintPending('a')).toBe(true);
    expect(client.asked.map((q) => [q.side, q.now])).toEqual([['a', undefined]]);
    client.asked[0].answer(HASH_A);
    await tick();
    expect(session().info?.contentHash).toBe(HASH_A);
    expect(fingerprintPending('a')).toBe(false);
  });

  it('Share waits: fingerprinted() asks for it now and resolves only once it is known', async () => {
    await openFile(new Blob(['x']), 'a.txt');
    let done = false;
    const waiting = fingerprinted('a').then((i) => ((done = true), i));
    expect(client.asked.map((q) => [q.side, q.now])).toEqual([
      ['a', undefined],
      ['a', true],
    ]);
    await tick();
    expect(done).toBe(false);
    client.asked[0].answer(HASH_A);
    expect((await waiting)?.contentHash).toBe(HASH_A);
    // Known already: no wait, no question.
    expect((await fingerprinted('a'))?.contentHash).toBe(HASH_A);
    expect(client.asked).toHaveLength(2);
  });

  it('a trace replaced before its fingerprint came: the wait ends with null and the late answer is dropped', async () => {
    await openFile(new Blob(['x']), 'a.txt');
    const waiting = fingerprinted('a');
    await openFile(new Blob(['yy']), 'other.txt');
    client.asked[0].answer(HASH_A);
    await tick();
    expect(session().info).toMatchObject({ name: 'other.txt', contentHash: null });
    // The wait saw the trace leave 'ready' (loading the next one).
    expect(await waiting).toBeNull();
  });

  it("compare mode: side B learns its own fingerprint into compare.info", async () => {
    await openFile(new Blob(['x']), 'a.txt');
    await compareWithFile(new Blob(['zz']), 'b.txt');
    expect(useAppStore.getState().compare).toMatchObject({ status: 'ready', info: { name: 'b.txt', contentHash: null } });
    expect(fingerprintPending('b')).toBe(true);
    client.asked.find((q) => q.side === 'b')?.answer(HASH_B);
    await tick();
    expect(useAppStore.getState().compare.info?.contentHash).toBe(HASH_B);
    expect(session().info?.contentHash).toBeNull();
  });
});
