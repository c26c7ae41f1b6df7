/**
 * A component's own LatestQuestion (lib/latest-question.ts): one question at a time, only the
 * latest of those waiting asked; what is still waiting when the component goes is dropped.
 */
import { useEffect, useState } from 'react';
import { LatestQuestion } from '../lib/latest-question';

export function useLatestQuestion<T>(): LatestQuestion<T> {
  const [lane] = useState(() => new LatestQuestion<T>());
  useEffect(() => () => lane.drop(), [lane]);
  return lane;
}
