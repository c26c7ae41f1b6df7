/**
 * A fragment write held until the changes that asked for it stop for a while: the flame
 * chart's window, which moves on every animation frame of a wheel or a drag, and more typing
 * in the search box, whose write (an idle callback after the search's answer) ran between
 * the answer and the frame that draws it (at 1M calls `history.replaceState` was the main
 * thread's largest item after the answer, 2-7 ms wall a keystroke). Each replaces one entry
 * anyway, so the entry is the same once they stop. A change of another kind meanwhile can
 * take the view held so far (`take`) to write it first, so every entry is what it was.
 */
export class HeldWrite<V> {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private view: V | null = null;

  constructor(
    private readonly ms: number,
    private readonly still: () => void,
  ) {}

  /** Another change: `view` is the view so far; the write waits `ms` more. */
  hold(view: V): void {
    this.view = view;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.view = null;
      this.still();
    }, this.ms);
  }

  /** The view held and not written yet (null when none), no longer held. */
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
