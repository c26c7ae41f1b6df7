/**
 * Turns of the event loop for long loads and long questions, so queued messages (a cancel,
 * the page's next question) get through.
 */
import type { Steps } from '../../core/query/steps';

/**
 * A macrotask turn, so queued messages (a cancel) run. Through a MessageChannel, not
 * setTimeout(0): a load's repeated timeouts nest, and nested timeouts are clamped to 4 ms.
 */
let yieldChannel: MessageChannel | undefined;
/** Who waits for a turn, in the order they asked: one message each, delivered in that order. */
const waitingTurns: (() => void)[] = [];
export const yieldToEventLoop = (): Promise<void> => {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  if (!yieldChannel) {
    yieldChannel = new MessageChannel();
    yieldChannel.port1.onmessage = () => waitingTurns.shift()?.();
    // Node: an open port must not keep the process alive.
    (yieldChannel.port1 as unknown as { unref?: () => void }).unref?.();
  }
  const channel = yieldChannel;
  return new Promise((resolve) => {
    waitingTurns.push(resolve);
    channel.port2.postMessage(0);
  });
};

/** A function that takes a turn of the event loop when `ms` have passed since its last turn, else returns at once. */
export function yieldEvery(ms: number): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last < ms) return;
    await yieldToEventLoop();
    last = performance.now();
  };
}

/**
 * Runs `steps` (core/query/steps.ts) in slices of about `sliceMs`, with a turn of the event
 * loop between two: the questions queued meanwhile are answered there. `eachPause` runs at
 * each pause (the service holds its work ahead off: this question is still being answered).
 */
export async function runInSlices<T>(steps: Steps<T>, sliceMs: number, eachPause?: () => void): Promise<T> {
  for (;;) {
    const start = performance.now();
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
      if (performance.now() - start >= sliceMs) break;
    }
    eachPause?.();
    await yieldToEventLoop();
  }
}
