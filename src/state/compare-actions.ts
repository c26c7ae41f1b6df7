/**
 * Compare mode's actions: open side B (a file, a URL, pasted text, or the trace of side A
 * again), cancel its load, page its diagnostics, leave compare mode. Side B loads in the
 * same worker beside A, with progress and Cancel; A's session and view are never touched,
 * so leaving shows A as it was.
 *
 * Status flow (compare.status): off → choosing → loading → ready | error; Cancel or
 * Leave → off. `epoch` is bumped whenever side B changes, so the compare views ask anew.
 */
import type { ClientSideBLoadResult, LoadProgress } from '../client/trace-client';
import { queryWorker, requireClient } from './actions';
import { initialCompare, initialSideFilter, type CompareSource, type CompareState } from './slices/compare';
import { setCompare, useAppStore } from './store';
import { learnFingerprint } from './fingerprint';

const DIAGNOSTICS_PAGE = 200;
const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Opens the chooser (the header's "Compare with…"). */
export function openCompareChooser(): void {
  const c = useAppStore.getState().compare;
  if (c.status === 'off') setCompare({ status: 'choosing' });
}

/** Closes the chooser without choosing. */
export function closeCompareChooser(): void {
  if (useAppStore.getState().compare.status === 'choosing') setCompare({ status: 'off' });
}

function beginB(source: CompareSource, totalBytes: number, keep: Partial<CompareState>): (p: LoadProgress) => void {
  const startedAt = now();
  const c = useAppStore.getState().compare;
  setCompare({
    ...initialCompare,
    // The comparison's settings stay what they were (a link may have set them first).
    ...pickSettings(c),
    ...keep,
    status: 'loading',
    source,
    epoch: c.epoch + 1,
    progress: { bytes: 0, totalBytes, lines: 0, startedAt, updatedAt: startedAt },
  });
  return (p) => {
    const s = useAppStore.getState().compare;
    if (s.status !== 'loading' || s.source !== source) return;
    setCompare({ progress: { ...p, startedAt, updatedAt: now() } });
  };
}

function pickSettings(c: CompareState): Partial<CompareState> {
  const { quantity, normalisation, layoutBy, negated, presence, minChangePercent, underZoom, zoomPath, focusPath, pathsFrom, exactNames, view } = c;
  return { quantity, normalisation, layoutBy, negated, presence, minChangePercent, underZoom, zoomPath, focusPath, pathsFrom, exactNames, view };
}

/**
 * Applies side B's load answer, unless side B was changed meanwhile: another load makes it
 * stale in the client, but the same trace (`compareWithSame`, a link's Back step) takes
 * side B without a load, and this answer must not undo it.
 */
async function finishB(source: CompareSource, result: ClientSideBLoadResult): Promise<void> {
  if (result.kind === 'stale' || useAppStore.getState().compare.source !== source) return;
  if (result.kind === 'cancelled') {
    setCompare({ ...initialCompare, epoch: useAppStore.getState().compare.epoch + 1 });
    return;
  }
  const epoch = useAppStore.getState().compare.epoch;
  const page = result.kind === 'loaded' || result.summary ? await queryWorker('diagnostics', 0, DIAGNOSTICS_PAGE, 'b') : undefined;
  if (page?.stale || useAppStore.getState().compare.epoch !== epoch) return;
  const diagnostics = page ? { items: page.value.items, total: page.value.total } : initialCompare.diagnostics;
  if (result.kind === 'loaded') {
    setCompare({ status: 'ready', error: null, info: result.info, summary: result.summary, diagnostics, progress: null });
    void learnFingerprint('b');
  } else {
    setCompare({ status: 'error', error: result.message, info: result.info, summary: result.summary, diagnostics, progress: null });
  }
}

/**
 * Side B's filters when it is another trace: none of A's task, CPUs or range (they name that
 * trace's pids, CPUs and times), but A's "syscalls only", which names no trace. Off on B
 * alone, B's paths start at the first frame (x64_sys_call where x86 has that dispatcher) while
 * A's start at the syscall entry, and no path is in both; `cli diff --syscalls-only` filters both.
 */
function otherTraceFilter(): CompareState['filterB'] {
  return { ...initialSideFilter, syscallsOnly: useAppStore.getState().explore.syscallsOnly };
}

/** Side B from a file (the chooser's input, a drop onto it, a link's file). */
export async function compareWithFile(file: Blob, name = (file as File).name ?? 'trace', keep: Partial<CompareState> = {}): Promise<void> {
  const client = requireClient();
  if (!client.loadBlobB) throw new Error('this trace client cannot load a side B');
  const source: CompareSource = { kind: 'file', name };
  const onProgress = beginB(source, file.size, { filterB: otherTraceFilter(), ...keep });
  await finishB(source, await client.loadBlobB(file, name, onProgress));
}

/** Side B from an http(s) URL (`?vs=`, a link's side B). */
export async function compareWithUrl(url: string, keep: Partial<CompareState> = {}): Promise<void> {
  const client = requireClient();
  if (!client.loadUrlB) throw new Error('this trace client cannot load a side B');
  const source: CompareSource = { kind: 'url', name: url };
  const onProgress = beginB(source, 0, { filterB: otherTraceFilter(), ...keep });
  await finishB(source, await client.loadUrlB(url, onProgress));
}

/** Side B from pasted text. */
export async function compareWithText(text: string): Promise<void> {
  const client = requireClient();
  if (!client.loadTextB) throw new Error('this trace client cannot load a side B');
  const source: CompareSource = { kind: 'text', name: 'pasted text' };
  beginB(source, text.length, { filterB: otherTraceFilter() });
  await finishB(source, await client.loadTextB(text, 'pasted text'));
}

/**
 * Side B is the trace of side A, seen through other filters (picked in the compare
 * toolbar): B starts with A's filters, so the user changes what differs.
 */
export async function compareWithSame(keep: Partial<CompareState> = {}): Promise<void> {
  const { session, explore, compare } = useAppStore.getState();
  // A side B still loading (a fetch, a read) is stopped first: once its fetch is done it
  // would read its trace into the worker's side B, over this one.
  if (compare.status === 'loading' && compare.source?.kind !== 'same') requireClient().cancelB?.();
  const source: CompareSource = { kind: 'same', name: session.source?.name ?? session.info?.name ?? 'the same trace' };
  setCompare({
    ...initialCompare,
    ...pickSettings(compare),
    filterB: { tasks: explore.tasks, cpus: explore.cpus, range: explore.range, syscallsOnly: explore.syscallsOnly },
    ...keep,
    status: 'loading',
    source,
    epoch: compare.epoch + 1,
  });
  const answer = await queryWorker('compareWithSame');
  const current = useAppStore.getState().compare;
  if (answer.stale || current.source !== source) return;
  if (!answer.value) {
    setCompare({ status: 'error', error: 'No trace is open to compare with itself.' });
    return;
  }
  setCompare({ status: 'ready', info: session.info, summary: session.summary, diagnostics: session.diagnostics, error: null });
  // A's fingerprint may still be on its way: B (the same input) learns it too.
  void learnFingerprint('b');
}

/**
 * "Paths from": every compared path starts at function `name` on both sides (null: from the
 * first frame again). The zoom and the focus are paths from the old start: dropped.
 */
export function setPathsFrom(name: string | null): void {
  const from = name === null || name.trim() === '' ? null : name;
  if (useAppStore.getState().compare.pathsFrom === from) return;
  setCompare({ pathsFrom: from, zoomPath: [], focusPath: [] });
}

/** Stops side B's load (or drops side B) and leaves compare mode: side A stays as it was. */
export function leaveCompare(): void {
  const c = useAppStore.getState().compare;
  if (c.status === 'off') return;
  requireClient().cancelB?.();
  setCompare({ ...initialCompare, epoch: c.epoch + 1 });
}

/** The next page of side B's diagnostics. */
export async function loadMoreDiagnosticsB(): Promise<void> {
  const { items } = useAppStore.getState().compare.diagnostics;
  const page = await queryWorker('diagnostics', items.length, DIAGNOSTICS_PAGE, 'b');
  if (page.stale) return;
  const current = useAppStore.getState().compare.diagnostics;
  if (current.items.length !== page.value.offset) return;
  setCompare({ diagnostics: { items: [...current.items, ...page.value.items], total: page.value.total } });
}
