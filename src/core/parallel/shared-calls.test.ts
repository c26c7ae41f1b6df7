import { describe, expect, it } from 'vitest';
import { CallTable } from '../model/call-table';
import { loadBytes, traceBytes } from '../../test-utils/traces';
import { regionStarts, rowsPerByteOf, sharedCallSpace, sharedColumns, sharedRowsAt, sharedRowsFor, viewsRegion, viewsSpaceFromStart } from './shared-calls';

const HEAD = 1 << 20;

describe('rowsPerByteOf', () => {
  it('tells the rows a byte of function_graph text from its head, near what the whole makes', () => {
    for (const name of ['02-midstream-nc-fgraph.report.txt.gz', '03-systemwide-sched-irq.report.txt.gz', '04-tracefs-funcgraph-proc.txt']) {
      const bytes = traceBytes(name);
      const truth = loadBytes(bytes).calls.length / bytes.length;
      const guess = rowsPerByteOf(bytes.subarray(0, HEAD));
      expect([name, guess !== undefined && Math.abs(guess / truth - 1) < 0.25]).toEqual([name, true]);
    }
  });

  it('counts over several samples, each from its own line start', () => {
    const entry = new TextEncoder().encode(' 0)               |  schedule() {\n'.repeat(600));
    const exit = new TextEncoder().encode(' 0)   1.0 us    |  }\n'.repeat(600));
    // 1200 lines, 600 of them calls, over both samples' bytes.
    expect(rowsPerByteOf([entry, exit])).toBeCloseTo(600 / (entry.length + exit.length), 9);
    expect(rowsPerByteOf(entry)).toBeUndefined(); // 600 lines: too few to tell
  });

  it('guesses each range from its own samples, or from all of them when its own tell nothing', () => {
    const dense = new TextEncoder().encode(' 0)   |  f();\n'.repeat(2000));
    const sparse = new TextEncoder().encode(' 0)               |  g() {\n 0)   1.0 us    |  }\n'.repeat(1000));
    const unknown = new TextEncoder().encode('x\n'.repeat(10));
    const rows = sharedRowsFor([0, 1000, 2000, 3000], [[dense], [sparse], [unknown]])!;
    const all = rowsPerByteOf([dense, sparse, unknown])!;
    expect(rows.starts).toEqual(regionStarts([1000, 1000, 1000], [rowsPerByteOf(dense)!, rowsPerByteOf(sparse)!, all]));
    expect(sharedRowsFor([0, 1000], [[unknown]])).toBeUndefined();
  });

  it('tells nothing from text that is not function_graph lines, or too few lines', () => {
    expect(rowsPerByteOf(traceBytes('06-function-curl.report.txt.gz').subarray(0, HEAD))).toBeUndefined();
    expect(rowsPerByteOf(new TextEncoder().encode(' 0)               |  schedule() {\n'.repeat(999)))).toBeUndefined();
    // An entry (CRLF, a blank before the line end) and its exit: a call each 2 lines.
    const pair = new TextEncoder().encode(' 0)               |  schedule() { \r\n 0)   1.0 us    |  }\n'.repeat(600));
    expect(rowsPerByteOf(pair)).toBeCloseTo(600 / pair.length, 9);
  });
});

describe('regions', () => {
  it('gives each range its guessed rows, an eighth more and the slack, one after the other', () => {
    expect(regionStarts([1000, 2000], 0.01, 5)).toEqual([0, 17, 17 + 28]);
    const rows = sharedRowsAt([0, 1000, 3000], 0.01, 5)!;
    expect(rows.starts).toEqual([0, 17, 45]);
    expect(rows.space.capacity).toBe(45);
    expect(rows.space.start.byteLength).toBe(45 * 8);
  });

  it('a table over a region builds into the shared memory until it outgrows it, then into its own, sized once', () => {
    const space = sharedCallSpace(10)!;
    const region = { space, from: 4, to: 6 };
    const table = CallTable.over(sharedColumns(space, region.from, region.to), 5000);
    table.add(7, -1, 0, 0, 1, 100, 0, 1);
    table.add(8, 0, 0, 1, 1, 110, 0, 2);
    expect(viewsRegion(table, region)).toBe(true);
    expect(new Uint32Array(space.func, 16, 2)).toEqual(new Uint32Array([7, 8]));
    table.add(9, 1, 0, 2, 1, 120, 0, 3);
    expect(viewsRegion(table, region)).toBe(false);
    expect([...table.func.subarray(0, 3)]).toEqual([7, 8, 9]);
    // The whole guess at once (not 1.5 × 2 rows, then again and again); later growth by half as any table.
    expect(table.func.length).toBe(5000);
    for (let i = 3; i <= 5000; i++) table.add(1, -1, 0, 0, 1, 0, 0, i);
    expect(table.func.length).toBe(7500);
    // A reserve leaving the given columns (a stitch's) takes the guess at once too.
    const reserved = CallTable.over(sharedColumns(space, 0, 2), 5000);
    reserved.reserve(3);
    expect(reserved.func.length).toBe(5000);
    expect(viewsSpaceFromStart(reserved, space)).toBe(false);
    expect(new Uint32Array(space.func, 24, 1)[0]).toBe(0); // the next region untouched
  });

  it('a table from row 0 takes a wider view without a copy, its context column following; trim cuts the view', () => {
    const space = sharedCallSpace(4096)!;
    const table = CallTable.over(sharedColumns(space, 0, 2));
    table.add(1, -1, 0, 0, 0, 0, 0, 1);
    table.setContext(0, 3);
    table.useColumns(sharedColumns(space, 0, 4000));
    expect(viewsSpaceFromStart(table, space)).toBe(true);
    expect(table.context!.length).toBe(4000);
    expect(table.context![0]).toBe(3);
    // Widened a little at a time (a stitch, run by run), the context column grows by half, not by each step.
    table.useColumns(sharedColumns(space, 0, 4001));
    const grown = table.context;
    expect(grown!.length).toBe(6000);
    table.useColumns(sharedColumns(space, 0, 4002));
    expect(table.context).toBe(grown);
    table.add(2, 0, 0, 1, 0, 5, 0, 2);
    table.trim();
    expect(table.func.buffer).toBe(space.func);
    expect(table.func.length).toBe(2);
    expect([...table.context!]).toEqual([3, 0]);
    expect([...new Uint32Array(space.func, 0, 2)]).toEqual([1, 2]);
    expect(() => table.useColumns(sharedColumns(space, 0, 1))).toThrow(/fewer rows/);
  });
});
