/**
 * The question compare mode leads with: which call paths are only in A, only in B, in
 * both, with their counts. Each entry is a toggle that filters the views (the other
 * paths are dimmed in the differential flame graph and left out of the table and tree).
 */
import { useEffect, useState } from 'react';
import { fetchComparedTreeLevels } from '../../state/compare-queries';
import type { PresenceFilter } from '../../state/slices/compare';
import { setCompare, useAppStore } from '../../state/store';
import { formatCount } from '../format';
import { compareRequest, useCompareQuestion } from './use-compare-question';

type Counts = { onlyA: number; onlyB: number; both: number };

const ENTRIES: readonly { key: Exclude<PresenceFilter, 'all'>; label: string }[] = [
  { key: 'onlyA', label: 'Only in A' },
  { key: 'onlyB', label: 'Only in B' },
  { key: 'both', label: 'In both' },
];

export function CompareLegend() {
  const question = useCompareQuestion();
  const presence = useAppStore((s) => s.compare.presence);
  const [counts, setCounts] = useState<Counts | null>(null);
  useEffect(() => {
    let live = true;
    const { a, b, quantity, normalisation } = compareRequest(question);
    // No paths asked: just the merged tree's counts.
    fetchComparedTreeLevels({ a, b, quantity, normalisation }, []).then(
      (t) => live && t && setCounts(t.counts),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [question]);
  return (
    <div className="cmp-legend" role="group" aria-label="Call paths by side">
      {ENTRIES.map((e) => (
        <button
          key={e.key}
          type="button"
          className={`cmp-legend-entry legend-${e.key}`}
          aria-pressed={presence === e.key}
          data-count={counts ? counts[e.key] : ''}
          title={presence === e.key ? 'Show every path again' : `Show only the paths ${e.label.toLowerCase()}`}
          onClick={() => setCompare({ presence: presence === e.key ? 'all' : e.key })}
        >
          <span className="cmp-legend-swatch" aria-hidden="true" />
          {e.label}
          <span className="cmp-legend-count">{counts ? `${formatCount(counts[e.key])} paths` : '…'}</span>
        </button>
      ))}
    </div>
  );
}
