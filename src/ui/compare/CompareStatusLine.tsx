/** The status line of compare mode: which quantity is compared, and under which normalisation. */
import { useEffect, useState } from 'react';
import { fetchComparedTreeLevels } from '../../state/compare-queries';
import { useAppStore } from '../../state/store';
import { normalisationSentence } from './compare-format';
import { compareRequest, useCompareQuestion } from './use-compare-question';

type Factors = { a: number; b: number; missing: ('a' | 'b')[] };

export function CompareStatusLine() {
  const question = useCompareQuestion();
  const norm = useAppStore((s) => s.compare.normalisation);
  const [factors, setFactors] = useState<Factors | null>(null);
  useEffect(() => {
    let live = true;
    if (norm.kind === 'perCall' && norm.root === '') return;
    const { a, b, exactNames, quantity, normalisation } = compareRequest(question);
    fetchComparedTreeLevels({ a, b, exactNames, quantity, normalisation }, []).then(
      (t) => live && t && setFactors(t.factors),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [question, norm]);
  const text =
    norm.kind === 'perCall' && norm.root === ''
      ? 'Per call of which function? Type its name (e.g. __x64_sys_sendto).'
      : normalisationSentence(question.quantity, norm, factors);
  return (
    <p className="cmp-status" role="status" data-testid="compare-status">
      {text}
    </p>
  );
}
