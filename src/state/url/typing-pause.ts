/**
 * The fragment write of more typing in the search box, held until the typing pauses. Each
 * keystroke's write (an idle callback after the search's answer, replacing the entry) ran
 * between the answer and the frame that draws it: at 1M calls `history.replaceState` was
 * the main thread's largest item after the answer (2-7 ms wall a keystroke). Typing
 * replaces one entry anyway, so the entry is the same once the typing stops; a change of
 * another kind meanwhile has the view typed so far written first (`take`), so every entry
 * is what it was.
 */
/** How long the search box stays unchanged before more typing is written. */
export const TYPING_PAUSE_MS = 500;

export class TypingPause<V> {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private view: V | null = null;

  constructor(
    private readonly ms: number,
    private readonly paused: () => void,
  ) {}

  /** More typing: `view` is the view typed so far; the write waits `ms` more. */
  hold(view: V): void {
    this.view = view;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.view = null;
      this.paused();
    }, this.ms);
  }

  /** The view typed and not written yet (null when none), no longer held. */
  take(): V | null {
    const view = this.view;
    this.cancel();
    return view;
  }

  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.view = null;
  }
}
