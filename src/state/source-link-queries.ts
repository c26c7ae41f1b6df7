/**
 * Kernel source links and version tags, answered by the worker (service/queries/
 * source-links.ts, where the core rules live; the main thread may not run core code).
 *
 * Links are asked for in batches: every name a render needs is queued, and one request per
 * tick asks for all of them. Answers are cached per version (the cache of another version
 * is dropped when the version changes), and subscribers are told when new links arrive.
 *
 * The chosen version is remembered in localStorage so it survives a reload.
 */
import { queryWorker } from './actions';

/** localStorage key of the chosen Elixir version. */
export const KERNEL_VERSION_STORAGE_KEY = 'ftrace-explorer:kernel-version';
/** localStorage key of the versions the user typed before (newest first). */
export const KERNEL_VERSIONS_RECENT_KEY = 'ftrace-explorer:kernel-versions-recent';
const MAX_RECENT = 8;
/** Names cached per version before the cache starts over. */
const MAX_CACHED = 50_000;

let cacheVersion = '';
let cache = new Map<string, string | null>();
let queued = new Set<string>();
let flushScheduled = false;
let revision = 0;
const listeners = new Set<() => void>();

function notify(): void {
  revision++;
  for (const l of listeners) l();
}

/** Called when links arrive (useSyncExternalStore's subscribe). */
export function subscribeSourceLinks(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Changes whenever links arrive (useSyncExternalStore's snapshot). */
export function sourceLinksRevision(): number {
  return revision;
}

/** Starts the cache over when the version changes (not a React hook). */
function switchToVersion(version: string): void {
  if (version === cacheVersion) return;
  cacheVersion = version;
  cache = new Map();
  queued = new Set();
}

/**
 * The Elixir URL of `name` for `version`: a string, null for "no link", or undefined while
 * the worker has not answered yet (the name is then queued and subscribers are told when
 * it arrives).
 */
export function sourceUrl(name: string, version: string): string | null | undefined {
  switchToVersion(version);
  if (cache.has(name)) return cache.get(name);
  queued.add(name);
  if (!flushScheduled) {
    flushScheduled = true;
    setTimeout(() => void flush(), 0);
  }
  return undefined;
}

async function flush(): Promise<void> {
  flushScheduled = false;
  const version = cacheVersion;
  const names = [...queued];
  queued = new Set();
  if (names.length === 0) return;
  let answer;
  try {
    answer = await queryWorker('sourceLinks', names, version);
  } catch {
    return; // no worker (tests) or it failed: no links, which is the safe answer
  }
  if (answer.stale || version !== cacheVersion) return;
  if (cache.size + names.length > MAX_CACHED) cache = new Map();
  names.forEach((n, k) => cache.set(n, answer.value[k] ?? null));
  notify();
}

/** The valid Elixir tag for `input` (trimmed), or null; null too when the worker cannot answer. */
export async function checkKernelVersion(input: string): Promise<string | null> {
  try {
    const answer = await queryWorker('checkKernelVersion', input);
    return answer.stale ? null : answer.value.version;
  } catch {
    return null;
  }
}

/** The Elixir tag for a kernel release string (`6.8.0-45-generic` → `v6.8`), or null. */
export async function kernelVersionFromRelease(release: string): Promise<string | null> {
  if (release === '') return null;
  try {
    const answer = await queryWorker('kernelVersionFromRelease', release);
    return answer.stale ? null : answer.value;
  } catch {
    return null;
  }
}

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
