/**
 * "Show the lines": the input read again by line number, from a plain file (entered through
 * the sparse index), a gzip (inflated again), a stream's kept bytes and a paste, and what is
 * said for a trace.dat; the lines are the loader's (the call's line names the call).
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { traceBytes, traceText } from '../../test-utils/traces';
import type { InputLines } from '../api';
import { TraceService } from '../trace-service';
import { InputLineReader, LINE_INDEX_EVERY } from './input-lines';

const lines = (a: InputLines) => (a.kind === 'lines' ? a : expect.unreachable(`no lines: ${JSON.stringify(a)}`));

describe('InputLineReader', () => {
  const text = ['a', 'b\r', '', 'd', ...Array.from({ length: 3000 }, (_, i) => `line ${i + 5}`), 'last without newline'].join('\n');
  const all = text.split('\n').map((l) => l.replace(/\r$/, ''));

  it('reads any lines of a plain input, entering it through the index, CR LF as LF', async () => {
    const r = new InputLineReader({ blob: new Blob([text]), gzip: false });
    expect(await r.lines(1, 4)).toEqual(['a', 'b', '', 'd']);
    // Past the first index point, then before it again, then across two.
    expect(await r.lines(LINE_INDEX_EVERY * 2 + 3, LINE_INDEX_EVERY * 2 + 5)).toEqual(all.slice(LINE_INDEX_EVERY * 2 + 2, LINE_INDEX_EVERY * 2 + 5));
    expect(await r.lines(1020, 1030)).toEqual(all.slice(1019, 1030));
    expect(await r.lines(2040, 2060)).toEqual(all.slice(2039, 2060));
    // The last line has no newline; asking past the end gives what there is.
    expect(await r.lines(all.length - 1, all.length + 10)).toEqual(all.slice(-2));
  });

  it('reads a gzip input by inflating it again', async () => {
    const r = new InputLineReader({ blob: new Blob([gzipSync(Buffer.from(text))]), gzip: true });
    expect(await r.lines(2500, 2502)).toEqual(all.slice(2499, 2502));
    expect(await r.lines(2, 2)).toEqual(['b']);
  });

  // A gzip cut short or followed by junk: the lines around the last calls read (those
  // before the damage, which the load kept) threw the inflater's error instead.
  it('reads a damaged gzip up to its damage, as the load did', async () => {
    const gz = gzipSync(Buffer.from(text));
    for (const damaged of [gz.subarray(0, gz.length >> 1), Buffer.concat([gz, Buffer.from('junk after the gzip')])]) {
      const service = new TraceService();
      await service.load(new Blob([new Uint8Array(damaged)]), { name: 'damaged.txt.gz' });
      const read = service.currentModel()!.diagnostics.linesRead;
      const around = lines(await service.inputLines(read - 1, 3));
      expect(around.first).toBe(read - 4);
      expect(around.lines.slice(0, 3)).toEqual(all.slice(read - 5, read - 2));
      expect(around.lines.length).toBe(5);
    }
  });

  it('cuts an over-long line', async () => {
    const r = new InputLineReader({ blob: new Blob([`x\n${'y'.repeat(10_000)}\nz\n`]), gzip: false });
    const [x, long, z] = await r.lines(1, 3);
    expect([x, z]).toEqual(['x', 'z']);
    expect(long.length).toBe(2001);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('TraceService.inputLines', () => {
  const seedGz = traceBytes('01-seed-curl-fgraph.report.txt.gz');
  const seedText = traceText('01-seed-curl-fgraph.report.txt.gz').split('\n');

  it("the lines around a call's input line hold that call's entry (a gzip file)", async () => {
    const service = new TraceService();
    await service.load(new Blob([gzipSync(Buffer.from(seedGz))]), { name: 'seed.txt.gz' });
    const model = service.currentModel()!;
    const c = Math.floor(model.calls.length * 0.7);
    const at = model.calls.line[c];
    const got = lines(await service.inputLines(at, 20));
    expect(got.first).toBe(at - 20);
    expect(got.lines).toEqual(seedText.slice(at - 21, at + 20));
    expect(got.lines[20]).toContain(`${model.strings.get(model.calls.func[c])}(`);
  });

  it('a plain stream is read again from its kept bytes; a paste from its text', async () => {
    const small = seedText.slice(0, 3000).join('\n') + '\n';
    const stream = new Blob([small]).stream();
    const s1 = new TraceService();
    await s1.load(stream, { name: 'x.txt' });
    expect(lines(await s1.inputLines(1500, 2)).lines).toEqual(seedText.slice(1497, 1502));
    const s2 = new TraceService();
    await s2.loadText(small);
    expect(lines(await s2.inputLines(3, 1)).lines).toEqual(seedText.slice(1, 4));
  });

  it('a trace.dat has no text lines, and says so', async () => {
    const service = new TraceService();
    await service.load(new Blob([traceBytes('02-midstream-nc-fgraph.v6.dat.gz') as Uint8Array<ArrayBuffer>]), { name: 'x.dat' });
    const got = await service.inputLines(10, 5);
    expect(got).toEqual({ kind: 'none', reason: expect.stringContaining('trace.dat') });
  });
});
