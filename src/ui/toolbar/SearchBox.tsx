/**
 * The function search: a case-insensitive substring, or `/regex/flags`.
 *
 * Each edit is written to explore.search, which every view reads, in the input event itself.
 * The worker checks the pattern first (it owns the one pattern grammar): an invalid regex
 * marks the box invalid and shows why, and clears explore.search, so no view keeps the
 * highlights of the pattern before it (the box keeps the text to fix).
 *
 * Keys in the box: Enter / Shift+Enter step to the next / previous match, shown in the
 * call tree and the flame chart (`stepSearch`, see step.ts); Escape clears the search, and when it is already empty
 * leaves the box. Anywhere else (outside text fields): `/` or Ctrl+F focuses the box.
 */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { exploreFilter, fetchSearchStatus } from '../../state/search-queries';
import { setExplore, useAppStore } from '../../state/store';
import { isFreeKeyPress } from './keys';
import { stepSearchMatch, type StepPosition } from './step';

export interface SearchBoxProps {
  /** Id of the element that explains an invalid pattern (aria-describedby). */
  errorId: string;
  onError: (error: string | null) => void;
  /** Where Enter / Shift+Enter landed (null: no match to step to). */
  onStep: (position: StepPosition | null) => void;
}

export function SearchBox({ errorId, onError, onStep }: SearchBoxProps) {
  const committed = useAppStore((s) => s.explore.search);
  const [draft, setDraft] = useState(committed);
  const [invalid, setInvalid] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  /** Bumped by every edit: a check answered for an older draft is dropped. */
  const seq = useRef(0);
  /** The last value this box wrote to the store (to tell our own commits from outside changes). */
  const lastCommitted = useRef(committed);

  // The search changed elsewhere (a permalink, another view): show it.
  useEffect(() => {
    if (committed !== lastCommitted.current) {
      lastCommitted.current = committed;
      seq.current++;
      setDraft(committed);
      setInvalid(false);
      onError(null);
    }
  }, [committed, onError]);

  /** Checks `text` with the worker and, when valid, writes it to the store. Resolves true when committed. */
  const commit = useCallback(
    async (text: string): Promise<boolean> => {
      const mine = ++seq.current;
      // (the worker drops space around a pattern: core search.ts parseSearchPattern)
      if (text.trim().startsWith('/')) {
        // Only the `/regex/` form can be invalid; a substring always is fine.
        const status = await fetchSearchStatus(exploreFilter(useAppStore.getState().explore), text).catch(() => null);
        if (mine !== seq.current) return false;
        if (status && !status.ok) {
          setInvalid(true);
          onError(status.error);
          // No view keeps the marks of the previous pattern: an invalid one searches for nothing.
          lastCommitted.current = '';
          if (useAppStore.getState().explore.search !== '') setExplore({ search: '' });
          return false;
        }
      }
      setInvalid(false);
      onError(null);
      lastCommitted.current = text;
      if (useAppStore.getState().explore.search !== text) setExplore({ search: text });
      return true;
    },
    [onError],
  );

  // Committed in the keystroke's own event, not a task later: React renders the draft and the
  // views' new search in one pass, and the views' questions reach the worker while the page
  // paints the letter (a timer of 0 ms put 9-16 ms between the key and the question at 1M
  // calls, a third of a keystroke's time to its highlights). Stale answers are dropped.
  const onChange = (text: string) => {
    setDraft(text);
    void commit(text);
  };

  const onKeyDown = (e: ReactKeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      const direction = e.shiftKey ? -1 : 1;
      void commit(draft)
        .then((ok) => (ok && draft.trim() !== '' ? stepSearchMatch(direction) : null))
        .then(onStep, () => onStep(null));
    } else if (e.key === 'Escape') {
      // Chrome's own Escape on a search field would clear it without our commit.
      e.preventDefault();
      e.stopPropagation();
      // A second Escape (nothing left to clear) hands the keyboard back to the page.
      if (draft === '' && committed === '') e.currentTarget.blur();
      setDraft('');
      void commit('');
    }
  };

  // `/` or Ctrl+F (Cmd+F) outside text fields focuses the box.
  useEffect(() => {
    const onDocKey = (e: KeyboardEvent) => {
      const slash = e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey;
      const find = (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'f';
      if (!(slash || find) || !isFreeKeyPress(e)) return;
      e.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    document.addEventListener('keydown', onDocKey);
    return () => document.removeEventListener('keydown', onDocKey);
  }, []);

  return (
    <input
      ref={input}
      type="search"
      role="searchbox"
      className="search-input"
      aria-label="Search functions"
      aria-invalid={invalid}
      aria-describedby={invalid ? errorId : undefined}
      aria-keyshortcuts="/ Control+F"
      placeholder="Search functions: text or /regex/"
      spellCheck={false}
      autoComplete="off"
      value={draft}
      // The search every view shows (the draft may run ahead of it while typing).
      data-committed={committed}
      onChange={(e) => onChange(e.target.value)}
      onKeyDown={onKeyDown}
    />
  );
}
