/**
 * The flame views' questions against a fake client: a flame graph question asked ahead is
 * answered once, to whoever asks it next in the same trace; the functions a search matches
 * are asked once for every view that asks them in the same keystroke.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Fresh } from '../client/trace-client';
import type { ViewFilter } from '../core/query/filter';
import { FakeTraceClient } from '../test-utils/fake-trace-client';
import { connectTraceClient, openFile } from './actions';
import { fetchFlameGraph, fetchFlameGraphAhead, fetchMatchedFuncs, type FlameGraphFrames, type FlameGraphRequest } from './flame-queries';
import { resetStore } from './store';

/** Answers each flame graph question with a fresh object naming its zoom path; counts every question. */
class FakeClient extends FakeTraceClient {
  asked: { method: string; args: unknown[] }[] = [];
  override query(method: string, ...args: unknown[]): Promise<Fresh<never>> {
    if (method === 'fingerprint') return new Promise(() => undefined);
    this.asked.push({ method, args });
    if (method === 'flameGraph') {
      const req = args[0] as FlameGraphRequest;
      return Promise.resolve({ stale: false, value: { zoomPath: req.zoomPath, answer: this.asked.length } as never });
    }
    if (method === 'matchedFuncs') return Promise.resolve({ stale: false, value: Int32Array.of(this.asked.length) as never });
    return Promise.reject(new Error(`unexpected query ${method}`));
  }
  count(method: string): number {
    return this.asked.filter((a) => a.method === method).length;
  }
}

/** No filter: every call. */
const NO_FILTER: ViewFilter = {};
const zoomInto = (zoomPath: string[]): FlameGraphRequest => ({ filter: NO_FILTER, inverted: false, groupByTask: true, zoomPath, minWidth: 2 ** -12, window: [0, 1] });
const zoomOf = (f: FlameGraphFrames | null) => (f as unknown as { zoomPath: string[] } | null)?.zoomPath;

let client: FakeClient;
beforeEach(async () => {
  resetStore();
  client = new FakeClient();
  connectTraceClient(client);
  await openFile(new Blob(['abc']), 't.txt');
});

describe('flame graph questions asked ahead', () => {
  it('the question asked ahead is not asked again: its answer goes to the click that asks it', async () => {
    fetchFlameGraphAhead(zoomInto(['curl-1', 'tcp_sendmsg']));
    expect(client.count('flameGraph')).toBe(1);
    const answer = await fetchFlameGraph(zoomInto(['curl-1', 'tcp_sendmsg']));
    expect(zoomOf(answer)).toEqual(['curl-1', 'tcp_sendmsg']);
    expect(client.count('flameGraph')).toBe(1);
    // Taken once: the same question later is asked again (its answer may be dropped by then).
    await fetchFlameGraph(zoomInto(['curl-1', 'tcp_sendmsg']));
    expect(client.count('flameGraph')).toBe(2);
  });

  it('another question (another frame, detail or window) is asked as before', async () => {
    fetchFlameGraphAhead(zoomInto(['curl-1', 'tcp_sendmsg']));
    await fetchFlameGraph(zoomInto(['curl-1', 'tcp_recvmsg']));
    await fetchFlameGraph({ ...zoomInto(['curl-1', 'tcp_sendmsg']), minWidth: 2 ** -13 });
    await fetchFlameGraph({ ...zoomInto(['curl-1', 'tcp_sendmsg']), window: [0, 0.5] });
    expect(client.count('flameGraph')).toBe(4);
  });

  it('an answer asked ahead in one load is not given in the next load of a trace', async () => {
    fetchFlameGraphAhead(zoomInto(['curl-1']));
    await openFile(new Blob(['abc']), 't.txt');
    await fetchFlameGraph(zoomInto(['curl-1']));
    expect(client.count('flameGraph')).toBe(2);
  });
});

describe('the functions a search matches', () => {
  it('asked by several views in one keystroke: the worker is asked once', async () => {
    const answers = await Promise.all([fetchMatchedFuncs(NO_FILTER, 'tcp'), fetchMatchedFuncs(NO_FILTER, 'tcp'), fetchMatchedFuncs(NO_FILTER, 'tcp')]);
    expect(client.count('matchedFuncs')).toBe(1);
    expect(new Set(answers).size).toBe(1);
    await fetchMatchedFuncs(NO_FILTER, 'tcp_');
    expect(client.count('matchedFuncs')).toBe(2);
  });

  it('in the next load of a trace it is asked again', async () => {
    await fetchMatchedFuncs(NO_FILTER, 'tcp');
    await openFile(new Blob(['abc']), 't.txt');
    await fetchMatchedFuncs(NO_FILTER, 'tcp');
    expect(client.count('matchedFuncs')).toBe(2);
  });
});
