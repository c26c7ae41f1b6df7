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
 *   r     time range `start-end` in integer ns (the trace's own times, up to 2^64)
 *   sc    1 = syscalls only
 *   q     search text
 *   i     1 = inverted (bottom-up)
 *   z     flame graph zoom path (names, `,`-separated, each URI-encoded)
 *   f     call tree focus path (same form)
 *   o     the call tree's other open rows: paths of names (each as `f`), `;`-separated;
 *         only the deepest open row of each branch (its ancestors open with it), bounded
 *         (OPEN_PATHS_MAX paths, OPEN_PATHS_CHARS characters: the first that fit go)
 *   fn    selected function
 *   ct    flame chart task label
 *   p     the open panel: `cc` = the call tree's Callers & callees pane (unknown values are
 *         ignored with a notice, so later panels can join without a new version)
 *   k     kernel version for source links (`latest`, `v6.8`, …)
 *   irq   interrupt time: `apart` or `hidden` (core/model/interrupt-mode.ts); left out =
 *         in place, so links made before the switch existed read as they did
 *   fs    the Functions table's order: `column.d` or `column.a` (descending, ascending; the
 *         columns of state/slices/view.ts FUNCTION_COLUMNS); left out = total.d, the default
 *   fm    1 = the Functions table shows only the functions the search matches
 *   ev    the Events view's event name (URI-encoded; empty = the lines with no event name);
 *         left out = every event
 *   rt    1 = the time axes read "Relative time" (from the start of the calls in view, the
 *         flame chart's switch); left out = the trace's own clock, as links before it read
 *   cw    the flame chart's zoom window `start-end` in integer ns of the trace's own clock
 *         (as r: up to 2^64, so a tai or realtime clock's times stay whole); written only
 *         while the chart is zoomed in; left out = the chart's whole domain
 *
 * Compare mode (version 3: a link in compare mode is written as v=3, any other as v=2, so
 * links without compare mode still open in apps that read only version 2). Side A is the
 * trace above with its filters; side B:
 *   bn,bs,bh  side B's identity (as n, s, h)       bu   side B's http(s) URL
 *   bsame     1 = side B is the trace of side A (another selection of one trace)
 *   bd        side B's trace itself, as d (written last, after d)
 *   bt,bc,br,bsc  side B's task labels, CPUs, time range, syscalls only (as t, c, r, sc)
 *   cq    compared quantity: self (default), total, calls
 *   cn    normalisation: raw (default), scaled, or call:<function> (per call of it)
 *   cl    a = the differential flame graph laid out by A (default B)
 *   cneg  1 = colours swapped
 *   cp    legend filter: onlyA, onlyB, both (default all)
 *   cm    compared functions changed by more than N %
 *   cu    1 = the compared functions table limited to the zoomed frame
 *   cz,cf differential flame graph zoom, compared call tree focus (paths, as z and f)
 *   cfrom "Paths from": the function every compared path starts at (URI-encoded); left
 *         out = the first frame, so version 3 links made before it read as they did
 *   cx    1 = names matched exactly only; left out = by base name too (a clone named
 *         apart by two kernel builds meets: core/query/build-names.ts), which reads a
 *         version 3 link made before it as it read except where names differ by a suffix
 *   cv    compare view id
 *   cs    the compared functions table's order: `column.d` or `column.a` (the columns of
 *         state/slices/compare.ts COMPARED_COLUMNS, `a.self.d`); left out = delta.d
 */
import type { IrqMode } from '../../core/model/interrupt-mode';
import { validateElixirVersion } from '../../lib/kernel-source';
import { DEFAULT_FUNCTIONS_SORT, FUNCTION_COLUMNS, type FunctionsSort } from '../slices/view';
import { COMPARED_COLUMNS, DEFAULT_COMPARED_SORT, type ComparedSort } from '../slices/compare';

/** The interrupt modes a link may name (in place is the default, never written). */
const IRQ_IN_LINKS: readonly IrqMode[] = ['in-place', 'apart', 'hidden'];

const URL_VERSION = 2;
/** The version of a link in compare mode (the compare keys are read only there). */
const COMPARE_VERSION = 3;
/** Older versions this app still reads. */
const READABLE_VERSIONS = new Set(['1', String(URL_VERSION), String(COMPARE_VERSION)]);

export type SharedQuantity = 'self' | 'total' | 'calls';
export type SharedNormalisation = { kind: 'raw' } | { kind: 'scaled' } | { kind: 'perCall'; root: string };
export type SharedPresence = 'all' | 'onlyA' | 'onlyB' | 'both';

/** Compare mode's part of a link: side B and the comparison's settings. */
export interface SharedCompare {
  /** Side B's trace, null when it is the same trace as side A's (or only its URL is known). */
  trace: TraceIdentity | null;
  traceUrl: string | null;
  /** Side B's trace carried in the link (gzip, base64url, as `d`), or null. */
  embedded: string | null;
  same: boolean;
  tasks: string[];
  cpus: number[];
  range: [number, number] | null;
  syscallsOnly: boolean;
  quantity: SharedQuantity;
  normalisation: SharedNormalisation;
  layoutBy: 'a' | 'b';
  negated: boolean;
  presence: SharedPresence;
  minChangePercent: number | null;
  underZoom: boolean;
  zoomPath: string[];
  focusPath: string[];
  /** "Paths from": the function both sides' paths start at; null = the first frame. */
  pathsFrom: string | null;
  /** Names matched exactly only (false: by base name too, the default). */
  exactNames: boolean;
  view: string | null;
  /** The compared functions table's order. */
  tableSort: ComparedSort;
}

export const EMPTY_COMPARE: SharedCompare = {
  trace: null,
  traceUrl: null,
  embedded: null,
  same: false,
  tasks: [],
  cpus: [],
  range: null,
  syscallsOnly: false,
  quantity: 'self',
  normalisation: { kind: 'raw' },
  layoutBy: 'b',
  negated: false,
  presence: 'all',
  minChangePercent: null,
  underZoom: false,
  zoomPath: [],
  focusPath: [],
  pathsFrom: null,
  exactNames: false,
  view: null,
  tableSort: DEFAULT_COMPARED_SORT,
};

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
  /** The call tree's open rows besides the way to the focus (deepest open row per branch). */
  openPaths: string[][];
  selectedFunction: string | null;
  chartTask: string | null;
  /** The call tree's Callers & callees pane is open. */
  callersPane: boolean;
  kernelVersion: string;
  /** How interrupt time counts. */
  irq: IrqMode;
  /** The time axes count from the start of the calls in view (the flame chart's "Relative time"). */
  relativeTime: boolean;
  /** The Functions table's order. */
  functionsSort: FunctionsSort;
  /** The Functions table shows only the functions the search matches. */
  functionsOnlyMatches: boolean;
  /** The Events view's event name, null for every event. */
  eventName: string | null;
  /** Compare mode's side B and settings; null = one trace. */
  compare: SharedCompare | null;
  /** The flame chart's zoom window [start, end] in integer ns, null when it shows its whole domain. */
  chartWindow: [number, number] | null;
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
  openPaths: [],
  selectedFunction: null,
  chartTask: null,
  callersPane: false,
  kernelVersion: 'latest',
  irq: 'in-place',
  relativeTime: false,
  functionsSort: DEFAULT_FUNCTIONS_SORT,
  functionsOnlyMatches: false,
  eventName: null,
  compare: null,
  chartWindow: null,
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

/** Most open paths a link carries, and most characters they take in it. */
export const OPEN_PATHS_MAX = 32;
export const OPEN_PATHS_CHARS = 4000;

/** The `o` value of open paths: the first that fit the bounds (empty paths skipped). */
export function encodeOpenPaths(paths: readonly (readonly string[])[]): string {
  const out: string[] = [];
  let chars = 0;
  for (const p of paths) {
    if (out.length >= OPEN_PATHS_MAX) break;
    if (p.length === 0 || p.length > MAX_LIST) continue;
    const e = encodeList(p);
    if (chars + e.length + 1 > OPEN_PATHS_CHARS) continue;
    out.push(e);
    chars += e.length + 1;
  }
  return out.join(';');
}

function decodeOpenPaths(raw: string): string[][] | null {
  if (raw.length > OPEN_PATHS_CHARS + 64) return null;
  const parts = raw.split(';');
  if (parts.length > OPEN_PATHS_MAX) return null;
  const out: string[][] = [];
  for (const part of parts) {
    const list = decodeList(part);
    if (!list || list.length === 0) return null;
    out.push(list);
  }
  return out;
}

/** The fragment (without `#`) for `view`. Defaults are left out to keep links short. */
export function encodeView(view: SharedView): string {
  const parts: string[] = [`v=${view.compare ? COMPARE_VERSION : URL_VERSION}`];
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
  const open = encodeOpenPaths(view.openPaths);
  if (open) add('o', open);
  if (view.selectedFunction) add('fn', enc(view.selectedFunction));
  if (view.chartTask) add('ct', enc(view.chartTask));
  if (view.callersPane) add('p', 'cc');
  if (view.kernelVersion && view.kernelVersion !== 'latest') add('k', enc(view.kernelVersion));
  if (view.irq !== 'in-place') add('irq', view.irq);
  if (view.relativeTime) add('rt', '1');
  const fs = view.functionsSort;
  if (fs.column !== DEFAULT_FUNCTIONS_SORT.column || fs.descending !== DEFAULT_FUNCTIONS_SORT.descending) {
    add('fs', `${fs.column}.${fs.descending ? 'd' : 'a'}`);
  }
  if (view.functionsOnlyMatches) add('fm', '1');
  if (view.eventName !== null) add('ev', enc(view.eventName));
  if (view.chartWindow) add('cw', `${view.chartWindow[0]}-${view.chartWindow[1]}`);
  if (view.compare) encodeCompare(view.compare, add);
  // The embedded traces go last: they are by far the longest parts.
  if (view.embedded) add('d', view.embedded);
  if (view.compare?.embedded) add('bd', view.compare.embedded);
  return parts.join('&');
}

function encodeCompare(c: SharedCompare, add: (key: string, value: string) => void): void {
  if (c.trace) {
    add('bn', enc(c.trace.name));
    add('bs', String(c.trace.size));
    if (c.trace.contentHash) add('bh', c.trace.contentHash);
  }
  if (c.traceUrl) add('bu', enc(c.traceUrl));
  if (c.same) add('bsame', '1');
  if (c.tasks.length) add('bt', encodeList(c.tasks));
  if (c.cpus.length) add('bc', c.cpus.join(','));
  if (c.range) add('br', `${c.range[0]}-${c.range[1]}`);
  if (c.syscallsOnly) add('bsc', '1');
  if (c.quantity !== 'self') add('cq', c.quantity);
  if (c.normalisation.kind === 'scaled') add('cn', 'scaled');
  if (c.normalisation.kind === 'perCall') add('cn', `call:${enc(c.normalisation.root)}`);
  if (c.layoutBy === 'a') add('cl', 'a');
  if (c.negated) add('cneg', '1');
  if (c.presence !== 'all') add('cp', c.presence);
  if (c.minChangePercent !== null) add('cm', String(c.minChangePercent));
  if (c.underZoom) add('cu', '1');
  if (c.zoomPath.length) add('cz', encodeList(c.zoomPath));
  if (c.focusPath.length) add('cf', encodeList(c.focusPath));
  if (c.pathsFrom) add('cfrom', enc(c.pathsFrom));
  if (c.exactNames) add('cx', '1');
  if (c.view) add('cv', enc(c.view));
  if (c.tableSort.column !== DEFAULT_COMPARED_SORT.column || c.tableSort.descending !== DEFAULT_COMPARED_SORT.descending) {
    add('cs', `${c.tableSort.column}.${c.tableSort.descending ? 'd' : 'a'}`);
  }
}

/**
 * The longest text one part may hold, decoded. encodeView writes what the view holds, and the
 * search box takes any length: a regex of a few hundred names (`/^(tcp_sendmsg|…)$/`, pasted
 * from a script) passes 4096 characters, and a limit that low dropped the search of the
 * sender's own Back, reload and link. The fragment's own length bounds what a part costs;
 * this refuses only the absurd.
 */
export const MAX_TEXT = 64 * 1024;
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

const COMPARE_KEYS = new Set(['bn', 'bs', 'bh', 'bu', 'bd', 'bsame', 'bt', 'bc', 'br', 'bsc', 'cq', 'cn', 'cl', 'cneg', 'cp', 'cm', 'cu', 'cz', 'cf', 'cfrom', 'cx', 'cv', 'cs']);
const QUANTITIES: readonly SharedQuantity[] = ['self', 'total', 'calls'];
const PRESENCES: readonly SharedPresence[] = ['all', 'onlyA', 'onlyB', 'both'];

function decodeCpus(raw: string): number[] | null {
  const cpus = raw.split(',').map((x) => (/^\d{1,5}$/.test(x) ? Number(x) : Number.NaN));
  return raw !== '' && cpus.every((x) => Number.isInteger(x)) ? cpus : null;
}

/**
 * The latest time a range may name: the model keeps times up to a 64-bit clock's count
 * (core/model/builder.ts MAX_CLOCK_NS), and a clock running since boot passes 2^53 ns
 * (exact integers in a double) after 104 days, so a range is not limited to that.
 */
const MAX_RANGE_NS = 2 ** 64;

function decodeRange(raw: string): [number, number] | null {
  // Up to 20 digits: 2^64 written out (String() of a double below 1e21 has no exponent).
  const m = /^(\d{1,20})-(\d{1,20})$/.exec(raw);
  const a = m ? Number(m[1]) : Number.NaN;
  const b = m ? Number(m[2]) : Number.NaN;
  return m && a <= b && b <= MAX_RANGE_NS ? [a, b] : null;
}

function decodeIdentity(name: string | undefined, size: string | undefined, hash: string | undefined): TraceIdentity | null {
  const n = decodeText(name ?? '');
  const sz = /^\d{1,15}$/.test(size ?? '') ? Number(size) : Number.NaN;
  const h = hash ?? '';
  return n !== null && n.length > 0 && Number.isSafeInteger(sz) && (h === '' || HASH_RE.test(h)) ? { name: n, size: sz, contentHash: h } : null;
}

/** Compare mode's keys of a version 3 link (each bad one ignored with a notice). */
function decodeCompare(params: ReadonlyMap<string, string>, bad: (what: string) => void): SharedCompare {
  const c: SharedCompare = { ...EMPTY_COMPARE, tasks: [], cpus: [], zoomPath: [], focusPath: [] };
  const get = (k: string) => params.get(k);
  if (params.has('bn') || params.has('bs') || params.has('bh')) {
    c.trace = decodeIdentity(get('bn'), get('bs'), get('bh'));
    if (!c.trace) bad("side B's identity (name, size, fingerprint)");
  }
  const bu = get('bu');
  if (bu !== undefined) {
    const u = decodeText(bu);
    if (u && isHttpUrl(u)) c.traceUrl = u;
    else bad("side B's URL (only http and https are allowed)");
  }
  const bd = get('bd');
  if (bd !== undefined) {
    if (BASE64URL_RE.test(bd) && bd.length > 0) c.embedded = bd;
    else bad("side B's embedded trace");
  }
  const flag = (k: string, what: string): boolean => {
    const raw = get(k);
    if (raw === undefined) return false;
    if (raw === '1' || raw === '0') return raw === '1';
    bad(what);
    return false;
  };
  c.same = flag('bsame', '"same trace" switch');
  c.syscallsOnly = flag('bsc', 'side B "syscalls only" switch');
  c.negated = flag('cneg', '"swap colours" switch');
  c.underZoom = flag('cu', '"only under the zoomed frame" switch');
  c.exactNames = flag('cx', '"exact names" switch');
  const list = (k: string, what: string): string[] => {
    const raw = get(k);
    if (raw === undefined) return [];
    const l = decodeList(raw);
    if (!l) bad(what);
    return l ?? [];
  };
  c.tasks = list('bt', 'side B task list');
  c.zoomPath = list('cz', 'differential flame graph zoom');
  c.focusPath = list('cf', 'compared call tree focus');
  const bc = get('bc');
  if (bc !== undefined) c.cpus = decodeCpus(bc) ?? (bad('side B CPU list'), []);
  const br = get('br');
  if (br !== undefined) c.range = decodeRange(br) ?? (bad('side B time range'), null);
  const cq = get('cq');
  if (cq !== undefined) c.quantity = QUANTITIES.find((q) => q === cq) ?? (bad('compared quantity'), 'self');
  const cn = get('cn');
  if (cn !== undefined) {
    const root = cn.startsWith('call:') ? decodeText(cn.slice(5)) : null;
    if (cn === 'raw' || cn === 'scaled') c.normalisation = { kind: cn };
    else if (root) c.normalisation = { kind: 'perCall', root };
    else bad('normalisation');
  }
  const cl = get('cl');
  if (cl !== undefined) {
    if (cl === 'a' || cl === 'b') c.layoutBy = cl;
    else bad('differential flame graph layout');
  }
  const cp = get('cp');
  if (cp !== undefined) c.presence = PRESENCES.find((p) => p === cp) ?? (bad('legend filter'), 'all');
  const cm = get('cm');
  if (cm !== undefined) {
    // What String() writes for the number the box holds (any the user typed: `0.1234567`,
    // `1e-7`, `25000000000`), so the link gives back that very number.
    const n = /^\d{1,21}(\.\d{1,20})?(e[+-]\d{1,3})?$/.test(cm) ? Number(cm) : Number.NaN;
    if (Number.isFinite(n)) c.minChangePercent = n;
    else bad('"changed by more than" percentage');
  }
  const from = get('cfrom');
  if (from !== undefined) {
    const f = decodeText(from);
    if (f) c.pathsFrom = f;
    else bad('"paths from" function');
  }
  const cs = get('cs');
  if (cs !== undefined) {
    const m = /^([a-z0-9.]{1,10})\.([ad])$/.exec(cs);
    const column = m ? COMPARED_COLUMNS.find((k) => k === m[1]) : undefined;
    if (m && column) c.tableSort = { column, descending: m[2] === 'd' };
    else bad('compared functions table order');
  }
  const cv = get('cv');
  if (cv !== undefined) {
    const v = decodeText(cv);
    if (v && /^[a-z][a-z0-9-]{0,31}$/.test(v)) c.view = v;
    else bad('compare view');
  }
  return c;
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** How many part names a notice lists before `…`. */
const PARTS_NAMED = 5;

/** Part names for a notice: quoted, each cut to 20 characters, the first few only. */
function partsNamed(keys: readonly string[]): string {
  const named = keys.slice(0, PARTS_NAMED).map((k) => JSON.stringify(k.slice(0, 20)));
  return named.join(', ') + (keys.length > PARTS_NAMED ? ', …' : '');
}

/**
 * Reads a fragment (with or without `#`). Unknown keys, bad values and unknown versions
 * are ignored part by part, each with a notice; nothing here is ever run or rendered as
 * markup by the caller.
 */
export function decodeView(fragment: string): DecodedView {
  const view: SharedView = { ...EMPTY_VIEW, tasks: [], cpus: [], zoomPath: [], focusPath: [], openPaths: [] };
  const notices: string[] = [];
  const text = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (text.trim() === '') return { view, notices };
  const params = new Map<string, string>();
  // A part given twice (a fragment pasted after itself, a hand edit) keeps its last value;
  // the earlier ones are dropped, and the notice says so (after the version is known).
  const repeated = new Set<string>();
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    if (params.has(key)) repeated.add(key);
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
  if (repeated.size > 0) {
    notices.push(
      `The link gives ${partsNamed([...repeated])} more than once; only the last of each was applied.`,
    );
  }
  const bad = (what: string) => notices.push(`The link's ${what} could not be read and was ignored.`);
  /** Parts this app does not know: one notice names them all (a damaged link may have thousands). */
  const unknown: string[] = [];
  if (version === String(COMPARE_VERSION)) view.compare = decodeCompare(params, bad);

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
        const cpus = decodeCpus(raw);
        if (cpus) view.cpus = cpus;
        else bad('CPU list');
        break;
      }
      case 'r': {
        const range = decodeRange(raw);
        if (range) view.range = range;
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
      case 'fs': {
        const m = /^([a-z0-9]{1,8})\.([ad])$/.exec(raw);
        const column = m ? FUNCTION_COLUMNS.find((c) => c === m[1]) : undefined;
        if (m && column) view.functionsSort = { column, descending: m[2] === 'd' };
        else bad("Functions table's order");
        break;
      }
      case 'ev': {
        const ev = decodeText(raw);
        if (ev !== null) view.eventName = ev;
        else bad('event name');
        break;
      }
      case 'fm':
        if (raw === '1' || raw === '0') view.functionsOnlyMatches = raw === '1';
        else bad('"only matches" switch');
        break;
      case 'cw': {
        const w = decodeRange(raw);
        if (w) view.chartWindow = w;
        else bad('flame chart window');
        break;
      }
      case 'rt':
        if (raw === '1' || raw === '0') view.relativeTime = raw === '1';
        else bad('"relative time" switch');
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
      case 'o': {
        const paths = decodeOpenPaths(raw);
        if (paths) view.openPaths = paths;
        else bad('open rows of the call tree');
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
        if (view.compare && COMPARE_KEYS.has(key)) break; // read by decodeCompare
        unknown.push(key);
    }
  }
  if (unknown.length === 1) notices.push(`The link has a part this app does not know (${partsNamed(unknown)}); it was ignored.`);
  else if (unknown.length > 1) notices.push(`The link has ${unknown.length} parts this app does not know (${partsNamed(unknown)}); they were ignored.`);

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
