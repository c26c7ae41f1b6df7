/**
 * A chart's draw spread over animation frames. The first draw of a large answer (a flame
 * graph of tens of thousands of frames, with a search on) took 20-50 ms of one main-thread
 * task, on top of the layout and paint of the same frame: over issue 13's 50 ms once the page
 * shares the cores with the worker. A view's draw may instead return steps: each paints on
 * (in the order the one-pass draw paints, so the finished picture is the same) until told to
 * stop, and the rest goes on in the next frames. The canvas is never blank: each step adds to
 * what the earlier ones painted.
 *
 * Only the first draw of new frames is spread (a new answer, a new search, the tab shown
 * again); a redraw for a gesture or the hover outline is drawn whole at once, as before, so
 * the picture under the pointer is never a partial one. Any new draw drops the steps left of
 * the last one (they would paint a stale viewport).
 */

/** How many frames a draw painted and the deepest row in the visible x range. */
export interface DrawResult {
  drawn: number;
  deepest: number;
}

/** A draw in steps: `step` paints on until `stop()` says so; the result once it has painted everything, else null. */
export interface DrawSteps {
  step(stop: () => boolean): DrawResult | null;
}

/** The host's animation frames (requestAnimationFrame in the page; a fake one in tests). */
export interface FrameClock {
  request(run: () => void): number;
  cancel(id: number): void;
  now(): number;
}

/**
 * A step's share of a frame (ms): with the frame's layout, paint and the other views' draws
 * the task stays near 15 ms of CPU, well under 50 ms of wall time on a busy core.
 */
export const STEP_BUDGET_MS = 8;

export class SplitDraw {
  private pending = 0;

  constructor(
    private readonly clock: FrameClock,
    private readonly budgetMs = STEP_BUDGET_MS,
  ) {}

  /**
   * Paints `steps` now, a budget's worth when `split`, else all of it, and the rest in the
   * next frames; `done` gets the result and the ms spent in all the steps. Drops what was left
   * of an earlier draw.
   */
  run(steps: DrawSteps, split: boolean, done: (r: DrawResult, ms: number) => void): void {
    this.cancel();
    let spent = 0;
    const slice = () => {
      this.pending = 0;
      const t0 = this.clock.now();
      const r = steps.step(split ? () => this.clock.now() - t0 >= this.budgetMs : never);
      spent += this.clock.now() - t0;
      if (r) done(r, spent);
      else this.pending = this.clock.request(slice);
    };
    slice();
  }

  /** Drops the steps left, if any (a new viewport, a new canvas, an unmount). */
  cancel(): void {
    if (this.pending) this.clock.cancel(this.pending);
    this.pending = 0;
  }

  /** Whether steps are left for the next frames. */
  get busy(): boolean {
    return this.pending !== 0;
  }
}

const never = () => false;

/** A result as steps: a view whose draw is always short draws in one. */
export function oneStep(draw: () => DrawResult): DrawSteps {
  return { step: () => draw() };
}
