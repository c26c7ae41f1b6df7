/**
 * A trace client for the state's tests (no worker): every load "loads" one small trace at
 * once, its summary and an empty diagnostics page are at hand, and a query the test does not
 * answer (by overriding `query`) fails, naming the method.
 */
import type { ClientLoadResult, DiagnosticsPage, Fresh, OpeningSummary, TraceClientApi, TraceInfo, TraceSummary } from '../client/trace-client';

/** The opening summary of the fake's trace. */
export const FAKE_SUMMARY = { format: 'trace-cmd-report', lines: 3, calls: 3, tasks: [], functionCount: 0 } as unknown as OpeningSummary;

/** What the fake's trace is, at ready. */
export const FAKE_INFO: TraceInfo = {
  name: 't.txt',
  format: 'trace-cmd-report',
  formatLabel: 'trace-cmd report',
  gzip: false,
  inputBytes: 10,
  // Not known at ready: it comes after (state/fingerprint.ts).
  contentHash: null,
  textBytes: 10,
  lines: 3,
  elapsedMs: 1,
};

export class FakeTraceClient implements TraceClientApi {
  loadBlob(): Promise<ClientLoadResult> {
    return Promise.resolve({ kind: 'loaded', info: FAKE_INFO, summary: FAKE_SUMMARY });
  }
  loadUrl(): Promise<ClientLoadResult> {
    return this.loadBlob();
  }
  loadText(): Promise<ClientLoadResult> {
    return this.loadBlob();
  }
  cancel(): void {}
  summary(): Promise<Fresh<TraceSummary | null>> {
    return Promise.resolve({ stale: false, value: { ...FAKE_SUMMARY, functions: [] } });
  }
  diagnostics(offset: number): Promise<Fresh<DiagnosticsPage>> {
    return Promise.resolve({ stale: false, value: { offset, total: 0, items: [] } });
  }
  /** Fails: the test's own fake answers the queries it expects. */
  query(method: string, ...args: unknown[]): Promise<Fresh<never>> {
    return Promise.reject(new Error(`unexpected query ${method} (${args.length} arguments)`));
  }
}
