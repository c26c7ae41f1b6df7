/**
 * The flame views' way to the Hook points panel: a header button that shows it under the
 * canvas for the selected function (the frame last clicked), and the state that keeps it
 * open. It opens by itself when a hover card's "Hook candidates under it" is used; closed,
 * the canvas keeps its whole height.
 */
import { useState } from 'react';
import { setHookCandidatesOf, useAppStore } from '../../state/store';
import { HookPointsPanel } from './HookPointsPanel';

export function useFlameHooks() {
  const [pinned, setPinned] = useState(false);
  const candidatesOf = useAppStore((s) => s.view.hookCandidatesOf);
  const open = pinned || candidatesOf !== null;
  const toggle = () => {
    if (open) setHookCandidatesOf(null);
    setPinned(!open);
  };
  return { open, toggle };
}

export function FlameHooksButton({ open, toggle }: { open: boolean; toggle: () => void }) {
  return (
    <button type="button" className="button small" aria-pressed={open} onClick={toggle} title="Where to hook the selected function: entry points, latency, one-liners">
      Hook points
    </button>
  );
}

export function FlameHooksPane() {
  return (
    <div className="flame-hooks">
      <HookPointsPanel />
    </div>
  );
}
