/**
 * The "N more rows" hints at the edges of a canvas view, updated from the draw loop
 * (textContent on two small elements; no React render per frame).
 */
import { hiddenRows } from './viewport';

export interface RowHintElements {
  /** Edge away from the root (the deep rows). */
  away: HTMLElement | null;
  /** Edge of the root (rows scrolled past). */
  toward: HTMLElement | null;
}

export function updateRowHints(els: RowHintElements, maxDepth: number, heightPx: number, scrollY: number): void {
  const { away, toward } = hiddenRows(maxDepth, heightPx, scrollY);
  set(els.away, away, 'deeper');
  set(els.toward, toward, 'toward the root');
}

function set(el: HTMLElement | null, n: number, where: string): void {
  if (!el) return;
  el.hidden = n === 0;
  el.textContent = n === 0 ? '' : `${n} more ${n === 1 ? 'row' : 'rows'} ${where}: drag or Shift+wheel`;
}
