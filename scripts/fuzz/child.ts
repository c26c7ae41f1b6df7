/**
 * A child process that runs the cases its parent hands out (protocol.ts) and says when each
 * starts, so the parent can kill it when one hangs and go on in a fresh process.
 */
import { makeCase } from './cases';
import type { FromChild, ToChild } from './protocol';
import { runCase } from './run-case';

const send = (m: FromChild) => process.send!(m);
let stopping = false;
const queue: Extract<ToChild, { type: 'run' }>[] = [];
let running = false;

async function drain(): Promise<void> {
  if (running) return;
  running = true;
  while (queue.length > 0 && !stopping) {
    const batch = queue.shift()!;
    for (let index = batch.from; index < batch.to && !stopping; index++) {
      send({ type: 'start', index });
      const c = makeCase(batch.seed, index, batch.scale);
      send({ type: 'made', index, bytes: c.bytes.length });
      const result = await runCase(c, batch.opts);
      send({ type: 'done', result, origin: c.origin, mutations: c.mutations });
    }
  }
  running = false;
  if (stopping) process.exit(0);
  send({ type: 'idle' });
}

process.on('message', (m: ToChild) => {
  if (m.type === 'stop') {
    stopping = true;
    if (!running) process.exit(0);
    return;
  }
  queue.push(m);
  void drain();
});
