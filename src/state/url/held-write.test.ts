import { afterEach, describe, expect, it, vi } from 'vitest';
import { HeldWrite } from './held-write';
import { TYPING_PAUSE_MS } from './permalinks';

afterEach(() => {
  vi.useRealTimers();
});

describe('HeldWrite', () => {
  it('calls back once the typing has paused for its time, each keystroke starting the wait again', () => {
    vi.useFakeTimers();
    const paused = vi.fn();
    const pause = new HeldWrite<string>(TYPING_PAUSE_MS, paused);
    pause.hold('a');
    vi.advanceTimersByTime(TYPING_PAUSE_MS - 1);
    pause.hold('ab');
    vi.advanceTimersByTime(TYPING_PAUSE_MS - 1);
    expect(paused).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(paused).toHaveBeenCalledTimes(1);
    // Nothing held any more: nothing to take.
    expect(pause.take()).toBeNull();
  });

  it('gives the view typed so far to a change of another kind, and then waits no more', () => {
    vi.useFakeTimers();
    const paused = vi.fn();
    const pause = new HeldWrite<string>(TYPING_PAUSE_MS, paused);
    pause.hold('a');
    pause.hold('ab');
    expect(pause.take()).toBe('ab');
    expect(pause.take()).toBeNull();
    vi.advanceTimersByTime(2 * TYPING_PAUSE_MS);
    expect(paused).not.toHaveBeenCalled();
    pause.hold('abc');
    pause.cancel();
    vi.advanceTimersByTime(2 * TYPING_PAUSE_MS);
    expect(paused).not.toHaveBeenCalled();
  });
});
