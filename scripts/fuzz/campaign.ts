/**
 * Runs cases in child processes (child.ts), a batch at a time, until the case count or the
 * time budget is reached. A case that runs past its hang limit, or a child that dies, is a
 * failure of that case; the campaign goes on in a fresh child from the next case.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { GROUP } from './cases';
import type { Scale } from './mutators';
import type { Failure } from './properties';
import type { FromChild, ToChild } from './protocol';
import type { CaseResult, RunOptions } from './run-case';

export interface CampaignOptions {
  seed: number;
  from: number;
  /** Stop after this many cases (Infinity: only the time budget). */
  cases: number;
  /** Stop handing out cases after this many ms (Infinity: only the count). */
  budgetMs: number;
  workers: number;
  scale: Scale;
  run: RunOptions;
  /** Called for each finished (or hung, or crashed) case. */
  onCase(r: CaseResult, origin: string, mutations: string[]): void;
}

/** Wall time a case may run before it counts as hung (the machine may be busy). */
export function hangLimitMs(bytes: number): number {
  return 120_000 + bytes * 0.02;
}

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));

export async function runCampaign(o: CampaignOptions): Promise<{ cases: number; ms: number }> {
  const started = Date.now();
  let next = o.from;
  const end = o.from + o.cases;
  let done = 0;
  const haveTime = () => Date.now() - started < o.budgetMs;
  /** Hands out the next batch, or null when the campaign is over. */
  const takeBatch = (): { from: number; to: number } | null => {
    if (next >= end || !haveTime()) return null;
    // Batches follow the groups that share a real trace (cases.ts).
    const from = next;
    const to = Math.min(end, (Math.floor(from / GROUP) + 1) * GROUP);
    next = to;
    return { from, to };
  };

  const runWorker = () =>
    new Promise<void>((resolve) => {
      let child!: ChildProcess;
      /** Cases of the current batch not finished yet. */
      let pending: number[] = [];
      let current = -1;
      let currentBytes = 0;
      let currentSince = 0;
      let timer: NodeJS.Timeout | undefined;

      const finishCase = (index: number, failure: Failure | null, r?: CaseResult, origin = '', mutations: string[] = []) => {
        pending = pending.filter((i) => i !== index);
        done++;
        o.onCase(r ?? { index, bytes: currentBytes, cpuMs: 0, wallMs: Date.now() - currentSince, failures: failure ? [failure] : [] }, origin, mutations);
      };
      const feed = (): boolean => {
        const batch = takeBatch();
        if (!batch) return false;
        pending = [];
        for (let i = batch.from; i < batch.to; i++) pending.push(i);
        const m: ToChild = { type: 'run', seed: o.seed, ...batch, scale: o.scale, opts: o.run };
        child.send(m);
        return true;
      };
      const start = () => {
        child = fork(CHILD, [], { execArgv: ['--import', 'tsx', '--max-old-space-size=3072'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        let exited = false;
        child.on('message', (m: FromChild) => {
          if (m.type === 'start') {
            current = m.index;
            currentBytes = 0;
            currentSince = Date.now();
          } else if (m.type === 'made') {
            currentBytes = m.bytes;
          } else if (m.type === 'done') {
            current = -1;
            finishCase(m.result.index, null, m.result, m.origin, m.mutations);
            if (pending.length === 0 && !feed()) child.send({ type: 'stop' } satisfies ToChild);
          }
        });
        child.on('exit', (code, signal) => {
          exited = true;
          clearInterval(timer);
          if (current >= 0) {
            // The case that was running killed its process (or was killed for hanging).
            const hung = signal === 'SIGKILL' && Date.now() - currentSince >= hangLimitMs(currentBytes);
            finishCase(current, {
              property: hung ? 'hang' : 'exception',
              message: hung
                ? `no answer after ${((Date.now() - currentSince) / 1000).toFixed(0)} s for ${currentBytes} bytes`
                : `the case's process died (code ${code}, signal ${signal}): out of memory or a crash`,
            });
            current = -1;
            // Go on with the rest of that batch in a fresh child, then the next ones.
            const rest = pending.slice();
            if (rest.length > 0 || haveTime()) {
              start();
              if (rest.length > 0) {
                child.send({ type: 'run', seed: o.seed, from: rest[0], to: rest[rest.length - 1] + 1, scale: o.scale, opts: o.run } satisfies ToChild);
              } else if (!feed()) child.send({ type: 'stop' } satisfies ToChild);
              return;
            }
          }
          resolve();
        });
        timer = setInterval(() => {
          if (!exited && current >= 0 && Date.now() - currentSince > hangLimitMs(currentBytes)) child.kill('SIGKILL');
        }, 1000);
      };
      start();
      if (!feed()) child.send({ type: 'stop' } satisfies ToChild);
    });

  await Promise.all(Array.from({ length: Math.max(1, o.workers) }, runWorker));
  return { cases: done, ms: Date.now() - started };
}
