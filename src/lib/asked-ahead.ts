/**
 * Answers asked ahead of the question that is likely next, kept until that question comes;
 * or shared by the askers of one question at once (`share`).
 * A click on a flame graph frame used to ask the worker only then: at 25.6M calls the click
 * waited 13-25 ms for its answer, up to 79 ms (the layout, the copy across the worker
 * boundary, a collection in the worker, the page picking it up) before anything was drawn.
 * The frame under a resting pointer is the one a click zooms into, so its answer can be on
 * its way before the click; the question the click then asks takes that answer instead of
 * asking again.
 *
 * Several views ask the worker the same question in the same keystroke (the functions a
 * search matches: the flame graph, its zoom-to-match button, the export menu); shared, the
 * worker answers it once and the views that ask first are not queued behind the others.
 *
 * Only a few are kept, newest last: an answer is dropped when it is taken (it is asked
 * again, ahead or not, next time) or when newer ones push it out.
 */
export class AskedAhead<T> {
  private readonly answers = new Map<string, Promise<T>>();

  constructor(private readonly capacity: number) {}

  /** Asks `ask()` for `key` now, unless an answer for it is already kept (it becomes the newest). */
  put(key: string, ask: () => Promise<T>): void {
    const kept = this.answers.get(key);
    this.answers.delete(key);
    const answer = kept ?? ask();
    // Nobody may take it: its failure is the taker's to see, not an unhandled rejection.
    answer.catch(() => undefined);
    this.answers.set(key, answer);
    while (this.answers.size > this.capacity) {
      const oldest = this.answers.keys().next().value as string;
      this.answers.delete(oldest);
    }
  }

  /**
   * The answer kept for `key`, kept on for the next asker; asked now and kept when there is
   * none. A failed answer is not kept: the next asker asks again.
   */
  share(key: string, ask: () => Promise<T>): Promise<T> {
    this.put(key, ask);
    const answer = this.answers.get(key)!;
    answer.catch(() => {
      if (this.answers.get(key) === answer) this.answers.delete(key);
    });
    return answer;
  }

  /** The answer kept for `key`, given up by this cache; undefined when none was asked ahead. */
  take(key: string): Promise<T> | undefined {
    const answer = this.answers.get(key);
    this.answers.delete(key);
    return answer;
  }

  /** How many answers are kept. */
  get size(): number {
    return this.answers.size;
  }
}
