/**
 * The session slice: the trace being loaded or shown, as the main thread knows it.
 * Holds only small, cloneable answers from the worker (summary, one diagnostics list),
 * never the model itself.
 */
import type { StateCreator } from 'zustand';
import type { DiagnosticItem, OpeningSummary, TraceInfo } from '../../client/trace-client';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

/** Where the current trace comes from. */
export type SourceKind = 'file' | 'url' | 'text' | 'sample';

export interface LoadSource {
  kind: SourceKind;
  /** File name, URL or "pasted text". */
  name: string;
}

export interface LoadingProgress {
  /** Input bytes read (compressed for gzip). */
  bytes: number;
  /** 0 when unknown. */
  totalBytes: number;
  lines: number;
  /** `performance.now()` when the load started and when the last report came. */
  startedAt: number;
  updatedAt: number;
}

export interface DiagnosticsList {
  items: DiagnosticItem[];
  /** Items the worker holds; `items.length < total` means "show more" can fetch more. */
  total: number;
}

export interface SessionState {
  status: LoadStatus;
  source: LoadSource | null;
  progress: LoadingProgress | null;
  /** Why the last load failed (status 'error'). */
  error: string | null;
  info: TraceInfo | null;
  /**
   * Which load the trace on screen came from: a new number for every load that read one (0
   * before), kept when its fingerprint comes. What the views fetched and found (a search
   * step, a jump, kept rows) belongs to it: `info` is not that key, as learning the
   * fingerprint replaces it (state/fingerprint.ts).
   */
  traceId: number;
  /** Ready: the trace's summary. Error: present when lines were read (to show their diagnostics). */
  summary: OpeningSummary | null;
  diagnostics: DiagnosticsList;
}

export interface SessionSlice {
  session: SessionState;
}

export const initialSession: SessionState = {
  status: 'idle',
  source: null,
  progress: null,
  error: null,
  info: null,
  traceId: 0,
  summary: null,
  diagnostics: { items: [], total: 0 },
};

export const createSessionSlice: StateCreator<SessionSlice, [], [], SessionSlice> = () => ({
  session: initialSession,
});
