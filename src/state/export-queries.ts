/**
 * Runs an export in the worker and collects its chunks, batch by batch (each batch one
 * message), so the page stays responsive and no single string holds the file. Each batch
 * becomes a Blob at once, so its strings can go: the browser keeps a large Blob's bytes
 * off the JavaScript heap (on disk if need be), and the download is a Blob of those Blobs.
 * Null when another trace was loaded meanwhile.
 */
import type { QueryAnswer, QueryArgs } from '../client/trace-client';
import { queryWorker } from './actions';

export type ExportRequest = QueryArgs<'exportBegin'>[0];
export type ExportFormat = ExportRequest['format'];

/** Characters per batch: a few MB per message. */
const BATCH_CHARS = 4 << 20;

export type DiffFlameExportRequest = QueryArgs<'exportDiffFlameBegin'>[0];

/** Why the export would be empty (nothing kept, no duration, no start time); null when it would not, or when another trace was loaded meanwhile. */
export async function fetchExportEmpty(req: ExportRequest): Promise<QueryAnswer<'exportEmpty'> | null> {
  const answer = await queryWorker('exportEmpty', req);
  return answer.stale ? null : answer.value;
}

export async function fetchExportParts(req: ExportRequest): Promise<Blob[] | null> {
  const begun = await queryWorker('exportBegin', req);
  return begun.stale ? null : collectParts(begun.value);
}

/** The differential flame graph's SVG (compare mode), collected as every export is. */
export async function fetchDiffFlameExportParts(req: DiffFlameExportRequest): Promise<Blob[] | null> {
  const begun = await queryWorker('exportDiffFlameBegin', req);
  return begun.stale ? null : collectParts(begun.value);
}

async function collectParts(id: number): Promise<Blob[] | null> {
  const parts: Blob[] = [];
  for (;;) {
    const batch = await queryWorker('exportNext', id, BATCH_CHARS);
    if (batch.stale) return null;
    if (batch.value === null) return parts;
    parts.push(new Blob(batch.value));
  }
}

/** The view an export is made from: it names the file. */
export type ExportView = 'flame' | 'chart' | 'tree' | 'functions' | 'diff-flame';

/** File suffix and MIME type of each export. */
export const EXPORT_FILES: Record<ExportFormat | 'png', { suffix: string; type: string }> = {
  svg: { suffix: 'svg', type: 'image/svg+xml' },
  png: { suffix: 'png', type: 'image/png' },
  folded: { suffix: 'folded.txt', type: 'text/plain' },
  // Not `.chrome.json`: speedscope takes a file of that name for a Chrome DevTools
  // timeline (src/import/index.ts: importFromChromeTimeline, which sorts the file as an array
  // of events and fails on a trace-event object); any other name it reads by its content, as
  // the Trace Event Format it imports. Perfetto and chrome://tracing read the content alone.
  chrome: { suffix: 'chrome-trace.json', type: 'application/json' },
  speedscope: { suffix: 'speedscope.json', type: 'application/json' },
};

/** `scheme://` at the start of a trace's name: the trace was loaded from that URL. */
const URL_NAME_RE = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

/**
 * The name a trace goes by in what the app writes out (an export's heading and file name,
 * speedscope's profile name): a file's name as it is; for a trace loaded from a URL (whose
 * name is the whole URL) the last segment of its path, decoded, without the query and
 * fragment, or its host when the path has none. A query may hold a credential (an S3
 * presigned URL's X-Amz-Credential and X-Amz-Signature, GitLab's private_token), which an
 * SVG shared with a colleague then carried in its heading; and a `/` in it (RFC 3986 §3.4
 * lets a query hold one) made the part after it the download's name.
 */
export function exportedTraceName(traceName: string): string {
  if (!URL_NAME_RE.test(traceName)) return traceName;
  let url: URL;
  try {
    url = new URL(traceName);
  } catch {
    return traceName.replace(URL_NAME_RE, '').replace(/[?#/][\s\S]*$/, ''); // (not a URL after all: up to its first / ? #)
  }
  // No path: the host (a URL's `host` never holds its user:password@).
  const last = url.pathname.split('/').filter((s) => s !== '').pop() ?? url.host;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/**
 * `01-seed-curl-fgraph.flame.svg` for the flame graph of trace
 * `01-seed-curl-fgraph.report.txt.gz`: the trace's base name (directories, compression and
 * format extensions cut, unsafe characters made `_`; a URL's as exportedTraceName), the
 * view, then the format's suffix.
 */
export function exportFileName(traceName: string, view: ExportView, format: ExportFormat | 'png'): string {
  let base = exportedTraceName(traceName).replace(/^.*[\\/]/, '');
  base = base.replace(/(?:\.(?:gz|txt|dat|report|trace|log))+$/i, '');
  base = base.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[.]+/, '').slice(0, 120) || 'trace';
  return `${base}.${view}.${EXPORT_FILES[format].suffix}`;
}
