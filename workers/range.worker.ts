/** A range worker of the parse pool: reads, parses and posts one byte range of the input, or the pieces of an inflated gzip it is sent (src/service/load/range-task.ts). */
import { rangeTaskHandler } from '../src/service/load/range-task';
import type { ToRangeWorker } from '../src/service/load/range-protocol';

const handle = rangeTaskHandler((message, transfer) => self.postMessage(message, { transfer: transfer ?? [] }));
self.onmessage = (e: MessageEvent<ToRangeWorker>) => handle(e.data);
