/**
 * The Elixir URL of a function name for the chosen kernel version (explore.kernelVersion):
 * a string, or null while the worker has not answered or when the name must not be linked.
 */
import { useSyncExternalStore } from 'react';
import { sourceLinksRevision, sourceUrl, subscribeSourceLinks } from '../../state/source-link-queries';
import { useAppStore } from '../../state/store';

export function useSourceUrl(name: string): string | null {
  const version = useAppStore((s) => s.explore.kernelVersion);
  // Re-render when links arrive; the lookup itself queues the name when it is new.
  useSyncExternalStore(subscribeSourceLinks, sourceLinksRevision);
  return sourceUrl(name, version) ?? null;
}
