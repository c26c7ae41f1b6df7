/**
 * A real Worker as the parse pool drives it (range-pool.ts's SpawnRangeWorker): its messages
 * and its failures (an uncaught error, a message it could not read) go to the pool.
 */
import type { FromRangeWorker } from './range-protocol';
import type { SpawnRangeWorker } from './range-pool';

export function rangeWorkerSpawner(create: () => Worker): SpawnRangeWorker {
  return (events) => {
    const worker = create();
    worker.onmessage = (e: MessageEvent<FromRangeWorker>) => events.message(e.data);
    worker.onerror = (e) => {
      e.preventDefault();
      events.error(e.message);
    };
    worker.onmessageerror = () => events.error('a message from its worker could not be read');
    return {
      post: (message, transfer) => worker.postMessage(message, transfer ?? []),
      terminate: () => worker.terminate(),
    };
  };
}
