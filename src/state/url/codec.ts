/**
 * The permalink contract: the shareable view state <-> the URL fragment (`#v=2&…`).
 *
 * Pure and versioned. The fragment is never sent to a server. Every parameter is read on
 * its own, so one bad value drops only itself (with a notice) and the rest still applies.
 * Paths (zoom, focus) are function NAMES, not node indices, so a link survives a re-parse.
 *
 *   v     format version: 2 (1 is still read; see `h`)
 *   n,s,h trace identity: file name, size in bytes, and the input bytes' fingerprint (the
 *         SHA-256 content hash of src/core/hash/content-hash.ts, hex). In version 1, `h`
 *         was a plain SHA-256 of the file, which this app no longer computes: it is
 *         skipped there, and the trace is recognised by name and size.
 *   u     the http(s) URL the trace was loaded from (the recipient loads it from there)
 *   d     the trace itself, gzip + base64url (small traces only; see embed.ts)
 *   view  active view id
 *   t     task labels `comm-pid` (`,`-separated, each URI-encoded)
 *   c     CPUs (`,`-separated integers)
 *   r     time range `start-end` in integer ns
 *   sc    1 = syscalls only
 *   q     search text
 *   i     1 = inverted (bottom-up)
 *   z     flame graph zoom path (names, `,`-separated, each URI-encoded)
 *   f     call tree focus path (same form)
 *   fn    selected function
 *   ct    flame chart task label
 *   p     the open panel: `cc` = the call tree's Callers & callees pane (unknown values are
 *         ignored with a notice, so later panels can join without a new version)
 *   k     kernel version for source links (`latest`, `v6.8`, …)
 *   irq   interrupt time: `apart` or `hidden` (core/model/interrupt-mode.ts); left out =
 *         in place, so links made before the switch existed read as they did
 */
import type { IrqMode } from '../../core/model/interrupt-mode';
import { validateElixirVersion } from '../../lib/kernel-source';

/** The interrupt modes a link may name (in place is the default, never written). */
const IRQ_IN_LINKS: readonly IrqMode[] = ['in-place', 'apart', 'hidden'];

const URL_VERSION = 2;
/** Older versions this app still reads. */
const READABLE_VERSIONS = new Set(['1', String(URL_VERSION)]);

export interface TraceIdentity {
  name: string;
  size: number;
  /** The content hash, 64 hex digits, or '' when not known. */
  contentHash: string;
}

export interface SharedView {
  trace: TraceIdentity | null;
  traceUrl: string | null;
  /** Embedded trace (gzip, base64url), or null. */
  embedded: string | null;
  view: string | null;
  tasks: string[];
  cpus: number[];
  range: [number, number] | null;
  syscallsOnly: boolean;
  search: string;
  inverted: boolean;
  zoomPath: string[];
  focusPath: string[];
  selectedFunction: string | null;
  chartTask: string | null;
  /** The call tree's Callers & callees pane is open. */
  callersPane: boolean;
  kernelVersion: string;
  /** How interrupt time counts. */
  irq: IrqMode;
}

export const EMPTY_VIEW: SharedView = {
  trace: null,
  traceUrl: null,
  embedded: null,
  view: null,
  tasks: [],
  cpus: [],
  range: null,
  syscallsOnly: false,
  search: '',
  inverted: false,
  zoomPath: [],
  focusPath: [],
  selectedFunction: null,
  chartTask: null,
  callersPane: false,
  kernelVersion: 'latest',
  irq: 'in-place',
};

export interface DecodedView {
  view: SharedView;
  /** One human sentence per part that was ignored. */
  notices: string[];
}

const enc = encodeURIComponent;

function encodeList(items: readonly string[]): string {
  // Each item is URI-encoded, so a `,` inside a name cannot split it.
  return items.map(enc).join(',');
}

/** The fragment (without `#`) for `view`. Defaults are left out to keep links short. */
export function encodeView(view: SharedView): string {
  const parts: string[] = [`v=${URL_VERSION}`];
  const add = (key: string, value: string) => parts.push(`${key}=${value}`);
  if (view.trace) {
    add('n', enc(view.trace.name));
    add('s', String(view.trace.size));
    if (view.trace.contentHash) add('h', view.trace.contentHash);
  }
  if (view.traceUrl) add('u', enc(view.traceUrl));
  if (view.view) add('view', enc(view.view));
  if (view.tasks.length) add('t', encodeList(view.tasks));
  if (view.cpus.length) add('c', view.cpus.join(','));
  if (view.range) add('r', `${view.range[0]}-${view.range[1]}`);
  if (view.syscallsOnly) add('sc', '1');
  if (view.search) add('q', enc(view.search));
  if (view.inverted) add('i', '1');
  if (view.zoomPath.length) add('z', encodeList(view.zoomPath));
  if (view.focusPath.length) add('f', encodeList(view.focusPath));
  if (view.selectedFunction) add('fn', enc(view.selectedFunction));
  if (view.chartTask) add('ct', enc(view.chartTask));
  if (view.callersPane) add('p', 'cc');
  if (view.kernelVersion && view.kernelVersion !== 'latest') add('k', enc(view.kernelVersion));
  if (view.irq !== 'in-place') add('irq', view.irq);
  // The embedded trace goes last: it is by far the longest part.
  if (view.embedded) add('d', view.embedded);
  return parts.join('&');
}

const MAX_TEXT = 4096;
const MAX_LIST = 256;
const HASH_RE = /^[0-9a-f]{64}$/;
const BASE64URL_RE = /^[A-Za-z0-9_-]*$/;

function decodeText(raw: string): string | null {
  try {
    const s = decodeURIComponent(raw);
    return s.length <= MAX_TEXT ? s : null;
  } catch {
    return null;
  }
}

function decodeList(raw: string): string[] | null {
  if (raw === '') return [];
  const items = raw.split(',');
  if (items.length > MAX_LIST) return null;
  const out: string[] = [];
  for (const item of items) {
    const s = decodeText(item);
    if (s === null) return null;
    out.push(s);
  }
  return out;
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Reads a fragment (with or without `#`). Unknown keys, bad values and unknown versions
 * are ignored part by part, each with a notice; nothing here is ever run or rendered as
 * markup by the caller.
 */
export function decodeView(fragment: string): DecodedView {
  const view: SharedView = { ...EMPTY_VIEW, tasks: [], cpus: [], zoomPath: [], focusPath: [] };
  const notices: string[] = [];
  const text = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (text.trim() === '') return { view, notices };
  const params = new Map<string, string>();
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    params.set(key, eq < 0 ? '' : pair.slice(eq + 1));
  }
  const version = params.get('v');
  if (version === undefined || !READABLE_VERSIONS.has(version)) {
    notices.push(
      version === undefined
        ? 'The link has no format version; its view was not applied.'
        : `The link uses view format version ${JSON.stringify(version.slice(0, 20))}, which this app does not know; its view was not applied.`,
    );
    return { view, notices };
  }
  params.delete('v');
  const bad = (what: string) => notices.push(`The link's ${what} could not be read and was ignored.`);

  for (const [key, raw] of params) {
    switch (key) {
      case 'n':
      case 's':
      case 'h':
        break; // read together below
      case 'u': {
        const u = decodeText(raw);
        if (u && isHttpUrl(u)) view.traceUrl = u;
        else bad('trace URL (only http and https are allowed)');
        break;
      }
      case 'd':
        if (BASE64URL_RE.test(raw) && raw.length > 0) view.embedded = raw;
        else bad('embedded trace');
        break;
      case 'view': {
        const v = decodeText(raw);
        if (v && /^[a-z][a-z0-9-]{0,31}$/.test(v)) view.view = v;
        else bad('view');
        break;
      }
      case 't': {
        const list = decodeList(raw);
        if (list) view.tasks = list;
        else bad('task list');
        break;
      }
      case 'c': {
        const cpus = raw.split(',').map((x) => (/^\d{1,5}$/.test(x) ? Number(x) : Number.NaN));
        if (raw !== '' && cpus.every((x) => Number.isInteger(x))) view.cpus = cpus;
        else bad('CPU list');
        break;
      }
      case 'r': {
        const m = /^(\d{1,17})-(\d{1,17})$/.exec(raw);
        const a = m ? Number(m[1]) : Number.NaN;
        const b = m ? Number(m[2]) : Number.NaN;
        if (m && a <= b && Number.isSafeInteger(b)) view.range = [a, b];
        else bad('time range');
        break;
      }
      case 'sc':
        if (raw === '1' || raw === '0') view.syscallsOnly = raw === '1';
        else bad('"syscalls only" switch');
        break;
      case 'i':
        if (raw === '1' || raw === '0') view.inverted = raw === '1';
        else bad('"inverted" switch');
        break;
      case 'irq': {
        const mode = IRQ_IN_LINKS.find((m) => m === raw);
        if (mode) view.irq = mode;
        else bad('interrupts mode');
        break;
      }
      case 'q': {
        const q = decodeText(raw);
        if (q !== null) view.search = q;
        else bad('search');
        break;
      }
      case 'z':
      case 'f': {
        const list = decodeList(raw);
        if (list) view[key === 'z' ? 'zoomPath' : 'focusPath'] = list;
        else bad(key === 'z' ? 'zoomed frame' : 'focused call');
        break;
      }
      case 'fn': {
        const fn = decodeText(raw);
        if (fn) view.selectedFunction = fn;
        else bad('selected function');
        break;
      }
      case 'ct': {
        const ct = decodeText(raw);
        if (ct) view.chartTask = ct;
        else bad('flame chart task');
        break;
      }
      case 'p':
        if (raw === 'cc') view.callersPane = true;
        else bad('open panel');
        break;
      case 'k': {
        const k = decodeText(raw);
        // The one version grammar of the links themselves, untrimmed: a tag no link could use is refused.
        if (k && validateElixirVersion(k) === k) view.kernelVersion = k;
        else bad('kernel version');
        break;
      }
      default:
        notices.push(`The link has a part this app does not know (${JSON.stringify(key.slice(0, 20))}); it was ignored.`);
    }
  }

  if (params.has('n') || params.has('s') || params.has('h')) {
    const name = decodeText(params.get('n') ?? '');
    const sizeText = params.get('s') ?? '';
    const size = /^\d{1,15}$/.test(sizeText) ? Number(sizeText) : Number.NaN;
    const hash = params.get('h') ?? '';
    if (name !== null && name.length > 0 && Number.isSafeInteger(size) && (hash === '' || HASH_RE.test(hash))) {
      view.trace = { name, size, contentHash: version === '1' ? '' : hash };
    } else bad('trace identity (name, size, fingerprint)');
  }
  return { view, notices };
}
