import { describe, expect, it } from 'vitest';
import { drawEventTicks, kindTop, markerAt, markerText, type MarkerColumns } from './event-markers';

const markers: MarkerColumns = {
  ts: Float64Array.from([100, 100, 500, 950]),
  kind: Uint8Array.from([1, 3, 2, 4]),
  name: Int32Array.from([0, 1, 2, 3]),
  task: Int32Array.from([0, 1, 0, 1]),
  count: Uint32Array.from([1, 3, 1, 2]),
  names: ['sched_switch', 'irq_handler_entry', 'sched_wakeup', 'softirq_exit'],
  tasks: ['curl-530', '<idle>-0 (CPU 0)'],
};
/** 0..1000 ns on 100 px. */
const toX = (ns: number) => ns / 10;

function recorder() {
  const rects: { style: string; x: number; y: number; w: number }[] = [];
  const ctx = {
    fillStyle: '',
    fillRect(x: number, y: number, w: number) {
      rects.push({ style: this.fillStyle, x, y, w });
    },
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, rects };
}

describe('event markers', () => {
  it('draws one tick per marker in the row of its kind, wider when it stands for several', () => {
    const { ctx, rects } = recorder();
    expect(drawEventTicks(ctx, markers, toX, 100)).toBe(4);
    const irq = rects.find((r) => r.y === kindTop(3))!;
    expect(irq.x).toBe(10);
    expect(irq.w).toBe(2);
    expect(rects.find((r) => r.y === kindTop(1))!.w).toBe(1);
    expect(new Set(rects.map((r) => r.style)).size).toBe(4);
  });

  it('skips the ticks outside the width', () => {
    const { ctx } = recorder();
    expect(drawEventTicks(ctx, markers, (ns) => ns / 10 - 60, 100)).toBe(1);
  });

  it('finds the tick under the pointer, the row under it first, and names it', () => {
    expect(markerAt(markers, toX, 10.5, kindTop(3) + 1)).toBe(1);
    expect(markerAt(markers, toX, 10.5, kindTop(1) + 1)).toBe(0);
    expect(markerAt(markers, toX, 30, 0)).toBe(-1);
    expect(markerText(markers, 0)).toEqual({ event: 'sched_switch', task: 'curl-530', more: '' });
    expect(markerText(markers, 1).more).toBe('and 2 more irq entry events in this pixel');
  });
});
