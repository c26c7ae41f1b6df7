/**
 * The service's parallel read of a gzip (load/gzip-pool-read.ts: inflated in one place,
 * its text dealt to range workers in pieces) with range workers run in this thread: the
 * one-pass result (summary, info, fingerprint, diagnostics, lines, the small input kept)
 * for real traces with 2, 3 and 7 threads, a gzip member boundary inside a line; what is
 * left to the one-pass read (a damaged gzip, a gzipped trace.dat); a failing worker; Cancel.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { LoadOptions, LoadResult } from './api';
import { TraceService } from './trace-service';
import { fakeRangeWorkers, type FakeWorkerPlan } from '../test-utils/fake-range-workers';
import { traceBytes } from '../test-utils/traces';
import { blobOf } from '../test-utils/range-plans';

const gz = (bytes: Uint8Array) => new Uint8Array(gzipSync(bytes, { level: 1 }));
/** Each test loads a few MB several times: seconds on a busy machine. */
const SLOW = 120_000;

/** A service whose pool runs fake workers (on a 2-core machine: the pool only when asked), cutting 256 KiB pieces. */
function pooled(plan: FakeWorkerPlan = {}) {
  const fakes = fakeRangeWorkers(plan);
  return { service: new TraceService(undefined, undefined, { spawn: fakes.spawn, cores: 2, pieceBytes: 256 << 10 }), workers: fakes.workers };
}

function load(service: TraceService, bytes: Uint8Array, opts: LoadOptions): Promise<LoadResult> {
  return service.load(blobOf(bytes), { name: 'trace.txt.gz', ...opts });
}

/** Everything a load tells the page, but the time it took. */
async function outcome(service: TraceService, r: LoadResult) {
  if (r.kind !== 'loaded') return r;
  return {
    summary: r.summary,
    info: { ...r.info, elapsedMs: 0 },
    fingerprint: await service.fingerprint('a', true),
    diagnostics: service.diagnostics(0, 1000),
    lines: await service.inputLines(1234, 3),
    input: service.inputBytes(),
  };
}

describe('TraceService.load of a gzip with the parse pool', () => {
  for (const name of ['03-systemwide-sched-irq.report.txt.gz', '04-tracefs-latency-format.txt.gz']) {
    it(`${name}: 2, 3 and 7 threads give the one-pass result`, async () => {
      const bytes = gz(traceBytes(name));
      const one = pooled();
      const expected = await outcome(one.service, await load(one.service, bytes, { workers: 1 }));
      expect(one.workers).toHaveLength(0);
      expect('summary' in expected).toBe(true); // loaded
      for (const threads of [2, 3, 7]) {
        const many = pooled({ delayMs: (k) => (threads - k) * 2 });
        const got = await outcome(many.service, await load(many.service, bytes, { workers: threads }));
        expect([threads, many.workers.length]).toEqual([threads, threads - 1]);
        expect(got).toEqual(expected);
        // The workers parsed pieces (their joined batches' columns came back), and were let go.
        expect(many.workers.filter((w) => w.recycled > 0).length).toBeGreaterThanOrEqual(Math.min(threads - 1, 3));
        expect(many.workers.every((w) => w.terminated)).toBe(true);
      }
    }, SLOW);
  }

  it('a gzip member boundary inside a line (and inside a UTF-8 character) gives the one-pass result', async () => {
    const full = traceBytes('02-midstream-nc-fgraph.report.txt.gz');
    const text = full.subarray(0, full.indexOf(10, 3_000_000) + 1);
    const nl = text.indexOf(10, text.length >> 1);
    const at = nl + 20;
    const members = new Uint8Array([...gz(text.subarray(0, at)), ...gz(text.subarray(at))]);
    const utf8 = new TextEncoder().encode('é');
    const accented = new Uint8Array([...text.subarray(0, nl + 1), ...new TextEncoder().encode('# caf'), ...utf8, ...new TextEncoder().encode('\n'), ...text.subarray(nl + 1)]);
    const cutInChar = nl + 1 + 5 + 1; // between the two bytes of 'é'
    const splitChar = new Uint8Array([...gz(accented.subarray(0, cutInChar)), ...gz(accented.subarray(cutInChar))]);
    for (const bytes of [members, splitChar]) {
      const one = pooled();
      const expected = await outcome(one.service, await load(one.service, bytes, { workers: 1 }));
      const three = pooled({ delayMs: (k) => k });
      expect(await outcome(three.service, await load(three.service, bytes, { workers: 3 }))).toEqual(expected);
      expect(three.workers.map((w) => w.recycled > 0)).toEqual([true, true]);
    }
  }, SLOW);

  it('a damaged gzip and a gzipped trace.dat are read in one pass, with the one-pass result', async () => {
    // 4 MB of text (sixteen 256 KiB pieces): a worker's pieces are joined before the damage (1.5 MB was too little).
    const full = traceBytes('03-systemwide-sched-irq.report.txt.gz');
    const text = gz(full.subarray(0, full.indexOf(10, 4_000_000) + 1));
    const cut = text.subarray(0, Math.floor(text.length * 0.7));
    const dat = gz(traceBytes('06-function-stacktrace.dat'));
    // The damage is met after the pool has parsed pieces; a trace.dat is known from its head.
    for (const [bytes, parsedFirst] of [
      [cut, true],
      [dat, false],
    ] as const) {
      const one = pooled();
      const expected = await outcome(one.service, await load(one.service, bytes, { workers: 1 }));
      const two = pooled();
      expect(await outcome(two.service, await load(two.service, bytes, { workers: 2 }))).toEqual(expected);
      expect(two.workers.map((w) => [w.terminated, w.recycled > 0])).toEqual([[true, parsedFirst]]);
    }
  }, SLOW);

  it('a failing range worker fails the load with a message naming it and its piece', async () => {
    const { service, workers } = pooled({ fail: { k: 2, how: 'uncaught' } });
    const r = await load(service, gz(traceBytes('03-systemwide-sched-irq.report.txt.gz')), { workers: 3 });
    expect(r.kind).toBe('failed');
    if (r.kind === 'failed') {
      expect(r.message).toMatch(/^The trace could not be loaded: piece 2 \(text bytes \d+–\d+\), range worker 2 of 2, could not be parsed: Uncaught RangeError/);
    }
    expect(workers.every((w) => w.terminated)).toBe(true);
  }, SLOW);

  it('Cancel terminates the pool and the load resolves cancelled', async () => {
    const { service, workers } = pooled({ silent: true });
    const pending = load(service, gz(traceBytes('03-systemwide-sched-irq.report.txt.gz')), { workers: 3 });
    setTimeout(() => service.cancel(), 50);
    expect((await pending).kind).toBe('cancelled');
    expect(workers.map((w) => w.terminated)).toEqual([true, true]);
  }, SLOW);

  it('the memory limit stops it with the one-pass message (how far it got may differ)', async () => {
    const bytes = gz(traceBytes('03-systemwide-sched-irq.report.txt.gz'));
    const one = await load(pooled().service, bytes, { workers: 1, memoryLimit: 1_000_000 });
    const { service, workers } = pooled();
    const r = await load(service, bytes, { workers: 3, memoryLimit: 1_000_000 });
    expect([one.kind, r.kind]).toEqual(['failed', 'failed']);
    if (r.kind === 'failed' && one.kind === 'failed') expect(r.message.replace(/\d[\d.,]*/g, 'N')).toBe(one.message.replace(/\d[\d.,]*/g, 'N'));
    expect(workers.every((w) => w.terminated)).toBe(true);
  }, SLOW);
});
