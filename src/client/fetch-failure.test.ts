import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchFailureMessage } from './fetch-failure';
import { TraceClient } from './trace-client';

const URL_ = 'https://github.com/u/r/raw/main/trace.txt';

describe('fetchFailureMessage', () => {
  it("says what a bare network error may be (unreachable, CORS, a redirect this page may not follow)", () => {
    for (const said of ['Failed to fetch', 'NetworkError when attempting to fetch resource.', 'Load failed']) {
      const m = fetchFailureMessage(URL_, new TypeError(said));
      expect(m.startsWith(`Could not fetch ${URL_}: ${said.replace(/\.$/, '')}. `)).toBe(true);
      expect(m).toMatch(/could not be reached.*Access-Control-Allow-Origin.*redirected to another address.*link the address it ends at.*download the file/);
    }
  });

  it('another error is said as it is', () => {
    expect(fetchFailureMessage(URL_, new Error('the body stream broke'))).toBe(`Could not fetch ${URL_}: the body stream broke.`);
  });
});

describe('TraceClient.loadUrl and loadUrlB', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  // 'Could not fetch URL: Failed to fetch' was all a CORS refusal or a redirect to another
  // site (blocked by the page's own connect-src) said.
  it('a fetch that fails with a network error says what that may be', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    const { port1, port2 } = new MessageChannel();
    const client = new TraceClient(port1 as unknown as Worker);
    try {
      for (const r of [await client.loadUrl(URL_), await client.loadUrlB(URL_)]) {
        expect(r).toMatchObject({ kind: 'failed', message: fetchFailureMessage(URL_, new TypeError('Failed to fetch')) });
      }
    } finally {
      port1.close();
      port2.close();
    }
  });
});
