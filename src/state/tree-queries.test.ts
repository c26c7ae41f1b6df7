/** Search stepping against a fake client: a step goes on from the last one while the trace is the same. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Fresh } from '../client/trace-client';
import { FakeTraceClient } from '../test-utils/fake-trace-client';
import { connectTraceClient, openFile } from './actions';
import { resetStore, setExplore, useAppStore } from './store';
import { initialExplore } from './slices/explore';
import { showFirstMatch, stepSearch, type StepAnswer } from './tree-queries';

/** Hits at calls 3, 5 and 9; the fingerprint answers when the test says so. */
class FakeClient extends FakeTraceClient {
  froms: unknown[] = [];
  fingerprint: (hex: string) => void = () => undefined;
  override query(method: string, ...args: unknown[]): Promise<Fresh<never>> {
    if (method === 'fingerprint') {
      return new Promise((resolve) => {
        this.fingerprint = (hex) => resolve({ stale: false, value: hex as never });
      });
    }
    if (method !== 'treeStepSearch') return Promise.reject(new Error(`unexpected query ${method}`));
    const [, pattern, from] = args as [unknown, string, { call: number } | { path: string[] } | null];
    this.froms.push(from);
    const hits = [3, 5, 9];
    const after = from && 'call' in from ? from.call : -1;
    const index = Math.max(0, hits.findIndex((c) => c > after));
    const call = hits[index];
    const answer: StepAnswer = {
      ok: true,
      pattern,
      call,
      path: ['curl-1', 'tcp_sendmsg'],
      index,
      count: hits.length,
      wrapped: false,
      place: { task: 0, startNs: call * 1000, endNs: call * 1000 + 500, depth: 1, func: 2 },
    };
    return Promise.resolve({ stale: false, value: answer as never });
  }
}

let client: FakeClient;
beforeEach(async () => {
  resetStore();
  client = new FakeClient();
  connectTraceClient(client);
  await openFile(new Blob(['abc']), 't.txt');
  setExplore({ search: 'tcp_sendmsg' });
});

describe('stepSearch', () => {
  it('steps on from the last hit when the fingerprint came in between (the same trace)', async () => {
    expect((await stepSearch(1))?.ok && useAppStore.getState().view.searchMatch?.call).toBe(3);
    // The fingerprint comes after ready and replaces session.info: the trace is the same one.
    const before = useAppStore.getState().session;
    client.fingerprint('ab'.repeat(32));
    await new Promise((r) => setTimeout(r, 0));
    const after = useAppStore.getState().session;
    expect(after.info?.contentHash).toBe('ab'.repeat(32));
    expect(after.traceId).toBe(before.traceId);

    await stepSearch(1);
    expect(client.froms).toEqual([null, { call: 3 }]);
    const match = useAppStore.getState().view.searchMatch;
    expect(match?.call).toBe(5);
    // The flame chart shows a match of the trace on screen.
    expect(match?.trace).toBe(useAppStore.getState().session.traceId);
  });

  it('starts again in another load of a trace', async () => {
    await stepSearch(1);
    const first = useAppStore.getState().session.traceId;
    await openFile(new Blob(['abc']), 't.txt');
    // A new trace starts with a clean explorer (url/permalinks.ts), the search typed again.
    setExplore({ ...initialExplore, search: 'tcp_sendmsg' });
    expect(useAppStore.getState().session.traceId).not.toBe(first);
    await stepSearch(1);
    expect(client.froms).toEqual([null, null]);
  });

  it('starts at the first hit when the search was typed on while the tree showed an earlier pattern\'s first hit', async () => {
    // Typed one key at a time: "tcp_sendms" brings its first hit (a tcp_sendmsg row) up;
    // with the "g" that row still matches, so the tree does not ask again.
    setExplore({ search: 'tcp_sendms' });
    expect(await showFirstMatch()).toBe(true);
    const shown = useAppStore.getState().explore.focusPath;
    setExplore({ search: 'tcp_sendmsg' });
    expect(useAppStore.getState().explore.focusPath).toBe(shown);
    const step = await stepSearch(1);
    // From the start: "match 1", not the hit after the row on screen.
    expect(client.froms).toEqual([null, null]);
    expect(step?.ok && step.index).toBe(0);
    expect(useAppStore.getState().view.searchMatch?.call).toBe(3);
  });

  it('steps on from a row the user moved to, even when it matches', async () => {
    setExplore({ search: 'tcp_sendms' });
    await showFirstMatch();
    setExplore({ search: 'tcp_sendmsg', focusPath: ['curl-1', 'inet_sendmsg', 'tcp_sendmsg'] });
    await stepSearch(1);
    expect(client.froms).toEqual([null, { path: ['curl-1', 'inet_sendmsg', 'tcp_sendmsg'] }]);
  });
});
