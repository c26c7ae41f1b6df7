/**
 * Module-level actions of the session: open a trace (file, URL, pasted text, the bundled
 * sample), cancel, page through diagnostics. They talk to the worker through the client
 * passed to `connectTraceClient` (main.tsx does it; tests pass a fake).
 *
 * Status flow: idle → loading → ready | error; cancel → idle. "ready" is set only once
 * everything the first screen shows (summary and first diagnostics page) is in the store.
 */
import type {
  ClientLoadResult,
  Fresh,
  LoadProgress,
  QueryAnswer,
  QueryArgs,
  QueryMethod,
  TraceClientApi,
} from '../client/trace-client';
import type { LoadSource } from './slices/session';
import { initialSession } from './slices/session';
import { setCompare, setLink, setSession, useAppStore } from './store';
import { initialCompare } from './slices/compare';
import { checkTraceUrl, startRequestFromLocation } from './url/start';
import { learnFingerprint } from './fingerprint';

/** The bundled sample (public/samples), fetched from the app's own origin. */
const SAMPLE_PATH = 'samples/01-seed-curl-fgraph.report.txt.gz';
const SAMPLE_NAME = '01-seed-curl-fgraph.report.txt.gz (sample)';
/** Diagnostics fetched per page. */
const DIAGNOSTICS_PAGE = 200;

let client: TraceClientApi | undefined;

export function connectTraceClient(c: TraceClientApi): void {
  client = c;
}

/** The connected client (compare-actions.ts loads side B through it). */
export function requireClient(): TraceClientApi {
  if (!client) throw new Error('connectTraceClient() was not called');
  return client;
}

/**
 * Asks the worker one query by method name (the state/*-queries.ts modules use it). The
 * answer is `stale` when another trace was loaded in the meantime.
 */
export function queryWorker<M extends QueryMethod>(method: M, ...args: QueryArgs<M>): Promise<Fresh<QueryAnswer<M>>> {
  const c = requireClient();
  if (!c.query) return Promise.reject(new Error('the trace client cannot run queries'));
  return c.query(method, ...args);
}

/** The last session.traceId given out. */
let lastTraceId = 0;

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

function begin(source: LoadSource, totalBytes: number): (p: LoadProgress) => void {
  const startedAt = now();
  const { compare, link, session } = useAppStore.getState();
  // A new side A ends compare mode (the worker drops side B with it).
  setCompare({ ...initialCompare, epoch: compare.epoch + 1 });
  // What the views were pointed at in the previous trace: a frame's hook candidates (the
  // flame views open their Hook points panel while it is set), a search hit and a jumped-to
  // time (call indices and task ids of that model). The tab and the time axes stay.
  useAppStore.setState((s) => ({ view: { ...s.view, hookCandidatesOf: null, hookCandidatesAt: null, searchMatch: null, timeJump: null } }));
  // The link bar's words about the trace being replaced ("This trace has no task …", "the
  // open trace is …") would read as said of the new one. A link still waiting for its trace
  // keeps its notices (they are about the link); its mismatch is decided again at ready.
  const waiting = link.pending !== null || link.pendingCompare !== null;
  if (link.mismatch || (session.info && !waiting && link.notices.length)) {
    setLink({ mismatch: null, ...(session.info && !waiting ? { notices: [] } : {}) });
  }
  setSession({
    ...initialSession,
    status: 'loading',
    source,
    progress: { bytes: 0, totalBytes, lines: 0, startedAt, updatedAt: startedAt },
  });
  return (p) => {
    const s = useAppStore.getState().session;
    if (s.status !== 'loading' || s.source !== source) return;
    setSession({ progress: { ...p, startedAt, updatedAt: now() } });
  };
}

/** Applies a load's answer, unless a newer load replaced it. */
async function finish(result: ClientLoadResult): Promise<void> {
  const c = requireClient();
  switch (result.kind) {
    case 'stale':
      return;
    case 'cancelled':
      setSession({ ...initialSession });
      return;
    case 'loaded':
    case 'failed': {
      const page = result.kind === 'loaded' || result.summary ? await c.diagnostics(0, DIAGNOSTICS_PAGE) : undefined;
      if (page?.stale) return;
      const diagnostics = page ? { items: page.value.items, total: page.value.total } : initialSession.diagnostics;
      const traceId = result.info ? ++lastTraceId : 0;
      if (result.kind === 'loaded') {
        setSession({ status: 'ready', error: null, info: result.info, traceId, summary: result.summary, diagnostics });
        // Made after ready (the load does not wait for it): the store learns it when it is.
        void learnFingerprint('a');
      } else {
        setSession({ status: 'error', error: result.message, info: result.info, traceId, summary: result.summary, diagnostics });
      }
      return;
    }
  }
}

function fail(source: LoadSource | null, message: string): void {
  setSession({ ...initialSession, status: 'error', source, error: message });
}

export async function openFile(file: Blob, name = (file as File).name ?? 'trace'): Promise<void> {
  const source: LoadSource = { kind: 'file', name };
  const onProgress = begin(source, file.size);
  await finish(await requireClient().loadBlob(file, { name }, onProgress));
}

/** Opens an http(s) URL (relative URLs resolve against the page). */
export async function openUrl(raw: string, kind: 'url' | 'sample' = 'url'): Promise<void> {
  const base = typeof location !== 'undefined' ? location.href : 'http://localhost/';
  const checked = checkTraceUrl(raw, base);
  if (typeof checked !== 'string') {
    fail({ kind, name: raw }, checked.message);
    return;
  }
  const source: LoadSource = { kind, name: kind === 'sample' ? SAMPLE_NAME : checked };
  const onProgress = begin(source, 0);
  await finish(await requireClient().loadUrl(checked, onProgress));
}

/** Where this app serves its sample trace (relative to the page). */
export function samplePath(): string {
  return `${import.meta.env.BASE_URL}${SAMPLE_PATH}`;
}

export function openSample(): Promise<void> {
  return openUrl(samplePath(), 'sample');
}

export async function openText(text: string): Promise<void> {
  const source: LoadSource = { kind: 'text', name: 'pasted text' };
  begin(source, text.length);
  await finish(await requireClient().loadText(text, { name: 'pasted text' }));
}

export function cancelLoad(): void {
  if (useAppStore.getState().session.status === 'loading') requireClient().cancel();
}

/** Fetches the next page of diagnostics items. */
export async function loadMoreDiagnostics(): Promise<void> {
  const { items } = useAppStore.getState().session.diagnostics;
  const page = await requireClient().diagnostics(items.length, DIAGNOSTICS_PAGE);
  if (page.stale) return;
  const current = useAppStore.getState().session.diagnostics;
  if (current.items.length !== page.value.offset) return; // another page landed first
  setSession({ diagnostics: { items: [...current.items, ...page.value.items], total: page.value.total } });
}

/** Opens what the page URL asks for (see url/start.ts). */
export async function openFromLocation(loc: { search: string; hash: string; href: string }): Promise<void> {
  const request = startRequestFromLocation(loc.search, loc.hash, loc.href);
  switch (request.kind) {
    case 'url':
      return openUrl(request.url);
    case 'sample':
      return openSample();
    case 'invalid':
      return fail({ kind: 'url', name: '' }, request.message);
    case 'none':
      return;
  }
}
