/**
 * What the page URL asks to open on start. Pure (tested in start.test.ts).
 *
 * - `?url=https://host/trace.txt.gz`: fetch that trace (http and https only). This and the
 *   bundled sample are the only requests the app makes by itself.
 * - `?sample=1`: the bundled sample trace; `?sample=0`: nothing (the open screen).
 * - a `#fragment` (reserved for permalinks into a trace the user opens): nothing.
 * - nothing at all: the bundled sample, so a fresh `npm start` shows a trace.
 */
export type StartRequest =
  | { kind: 'url'; url: string }
  | { kind: 'sample' }
  | { kind: 'none' }
  | { kind: 'invalid'; message: string };

/** `base` is the page address, to resolve relative `?url=` values. */
export function startRequestFromLocation(search: string, hash: string, base: string): StartRequest {
  const params = new URLSearchParams(search);
  const url = params.get('url');
  if (url !== null) {
    const checked = checkTraceUrl(url, base);
    return typeof checked === 'string' ? { kind: 'url', url: checked } : checked;
  }
  const sample = params.get('sample');
  if (sample === '1' || sample === 'true' || sample === '') return { kind: 'sample' };
  if (sample !== null) return { kind: 'none' };
  if (hash.length > 1) return { kind: 'none' };
  return { kind: 'sample' };
}

/** The absolute URL when `raw` is an http(s) URL, else why not. */
export function checkTraceUrl(raw: string, base: string): string | { kind: 'invalid'; message: string } {
  let parsed: URL;
  try {
    parsed = new URL(raw.trim(), base);
  } catch {
    return { kind: 'invalid', message: `The url parameter is not a valid URL: ${raw}` };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    const refused = `Only http and https URLs can be opened (got ${parsed.protocol.replace(/:$/, '')}).`;
    // A web page may not read the disk by address (fetch() has no file: scheme: the Fetch
    // standard's scheme fetch leaves it to the browser, which refuses it to web pages).
    if (parsed.protocol === 'file:') {
      return { kind: 'invalid', message: `${refused} A file on this computer is opened with "Open a trace file…", or dropped on the page.` };
    }
    return { kind: 'invalid', message: refused };
  }
  return parsed.href;
}

/**
 * The parse threads the page asks for with `?workers=N` (benchmarks and tests: 1 is the
 * one-pass read), or undefined (absent or not a whole number from 1 to 64: the worker
 * decides from the machine's cores).
 */
export function workersFromSearch(search: string): number | undefined {
  const raw = new URLSearchParams(search).get('workers');
  if (raw === null || !/^\d{1,2}$/.test(raw.trim())) return undefined;
  const n = Number(raw.trim());
  return n >= 1 && n <= 64 ? n : undefined;
}
