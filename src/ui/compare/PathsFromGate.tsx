/**
 * "Paths from F" in compare mode: the chip that says every compared path starts at function
 * F (with a button to compare from the first frame again), and what a side without F means.
 * F on one side only: every path is that side's, said above the views; on neither side:
 * nothing to compare, said instead of empty views. F is trace text (a link's, a typed
 * name): rendered as React text only.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { setPathsFrom } from '../../state/compare-actions';
import { fetchComparedTreeLevels } from '../../state/compare-queries';
import { useAppStore } from '../../state/store';
import { compareRequest, useCompareQuestion } from './use-compare-question';

/** Which sides have a path from F (in their own view), for the question asked. */
type FromSides = { key: string; a: boolean; b: boolean };

export function PathsFromGate({ children }: { children: ReactNode }) {
  const pathsFrom = useAppStore((s) => s.compare.pathsFrom);
  const question = useCompareQuestion();
  const [sides, setSides] = useState<FromSides | null>(null);
  const key = JSON.stringify([question.a, question.b, question.exactNames, question.epoch]);
  useEffect(() => {
    if (pathsFrom === null) return;
    let live = true;
    const { a, b, exactNames, quantity, normalisation } = compareRequest(question);
    // The legend's counts (the same comparison, kept by the worker): a side with a path has F.
    fetchComparedTreeLevels({ a, b, exactNames, quantity, normalisation }, []).then(
      (t) => live && t && setSides({ key, a: t.counts.onlyA + t.counts.both > 0, b: t.counts.onlyB + t.counts.both > 0 }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [pathsFrom, question, key]);
  if (pathsFrom === null) return <>{children}</>;
  const known = sides?.key === key ? sides : null;
  const neither = known !== null && !known.a && !known.b;
  const oneSide = known !== null && known.a !== known.b ? (known.a ? 'A' : 'B') : null;
  return (
    <>
      <p className="cmp-from" role="status" data-testid="paths-from">
        <span className="cmp-from-chip">
          {'Paths from '}
          <code className="cmp-from-name">
            <bdi>{pathsFrom}</bdi>
          </code>
          <button type="button" className="cmp-from-clear" aria-label="Compare paths from the first frame again" title="Paths from the first frame again" onClick={() => setPathsFrom(null)}>
            ×
          </button>
        </span>
        {oneSide && (
          <span className="cmp-from-note">
            {` Only side ${oneSide} calls it in its view; side ${oneSide === 'A' ? 'B' : 'A'} never does, so every path from it is only in ${oneSide}.`}
          </span>
        )}
      </p>
      {neither ? (
        <p className="flame-note cmp-from-none" role="alert">
          {'Neither side calls '}
          <code>
            <bdi>{pathsFrom}</bdi>
          </code>
          {' in its view: there is no path from it to compare. Pick another function (Compare from here on a frame or row) or clear “Paths from”.'}
        </p>
      ) : (
        children
      )}
    </>
  );
}
