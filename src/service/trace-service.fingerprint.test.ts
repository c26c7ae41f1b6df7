/**
 * The input's fingerprint off the load's critical path (load/fingerprint.ts): a load
 * answers before it is made (`contentHash: null`), nothing is hashed while a File is
 * parsed, the hashing starts once the worker is idle or when asked first, and the value is
 * the scheme's (SHA-256 over 4 MiB blocks) for every kind of input, as before.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import type { LoadResult, SideBLoadResult } from './api';
import { InlineHasher, webCryptoDigester, type GiveBack, type InputHasher } from './input-hasher';
import { TraceService } from './trace-service';
import { fakeRangeWorkers } from '../test-utils/fake-range-workers';
import { traceBytes } from '../test-utils/traces';

/** 6 MB of text: two 4 MiB blocks. */
const SYSTEMWIDE = traceBytes('03-systemwide-sched-irq.report.txt.gz');
const own = (b: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(b);
const SLOW = 120_000;
/** WebCrypto's block digests, as in the browser (the JavaScript ones give the same value, slower). */
const fastHasher = () => new InlineHasher(webCryptoDigester()!);

/** The scheme's value, by Node's SHA-256: the digest of the blocks' digests. */
function contentHash(bytes: Uint8Array): string {
  const all = createHash('sha256');
  const block = 4 * 1024 * 1024;
  for (let i = 0; i < bytes.length; i += block) all.update(createHash('sha256').update(bytes.subarray(i, i + block)).digest());
  return all.digest('hex');
}

function streamOf(bytes: Uint8Array, size = 100_000): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) controller.close();
      else controller.enqueue(bytes.slice(at, (at += size)));
    },
  });
}

/** A hasher that records what it was asked and answers `digestBlob` only when `release` is called. */
class HeldHasher implements InputHasher {
  readonly calls: string[] = [];
  private readonly inner = new InlineHasher();
  private release: (() => void) | undefined;
  disposed = false;

  update(chunk: Uint8Array, giveBack?: GiveBack): void {
    this.calls.push('update');
    this.inner.update(chunk, giveBack);
  }
  digest(): Promise<string> {
    this.calls.push('digest');
    return this.inner.digest();
  }
  async digestBlob(blob: Blob): Promise<string> {
    this.calls.push('digestBlob');
    await new Promise<void>((resolve) => (this.release = resolve));
    return this.inner.digestBlob(blob);
  }
  hold(): void {
    this.calls.push('hold');
  }
  dispose(): void {
    this.disposed = true;
  }
  /** Lets the held `digestBlob` go on (once it was asked). */
  async letGo(): Promise<void> {
    await vi.waitFor(() => expect(this.release).toBeDefined());
    this.release?.();
  }
}

/** A service whose hashers each wait for `letGo()`, listed in the order it made them. */
function serviceWithHeldHashers(): { service: TraceService; hashers: HeldHasher[] } {
  const hashers: HeldHasher[] = [];
  const service = new TraceService(() => {
    const h = new HeldHasher();
    hashers.push(h);
    return h;
  });
  return { service, hashers };
}

function loaded<R extends LoadResult | SideBLoadResult>(r: R): Extract<R, { kind: 'loaded' }> {
  if (r.kind !== 'loaded') throw new Error(`expected a loaded trace, got ${r.kind}`);
  return r as Extract<R, { kind: 'loaded' }>;
}

describe('the fingerprint off the critical path', () => {
  it('a File loads (ready) before anything is hashed; the hashing starts once the worker is idle', async () => {
    const { service, hashers } = serviceWithHeldHashers();
    const r = loaded(await service.load(new Blob([own(SYSTEMWIDE)]), { name: 'systemwide.txt' }));
    expect(r.info.contentHash).toBeNull();
    // Nothing was hashed during the load: no hasher fed, none started.
    expect(hashers.flatMap((h) => h.calls)).toEqual([]);
    // Once the opening views are built ahead, the hasher reads the File again by itself.
    await vi.waitFor(() => expect(hashers.flatMap((h) => h.calls)).toEqual(['digestBlob']), { timeout: 30_000 });
    let answered = false;
    const fingerprint = service.fingerprint('a', true).then((hex) => ((answered = true), hex));
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Asked while it is being made: the answer waits for it (as Share does).
    expect(answered).toBe(false);
    await hashers[0].letGo();
    expect(await fingerprint).toBe(contentHash(SYSTEMWIDE));
    expect(await service.fingerprint()).toBe(contentHash(SYSTEMWIDE));
    expect(hashers).toHaveLength(1);
  }, SLOW);

  it('while the File is hashed ahead, a question from the page holds the hashing off; before and after, nothing is held', async () => {
    const { service, hashers } = serviceWithHeldHashers();
    loaded(await service.load(new Blob([own(SYSTEMWIDE)])));
    service.userActive();
    expect(hashers).toHaveLength(0);
    // Started by the work ahead once the worker is idle, as no one asked for it yet.
    await vi.waitFor(() => expect(hashers.flatMap((h) => h.calls)).toEqual(['digestBlob']), { timeout: 30_000 });
    service.userActive();
    expect(hashers[0].calls).toEqual(['digestBlob', 'hold']);
    await hashers[0].letGo();
    expect(await service.fingerprint()).toBe(contentHash(SYSTEMWIDE));
    service.userActive();
    expect(hashers[0].calls).toEqual(['digestBlob', 'hold']);
  }, SLOW);

  it('once the page waits for the fingerprint (Share), its questions no longer hold the hashing', async () => {
    const { service, hashers } = serviceWithHeldHashers();
    loaded(await service.load(new Blob([own(SYSTEMWIDE)])));
    await vi.waitFor(() => expect(hashers.flatMap((h) => h.calls)).toEqual(['digestBlob']), { timeout: 30_000 });
    service.userActive();
    const fingerprint = service.fingerprint('a', true);
    service.userActive();
    service.userActive();
    expect(hashers[0].calls).toEqual(['digestBlob', 'hold']);
    await hashers[0].letGo();
    expect(await fingerprint).toBe(contentHash(SYSTEMWIDE));
  }, SLOW);

  it('asked for at once, before the work ahead started it, the hashing is never held', async () => {
    const { service, hashers } = serviceWithHeldHashers();
    loaded(await service.load(new Blob([own(SYSTEMWIDE)])));
    const fingerprint = service.fingerprint('a', true);
    service.userActive();
    expect(hashers[0].calls).toEqual(['digestBlob']);
    await hashers[0].letGo();
    expect(await fingerprint).toBe(contentHash(SYSTEMWIDE));
  }, SLOW);

  it('asked before the worker is idle, the hashing starts at once', async () => {
    const { service, hashers } = serviceWithHeldHashers();
    loaded(await service.load(new Blob([own(SYSTEMWIDE)])));
    // Asked to wait for it (the page learns it so), the hashing does not start yet …
    const waiting = service.fingerprint();
    expect(hashers.flatMap((h) => h.calls)).toEqual([]);
    // … asked for it now (Share), it does, and both answers come when it is made.
    const fingerprint = service.fingerprint('a', true);
    expect(hashers.flatMap((h) => h.calls)).toEqual(['digestBlob']);
    await hashers[0].letGo();
    expect(await fingerprint).toBe(contentHash(SYSTEMWIDE));
    expect(await waiting).toBe(contentHash(SYSTEMWIDE));
  }, SLOW);

  it('the value is the same as before for a plain File, a stream, gzip either way, pasted text and the parse pool', async () => {
    const plain = SYSTEMWIDE;
    const gz = gzipSync(plain);
    const cases: [string, (s: TraceService) => Promise<LoadResult>, Uint8Array][] = [
      ['plain File', (s) => s.load(new Blob([own(plain)])), plain],
      ['plain stream', (s) => s.load(streamOf(plain)), plain],
      ['gzip File', (s) => s.load(new Blob([own(gz)])), gz],
      ['gzip stream', (s) => s.load(streamOf(gz, 7_000)), gz],
    ];
    for (const [what, load, bytes] of cases) {
      const service = new TraceService(fastHasher);
      const r = await load(service);
      expect([what, r.kind, r.kind === 'loaded' && r.info.contentHash]).toEqual([what, 'loaded', null]);
      expect([what, await service.fingerprint()]).toEqual([what, contentHash(bytes)]);
    }
    const text = new TextDecoder().decode(plain.subarray(0, plain.indexOf(10, 200_000) + 1));
    const pasted = new TraceService(fastHasher);
    loaded(await pasted.loadText(text));
    expect(await pasted.fingerprint()).toBe(contentHash(new TextEncoder().encode(text)));
    const pooled = new TraceService(fastHasher, undefined, { spawn: fakeRangeWorkers().spawn, cores: 2 });
    loaded(await pooled.load(new Blob([own(plain)]), { workers: 3 }));
    expect(await pooled.fingerprint()).toBe(contentHash(plain));
  }, SLOW);

  it("a new load drops the previous trace's fingerprint: its pending answer is ''", async () => {
    const { service, hashers } = serviceWithHeldHashers();
    loaded(await service.load(new Blob([own(SYSTEMWIDE)])));
    const first = service.fingerprint('a', true);
    await service.loadText(new TextDecoder().decode(SYSTEMWIDE.subarray(0, SYSTEMWIDE.indexOf(10, 10_000) + 1)));
    expect(await first).toBe('');
    expect(hashers[0].disposed).toBe(true);
    expect(await new TraceService().fingerprint('b')).toBe('');
  }, SLOW);

  it('compare mode: side B has its own fingerprint, and the same trace as B shares A’s', async () => {
    const service = new TraceService(fastHasher);
    const head = SYSTEMWIDE.subarray(0, SYSTEMWIDE.indexOf(10, 300_000) + 1);
    loaded(await service.load(new Blob([own(SYSTEMWIDE)])));
    loaded(await service.load(new Blob([own(head)]), { side: 'b' }));
    expect(await service.fingerprint('b')).toBe(contentHash(head));
    expect(await service.fingerprint('a')).toBe(contentHash(SYSTEMWIDE));
    service.compareWithSame();
    expect(await service.fingerprint('b')).toBe(contentHash(SYSTEMWIDE));
    service.leaveCompare();
    expect(await service.fingerprint('a')).toBe(contentHash(SYSTEMWIDE));
  }, SLOW);
});
