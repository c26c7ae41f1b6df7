/**
 * When the worker's background work (building ahead: load/build-ahead.ts) may take a core.
 *
 * On a machine with few cores the page's main thread competes with that work: a main-thread
 * task that costs 20 ms of CPU took 60–90 ms of wall time when the user acted right at
 * `ready`, waiting for a core while the worker built the whole tree behind the lazy one
 * (issue 13: no main-thread task over 50 ms). So after each question from the page
 * (`userActive`) the background steps hold off for a short window, on a timer (the thread
 * really idles, the OS gives its core to the page), and resume once the page is quiet.
 * Questions themselves are answered at once as before. Nothing starves: while the user
 * keeps acting, a step still runs once it has waited `maxHoldMs`.
 */

/** What the scheduler reads the time and waits with (injected in tests). */
export interface BackOffClock {
  now(): number;
  /** Calls `fn` once after `ms` (a timer: the thread idles meanwhile); returns its cancel. */
  after(ms: number, fn: () => void): () => void;
  /**
   * A loop of tasks: each `next()` queues one call of `fn` in a task of its own, after the
   * tasks (queries) queued before; `close()` ends it.
   */
  loop(fn: () => void): { next(): void; close(): void };
}

/** How long the background work holds off after a question (ms). */
export const QUIET_WINDOW_MS = 150;
/** The longest a background step waits while the user keeps acting (ms): nothing starves. */
export const MAX_HOLD_MS = 400;

/**
 * A loop of MessageChannel messages: tasks the browser does not delay (nested timeouts are
 * held back to 4 ms each). Without MessageChannel, timeouts.
 */
function channelLoop(fn: () => void): { next(): void; close(): void } {
  if (typeof MessageChannel === 'undefined') {
    const timers = new Set<ReturnType<typeof setTimeout>>();
    return {
      next: () => {
        const t = setTimeout(() => (timers.delete(t), fn()), 0);
        timers.add(t);
      },
      close: () => timers.forEach(clearTimeout),
    };
  }
  const channel = new MessageChannel();
  channel.port1.onmessage = fn;
  return { next: () => channel.port2.postMessage(0), close: () => channel.port1.close() };
}

export const realClock: BackOffClock = {
  now: () => performance.now(),
  after: (ms, fn) => {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  },
  loop: channelLoop,
};

export class BackOff {
  /** Until when the page counts as active (its last question plus the window). */
  private activeUntil = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly clock: BackOffClock = realClock,
    readonly windowMs: number = QUIET_WINDOW_MS,
    readonly maxHoldMs: number = MAX_HOLD_MS,
  ) {}

  /** The page asked something (or the user acted): background steps hold off for the window. */
  userActive(): void {
    this.activeUntil = this.clock.now() + this.windowMs;
  }

  /** Resolves once the page has been quiet for the window, or after `maxHoldMs` at most. */
  whenQuiet(): Promise<void> {
    return new Promise((resolve) => void this.run(() => (resolve(), true)));
  }

  /**
   * Calls `step` in tasks of its own until it returns true (or throws, which ends it too:
   * the caller's steps are optional work), each once the page has been quiet for the window
   * or the step has waited `maxHoldMs`. Returns a cancel that drops what is still to run.
   */
  run(step: () => boolean): () => void {
    let waitingSince = this.clock.now();
    let stopped = false;
    let cancelTimer: (() => void) | undefined;
    const loop = this.clock.loop(() => {
      if (stopped) return;
      const hold = Math.min(this.activeUntil, waitingSince + this.maxHoldMs) - this.clock.now();
      if (hold > 0) {
        cancelTimer = this.clock.after(hold, () => {
          cancelTimer = undefined;
          // Through the loop: queries queued meanwhile go first.
          if (!stopped) loop.next();
        });
        return;
      }
      let done: boolean;
      try {
        done = step();
      } catch {
        done = true; // optional work: whoever needs it will say why it failed
      }
      if (done) return stop();
      waitingSince = this.clock.now();
      loop.next();
    });
    const stop = (): void => {
      stopped = true;
      cancelTimer?.();
      cancelTimer = undefined;
      loop.close();
    };
    loop.next();
    return stop;
  }
}
