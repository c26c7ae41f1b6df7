/**
 * The flame chart's time ruler: a strip of DOM labels above the canvas, updated in place on
 * every draw (no React render per frame). Labels are text nodes (times the UI made, but
 * text all the same); each tick is a span whose left border is the mark.
 */
import type { TimeTick } from '../chart/time-ticks';

/** Shows `ticks` in `el`, each at x = `at(ns)` CSS px from the ruler's left edge. */
export function paintRuler(el: HTMLElement, ticks: readonly TimeTick[], at: (ns: number) => number): void {
  const spans = el.children;
  for (let i = 0; i < ticks.length; i++) {
    let span = spans[i] as HTMLSpanElement | undefined;
    if (!span) {
      span = document.createElement('span');
      span.className = 'time-ruler-tick';
      el.appendChild(span);
    }
    if (span.textContent !== ticks[i].label) span.textContent = ticks[i].label;
    span.style.left = `${at(ticks[i].ns).toFixed(1)}px`;
    span.dataset.ns = String(ticks[i].ns);
  }
  while (el.children.length > ticks.length) el.lastElementChild!.remove();
}
