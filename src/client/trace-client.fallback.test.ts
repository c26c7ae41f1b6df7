/**
 * A browser that cannot transfer a stream to the worker (Safari before 18) collects a
 * `?url=` body as a Blob on the main thread first: a body that broke off rejected that, and
 * the load never answered (the page stayed "loading"); Cancel did not stop the download.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TraceClient } from './trace-client';

const URL_ = 'https://example.org/trace.txt';

/** A worker endpoint, and a MessageChannel that refuses to transfer a stream (made after the endpoint). */
function clientWithoutTransferableStreams(): { client: TraceClient; close: () => void } {
  const { port1, port2 } = new MessageChannel();
  const client = new TraceClient(port1 as unknown as Worker);
  class NoStreamChannel {
    port1 = { postMessage: () => { throw new DOMException('ReadableStream could not be cloned', 'DataCloneError'); }, close() {} };
    port2 = { close() {} };
  }
  vi.stubGlobal('MessageChannel', NoStreamChannel);
  return { client, close: () => (port1.close(), port2.close()) };
}

describe('TraceClient.loadUrl without transferable streams', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('a body that breaks off fails the load, saying so; Cancel while it downloads cancels it', async () => {
    const { client, close } = clientWithoutTransferableStreams();
    try {
      const broken = () =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(c) {
              c.enqueue(new TextEncoder().encode('cpus=2\n'));
              c.error(new TypeError('network error'));
            },
          }),
        );
      vi.stubGlobal('fetch', () => Promise.resolve(broken()));
      expect(await client.loadUrl(URL_)).toEqual({ kind: 'failed', message: `Could not read ${URL_} to its end: network error`, info: null, summary: null });

      // A body that never ends, and the fetch's signal that ends it.
      vi.stubGlobal('fetch', (_url: string, init: RequestInit) =>
        Promise.resolve(
          new Response(
            new ReadableStream<Uint8Array>({
              start(c) {
                c.enqueue(new TextEncoder().encode('cpus=2\n'));
                init.signal?.addEventListener('abort', () => c.error(new DOMException('aborted', 'AbortError')));
              },
            }),
          ),
        ),
      );
      const pending = client.loadUrl(URL_);
      await new Promise((resolve) => setTimeout(resolve, 20));
      client.cancel();
      expect(await pending).toEqual({ kind: 'cancelled' });
    } finally {
      close();
    }
  });
});
