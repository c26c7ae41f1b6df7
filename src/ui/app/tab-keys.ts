/** The tab a view tablist's ← / → moves to (wrapping around), or null for any other key. */
export function tabAfterKey<T extends { id: string }>(tabs: readonly T[], activeId: string, key: string): T | null {
  if ((key !== 'ArrowRight' && key !== 'ArrowLeft') || tabs.length === 0) return null;
  const i = Math.max(0, tabs.findIndex((t) => t.id === activeId));
  return tabs[(i + (key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
}
