/** A chart's size is read only in its ResizeObserver's callbacks, where the layout is already done. */
import { describe, expect, it } from 'vitest';
import { observeSize, type CssSize } from './canvas-hooks';

/** An element that counts the reads of its box, and a ResizeObserver fired by hand. */
function fakes() {
  let reads = 0;
  const el = {
    getBoundingClientRect: () => {
      reads++;
      return { width: 640.7, height: 419.2 } as DOMRect;
    },
  } as unknown as Element;
  const observers: { fire: () => void; observed: Element[]; disconnected: boolean }[] = [];
  class FakeObserver {
    observed: Element[] = [];
    disconnected = false;
    constructor(private readonly callback: ResizeObserverCallback) {
      observers.push(this);
    }
    fire() {
      this.callback([], this);
    }
    observe(target: Element) {
      this.observed.push(target);
    }
    unobserve() {}
    disconnect() {
      this.disconnected = true;
    }
  }
  return { el, observers, reads: () => reads, Observer: FakeObserver as unknown as typeof ResizeObserver };
}

describe('observeSize', () => {
  it('reads nothing when it starts; each observer callback reads the box, in whole px', () => {
    const f = fakes();
    const sizes: CssSize[] = [];
    const stop = observeSize(f.el, (s) => sizes.push(s), f.Observer);
    expect(f.reads()).toBe(0);
    expect(sizes).toEqual([]);
    expect(f.observers[0].observed).toEqual([f.el]);
    f.observers[0].fire();
    expect(f.reads()).toBe(1);
    expect(sizes).toEqual([{ width: 640, height: 419 }]);
    stop();
    expect(f.observers[0].disconnected).toBe(true);
  });
});
