/**
 * The in-app theme: the system's (prefers-color-scheme), light or dark. A choice other than
 * the system's sets `<html data-theme>`, which styles.css and the canvas palettes
 * (chart/canvas-hooks.ts useDarkMode) read; it is remembered in localStorage.
 */

export type ThemeChoice = 'system' | 'light' | 'dark';

export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

const THEME_STORAGE_KEY = 'ftrace-explorer:theme';

function storage(): Storage | null {
  try {
    return typeof localStorage !== 'undefined' ? localStorage : null;
  } catch {
    return null; // storage disabled
  }
}

const isChoice = (v: unknown): v is ThemeChoice => typeof v === 'string' && (THEME_CHOICES as readonly string[]).includes(v);

/** The remembered choice, 'system' when none (or an unknown one) is stored. */
export function storedTheme(): ThemeChoice {
  const v = storage()?.getItem(THEME_STORAGE_KEY);
  return isChoice(v) ? v : 'system';
}

/** Puts `choice` on the page (html[data-theme], or none for the system's). */
export function applyTheme(choice: ThemeChoice): void {
  const root = document.documentElement;
  if (choice === 'system') delete root.dataset.theme;
  else root.dataset.theme = choice;
}

/** Applies and remembers `choice`. */
export function chooseTheme(choice: ThemeChoice): void {
  applyTheme(choice);
  try {
    storage()?.setItem(THEME_STORAGE_KEY, choice);
  } catch {
    // storage full or disabled: the choice holds for this page only
  }
}
