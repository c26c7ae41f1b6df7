/**
 * When a canvas view asks the worker again: only when what it has does not cover what it
 * shows. A view describes its need as a key (the question: filter, zoom root, task…), a
 * detail level (smaller = finer: the minWidth or minimum duration) and the visible window;
 * an answer fetched for a key at a detail level over a window covers any need with the same
 * key, a coarser or equal level and a visible window inside it.
 *
 * One request is in flight at a time: gestures arriving meanwhile only mark that the need
 * changed, and the latest need is asked for when the answer lands (so a fast zoom costs a
 * few requests, not one per wheel event). Answers for a key that is no longer current are
 * dropped.
 */

import type { Span } from './viewport';

export interface Need {
  key: string;
  detail: number;
  visible: Span;
  /** What to ask for (usually wider than `visible`, so small pans are free). */
  fetch: Span;
}

export interface RefetcherHooks<A> {
  /** The current need, or null when the view cannot ask yet (no size). */
  need(): Need | null;
  ask(need: Need): Promise<A | null>;
  answer(a: A, need: Need): void;
  error(err: unknown): void;
  busy(on: boolean): void;
}

export class Refetcher<A> {
  private have: Need | null = null;
  private inFlight = false;
  private again = false;

  constructor(private readonly hooks: RefetcherHooks<A>) {}

  /** Asks if the current need is not covered. */
  poke(): void {
    const need = this.hooks.need();
    if (!need || this.covered(need)) return;
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.inFlight = true;
    this.hooks.busy(true);
    this.hooks.ask(need).then(
      (a) => {
        this.inFlight = false;
        const current = this.hooks.need();
        if (a && (!current || current.key === need.key)) {
          this.have = need;
          this.hooks.answer(a, need);
        }
        this.hooks.busy(false);
        if (this.again || (current && current.key !== need.key)) {
          this.again = false;
          this.poke();
        }
      },
      (err: unknown) => {
        this.inFlight = false;
        this.again = false;
        this.hooks.busy(false);
        this.hooks.error(err);
      },
    );
  }

  private covered(need: Need): boolean {
    const h = this.have;
    if (!h || h.key !== need.key || h.detail > need.detail) return false;
    const eps = (need.visible[1] - need.visible[0]) * 1e-9;
    return h.fetch[0] <= need.visible[0] + eps && h.fetch[1] >= need.visible[1] - eps;
  }
}
