/**
 * The service's parallel read (load/pool-read.ts) with range workers run in this thread
 * (test-utils/fake-range-workers.ts): the same result as the one-pass read (summary, info,
 * fingerprint, diagnostics, the input's lines, the small input kept), and which inputs keep the one-pass read.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { LoadOptions, LoadResult } from './api';
import { TraceService } from './trace-service';
import { fakeRangeWorkers, type FakeWorkerPlan } from '../test-utils/fake-range-workers';
import { traceBytes } from '../test-utils/traces';
import { blobOf } from '../test-utils/range-plans';

const SYSTEMWIDE = traceBytes('03-systemwide-sched-irq.report.txt.gz');
/** Each test loads a 6 MB trace once or twice: seconds on a busy machine. */
const SLOW = 120_000;

/** A service whose pool runs fake workers on a machine of `cores`; the workers it spawned. */
function pooled(cores: number, plan: FakeWorkerPlan = {}) {
  const fakes = fakeRangeWorkers(plan);
  return { service: new TraceService(undefined, undefined, { spawn: fakes.spawn, cores }), workers: fakes.workers };
}

async function load(service: TraceService, bytes: Uint8Array, opts: LoadOptions): Promise<LoadResult> {
  return service.load(blobOf(bytes), { name: 'systemwide.txt', ...opts });
}

describe('TraceService.load with the parse pool', () => {
  it('?workers=3 gives the one-pass result: summary, info, fingerprint, diagnostics, the input lines', async () => {
    const one = pooled(2);
    const three = pooled(2, { delayMs: (k) => 4 - k });
    const a = await load(one.service, SYSTEMWIDE, { workers: 1 });
    const b = await load(three.service, SYSTEMWIDE, { workers: 3 });
    expect(one.workers).toHaveLength(0);
    expect(three.workers).toHaveLength(2);
    if (a.kind !== 'loaded' || b.kind !== 'loaded') throw new Error(`not loaded: ${a.kind} ${b.kind}`);
    expect(b.summary).toEqual(a.summary);
    expect({ ...b.info, elapsedMs: 0 }).toEqual({ ...a.info, elapsedMs: 0 });
    expect(await three.service.fingerprint()).toBe(await one.service.fingerprint());
    expect(await three.service.fingerprint()).toMatch(/^[0-9a-f]{64}$/);
    expect(three.service.diagnostics(0, 1000)).toEqual(one.service.diagnostics(0, 1000));
    // "Show the lines" reads them again from the file after a pooled load too.
    const lines = await three.service.inputLines(1234, 3);
    expect(lines).toEqual(await one.service.inputLines(1234, 3));
    expect(lines).toMatchObject({ kind: 'lines', first: 1231 });
  }, SLOW);

  it('keeps a small input for links, as the one-pass read does', async () => {
    const small = SYSTEMWIDE.subarray(0, SYSTEMWIDE.indexOf(10, 500_000) + 1);
    const one = pooled(2);
    const two = pooled(2);
    await load(one.service, small, { workers: 1 });
    await load(two.service, small, { workers: 2 });
    expect(two.workers).toHaveLength(1);
    expect(two.service.inputBytes()).toEqual(one.service.inputBytes());
    expect(two.service.inputBytes()?.length).toBe(small.length);
  }, SLOW);

  it('by default the pool runs from 4 cores for files of 4 MiB and more; gzip when asked for', async () => {
    expect(SYSTEMWIDE.length).toBeGreaterThanOrEqual(4 << 20);
    const two = pooled(2);
    await load(two.service, SYSTEMWIDE, {});
    expect(two.workers).toHaveLength(0);
    const eight = pooled(8);
    const r = await load(eight.service, SYSTEMWIDE, {});
    expect([r.kind, eight.workers.length]).toEqual(['loaded', 6]);
    const small = pooled(8);
    await load(small.service, SYSTEMWIDE.subarray(0, SYSTEMWIDE.indexOf(10, 3 << 20) + 1), {});
    expect(small.workers).toHaveLength(0);
    // A gzip is inflated in one place and its text dealt to the workers (gzip-pool-read.ts).
    const gz = pooled(8);
    expect((await load(gz.service, gzipSync(SYSTEMWIDE), { workers: 4 })).kind).toBe('loaded');
    expect(gz.workers).toHaveLength(3);
    const gzTwoCores = pooled(2);
    expect((await load(gzTwoCores.service, gzipSync(SYSTEMWIDE), {})).kind).toBe('loaded');
    expect(gzTwoCores.workers).toHaveLength(0);
  }, SLOW);

  it("a failing range worker fails the load with a message naming its range", async () => {
    const { service, workers } = pooled(2, { fail: { k: 1, how: 'uncaught' } });
    const r = await load(service, SYSTEMWIDE, { workers: 2 });
    expect(r.kind).toBe('failed');
    if (r.kind === 'failed') expect(r.message).toMatch(/^The trace could not be loaded: range 2 of 2 \(bytes \d+–\d+\) could not be parsed: Uncaught RangeError/);
    expect(workers[0].terminated).toBe(true);
  }, SLOW);

  it('Cancel terminates the pool and the load resolves cancelled', async () => {
    const { service, workers } = pooled(2, { silent: true });
    const pending = load(service, SYSTEMWIDE, { workers: 4 });
    setTimeout(() => service.cancel(), 30);
    expect((await pending).kind).toBe('cancelled');
    expect(workers.map((w) => w.terminated)).toEqual([true, true, true]);
  }, SLOW);

  it('the memory limit stops a pooled load with the one-pass message (how far it got may differ)', async () => {
    const one = await load(pooled(2).service, SYSTEMWIDE, { workers: 1, memoryLimit: 1_000_000 });
    const { service, workers } = pooled(2);
    const r = await load(service, SYSTEMWIDE, { workers: 3, memoryLimit: 1_000_000 });
    expect([one.kind, r.kind]).toEqual(['failed', 'failed']);
    if (r.kind === 'failed' && one.kind === 'failed') expect(r.message.replace(/\d[\d.,]*/g, 'N')).toBe(one.message.replace(/\d[\d.,]*/g, 'N'));
    expect(workers.every((w) => w.terminated)).toBe(true);
  }, SLOW);
});
