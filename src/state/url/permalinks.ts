/**
 * Keeps the URL fragment and the store in step (the one place that decides push vs
 * replace), and applies a permalink when its trace is open.
 *
 * On start: a fragment's trace URL or embedded trace is opened; a fragment that only names
 * a trace waits (link.pending) until the user opens a file, then applies if it is the same
 * trace or asks first (link.mismatch). Once a trace is ready, every meaningful change of
 * the view writes the fragment (a new history entry, or a replaced one while typing a
 * search); Back and Forward (popstate) apply the fragment they land on.
 */
import { openFile, openFromLocation, openUrl, queryWorker, samplePath } from '../actions';
import { setActiveView, setCallersPane, setExplore, setLink, useAppStore, type AppState } from '../store';
import { initialExplore } from '../slices/explore';
import { EMPTY_VIEW, decodeView, encodeView, type SharedView } from './codec';
import { decodeEmbeddedTrace, encodeEmbeddedTrace } from './embed';
import { explorePatchOf, isTypingOnly, sameTrace, sharedViewOf, type LoadedTrace, type TaskRef } from './view-mapping';

interface Loaded {
  tasks: TaskRef[];
  cpus: number[];
  trace: LoadedTrace;
}

let loaded: Loaded | null = null;
/** Set while a fragment is being applied, so applying it does not write it back. */
let applying = false;
let lastWritten: SharedView | null = null;

function currentTrace(s: AppState): LoadedTrace | null {
  const info = s.session.info;
  if (!info) return null;
  const source = s.session.source;
  // A trace from an address travels as that address; so does the sample, so that a link
  // made while trying the app opens by itself where the same app is served.
  const url =
    source?.kind === 'url' ? source.name : source?.kind === 'sample' ? new URL(samplePath(), window.location.href).href : null;
  return { identity: { name: info.name, size: info.inputBytes, contentHash: info.contentHash }, url };
}

/** The link of the current view, or null before a trace is ready. */
export function currentView(): SharedView | null {
  const s = useAppStore.getState();
  if (!loaded || s.session.status !== 'ready') return null;
  return sharedViewOf(s.explore, s.view.activeView, loaded.trace, loaded.tasks, s.view.callersPane);
}

/** The full address of the current view (for the Share button). */
export function shareUrl(view: SharedView, base: string): string {
  const u = new URL(base);
  u.search = '';
  u.hash = encodeView(view);
  return u.href;
}

/** The current view with the trace inside, or null when the trace is too large to carry. */
export async function embeddedView(view: SharedView): Promise<SharedView | null> {
  const answer = await queryWorker('inputBytes');
  if (answer.stale || !answer.value) return null;
  const d = await encodeEmbeddedTrace(answer.value);
  return d ? { ...view, embedded: d, traceUrl: null } : null;
}

async function applyView(view: SharedView): Promise<void> {
  if (!loaded) return;
  const names = [...view.zoomPath, ...view.focusPath, ...(view.selectedFunction ? [view.selectedFunction] : [])];
  const answer = names.length ? await queryWorker('knownNames', names) : null;
  if (answer?.stale) return;
  const known = new Set(names.filter((_, i) => answer?.value[i]));
  const { patch, notices } = explorePatchOf(view, loaded.tasks, loaded.cpus, (n) => known.has(n));
  applying = true;
  try {
    setExplore(patch);
    if (view.view) setActiveView(view.view);
    setCallersPane(view.callersPane);
  } finally {
    applying = false;
  }
  lastWritten = currentView();
  if (notices.length) setLink({ notices: [...useAppStore.getState().link.notices, ...notices] });
}

/** The user chose to apply a link's view to a different trace. */
export async function applyPendingAnyway(): Promise<void> {
  const pending = useAppStore.getState().link.pending;
  setLink({ pending: null, mismatch: null });
  if (pending) await applyView(pending);
}

export function dismissLink(): void {
  setLink({ pending: null, mismatch: null, notices: [] });
}

async function onReady(): Promise<void> {
  const s = useAppStore.getState();
  const trace = currentTrace(s);
  const answer = await queryWorker('taskList');
  if (answer.stale || !trace) return;
  loaded = {
    tasks: answer.value.tasks.map((t) => ({ id: t.id, label: t.label })),
    cpus: answer.value.cpus,
    trace,
  };
  const pending = useAppStore.getState().link.pending;
  if (pending) {
    if (!pending.trace || sameTrace(pending.trace, trace.identity)) {
      setLink({ pending: null, mismatch: null });
      await applyView(pending);
    } else {
      setLink({ mismatch: { expected: pending.trace, actual: trace.identity } });
    }
  }
  writeFragment(true);
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
  if (typeof window.requestIdleCallback === 'function') window.requestIdleCallback(write, { timeout: 300 });
  else setTimeout(write, 50);
}

function writeFragment(replace: boolean): void {
  writeLater = null;
  if (applying) return;
  const view = currentView();
  if (!view) return;
  const fragment = '#' + encodeView(view);
  if (fragment === window.location.hash) return;
  const typing = lastWritten !== null && isTypingOnly(lastWritten, view);
  if (replace || typing) window.history.replaceState(null, '', fragment);
  else window.history.pushState(null, '', fragment);
  lastWritten = view;
}

function onPopState(): void {
  // A write still waiting belongs to the entry the user just left.
  writeLater = null;
  const { view, notices } = decodeView(window.location.hash);
  if (notices.length) setLink({ notices });
  if (!loaded) return;
  if (view.trace && !sameTrace(view.trace, loaded.trace.identity)) return;
  void applyView(view);
}

/**
 * Starts the permalink machinery and opens what the page address asks for. Call once, at
 * boot, instead of `openFromLocation`.
 */
export function startPermalinks(): void {
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
    }
    if (state.session.status === 'ready' && prev.session.status !== 'ready') void onReady();
    if (state.session.status !== 'ready') {
      if (prev.session.status === 'ready') loaded = null;
      return;
    }
    if ((state.explore !== prev.explore || state.view !== prev.view) && !applying) writeSoon();
  });
  window.addEventListener('popstate', onPopState);

  if (asksForView) setLink({ pending: view });
  const params = new URLSearchParams(window.location.search);
  if (params.has('url') || params.has('sample')) {
    void openFromLocation(window.location);
    return;
  }
  if (view.embedded) {
    const bytes = decodeEmbeddedTrace(view.embedded);
    if (bytes) {
      // The trace travels with the view: no identity to check (a text trace was gzipped
      // for the link, so its hash differs from the original file's anyway).
      setLink({ pending: { ...view, trace: null } });
      void openFile(new Blob([new Uint8Array(bytes)]), view.trace?.name ?? 'trace from the link');
      return;
    }
    setLink({ notices: [...useAppStore.getState().link.notices, 'The trace carried in the link could not be read.'] });
  }
  if (view.traceUrl) {
    void openUrl(view.traceUrl);
    return;
  }
  // No fragment: the usual start (the sample). A fragment that names a trace waits for it.
  if (!hasFragment) void openFromLocation(window.location);
}
