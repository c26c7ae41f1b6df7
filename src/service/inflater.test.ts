import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inflateThrough, serveInflate } from './inflater';
import { TraceService } from './trace-service';

const seedGz = new Uint8Array(readFileSync(new URL('../../test/traces/02-midstream-nc-fgraph.report.txt.gz', import.meta.url)));

/** Both sides over a MessageChannel, as over a worker's messages (transfers included). */
function channel() {
  const { port1, port2 } = new MessageChannel();
  serveInflate(port1);
  const stream = inflateThrough(port2);
  const dispose = () => {
    port1.close();
    port2.close();
  };
  return { stream, dispose };
}

/** A service that inflates through `channel()`, and how many times it let the "worker" go. */
function serviceInflatingOverChannel(): { service: TraceService; disposed: () => number } {
  let disposed = 0;
  const service = new TraceService(undefined, () => {
    const c = channel();
    return Promise.resolve({
      stream: c.stream,
      dispose: () => {
        disposed++;
        c.dispose();
      },
    });
  });
  return { service, disposed: () => disposed };
}

async function textOf(gz: Uint8Array, chunk: number): Promise<{ text: Uint8Array; error: string }> {
  const { stream, dispose } = channel();
  const source = new ReadableStream<Uint8Array>({
    start(c) {
      for (let i = 0; i < gz.length; i += chunk) c.enqueue(gz.slice(i, i + chunk));
      c.close();
    },
  });
  const parts: Uint8Array[] = [];
  let error = '';
  const reader = source.pipeThrough(stream).getReader();
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value);
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  dispose();
  return { text: Buffer.concat(parts), error };
}

describe('inflating in a worker of its own (over a MessageChannel here)', () => {
  it('gives the text of the gzip, byte for byte, in chunks of any size', async () => {
    const text = Buffer.from('a line of a trace\n'.repeat(200_000));
    const gz = new Uint8Array(gzipSync(text));
    for (const chunk of [1000, 65_536, gz.length]) expect(Buffer.compare((await textOf(gz, chunk)).text, text)).toBe(0);
  });

  it('a truncated gzip: the text before the damage arrives, then the failure', async () => {
    const text = Buffer.from('x'.repeat(3_000_000));
    const gz = new Uint8Array(gzipSync(text)).subarray(0, 2000);
    const r = await textOf(gz, 500);
    expect(r.error).not.toBe('');
    expect(r.text.length).toBeGreaterThan(0);
    expect(Buffer.compare(r.text, text.subarray(0, r.text.length))).toBe(0);
  });

  it('damage in the middle: the failure arrives, and the source is cancelled, not left waiting', async () => {
    const gz = new Uint8Array(gzipSync(Buffer.from('y'.repeat(2_000_000) + Math.random())));
    gz.fill(0xff, 40, 60); // an invalid deflate block right after the header
    const { stream, dispose } = channel();
    let sourceCancelled: () => void = () => undefined;
    const cancelled = new Promise<void>((resolve) => (sourceCancelled = resolve));
    let i = 0;
    const source = new ReadableStream<Uint8Array>({
      pull(c) {
        // An endless source: only a cancel ends it.
        c.enqueue(i < gz.length ? gz.slice(i, (i += 100)) : new Uint8Array(100));
      },
      cancel: () => sourceCancelled(),
    });
    const reader = source.pipeThrough(stream).getReader();
    const readAll = async () => {
      for (let r = await reader.read(); !r.done; r = await reader.read());
    };
    await expect(readAll()).rejects.toThrow();
    await cancelled; // (the test times out if the source is never cancelled)
    dispose();
  });

  it('a load through it gives the model of a local inflate, and the worker is let go once', async () => {
    const local = await new TraceService().load(new Blob([seedGz]), { name: 't.gz' });
    const { service: remote, disposed } = serviceInflatingOverChannel();
    const r = await remote.load(new Blob([seedGz]), { name: 't.gz' });
    expect(r.kind).toBe('loaded');
    expect(local.kind).toBe('loaded');
    if (r.kind !== 'loaded' || local.kind !== 'loaded') return;
    expect(r.summary).toEqual(local.summary);
    expect(disposed()).toBe(1);
  });
});

describe('cancelling a load that inflates in a worker', () => {
  it('ends with "cancelled" and lets the worker go', async () => {
    const { service, disposed } = serviceInflatingOverChannel();
    let cancelled = false;
    const r = await service.load(new Blob([seedGz]), {}, () => {
      if (!cancelled) {
        cancelled = true;
        service.cancel();
      }
    });
    expect(r).toEqual({ kind: 'cancelled' });
    expect(disposed()).toBe(1);
  });
});
