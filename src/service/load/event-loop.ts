/** Turns of the event loop for long loads, so queued messages (a cancel) get through. */

/**
 * A macrotask turn, so queued messages (a cancel) run. Through a MessageChannel, not
 * setTimeout(0): a load's repeated timeouts nest, and nested timeouts are clamped to 4 ms.
 */
let yieldChannel: MessageChannel | undefined;
export const yieldToEventLoop = (): Promise<void> => {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  if (!yieldChannel) {
    yieldChannel = new MessageChannel();
    // Node: an open port must not keep the process alive.
    (yieldChannel.port1 as unknown as { unref?: () => void }).unref?.();
  }
  const channel = yieldChannel;
  return new Promise((resolve) => {
    channel.port1.onmessage = () => resolve();
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
