/**
 * Kernel source links for the main thread. The rules (which names have an identifier,
 * which version tags are valid, how the Elixir URL is built and encoded) live in core
 * (core/names/kernel-source.ts), which the UI may not import as values; so the UI asks
 * here, in batches, and caches the answers. Nothing is fetched: these are strings.
 */
import { elixirUrl, elixirVersionFromRelease, validateElixirVersion } from '../../core/names/kernel-source';

/** Largest batch answered at once (a screenful of rows is far fewer). */
export const MAX_SOURCE_LINK_BATCH = 5000;

/** The Elixir URL of each name for `version`, or null where no link must be made. */
export function sourceLinks(names: readonly string[], version: string): (string | null)[] {
  return names.slice(0, MAX_SOURCE_LINK_BATCH).map((n) => (typeof n === 'string' ? elixirUrl(n, version) : null));
}

export interface KernelVersionCheck {
  /** What was asked (so the main side can drop a stale answer). */
  input: string;
  /** The valid Elixir tag (trimmed), or null. */
  version: string | null;
}

/** Whether `input` is an Elixir version tag (`latest`, `v6.8`, `v6.12.5`, `v6.10-rc3`). */
export function checkKernelVersion(input: string): KernelVersionCheck {
  return { input, version: typeof input === 'string' ? validateElixirVersion(input) : null };
}

/** The Elixir tag for a kernel release (`6.8.0-45-generic` → `v6.8`), or null. */
export function kernelVersionFromRelease(release: string): string | null {
  return typeof release === 'string' && release !== '' ? elixirVersionFromRelease(release) : null;
}
