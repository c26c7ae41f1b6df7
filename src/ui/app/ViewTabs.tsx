/**
 * A row of view tabs (role tablist): one tab per view, the active one selected and the only
 * one in the tab order; ← / → move to the previous / next view (wrapping) and focus its tab.
 * Each tab controls the panel `view-<id>` the caller renders. Used by the views area (side
 * A's views) and by compare mode's views.
 */
import type { KeyboardEvent } from 'react';
import { tabAfterKey } from './tab-keys';

export interface ViewTab<Id extends string = string> {
  id: Id;
  label: string;
}

export function ViewTabs<Id extends string>({
  label,
  tabs,
  activeId,
  onSelect,
}: {
  /** The tablist's accessible name. */
  label: string;
  tabs: readonly ViewTab<Id>[];
  activeId: Id;
  onSelect: (id: Id) => void;
}) {
  const onKeyDown = (e: KeyboardEvent) => {
    const next = tabAfterKey(tabs, activeId, e.key);
    if (!next) return;
    onSelect(next.id);
    document.getElementById(`tab-${next.id}`)?.focus();
  };
  return (
    <div className="view-tabs" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
      {tabs.map((v) => (
        <button
          key={v.id}
          id={`tab-${v.id}`}
          type="button"
          role="tab"
          className="view-tab"
          aria-selected={v.id === activeId}
          aria-controls={`view-${v.id}`}
          tabIndex={v.id === activeId ? 0 : -1}
          onClick={() => onSelect(v.id)}
        >
          {v.label}
        </button>
      ))}
    </div>
  );
}
