/**
 * The record decoder's and page walk's word reads (BinaryView.words: a 4-aligned field of a
 * little-endian file read as one Int32Array load, no DataView call) give the model of the
 * DataView reads, field by field: the same bytes handed out at an odd offset (no view has
 * words then) and every record added one by one (the DataView `decode`) against the
 * loader's fast lane over aligned blocks, on real files and on byte-level fixtures of each
 * layout (4-byte longs, the 6.5+ retval layout, a 32-bit format that lists the exit's times
 * 8-aligned, version 6, zlib).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TraceModel } from '../model/tables';
import { datModelRecordByRecord } from '../../test-utils/dat-record-by-record';
import { modelDifference } from '../../test-utils/model-difference';
import { traceBytes } from '../../test-utils/traces';
import { writeTraceDat, type DatSpec, type PageItem, type PageSpec } from '../../test-utils/trace-dat-writer';
import { BinaryView } from './binary-view';
import { loadTraceDat } from './load-trace-dat';
import { memorySource, type ByteSource } from './source';
import { SymbolCache } from './symbol-cache';

/** The file with every read handed out one byte past a 4-byte boundary: no view of it has words. */
function unalignedSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read(offset, length) {
      const end = Math.min(bytes.length, offset + length);
      const copy = new Uint8Array(Math.max(0, end - offset) + 1);
      copy.set(bytes.subarray(offset, end), 1);
      return Promise.resolve(copy.subarray(1));
    },
  };
}

/** The model, and how many function addresses were read as words. */
async function load(source: ByteSource): Promise<{ model: TraceModel; wordReads: number }> {
  const spy = vi.spyOn(SymbolCache.prototype, 'entryOfWords');
  const model = await loadTraceDat(source);
  const wordReads = spy.mock.calls.length;
  spy.mockRestore();
  return { model, wordReads };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('BinaryView.words', () => {
  it('are the little-endian words of 4-aligned bytes, and absent for other bytes or big-endian files', () => {
    const bytes = new Uint8Array([1, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff, 9]);
    const words = new BinaryView(bytes, true, 0, 'test').words;
    expect(words && [...words]).toEqual([1, -2]);
    expect(new BinaryView(bytes.subarray(1), true, 0, 'test').words).toBeNull();
    expect(new BinaryView(bytes, false, 0, 'test').words).toBeNull();
  });
});

describe('trace.dat word reads', () => {
  it('02 as version 6 (real, uncompressed): aligned blocks read as words give the model of the DataView reads', async () => {
    const bytes = traceBytes('02-midstream-nc-fgraph.v6.dat.gz');
    const words = await load(memorySource(bytes));
    const dataView = await load(unalignedSource(bytes));
    expect(words.wordReads).toBeGreaterThan(words.model.calls.length);
    expect(dataView.wordReads).toBe(0);
    expect(modelDifference(words.model, dataView.model)).toBeNull();
    expect(modelDifference(words.model, await datModelRecordByRecord(bytes))).toBeNull();
  });

  for (const file of ['01-seed-curl-fgraph.dat', '03-systemwide-sched-irq.dat']) {
    it(`${file} (real, zstd chunks): the fast lane's word reads give the record-by-record model`, async () => {
      const bytes = traceBytes(file);
      const words = await load(memorySource(bytes));
      expect(words.wordReads).toBeGreaterThan(words.model.calls.length);
      expect(modelDifference(words.model, await datModelRecordByRecord(bytes))).toBeNull();
    });
  }

  const SYMS_64 = ['ffffffff81000100 T outer_a', 'ffffffff81000200 T outer_b', 'ffffffff81000300 t leaf_a', 'ffffffff81000400 t leaf_b'].join('\n');
  const SYMS_32 = ['81000100 T outer_a', '81000200 T outer_b', '81000300 t leaf_a', '81000400 t leaf_b'].join('\n');
  const funcs = (wide: boolean): bigint[] => [0x100n, 0x200n, 0x334n, 0x400n].map((a) => (wide ? 0xffffffff81000000n : 0x81000000n) + a);

  /** Rounds of an outer call holding a leaf, on one CPU, the other CPU's 5 ns later (the merge alternates). */
  function pages(cpu: number, pid: number, wide: boolean, retval: boolean): { cpu: number; pages: PageSpec[] } {
    const f = funcs(wide);
    const items: PageItem[] = [];
    // Past 2^32 ns: times with both halves.
    let t = 5_000_000_000 + cpu * 5;
    for (let k = 0; k < 20; k++) {
      const outer = f[k % 2];
      const leaf = f[2 + (k % 2)];
      items.push({ ts: t, event: { kind: 'entry', pid, func: outer, depth: 0 } });
      items.push({ ts: t + 10, event: { kind: 'entry', pid, func: leaf, depth: 1 } });
      items.push({ ts: t + 20, event: { kind: 'exit', pid, func: leaf, depth: 1, calltime: t + 11, rettime: t + 19, ...(retval ? { retval: BigInt(-k) } : {}) } });
      // A time extend now and then (a delta past 2^27 ns).
      const after = k % 7 === 6 ? 2 ** 28 : 30;
      items.push({ ts: t + after, event: { kind: 'exit', pid, func: outer, depth: 0, calltime: t + 1, rettime: t + after - 1 } });
      t += after + 40;
    }
    return { cpu, pages: [{ ts: 5_000_000_000, items }] };
  }

  const layouts: [string, Partial<DatSpec>, boolean][] = [
    ['v7, 8-byte longs', { version: 7 }, true],
    ['v7, the 6.5+ layout with retval', { version: 7, retvalLayout: true }, true],
    ['v7, 4-byte longs', { version: 7, longSize: 4 }, false],
    ['v7, 4-byte longs, exit times listed 8-aligned (6.14)', { version: 7, longSize: 4, alignedExitTimesInFormat: true }, false],
    ['v6, 8-byte longs', { version: 6 }, true],
  ];
  for (const [name, spec, wide] of layouts) {
    it(`fixture ${name}: aligned and unaligned blocks, and record by record, give one model`, async () => {
      const retval = spec.retvalLayout === true;
      const bytes = writeTraceDat({
        version: 7,
        ...spec,
        kallsyms: wide ? SYMS_64 : SYMS_32,
        cmdlines: '139 curl\n200 nc\n',
        cpus: [pages(0, 139, wide, retval), pages(1, 200, wide, retval)],
      });
      const words = await load(memorySource(bytes));
      const dataView = await load(unalignedSource(bytes));
      expect(words.model.calls.length).toBe(80);
      expect(words.wordReads).toBeGreaterThan(100);
      expect(dataView.wordReads).toBe(0);
      expect(modelDifference(words.model, dataView.model)).toBeNull();
      expect(modelDifference(words.model, await datModelRecordByRecord(bytes))).toBeNull();
    });
  }

  it('fixture v7 zlib (chunks decompressed into aligned memory): the word reads give the record-by-record model', async () => {
    const bytes = writeTraceDat({ version: 7, compression: 'zlib', retvalLayout: true, kallsyms: SYMS_64, cmdlines: '139 curl\n', cpus: [pages(0, 139, true, true), pages(3, 139, true, true)] });
    const words = await load(memorySource(bytes));
    expect(words.wordReads).toBeGreaterThan(100);
    expect(modelDifference(words.model, await datModelRecordByRecord(bytes))).toBeNull();
  });
});
