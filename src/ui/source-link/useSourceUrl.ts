/**
 * The Elixir URL of a function name for the chosen kernel version (explore.kernelVersion),
 * or null when the name must not be linked. Made here, synchronously, by the one set of
 * rules (lib/kernel-source.ts): a link is a string, not a question for the worker.
 */
import { useMemo } from 'react';
import { elixirUrl } from '../../lib/kernel-source';
import { useAppStore } from '../../state/store';

export function useSourceUrl(name: string): string | null {
  const version = useAppStore((s) => s.explore.kernelVersion);
  return useMemo(() => elixirUrl(name, version), [name, version]);
}
