import { describe, expect, it } from 'vitest';
import { loadTraceDat } from '../../core/trace-dat/load-trace-dat';
import { memorySource } from '../../core/trace-dat/source';
import { modelDifference } from '../../test-utils/model-difference';
import { traceBytes } from '../../test-utils/traces';
import { CHUNK_BYTES } from '../chunk-reader';
import { TraceService } from '../trace-service';
import { blobRegion } from './blob-region';

/** Bytes that differ from their neighbours everywhere (a wrong offset shows). */
function pattern(n: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 7 + (i >> 8)) & 255;
  return out;
}

/** The whole region read with targets of `size` bytes, and the count of each read. */
async function readAll(blob: Blob, offset: number, end: number, size: number): Promise<{ bytes: Uint8Array; counts: number[] }> {
  const region = blobRegion(blob, offset, end);
  const parts: Uint8Array[] = [];
  const counts: number[] = [];
  for (;;) {
    const target = new Uint8Array(size);
    const n = await region.read(target);
    counts.push(n);
    if (n === 0) break;
    parts.push(target.slice(0, n));
  }
  region.close();
  const bytes = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  return { bytes, counts };
}

describe('blobRegion', () => {
  const bytes = pattern(3 * CHUNK_BYTES + 12_345);
  const blob = new Blob([bytes]);

  it.each([1000, CHUNK_BYTES, CHUNK_BYTES + 1, 1 << 20])('reads the region in order with %d-byte targets, each full but the last', async (size) => {
    const offset = 4321;
    const end = bytes.length - 999;
    const { bytes: got, counts } = await readAll(blob, offset, end, size);
    expect(got).toEqual(bytes.subarray(offset, end));
    // Full targets until the end, then the rest, then 0.
    expect(counts.slice(0, -2).every((n) => n === size)).toBe(true);
    expect(counts.at(-1)).toBe(0);
  });

  it('a region closed before its end reads nothing more and throws nothing', async () => {
    const region = blobRegion(blob, 0, bytes.length);
    const target = new Uint8Array(1000);
    expect(await region.read(target)).toBe(1000);
    region.close();
    region.close();
    expect(target).toEqual(bytes.subarray(0, 1000));
  });

  it('an empty region gives 0', async () => {
    expect(await blobRegion(blob, 100, 100).read(new Uint8Array(10))).toBe(0);
  });
});

describe('a plain trace.dat loaded from a Blob (its pages through the regions)', () => {
  it('gives the model of the same bytes read from memory', async () => {
    const bytes = traceBytes('02-midstream-nc-fgraph.v6.dat.gz');
    const service = new TraceService();
    const r = await service.load(new Blob([bytes.slice()]), { name: 'trace.dat' });
    expect(r.kind).toBe('loaded');
    const fromBlob = service.derived().model;
    const fromMemory = await loadTraceDat(memorySource(bytes));
    expect(fromBlob.calls.length).toBeGreaterThan(0);
    expect(modelDifference(fromBlob, fromMemory)).toBeNull();
  }, 60_000);

  it('version 7 with no compression alike (stack frames under its events)', async () => {
    const bytes = traceBytes('06-function-stacktrace.none.dat.gz');
    const service = new TraceService();
    expect((await service.load(new Blob([bytes.slice()]), { name: 'trace.dat' })).kind).toBe('loaded');
    const fromBlob = service.derived().model;
    expect(fromBlob.events.stack.length).toBeGreaterThan(0);
    expect(modelDifference(fromBlob, await loadTraceDat(memorySource(bytes)))).toBeNull();
  }, 60_000);
});
