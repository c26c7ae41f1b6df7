import { describe, expect, it } from 'vitest';
import { placeInLayout, type IrqTimeLayout } from './irq-time-layout';

describe('placeInLayout', () => {
  // Task 1 took two interrupts: 10..30 and 50..55 (trace time); apart moved them to 100 and 120.
  const frames = (movedTo: number[]) => ({
    start: Float64Array.of(10, 50),
    end: Float64Array.of(30, 55),
    before: Float64Array.of(0, 20, 25),
    movedTo: Float64Array.from(movedTo),
  });
  const apart: IrqTimeLayout = [undefined, frames([100, 120])];
  const hidden: IrqTimeLayout = [undefined, frames([Number.NaN, Number.NaN])];

  it('moves a moment back by the interrupt time of its task before it', () => {
    expect(placeInLayout(apart, 1, 5)).toBe(5);
    expect(placeInLayout(apart, 1, 10)).toBe(10);
    expect(placeInLayout(apart, 1, 30)).toBe(10);
    expect(placeInLayout(apart, 1, 40)).toBe(20);
    expect(placeInLayout(apart, 1, 60)).toBe(35);
    expect(placeInLayout(hidden, 1, 60)).toBe(35);
  });

  it('inside an interrupt: where the frame went in apart, where it was cut out in hidden', () => {
    expect(placeInLayout(apart, 1, 15)).toBe(105);
    expect(placeInLayout(apart, 1, 52)).toBe(122);
    expect(placeInLayout(hidden, 1, 15)).toBe(10);
    expect(placeInLayout(hidden, 1, 52)).toBe(30);
  });

  it('leaves a task without interrupts, an unknown task and an unknown time as they are', () => {
    expect(placeInLayout(apart, 0, 40)).toBe(40);
    expect(placeInLayout(apart, -1, 40)).toBe(40);
    expect(placeInLayout(apart, 7, 40)).toBe(40);
    expect(placeInLayout(apart, 1, Number.NaN)).toBeNaN();
  });
});
