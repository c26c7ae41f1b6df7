/**
 * A BackOffClock (service/load/back-off.ts) the test moves by hand: time passes only by
 * `advance`, queued tasks run only by `runTasks`, so a test says exactly when each
 * background step may run.
 */
import type { BackOffClock } from '../service/load/back-off';

export class ManualClock implements BackOffClock {
  private t = 0;
  private readonly timers: { at: number; fn: () => void }[] = [];
  private readonly tasks: (() => void)[] = [];

  now(): number {
    return this.t;
  }

  after(ms: number, fn: () => void): () => void {
    const timer = { at: this.t + ms, fn };
    this.timers.push(timer);
    return () => {
      const i = this.timers.indexOf(timer);
      if (i >= 0) this.timers.splice(i, 1);
    };
  }

  loop(fn: () => void): { next(): void; close(): void } {
    let closed = false;
    return {
      next: () => void this.tasks.push(() => closed || fn()),
      close: () => void (closed = true),
    };
  }

  /** Timers waiting (the thread idles while only these are left). */
  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Runs the queued tasks, and those they queue, until none is left (at most `max`). */
  runTasks(max = 1000): void {
    for (let k = 0; k < max && this.tasks.length > 0; k++) this.tasks.shift()!();
  }

  /** Moves the time on by `ms`, firing the timers due on the way (in order) and the tasks they queue. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      this.runTasks();
      const due = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers.splice(this.timers.indexOf(due), 1);
      this.t = Math.max(this.t, due.at);
      due.fn();
    }
    this.t = end;
    this.runTasks();
  }
}
