/** A trace too big for the tab's memory stops with a message (memory-limit.ts), tested with a small limit. */
import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TraceService } from '../trace-service';
import { BYTES_PER_CALL, formatBytesForMessage, tooBigMessage } from './memory-limit';

const TRACE = new URL('../../../test/traces/02-midstream-nc-fgraph.report.txt.gz', import.meta.url);
/** test/traces/MANIFEST.json: the calls of this trace. */
const CALLS = 30075;

describe('the memory limit of a load', () => {
  const blob = () => new Blob([new Uint8Array(gunzipSync(readFileSync(TRACE)))]);

  it('stops a trace that needs more than the limit, saying how much it needs and how to cut it', async () => {
    const s = new TraceService();
    const r = await s.load(blob(), { name: 'big.txt.gz', memoryLimit: 500_000 });
    expect(r.kind).toBe('failed');
    if (r.kind !== 'failed') return;
    expect(r.message).toMatch(/too big for this tab's memory/);
    expect(r.message).toMatch(/the tab can give about 500 kB/);
    expect(r.message).toContain('trace-cmd report --cpu N');
    expect(r.message).toContain("trace-cmd report -F '<event>: <filter>'");
    expect(r.message).toContain('trace-cmd split -o part.dat START END');
    // What the whole file would need, projected from the part read: near the real need.
    const m = /needs about ([\d.]+) MB to explore \((\d+) kB for the first (\d+)% of the file\)/.exec(r.message);
    expect(m).not.toBeNull();
    const projected = Number(m![1]) * 1e6;
    const real = CALLS * BYTES_PER_CALL;
    expect(projected).toBeGreaterThan(real / 2);
    expect(projected).toBeLessThan(real * 2);
    expect(s.currentModel()).toBeUndefined();
  });

  // Its UTF-8 text's bytes were set against the UTF-16 file's size: half the file seemed
  // read, and twice the memory needed.
  it('projects a UTF-16 trace from the part of the file read, as its UTF-8 one', async () => {
    const text = gunzipSync(readFileSync(TRACE)).toString('utf8');
    const share = async (bytes: Uint8Array) => {
      const r = await new TraceService().load(new Blob([new Uint8Array(bytes)]), { name: 'big.txt', memoryLimit: 500_000 });
      const m = r.kind === 'failed' ? /for the first (\d+)% of the file/.exec(r.message) : null;
      if (!m) throw new Error(`no share read in ${JSON.stringify(r).slice(0, 300)}`);
      return Number(m[1]);
    };
    const utf8 = await share(Buffer.from(text));
    expect(Math.abs((await share(Buffer.from(`\ufeff${text}`, 'utf16le'))) - utf8)).toBeLessThanOrEqual(2);
  });

  it('loads the same trace under a limit it fits', async () => {
    const s = new TraceService();
    const r = await s.load(blob(), { name: 'ok.txt.gz', memoryLimit: CALLS * BYTES_PER_CALL + 1 });
    expect(r.kind).toBe('loaded');
    expect(s.currentModel()?.calls.length).toBe(CALLS);
  });

  // A trace.dat was read whatever its size: its calls were never counted against the limit.
  const dat = () => new Uint8Array(readFileSync(new URL('../../../test/traces/02-midstream-nc-fgraph.dat', import.meta.url)));

  it('stops a trace.dat that needs more than the limit, plain or gzipped, as it stops a text', async () => {
    for (const bytes of [dat(), new Uint8Array(gzipSync(dat()))]) {
      const s = new TraceService();
      // Under the limit the gzipped file's 1.6 MB inflated fit: its calls do not.
      const r = await s.load(new Blob([bytes]), { name: 'big.dat', memoryLimit: 2_000_000 });
      expect(r.kind).toBe('failed');
      if (r.kind !== 'failed') return;
      const m = /needs about ([\d.]+) MB to explore \(2\.0 MB for the first (\d+)% of the file\).*trace-cmd report --cpu N/.exec(r.message);
      expect(m).not.toBeNull();
      // Projected by bytes of the file, its headers and kallsyms included: high on a small file.
      expect(Number(m![1]) * 1e6).toBeGreaterThan(CALLS * BYTES_PER_CALL);
      expect(Number(m![1]) * 1e6).toBeLessThan(CALLS * BYTES_PER_CALL * 3);
      expect(Number(m![2])).toBeLessThan(100);
      expect(s.currentModel()).toBeUndefined();
    }
    const fits = await new TraceService().load(new Blob([dat()]), { name: 'ok.dat', memoryLimit: CALLS * BYTES_PER_CALL + 1 });
    expect(fits.kind).toBe('loaded');
  });

  // A gzipped trace.dat is gathered whole, inflated, to be read at random; so is a trace.dat
  // from a stream (a URL). Both were gathered without end: a gzip of 1.7 MB that inflates
  // to zeros behind trace.dat's magic filled the tab's memory before anything was read.
  it('stops gathering a gzipped or streamed trace.dat past the limit', async () => {
    const bomb = new Uint8Array(32 << 20);
    bomb.set(dat().subarray(0, 16));
    const s = new TraceService();
    const r = await s.load(new Blob([new Uint8Array(gzipSync(bomb, { level: 1 }))]), { name: 'bomb.dat.gz', memoryLimit: 2_000_000 });
    expect(r).toMatchObject({
      kind: 'failed',
      message: expect.stringMatching(/^This gzipped trace\.dat is too big for this tab's memory: it inflates to more than [\d.]+ MB, .* the tab can give about 2\.0 MB\. Decompress it \(gunzip trace\.dat\.gz\)/),
    });
    const streamed = await s.load(new Blob([dat()]).stream(), { name: 'url.dat', memoryLimit: 500_000 });
    expect(streamed).toMatchObject({ kind: 'failed', message: expect.stringMatching(/^This trace\.dat is too big for this tab's memory: from a URL .* Download it and open the file/) });
  });

  it('words an unknown size and prints bytes readably', () => {
    expect(tooBigMessage(1000, 5, 0, 50_000)).toMatch(/needs more than 80 kB to explore/);
    expect(formatBytesForMessage(3.21e9)).toBe('3.2 GB');
    expect(formatBytesForMessage(Number.POSITIVE_INFINITY)).toBe('no limit');
  });
});
