/**
 * An answer from the worker for a question that changes with `ask` (pass a useCallback):
 * 'loading' while asked, null when the worker has none or failed; an answer to an older
 * question is dropped. The hook candidate lists of both panels share it.
 */
import { useEffect, useState } from 'react';

export function useAsked<T>(ask: () => Promise<T | null>): T | null | 'loading' {
  const [answer, setAnswer] = useState<T | null | 'loading'>('loading');
  useEffect(() => {
    let live = true;
    setAnswer('loading');
    ask().then(
      (a) => live && setAnswer(a),
      () => live && setAnswer(null),
    );
    return () => {
      live = false;
    };
  }, [ask]);
  return answer;
}
