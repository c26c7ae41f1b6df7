import { describe, expect, it } from 'vitest';
import { BackOff } from './back-off';
import { ManualClock } from '../../test-utils/manual-clock';

const WINDOW = 150;
const MAX_HOLD = 400;

/** A background job of `n` steps on `backOff`: what ran, and at what time. */
function job(clock: ManualClock, backOff: BackOff, n: number): { ranAt: number[]; cancel: () => void } {
  const ranAt: number[] = [];
  const cancel = backOff.run(() => {
    ranAt.push(clock.now());
    return ranAt.length === n;
  });
  return { ranAt, cancel };
}

describe('BackOff', () => {
  it('runs the steps one per task, back to back, while nobody asks anything', () => {
    const clock = new ManualClock();
    const { ranAt } = job(clock, new BackOff(clock, WINDOW, MAX_HOLD), 3);
    expect(ranAt).toEqual([]);
    clock.runTasks();
    expect(ranAt).toEqual([0, 0, 0]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('holds the steps for the window after a question, on a timer, and resumes after it', () => {
    const clock = new ManualClock();
    const backOff = new BackOff(clock, WINDOW, MAX_HOLD);
    const { ranAt } = job(clock, backOff, 3);
    clock.advance(10);
    backOff.userActive();
    expect(ranAt).toEqual([0, 0, 0]);
    const later = job(clock, backOff, 2);
    clock.runTasks();
    // Held: nothing ran, the thread waits on a timer (no task queued).
    expect(later.ranAt).toEqual([]);
    expect(clock.pendingTimers).toBe(1);
    clock.advance(WINDOW - 1);
    expect(later.ranAt).toEqual([]);
    clock.advance(1);
    expect(later.ranAt).toEqual([10 + WINDOW, 10 + WINDOW]);
  });

  it('waits for the last of several questions', () => {
    const clock = new ManualClock();
    const backOff = new BackOff(clock, WINDOW, MAX_HOLD);
    backOff.userActive();
    const { ranAt } = job(clock, backOff, 1);
    clock.advance(100);
    backOff.userActive();
    clock.advance(100);
    expect(ranAt).toEqual([]);
    clock.advance(WINDOW - 100);
    expect(ranAt).toEqual([100 + WINDOW]);
  });

  it('never starves: while the questions keep coming, a step runs each time one has waited the longest hold', () => {
    const clock = new ManualClock();
    const backOff = new BackOff(clock, WINDOW, MAX_HOLD);
    const { ranAt } = job(clock, backOff, 4);
    for (let t = 0; t < 2000; t += 20) {
      backOff.userActive();
      clock.advance(20);
    }
    expect(ranAt).toEqual([MAX_HOLD, 2 * MAX_HOLD, 3 * MAX_HOLD, 4 * MAX_HOLD]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('a cancelled job runs no more steps and leaves no timer', () => {
    const clock = new ManualClock();
    const backOff = new BackOff(clock, WINDOW, MAX_HOLD);
    backOff.userActive();
    const { ranAt, cancel } = job(clock, backOff, 3);
    clock.advance(50);
    expect(clock.pendingTimers).toBe(1);
    cancel();
    expect(clock.pendingTimers).toBe(0);
    clock.advance(10 * MAX_HOLD);
    expect(ranAt).toEqual([]);
  });

  it('a step that throws ends the job', () => {
    const clock = new ManualClock();
    let calls = 0;
    new BackOff(clock, WINDOW, MAX_HOLD).run(() => {
      calls++;
      throw new Error('optional work failed');
    });
    clock.advance(1000);
    expect(calls).toBe(1);
  });

  it('whenQuiet resolves after the queued tasks when nobody asks, else once the window after the last question is over', async () => {
    const clock = new ManualClock();
    const backOff = new BackOff(clock, WINDOW, MAX_HOLD);
    let quietAt = -1;
    void backOff.whenQuiet().then(() => (quietAt = clock.now()));
    clock.runTasks();
    await Promise.resolve();
    expect(quietAt).toBe(0);

    quietAt = -1;
    backOff.userActive();
    void backOff.whenQuiet().then(() => (quietAt = clock.now()));
    clock.runTasks();
    clock.advance(WINDOW - 1);
    await Promise.resolve();
    expect(quietAt).toBe(-1);
    clock.advance(1);
    await Promise.resolve();
    expect(quietAt).toBe(WINDOW);
  });
});
