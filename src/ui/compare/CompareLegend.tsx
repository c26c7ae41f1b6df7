/**
 * The question compare mode leads with: which functions are only in A, only in B, in both,
 * counted as functions (distinct names: "12 functions") and as call paths ("40 paths": a
 * function in both can run on a path one side lacks). Each entry is a toggle that filters
 * the views: the table keeps the functions of that presence, the differential flame graph
 * and the tree the paths of that presence (the others are dimmed or left out).
 */
import { useEffect, useState } from 'react';
import { fetchComparedTreeLevels } from '../../state/compare-queries';
import type { PresenceFilter } from '../../state/slices/compare';
import { setCompare, useAppStore } from '../../state/store';
import { formatCount } from '../format';
import { compareRequest, useCompareQuestion } from './use-compare-question';
import { emptySideNote } from './compare-format';

type Counts = { onlyA: number; onlyB: number; both: number };
type LegendCounts = { functions: Counts; paths: Counts };

const plural = (n: number, word: string) => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;

const ENTRIES: readonly { key: Exclude<PresenceFilter, 'all'>; label: string }[] = [
  { key: 'onlyA', label: 'Only in A' },
  { key: 'onlyB', label: 'Only in B' },
  { key: 'both', label: 'In both' },
];

export function CompareLegend() {
  const question = useCompareQuestion();
  const presence = useAppStore((s) => s.compare.presence);
  const filterB = useAppStore((s) => s.compare.filterB);
  const from = useAppStore((s) => s.compare.pathsFrom);
  const [counts, setCounts] = useState<LegendCounts | null>(null);
  useEffect(() => {
    let live = true;
    const { a, b, exactNames, quantity, normalisation } = compareRequest(question);
    // No paths asked: just the merged tree's counts.
    fetchComparedTreeLevels({ a, b, exactNames, quantity, normalisation }, []).then(
      (t) => live && t && setCounts({ functions: t.functionCounts, paths: t.counts }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [question]);
  const empty = counts ? emptySideNote(counts.functions, filterB, from) : null;
  return (
    <>
      <div className="cmp-legend" role="group" aria-label="Functions and call paths by side">
        {ENTRIES.map((e) => (
          <button
            key={e.key}
            type="button"
            className={`cmp-legend-entry legend-${e.key}`}
            aria-pressed={presence === e.key}
            data-count={counts ? counts.functions[e.key] : ''}
            data-paths={counts ? counts.paths[e.key] : ''}
            title={presence === e.key ? 'Show every function and path again' : `Show only the functions and paths ${e.label.toLowerCase()}`}
            onClick={() => setCompare({ presence: presence === e.key ? 'all' : e.key })}
          >
            <span className="cmp-legend-swatch" aria-hidden="true" />
            {e.label}
            <span className="cmp-legend-count">
              {counts ? `${plural(counts.functions[e.key], 'function')} · ${plural(counts.paths[e.key], 'path')}` : '…'}
            </span>
          </button>
        ))}
      </div>
      {empty && (
        <p className="cmp-empty-note" role="status">
          {empty}
        </p>
      )}
    </>
  );
}
