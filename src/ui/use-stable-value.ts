/**
 * The same object for as long as its JSON stays the same. Filters are rebuilt on every store
 * change; an effect keyed by `useStableValue(filter)` runs when the filter's value changes,
 * not its identity, and its dependency list stays checkable by the hooks lint.
 */
import { useRef } from 'react';

export function useStableValue<T>(value: T): T {
  const key = JSON.stringify(value);
  const kept = useRef({ key, value });
  if (kept.current.key !== key) kept.current = { key, value };
  return kept.current.value;
}
