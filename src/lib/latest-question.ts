/**
 * One question at a time, and only the latest of those waiting. The worker answers its
 * questions in the order they came, each to its end: a panel that asks again whenever the
 * selection moves (the Functions view's detail and Hook points, a row per arrow key) would
 * queue a question per row passed, each answer dropped when it comes. At 25.6M calls one
 * such answer takes the worker about a second, so five rows passed kept the sixth waiting
 * for five seconds. Through a `LatestQuestion`, a question asked while another is on its way
 * waits; a newer one replaces it (it is never asked), and the latest is asked when the
 * one on its way is answered.
 */
import { deferred, type Deferred } from './deferred';

/** What a question replaced by a newer one, before it was asked, resolves to. */
export const SUPERSEDED: unique symbol = Symbol('superseded');

interface Waiting<T> {
  ask: () => Promise<T>;
  answer: Deferred<T | typeof SUPERSEDED>;
}

export class LatestQuestion<T> {
  private busy = false;
  private waiting: Waiting<T> | null = null;

  /** `ask()` now when nothing is on its way; else once it is answered, unless a newer question came first (SUPERSEDED then). */
  ask(ask: () => Promise<T>): Promise<T | typeof SUPERSEDED> {
    if (!this.busy) return this.start(ask);
    this.waiting?.answer.resolve(SUPERSEDED);
    this.waiting = { ask, answer: deferred() };
    return this.waiting.answer.promise;
  }

  /** The waiting question is not asked (its asker is gone): it resolves to SUPERSEDED. */
  drop(): void {
    this.waiting?.answer.resolve(SUPERSEDED);
    this.waiting = null;
  }

  private start(ask: () => Promise<T>): Promise<T> {
    this.busy = true;
    let asked: Promise<T>;
    try {
      asked = ask();
    } catch (err) {
      asked = Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    const next = () => {
      this.busy = false;
      const w = this.waiting;
      this.waiting = null;
      if (w) this.start(w.ask).then((v) => w.answer.resolve(v), (err: unknown) => w.answer.reject(err instanceof Error ? err : new Error(String(err))));
    };
    asked.then(next, next);
    return asked;
  }
}
