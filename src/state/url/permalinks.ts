/**
 * Keeps the URL fragment and the store in step (the one place that decides push vs
 * replace), and applies a permalink when its trace is open.
 *
 * On start: a fragment's trace URL or embedded trace is opened; a fragment that only names
 * a trace waits (link.pending) until the user opens a file, then applies if it is the same
 * trace or asks first (link.mismatch). Once a trace is ready, every meaningful change of
 * the view writes the fragment (a new history entry, or a replaced one while typing a
 * search, written once the typing pauses, opening rows of the call tree, or zooming the
 * flame chart, whose window is written once it settles); Back and Forward (popstate) apply
 * the fragment they land on.
 *
 * The fingerprint comes after ready (state/fingerprint.ts): until it does, a link names the
 * trace by name and size; when it comes, the fragment is written again with it. A link
 * that names its trace by fingerprint waits for the opened trace's before it is applied,
 * and Share waits for it (`shareableView`).
 *
 * Compare mode: a link's compare part waits in link.pendingCompare until side A is ready,
 * then side B is opened the way the link says (the same trace, its URL, or the chooser
 * asks for its file) and, once B is ready, B's filters and the settings are applied. Every
 * change of the comparison writes the fragment too; `?url=A&vs=B` opens both.
 */
import { openFile, openFromLocation, openUrl, queryWorker, samplePath } from '../actions';
import { compareWithFile, compareWithSame, compareWithUrl, leaveCompare, openCompareChooser } from '../compare-actions';
import { setActiveView, setCallersPane, setCompare, setEventName, setExplore, setFunctionsOnlyMatches, setFunctionsSort, setLink, setLinkedChartWindow, setRelativeTime, useAppStore, type AppState } from '../store';
import { initialExplore } from '../slices/explore';
import type { ViewState } from '../slices/view';
import { EMPTY_COMPARE, EMPTY_VIEW, decodeView, encodeView, type SharedCompare, type SharedView, type TraceIdentity } from './codec';
import type { TraceInfo } from '../../client/trace-client';
import { checkTraceUrl } from './start';
import { fetchableOrigins } from './connect-policy';
import { comparePatchOf, otherSideBNotice, sharedCompareOf } from './compare-mapping';
import { decodeEmbeddedTrace, encodeEmbeddedTrace } from './embed';
import { explorePatchOf, linkedTab, isChartWindowOnly, isOpenRowsOnly, isRevealOnly, isTypingOnly, sameTrace, sharedViewOf, type LoadedTrace, type TaskRef } from './view-mapping';
import { takeAutomaticReveal } from './automatic-reveal';
import { HeldWrite } from './held-write';
import { fingerprinted, fingerprintPending } from '../fingerprint';

interface Loaded {
  tasks: TaskRef[];
  cpus: number[];
  trace: LoadedTrace;
}

let loaded: Loaded | null = null;
/** The origins this page may fetch traces from (its Content-Security-Policy, set at start). */
let fetchable = new Set<string>();
/** Side B as the links know it, while compare mode is ready. */
let loadedB: Loaded | null = null;
/** Set while a fragment is being applied, so applying it does not write it back. */
let applying = false;
let lastWritten: SharedView | null = null;
/** The ids of the views area's tabs (given by startPermalinks; empty = every id is taken). */
let tabs: readonly string[] = [];

function currentTrace(s: AppState): LoadedTrace | null {
  const info = s.session.info;
  if (!info) return null;
  const source = s.session.source;
  // A trace from an address travels as that address; so does the sample, so that a link
  // made while trying the app opens by itself where the same app is served.
  const url =
    source?.kind === 'url' ? source.name : source?.kind === 'sample' ? new URL(samplePath(), window.location.href).href : null;
  return { identity: identityOf(info), url };
}

/** A trace's identity in links: its fingerprint is '' until it is known (name and size name it meanwhile). */
function identityOf(info: TraceInfo): TraceIdentity {
  return { name: info.name, size: info.inputBytes, contentHash: info.contentHash ?? '' };
}

/** The link of the current view, or null before a trace is ready. */
export function currentView(): SharedView | null {
  const s = useAppStore.getState();
  if (!loaded || s.session.status !== 'ready') return null;
  const view = sharedViewOf(s.explore, s.view.activeView, loaded.trace, loaded.tasks, s.view);
  const compare = loadedB ? sharedCompareOf(s.compare, loadedB.trace, loadedB.tasks) : null;
  return compare ? { ...view, compare } : view;
}

/** Side B's identity and address as a link carries them (compare.info, compare.source). */
function currentTraceB(s: AppState): LoadedTrace | null {
  const info = s.compare.info;
  if (!info) return null;
  const url = s.compare.source?.kind === 'url' ? s.compare.source.name : null;
  return { identity: identityOf(info), url };
}

/**
 * The link of the current view once the fingerprints it names are known (Share waits for
 * them: `shareWaitsForFingerprint` says whether it has to), or null when there is no view
 * to share by then.
 */
export async function shareableView(): Promise<SharedView | null> {
  const sides: ('a' | 'b')[] = ['a', 'b'];
  await Promise.all(sides.filter((side) => fingerprintPending(side)).map((side) => fingerprinted(side)));
  return currentView();
}

/** Whether Share has to wait for a fingerprint (side A's, or side B's in compare mode). */
export function shareWaitsForFingerprint(): boolean {
  return fingerprintPending('a') || fingerprintPending('b');
}

/** The identity to match a link's trace against: once the fingerprint is known when the link names one. */
async function identityToMatch(wanted: TraceIdentity | null, side: 'a' | 'b', known: TraceIdentity): Promise<TraceIdentity | null> {
  if (!wanted?.contentHash || !fingerprintPending(side)) return known;
  const info = await fingerprinted(side);
  return info ? identityOf(info) : null;
}

/**
 * Opens side B the way a link's compare part says: the same trace, its URL, or (a file
 * only the user has) the chooser, with the link notice naming the file.
 */
function startCompare(c: SharedCompare): void {
  const carried = c.embedded ? decodeEmbeddedTrace(c.embedded) : null;
  if (carried) {
    // Side B travels with the link: no identity to check (a text trace was gzipped for it).
    setLink({ pendingCompare: { ...c, trace: null } });
    void compareWithFile(new Blob([new Uint8Array(carried)]), c.trace?.name ?? 'side B from the link');
    return;
  }
  if (c.embedded) setLink({ notices: [...useAppStore.getState().link.notices, "Side B's trace carried in the link could not be read."] });
  setLink({ pendingCompare: c });
  if (c.same) void compareWithSame();
  else if (c.traceUrl) void compareWithUrl(c.traceUrl);
  else openCompareChooser();
}

/** Side B is ready: learn its tasks (for links) and apply a link's compare part waiting for it. */
async function onReadyB(): Promise<void> {
  const s = useAppStore.getState();
  const same = s.compare.source?.kind === 'same';
  const answer = await queryWorker('taskList', same ? 'a' : 'b');
  // Read after the wait: B's fingerprint may have come meanwhile.
  const trace = same ? (loaded?.trace ?? null) : currentTraceB(useAppStore.getState());
  if (answer.stale || !trace || useAppStore.getState().compare.status !== 'ready') return;
  const mine: Loaded = { tasks: answer.value.tasks.map((t) => ({ id: t.id, label: t.label })), cpus: answer.value.cpus, trace };
  loadedB = mine;
  const pending = useAppStore.getState().link.pendingCompare;
  if (pending) {
    // A link that names side B by its fingerprint is checked against B's once known.
    const identity = same ? trace.identity : await identityToMatch(pending.trace, 'b', trace.identity);
    if (loadedB !== mine) return;
    // Dismissed meanwhile: nothing to apply.
    if (identity && useAppStore.getState().link.pendingCompare === pending) applyPendingCompare(pending, mine, identity, same);
  }
  writeFragment(false);
}

/** Applies a link's compare part to side B, now ready (`identity`: B's, to check it against the link's). */
function applyPendingCompare(pending: SharedCompare, mine: Loaded, identity: TraceIdentity, same: boolean): void {
  setLink({ pendingCompare: null });
  const { patch, notices } = comparePatchOf(pending, mine.tasks, mine.cpus);
  if (pending.trace && !same && !sameTrace(pending.trace, identity)) {
    notices.unshift(otherSideBNotice(pending.trace.name));
  }
  applying = true;
  try {
    setCompare(patch);
  } finally {
    applying = false;
  }
  if (notices.length) setLink({ notices: [...useAppStore.getState().link.notices, ...notices] });
}

/** The compare part of a view (Back/Forward, a link): apply it, open side B for it, or leave. */
function applyCompare(c: SharedCompare | null): void {
  const s = useAppStore.getState();
  const active = s.compare.status !== 'off' && s.compare.status !== 'choosing';
  if (!c) {
    if (active) leaveCompare();
    return;
  }
  const sameB =
    s.compare.status === 'ready' &&
    loadedB !== null &&
    (c.same ? s.compare.source?.kind === 'same' : s.compare.source?.kind !== 'same' && (!c.trace || sameTrace(c.trace, loadedB.trace.identity)));
  if (sameB && loadedB) {
    const { patch, notices } = comparePatchOf(c, loadedB.tasks, loadedB.cpus);
    setCompare(patch);
    if (notices.length) setLink({ notices: [...useAppStore.getState().link.notices, ...notices] });
    return;
  }
  startCompare(c);
}

/** The full address of the current view (for the Share button). */
export function shareUrl(view: SharedView, base: string): string {
  const u = new URL(base);
  u.search = '';
  u.hash = encodeView(view);
  return u.href;
}

/**
 * The current view with the trace inside, or null when the trace is too large to carry.
 * In compare mode side B's trace goes in too (`bd`), each side up to the documented size,
 * unless B is the same trace or opens from its URL; a side B too large to carry stays out
 * (`compare.embedded` null: the link asks for its file, and the Share dialog says so).
 */
export async function embeddedView(view: SharedView): Promise<SharedView | null> {
  const answer = await queryWorker('inputBytes');
  if (answer.stale || !answer.value) return null;
  const d = await encodeEmbeddedTrace(answer.value);
  if (!d) return null;
  const withA: SharedView = { ...view, embedded: d, traceUrl: null };
  const c = view.compare;
  if (!c || c.same || c.traceUrl) return withA;
  const answerB = await queryWorker('inputBytes', 'b');
  if (answerB.stale || !answerB.value) return withA;
  const bd = await encodeEmbeddedTrace(answerB.value);
  return bd ? { ...withA, compare: { ...c, embedded: bd } } : withA;
}

/** Bumped by every view to apply: of two applied one after the other, the later one wins. */
let applySeq = 0;

async function applyView(view: SharedView): Promise<void> {
  if (!loaded) return;
  const seq = ++applySeq;
  // Each name once: open paths share their first names.
  const names = [...new Set([...view.zoomPath, ...view.focusPath, ...view.openPaths.flat(), ...(view.selectedFunction ? [view.selectedFunction] : [])])];
  const answer = names.length ? await queryWorker('knownNames', names) : null;
  // Back pressed twice: the entry left while its names were checked is not laid over the
  // one landed on (a view with no names to check is applied at once, before this answer).
  if (answer?.stale || seq !== applySeq) return;
  const known = new Set(names.filter((_, i) => answer?.value[i]));
  const { patch, notices } = explorePatchOf(view, loaded.tasks, loaded.cpus, (n) => known.has(n));
  const { tab, notice } = linkedTab(view, tabs);
  if (notice) notices.unshift(notice);
  applying = true;
  try {
    setExplore(patch);
    if (tab) setActiveView(tab);
    setCallersPane(view.callersPane);
    setRelativeTime(view.relativeTime);
    setFunctionsSort(view.functionsSort);
    setFunctionsOnlyMatches(view.functionsOnlyMatches);
    setEventName(view.eventName);
    // The chart zooms to it once it has its width and the link's task (use-linked-window.ts).
    const w = view.chartWindow;
    setLinkedChartWindow(w ? { trace: useAppStore.getState().session.traceId, task: patch.chartTask ?? -1, startNs: w[0], endNs: w[1] } : null);
    applyCompare(view.compare);
  } finally {
    applying = false;
  }
  lastWritten = currentView();
  if (notices.length) setLink({ notices: [...useAppStore.getState().link.notices, ...notices] });
}

/** The user chose to apply a link's view to a different trace. */
export async function applyPendingAnyway(): Promise<void> {
  // Typing held (held-write.ts) belongs to the entry on screen, as if written at once.
  writeTyped();
  const pending = useAppStore.getState().link.pending;
  setLink({ pending: null, mismatch: null });
  if (pending) await applyView(pending);
}

export function dismissLink(): void {
  setLink({ pending: null, mismatch: null, notices: [], pendingCompare: null });
}

/**
 * A link that names no trace applies to whichever is opened, so its view (the tab) can be
 * the one the first render at ready shows, instead of the Summary until onReady's round
 * trip to the worker (busy building ahead then) comes back: the page built the Summary's
 * tables and laid them out only to leave them (at 1M calls the two longest tasks of its
 * thread at ready, 38 and 35 ms of CPU). The rest of the link (filters, paths) needs the
 * trace's tasks and names: onReady applies it.
 */
function showLinkedViewAtReady(): void {
  const pending = useAppStore.getState().link.pending;
  const tab = pending && !pending.trace ? linkedTab(pending, tabs).tab : null;
  if (!tab) return;
  applying = true;
  try {
    setActiveView(tab);
  } finally {
    applying = false;
  }
}

async function onReady(): Promise<void> {
  // The entry on screen holds a view this page wrote of the trace before (another trace was
  // dropped on it): the new trace's view is an entry of its own, so Back returns to that
  // view. Otherwise (the page's first trace, a link's) the entry is written again in place.
  const replace = lastWritten === null || window.location.hash !== '#' + encodeView(lastWritten);
  const answer = await queryWorker('taskList');
  // Read after the wait: the fingerprint may have come meanwhile.
  const trace = currentTrace(useAppStore.getState());
  if (answer.stale || !trace) return;
  loaded = {
    tasks: answer.value.tasks.map((t) => ({ id: t.id, label: t.label })),
    cpus: answer.value.cpus,
    trace,
  };
  const mine = loaded;
  const pending = useAppStore.getState().link.pending;
  const pendingCompare = useAppStore.getState().link.pendingCompare;
  if (!pending && pendingCompare) startCompare(pendingCompare);
  if (pending) {
    // A link that names its trace by fingerprint is matched once the trace's is known.
    const identity = await identityToMatch(pending.trace, 'a', trace.identity);
    if (loaded !== mine) return;
    if (!identity || useAppStore.getState().link.pending !== pending) {
      // Dismissed meanwhile: nothing to apply.
    } else if (!pending.trace || sameTrace(pending.trace, identity)) {
      setLink({ pending: null, mismatch: null });
      await applyView(pending);
    } else {
      setLink({ mismatch: { expected: pending.trace, actual: identity } });
    }
  }
  writeFragment(replace);
}

/** Whether a side's info changed only by its fingerprint coming (state/fingerprint.ts). */
function fingerprintCame(before: TraceInfo | null, after: TraceInfo | null): boolean {
  return before !== after && before?.contentHash === null && after?.contentHash != null && before.name === after.name;
}

/**
 * A side's fingerprint came after ready: the link names the trace by it from now on, and
 * the fragment on screen is written again with it (replaced: it is the same view) when it
 * is this view's without the fingerprint: not when a write is on its way anyway, a link
 * still waits to be applied (it writes then), or Back / Forward landed on another entry
 * whose view is still being applied (that entry keeps its fragment).
 */
function learnFingerprints(state: AppState): void {
  const before = currentView();
  let learned = false;
  const traceA = currentTrace(state);
  if (loaded && traceA && traceA.identity.contentHash !== loaded.trace.identity.contentHash) {
    loaded.trace = traceA;
    learned = true;
  }
  const same = state.compare.source?.kind === 'same';
  const traceB = same ? loaded?.trace : currentTraceB(state);
  if (loadedB && traceB && traceB.identity.contentHash !== loadedB.trace.identity.contentHash) {
    loadedB.trace = traceB;
    learned = true;
  }
  if (!learned) return;
  const link = state.link;
  // Typing held (held-write.ts) is this view's: it is written first, and the fingerprint
  // over it in place, as when each keystroke was written at once.
  const typed = writeTyped();
  const onScreen = before !== null && (typed || window.location.hash === '#' + encodeView(before));
  if (onScreen && !applying && !writeLater && !link.pending && !link.pendingCompare) replaceWhenIdle(before);
}

/**
 * Writes the fingerprint into the entry on screen once the page is idle, not in the task
 * that brought it: at 1M calls it comes during the first zoom, and encoding and replacing
 * the fragment there cost ~7 ms of it. The entry is replaced only while it still holds
 * `before` (the view without the fingerprint): a write since, or Back / Forward, leaves it.
 * What is written is that view with the fingerprint, as at once before, even when the
 * store changed meanwhile: that change is written by its own write, which comes after this
 * one (idle callbacks run in the order they were asked for) and pushes as it would have.
 */
function replaceWhenIdle(before: SharedView): void {
  const stale = '#' + encodeView(before);
  const learned = currentView();
  if (!learned) return;
  const write = () => {
    if (window.location.hash !== stale) return;
    window.history.replaceState(null, '', '#' + encodeView(learned));
    if (lastWritten !== null && encodeView(lastWritten) === stale.slice(1)) lastWritten = learned;
  };
  whenIdle(write);
}

/** Runs `fn` once the page is idle (within 300 ms), or after 50 ms where there are no idle callbacks. */
function whenIdle(fn: () => void): void {
  if (typeof window.requestIdleCallback === 'function') window.requestIdleCallback(fn, { timeout: 300 });
  else setTimeout(fn, 50);
}

/** A fragment write waiting for an idle moment (see `writeSoon`). */
let writeLater: (() => void) | null = null;

/**
 * Writes the fragment once the page is idle rather than inside the click or keystroke:
 * `pushState` costs a few ms of main thread, which the screen update waits for otherwise
 * (a flame graph zoom measured ~3.5 ms of its ~30 ms there). Changes in between coalesce
 * into one write.
 */
function writeSoon(): void {
  if (writeLater) return;
  const write = () => {
    if (writeLater !== write) return;
    writeLater = null;
    writeFragment(false);
  };
  writeLater = write;
  whenIdle(write);
}

/** How long the search box stays unchanged before more typing is written. */
export const TYPING_PAUSE_MS = 500;

const typingPause = new HeldWrite<SharedView>(TYPING_PAUSE_MS, () => writeSoon());

/**
 * Whether the change is more typing in the search box, whose write then waits for the
 * typing to pause (held-write.ts); not while a write is on its way (the change joins it).
 */
function holdTyping(): boolean {
  if (writeLater || lastWritten === null) return false;
  const view = currentView();
  if (!view || !isTypingOnly(lastWritten, view)) return false;
  typingPause.hold(view);
  return true;
}

/**
 * A change of another kind while typing was held: the view typed so far is written first,
 * in place, as it would have been (before this change's write: idle callbacks run in the
 * order they were asked for), unless something wrote since.
 */
function writeTyped(): boolean {
  const typed = typingPause.take();
  if (!typed) return false;
  const from = lastWritten;
  whenIdle(() => {
    if (lastWritten !== from || applying) return;
    const fragment = '#' + encodeView(typed);
    if (fragment !== window.location.hash) window.history.replaceState(null, '', fragment);
    lastWritten = typed;
  });
  return true;
}

/** How long the chart's window stays still before it is written. */
const SETTLE_MS = 200;

/**
 * A zoom or pan of the flame chart changes its window on every animation frame of a wheel
 * or a drag, and the page is idle between them: the fragment is written once the window
 * has stayed still for SETTLE_MS, not replaced a few times a second during the gesture.
 * A change of another kind meanwhile writes the window with it.
 */
const chartSettle = new HeldWrite<true>(SETTLE_MS, () => writeSoon());

/**
 * Whether the view slice changed only by the flame chart's window (what the chart reports as
 * it draws) or a link's window used up by the chart: that one waits to be written until the
 * chart has drawn the window it now shows, so the fragment never loses the link's window
 * in between.
 */
function onlyChartWindowMoved(a: ViewState, b: ViewState): boolean {
  const moving = (k: keyof ViewState) => k === 'chartWindow' || k === 'linkedChartWindow';
  return (Object.keys(b) as (keyof ViewState)[]).every((k) => moving(k) || a[k] === b[k]);
}

function writeFragment(replace: boolean): void {
  writeLater = null;
  chartSettle.cancel();
  // This write has the typing in it.
  typingPause.cancel();
  // The first write after a reveal's mark is the reveal's (or it changed nothing): the mark ends here.
  const revealed = takeAutomaticReveal();
  if (applying) return;
  const view = currentView();
  if (!view) return;
  const fragment = '#' + encodeView(view);
  if (fragment === window.location.hash) return;
  const typing =
    lastWritten !== null && (isTypingOnly(lastWritten, view) || isOpenRowsOnly(lastWritten, view) || isChartWindowOnly(lastWritten, view));
  // A search hit revealed after the search's entry was written joins that entry (automatic-reveal.ts).
  const reveal = revealed && lastWritten !== null && isRevealOnly(lastWritten, view);
  if (replace || typing || reveal) window.history.replaceState(null, '', fragment);
  else window.history.pushState(null, '', fragment);
  lastWritten = view;
}

/**
 * Opens the trace a link carries (inside it, or by its address), its view waiting in
 * link.pending (set by the caller); false when the link carries none (a file only the user has).
 */
function openLinkedTrace(view: SharedView): boolean {
  if (view.embedded) {
    const bytes = decodeEmbeddedTrace(view.embedded);
    if (bytes) {
      // The trace travels with the view: no identity to check (a text trace was gzipped
      // for the link, so its hash differs from the original file's anyway).
      setLink({ pending: { ...view, trace: null } });
      void openFile(new Blob([new Uint8Array(bytes)]), view.trace?.name ?? 'trace from the link');
      return true;
    }
    setLink({ notices: [...useAppStore.getState().link.notices, 'The trace carried in the link could not be read.'] });
  }
  if (view.traceUrl) {
    void openUrl(view.traceUrl);
    return true;
  }
  return false;
}

/**
 * The page landed on another entry without reloading: Back or Forward, or a link pasted
 * into the address bar of this page (a fragment navigation). A view of the trace on screen
 * is applied. A view of another trace is not dropped in silence (the old view would stay
 * under the new address): the trace it carries is opened, as in a new tab, and one it only
 * names is asked for, with the offer to apply the view to the trace on screen.
 */
function onPopState(): void {
  // A write still waiting belongs to the entry the user just left (and so does a reveal's mark).
  writeLater = null;
  chartSettle.cancel();
  typingPause.cancel();
  takeAutomaticReveal();
  const { view, notices } = decodeView(window.location.hash);
  // A trace address outside the page's policy (a link pasted here, made where the trace came
  // from another server) would be refused: the page starts again at the new address, which
  // allows it, as a link opened in a new tab does.
  const urls = [view.traceUrl, view.compare?.traceUrl].filter((u): u is string => typeof u === 'string');
  if (urls.some((u) => !fetchable.has(new URL(u).origin))) {
    window.location.reload();
    return;
  }
  if (notices.length) setLink({ notices });
  if (loaded && (!view.trace || sameTrace(view.trace, loaded.trace.identity))) {
    void applyView(view);
    return;
  }
  // A fragment that asks for no view (or could not be read) changes nothing.
  if (encodeView(view) === encodeView(EMPTY_VIEW)) return;
  setLink({ pending: view, mismatch: null, pendingCompare: view.compare });
  if (openLinkedTrace(view) || !view.trace) return;
  // A file only the user has: the notice asks for it (or offers to apply the view to this trace).
  setLink({ mismatch: loaded ? { expected: view.trace, actual: loaded.trace.identity } : null, pendingCompare: null });
}

/**
 * Starts the permalink machinery and opens what the page address asks for. Call once, at
 * boot, instead of `openFromLocation`. `views`: the ids of the views area's tabs, so a link
 * naming another is told apart (ui/app/views.ts; the state layer cannot import it).
 */
export function startPermalinks(views: readonly string[] = []): void {
  tabs = views;
  fetchable = fetchableOrigins(window.location.href);
  const { view, notices } = decodeView(window.location.hash);
  const hasFragment = window.location.hash.length > 1;
  if (notices.length) setLink({ notices });
  // A fragment that reads as just `v=N` (or could not be read at all) asks for no view.
  const asksForView = hasFragment && encodeView(view) !== encodeView(EMPTY_VIEW);

  useAppStore.subscribe((state, prev) => {
    if (state.session.status === 'loading' && prev.session.status !== 'loading') {
      // Filters name tasks and functions of the previous trace: a new trace starts clean
      // (a link's pending view is applied when it is ready).
      setExplore({ ...initialExplore, kernelVersion: state.explore.kernelVersion });
      // So does the Events view's event name (a name of the previous trace's events).
      if (state.view.eventName !== null) setEventName(null);
    }
    if (state.session.status === 'ready' && prev.session.status !== 'ready') {
      showLinkedViewAtReady();
      void onReady();
    }
    if (state.session.status !== 'ready') {
      if (prev.session.status === 'ready') loaded = null;
      loadedB = null;
      return;
    }
    if (fingerprintCame(prev.session.info, state.session.info) || fingerprintCame(prev.compare.info, state.compare.info)) {
      // state/fingerprint.ts: nothing else changes with it.
      learnFingerprints(state);
      return;
    }
    if (state.compare.status === 'ready' && (prev.compare.status !== 'ready' || state.compare.epoch !== prev.compare.epoch)) {
      loadedB = null;
      void onReadyB();
      return;
    }
    if (state.compare.status !== 'ready' && loadedB) {
      loadedB = null;
      if (state.compare.status === 'off' && !applying) {
        writeTyped();
        writeSoon();
      }
    }
    const compareChanged = state.compare !== prev.compare && state.compare.status === 'ready';
    if (applying || !(state.explore !== prev.explore || state.view !== prev.view || compareChanged)) return;
    if (state.explore !== prev.explore && holdTyping()) return;
    writeTyped();
    if (state.explore === prev.explore && !compareChanged && onlyChartWindowMoved(prev.view, state.view)) chartSettle.hold(true);
    else writeSoon();
  });
  window.addEventListener('popstate', onPopState);

  // A compare link names side B from the start (the notice asks for both files).
  if (asksForView) setLink({ pending: view, pendingCompare: view.compare });
  const params = new URLSearchParams(window.location.search);
  const vs = params.get('vs');
  if (vs !== null) {
    // `?url=A&vs=B`: side B from its address, once side A is ready.
    const checked = checkTraceUrl(vs, window.location.href);
    if (typeof checked === 'string') setLink({ pendingCompare: { ...EMPTY_COMPARE, traceUrl: checked } });
    else setLink({ notices: [...useAppStore.getState().link.notices, `The vs parameter was ignored: ${checked.message}`] });
  }
  if (params.has('url') || params.has('sample')) {
    void openFromLocation(window.location);
    return;
  }
  if (openLinkedTrace(view)) return;
  // No fragment: the usual start (the sample). A fragment that names a trace waits for it.
  if (!hasFragment) void openFromLocation(window.location);
}
