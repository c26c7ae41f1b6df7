/** A draw spread over animation frames: every row painted once, a stale draw dropped. */
import { describe, expect, it } from 'vitest';
import { SplitDraw, type DrawResult, type DrawSteps, type FrameClock } from './split-draw';

/** Animation frames run by hand; a clock that moves only when a row is painted (1 ms a row). */
function fakeFrames() {
  let time = 0;
  let nextId = 1;
  const queued = new Map<number, () => void>();
  const clock: FrameClock = {
    request: (run) => {
      queued.set(nextId, run);
      return nextId++;
    },
    cancel: (id) => queued.delete(id),
    now: () => time,
  };
  return {
    clock,
    tick: (ms: number) => (time += ms),
    /** Runs the frames queued now; how many ran. */
    frame(): number {
      const runs = [...queued.values()];
      queued.clear();
      for (const run of runs) run();
      return runs.length;
    },
    get queued() {
      return queued.size;
    },
  };
}

/** A draw of `rows` rows, each 1 ms of the fake clock, looking at `stop` after each row. */
function rowsDraw(rows: number, painted: number[], tick: (ms: number) => void, tag = 0): DrawSteps {
  let next = 0;
  return {
    step(stop) {
      const first = next;
      for (; next < rows; next++) {
        if (next > first && stop()) return null;
        painted.push(tag * 1000 + next);
        tick(1);
      }
      return { drawn: rows, deepest: tag };
    },
  };
}

describe('SplitDraw', () => {
  it('paints every row exactly once, a budget a frame, and says when it is done', () => {
    const f = fakeFrames();
    const painted: number[] = [];
    const done: [DrawResult, number][] = [];
    new SplitDraw(f.clock, 8).run(rowsDraw(30, painted, f.tick), true, (r, ms) => done.push([r, ms]));
    expect(painted).toHaveLength(8); // the first step, at once
    let frames = 0;
    while (f.frame() > 0) frames++;
    expect(frames).toBe(3); // 8 + 8 + 8 + 6
    expect(painted).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(done).toEqual([[{ drawn: 30, deepest: 0 }, 30]]);
  });

  it('paints everything at once when not split', () => {
    const f = fakeFrames();
    const painted: number[] = [];
    const done: DrawResult[] = [];
    const split = new SplitDraw(f.clock, 8);
    split.run(rowsDraw(30, painted, f.tick), false, (r) => done.push(r));
    expect(painted).toHaveLength(30);
    expect(done).toHaveLength(1);
    expect(f.queued).toBe(0);
    expect(split.busy).toBe(false);
  });

  it('drops what is left of a draw when a new one runs (a new viewport)', () => {
    const f = fakeFrames();
    const painted: number[] = [];
    const done: DrawResult[] = [];
    const split = new SplitDraw(f.clock, 8);
    split.run(rowsDraw(30, painted, f.tick, 1), true, (r) => done.push(r));
    f.frame(); // 16 of the stale draw's rows
    expect(split.busy).toBe(true);
    split.run(rowsDraw(20, painted, f.tick, 2), true, (r) => done.push(r));
    while (f.frame() > 0);
    expect(painted.filter((p) => p >= 2000)).toEqual(Array.from({ length: 20 }, (_, i) => 2000 + i));
    expect(painted.filter((p) => p < 2000)).toHaveLength(16);
    expect(done).toEqual([{ drawn: 20, deepest: 2 }]);
  });

  it('cancel drops the steps left', () => {
    const f = fakeFrames();
    const painted: number[] = [];
    const done: DrawResult[] = [];
    const split = new SplitDraw(f.clock, 8);
    split.run(rowsDraw(30, painted, f.tick), true, (r) => done.push(r));
    split.cancel();
    expect(split.busy).toBe(false);
    expect(f.frame()).toBe(0);
    expect(painted).toHaveLength(8);
    expect(done).toEqual([]);
  });
});
