/**
 * The kernel version the source links open on Elixir, remembered in localStorage so it
 * survives a reload, with the versions typed before. Links themselves are pure strings,
 * made where they are shown (lib/kernel-source.ts): nothing here asks the worker.
 */

/** localStorage key of the chosen Elixir version. */
const KERNEL_VERSION_STORAGE_KEY = 'ftrace-explorer:kernel-version';
/** localStorage key of the versions the user typed before (newest first). */
const KERNEL_VERSIONS_RECENT_KEY = 'ftrace-explorer:kernel-versions-recent';
const MAX_RECENT = 8;

function storage(): Storage | null {
  try {
    return typeof localStorage !== 'undefined' ? localStorage : null;
  } catch {
    return null; // storage disabled
  }
}

/** The remembered version as stored (still to be validated), or null. */
export function storedKernelVersion(): string | null {
  return storage()?.getItem(KERNEL_VERSION_STORAGE_KEY) ?? null;
}

/** Versions the user typed before, newest first. */
export function recentKernelVersions(): string[] {
  try {
    const raw = JSON.parse(storage()?.getItem(KERNEL_VERSIONS_RECENT_KEY) ?? '[]') as unknown;
    return Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string').slice(0, MAX_RECENT) : [];
  } catch {
    return [];
  }
}

/** Remembers a VALIDATED version as the current one and among the recent ones. */
export function rememberKernelVersion(version: string): void {
  const s = storage();
  if (!s) return;
  try {
    s.setItem(KERNEL_VERSION_STORAGE_KEY, version);
    if (version !== 'latest') {
      const recent = [version, ...recentKernelVersions().filter((v) => v !== version)].slice(0, MAX_RECENT);
      s.setItem(KERNEL_VERSIONS_RECENT_KEY, JSON.stringify(recent));
    }
  } catch {
    /* quota or disabled storage: the choice lasts for this page only */
  }
}

/**
 * The version the source links use for a trace that names `traceVersion` (its kernel as an
 * Elixir tag, null when it names none). A choice wins: one remembered from an earlier visit
 * (`stored`), or one made now (a link's, a pick: `current` when it is neither `latest` nor
 * the trace default set before, `autoPicked`). Otherwise the trace's own kernel, or `latest`.
 */
export function traceKernelVersion(current: string, autoPicked: string | null, stored: string | null, traceVersion: string | null): string {
  if (stored !== null) return current;
  if (current !== 'latest' && current !== autoPicked) return current;
  return traceVersion ?? 'latest';
}
