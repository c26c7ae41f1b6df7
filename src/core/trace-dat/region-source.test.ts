/**
 * The CPU data read through a source's region readers (ByteSource.region: the CLI's file
 * handle, the app's Blob streams) gives what the plain reads give: the same model, the
 * same errors, on the uncompressed recorded files and on a truncated one; each region
 * reader is closed by the end of the reading, also when it stops early.
 */
import { describe, expect, it } from 'vitest';
import { modelDifference } from '../../test-utils/model-difference';
import { traceBytes } from '../../test-utils/traces';
import { loadTraceDat } from './load-trace-dat';
import { readMetadata } from './read-metadata';
import { readTraceDat } from './read-records';
import { memorySource, positionalRegion, type ByteSource } from './source';

/** The uncompressed copies `trace-cmd convert` made (the zstd files never read regions). */
const PLAIN = ['02-midstream-nc-fgraph.v6.dat.gz', '06-function-stacktrace.none.dat.gz'];

interface RegionLog {
  opened: number;
  closed: number;
  /** Bytes the regions handed over. */
  bytes: number;
}

/**
 * A memory source that also reads regions, each read answered a turn later (as a file or
 * a stream would), and counts what the regions did.
 */
function regionSource(bytes: Uint8Array, log: RegionLog): ByteSource {
  const plain = memorySource(bytes);
  const fill = async (offset: number, target: Uint8Array): Promise<number> => {
    await Promise.resolve();
    const piece = bytes.subarray(offset, Math.min(bytes.length, offset + target.length));
    target.set(piece);
    log.bytes += piece.length;
    return piece.length;
  };
  return {
    size: plain.size,
    read: (offset, length) => plain.read(offset, length),
    region(offset, end) {
      log.opened++;
      const r = positionalRegion(fill, offset, end);
      return {
        read: (target) => r.read(target),
        close() {
          log.closed++;
          r.close();
        },
      };
    },
  };
}

describe('the CPU data through region readers', () => {
  it.each(PLAIN)('%s: the model and the errors of plain reads, every region closed', async (name) => {
    const bytes = traceBytes(name);
    const log: RegionLog = { opened: 0, closed: 0, bytes: 0 };
    const viaRegions = await loadTraceDat(regionSource(bytes, log));
    const viaReads = await loadTraceDat(memorySource(bytes));
    expect(modelDifference(viaRegions, viaReads)).toBeNull();
    expect(viaRegions.calls.length + viaRegions.events.length).toBeGreaterThan(0);
    // Every page of every CPU came through the regions.
    const { meta } = await readMetadata(memorySource(bytes));
    const pages = meta.buffers.flatMap((b) => b.cpus).reduce((sum, c) => sum + c.size, 0);
    expect(pages).toBeGreaterThan(0);
    expect(log.bytes).toBe(pages);
    expect(log.opened).toBeGreaterThan(0);
    expect(log.closed).toBe(log.opened);
  }, 60_000);

  it('a truncated file: the same model and the same message naming where it ended', async () => {
    const whole = traceBytes('02-midstream-nc-fgraph.v6.dat.gz');
    const bytes = whole.subarray(0, Math.floor(whole.length * 0.8));
    const log: RegionLog = { opened: 0, closed: 0, bytes: 0 };
    const viaRegions = await loadTraceDat(regionSource(bytes, log));
    const viaReads = await loadTraceDat(memorySource(bytes));
    expect(modelDifference(viaRegions, viaReads)).toBeNull();
    expect(viaRegions.diagnostics.inputErrors.join('\n')).toMatch(/truncated/);
    expect(viaRegions.diagnostics.inputErrors).toEqual(viaReads.diagnostics.inputErrors);
    expect(log.closed).toBe(log.opened);
  }, 60_000);

  it('stopped early (Cancel): every region reader opened is closed', async () => {
    const bytes = traceBytes('02-midstream-nc-fgraph.v6.dat.gz');
    const log: RegionLog = { opened: 0, closed: 0, bytes: 0 };
    let blocks = 0;
    const { records } = await readTraceDat(regionSource(bytes, log), { record: () => undefined, error: () => undefined }, { shouldStop: () => ++blocks > 2 });
    expect(records).toBeGreaterThan(0);
    expect(log.opened).toBeGreaterThan(0);
    expect(log.closed).toBe(log.opened);
  }, 60_000);

  it('a region that fails: the load says so and still closes every region', async () => {
    const bytes = traceBytes('02-midstream-nc-fgraph.v6.dat.gz');
    const log: RegionLog = { opened: 0, closed: 0, bytes: 0 };
    const source = regionSource(bytes, log);
    const open = source.region!.bind(source);
    let reads = 0;
    source.region = (offset, end) => {
      const r = open(offset, end);
      return { read: (t) => (++reads === 3 ? Promise.reject(new Error('the disk went away')) : r.read(t)), close: () => r.close() };
    };
    const model = await loadTraceDat(source);
    expect(model.diagnostics.inputErrors.join('\n')).toMatch(/the disk went away/);
    expect(log.closed).toBe(log.opened);
  }, 60_000);
});

describe('positionalRegion', () => {
  it('hands over the region in order, stops at its end, then gives 0', async () => {
    const bytes = Uint8Array.from({ length: 100 }, (_, i) => i);
    const region = positionalRegion((offset, target) => {
      const piece = bytes.subarray(offset, offset + target.length);
      target.set(piece);
      return Promise.resolve(piece.length);
    }, 10, 45);
    const a = new Uint8Array(16);
    expect(await region.read(a)).toBe(16);
    expect([...a]).toEqual([...bytes.subarray(10, 26)]);
    const b = new Uint8Array(32);
    expect(await region.read(b)).toBe(19);
    expect([...b.subarray(0, 19)]).toEqual([...bytes.subarray(26, 45)]);
    expect(await region.read(b)).toBe(0);
  });
});
