/**
 * The app's range worker (workers/range.worker.ts: the same handler, wired the same way)
 * with one message more once each range is done: when its script ran, its job came, its
 * first batch (or a split range's first note) went and it finished, as absolute times, so
 * the bench worker can put them on the pool step's timeline (a job that waits in the trace
 * worker's queue shows here).
 */
import { rangeTaskHandler } from '../../src/service/load/range-task';
import type { ToRangeWorker } from '../../src/service/load/range-protocol';
import type { RangeProbe } from './protocol';

const abs = (): number => performance.timeOrigin + performance.now();
const marks: RangeProbe['marks'] = { script: abs(), job: NaN, firstBatch: NaN, done: NaN };
const handle = rangeTaskHandler((message, transfer) => {
  // A split range has few batches: its first note of bytes read marks its start as well.
  if ((message.type === 'batch' || message.type === 'read') && Number.isNaN(marks.firstBatch)) marks.firstBatch = abs();
  if (message.type === 'done') {
    marks.done = abs();
    const probe: RangeProbe = { type: 'probe', marks };
    self.postMessage(probe);
  }
  self.postMessage(message, { transfer: transfer ?? [] });
});
self.onmessage = (e: MessageEvent<ToRangeWorker>) => {
  // A kept worker runs a job a step: the marks but its script's are the job's.
  if (e.data.type === 'job') Object.assign(marks, { job: abs(), firstBatch: NaN, done: NaN });
  handle(e.data);
};
