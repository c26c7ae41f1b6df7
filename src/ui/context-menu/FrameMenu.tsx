/**
 * The one context menu of every frame and row (flame graph, flame chart, call tree,
 * functions table, the compared table and tree): Copy name, Copy stack, Open source, Search
 * for it, Hook points, and the view's own actions (compare mode's Compare from here). Opened
 * by a right click, the keyboard's context-menu key or Shift+F10 (each view decides on
 * what); `useFrameMenu` gives the view an `open` and the element to render.
 *
 * A WAI-ARIA menu: focus goes to the first item, ↑ ↓ Home End move, Enter or Space acts,
 * Escape or Tab closes and gives the focus back to where it was; a click outside closes.
 * Names are trace text: React text only; the source link is lib's (URL-encoded) and is
 * followed only when clicked.
 */
import { useCallback, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { elixirUrl } from '../../lib/kernel-source';
import { clipboardText, copyText } from '../copy-text';
import { usePressOutside } from '../use-press-outside';
import { setExplore, useAppStore } from '../../state/store';

export interface FrameMenuTarget {
  /** The function (or task) name of the frame or row. */
  name: string;
  /** Names from the root to the frame, when the view knows them (Copy stack). */
  stack?: readonly string[];
  /** Where to open, in viewport pixels. */
  x: number;
  y: number;
  /** Opens the Hook points of the name in this view. */
  onHookPoints?: () => void;
  /** The view's own actions on the name, after the others (compare mode's "Compare from here"). */
  actions?: readonly { label: string; act: () => void }[];
}

/** A stack as the kernel prints one: the innermost frame first, one per line. */
export function stackText(stack: readonly string[]): string {
  return [...stack].reverse().join('\n');
}

interface Item {
  label: string;
  act?: () => void;
  href?: string | null;
}

export function useFrameMenu(): { open: (t: FrameMenuTarget) => void; menu: ReactNode } {
  const [target, setTarget] = useState<FrameMenuTarget | null>(null);
  const returnFocus = useRef<Element | null>(null);
  const open = useCallback((t: FrameMenuTarget) => {
    returnFocus.current = document.activeElement;
    setTarget(t);
  }, []);
  const close = useCallback((refocus: boolean) => {
    setTarget(null);
    const el = returnFocus.current;
    if (refocus && el instanceof HTMLElement) el.focus();
  }, []);
  // On the body: out of the grid's ARIA structure and any transformed or clipping ancestor.
  const menu = target ? createPortal(<FrameMenu target={target} onClose={close} />, document.body) : null;
  return { open, menu };
}

function FrameMenu({ target, onClose }: { target: FrameMenuTarget; onClose: (refocus: boolean) => void }) {
  const version = useAppStore((s) => s.explore.kernelVersion);
  const ref = useRef<HTMLDivElement>(null);
  const [note, setNote] = useState('');
  const href = elixirUrl(target.name, version);
  // A name's control characters go to the clipboard as U+FFFD (copy-text.ts): said, not done silently.
  const copy = (text: string) =>
    void copyText(text).then((ok) => {
      if (!ok) setNote('The browser did not allow the copy.');
      else if (clipboardText(text) !== text) setNote('Copied, with its control characters as \ufffd: a terminal would act on them when pasted.');
      else onClose(true);
    });
  const items: Item[] = [
    { label: 'Copy name', act: () => copy(target.name) },
    ...(target.stack && target.stack.length > 0 ? [{ label: 'Copy stack', act: () => copy(stackText(target.stack!)) }] : []),
    { label: 'Open source', href },
    {
      label: 'Search for it',
      act: () => {
        setExplore({ search: target.name });
        onClose(true);
      },
    },
    ...(target.onHookPoints
      ? [
          {
            label: 'Hook points',
            act: () => {
              target.onHookPoints!();
              onClose(false);
            },
          },
        ]
      : []),
    ...(target.actions ?? []).map((a) => ({
      label: a.label,
      act: () => {
        a.act();
        onClose(false);
      },
    })),
  ];

  // Inside the window, then focus on the first item.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const w = el.offsetWidth;
    const h = el.offsetHeight;
    el.style.left = `${Math.max(0, Math.min(target.x, window.innerWidth - w - 4))}px`;
    el.style.top = `${Math.max(0, Math.min(target.y, window.innerHeight - h - 4))}px`;
    el.querySelector<HTMLElement>('[role=menuitem]:not([aria-disabled=true])')?.focus();
  }, [target]);

  // A press outside closes it.
  const closeMenu = useCallback(() => onClose(false), [onClose]);
  usePressOutside(ref, true, closeMenu);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const all = Array.from(ref.current?.querySelectorAll<HTMLElement>('[role=menuitem]:not([aria-disabled=true])') ?? []);
    const i = all.indexOf(document.activeElement as HTMLElement);
    const to = (k: number) => all[(k + all.length) % all.length]?.focus();
    const keys: Record<string, () => void> = {
      ArrowDown: () => to(i + 1),
      ArrowUp: () => to(i - 1),
      Home: () => to(0),
      End: () => to(all.length - 1),
      Escape: () => onClose(true),
      Tab: () => onClose(true),
    };
    // React carries a portal's events to the view around it: its keys are not the menu's.
    e.stopPropagation();
    const act = keys[e.key];
    if (act) {
      e.preventDefault();
      act();
    }
  };

  return (
    <div
      ref={ref}
      className="frame-menu"
      role="menu"
      aria-label={`Actions for ${target.name}`}
      data-testid="frame-menu"
      style={{ left: target.x, top: target.y }}
      onKeyDown={onKeyDown}
      onContextMenu={(e) => e.preventDefault()}
      onClick={(e) => e.stopPropagation()}
      onDoubleClick={(e) => e.stopPropagation()}
    >
      <div className="frame-menu-name" aria-hidden="true">
        {target.name}
      </div>
      {items.map((item) =>
        item.act ? (
          <button key={item.label} type="button" role="menuitem" tabIndex={-1} className="frame-menu-item" onClick={item.act}>
            {item.label}
          </button>
        ) : item.href ? (
          <a
            key={item.label}
            role="menuitem"
            tabIndex={-1}
            className="frame-menu-item"
            href={item.href}
            target="_blank"
            rel="noopener noreferrer"
            onClick={() => onClose(false)}
          >
            {item.label}
          </a>
        ) : (
          <span key={item.label} role="menuitem" tabIndex={-1} aria-disabled="true" className="frame-menu-item" title="This name has no C identifier to link">
            {item.label}
          </span>
        ),
      )}
      {note && (
        <p className="frame-menu-note" role="status">
          {note}
        </p>
      )}
    </div>
  );
}

/** Whether a key event asks for the context menu (the menu key, or Shift+F10). */
export function isMenuKey(e: { key: string; shiftKey: boolean }): boolean {
  return e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey);
}
