/** A trace too big for the tab's memory stops with a message (memory-limit.ts), tested with a small limit. */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
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

  it('loads the same trace under a limit it fits', async () => {
    const s = new TraceService();
    const r = await s.load(blob(), { name: 'ok.txt.gz', memoryLimit: CALLS * BYTES_PER_CALL + 1 });
    expect(r.kind).toBe('loaded');
    expect(s.currentModel()?.calls.length).toBe(CALLS);
  });

  it('words an unknown size and prints bytes readably', () => {
    expect(tooBigMessage(1000, 5, 0, 50_000)).toMatch(/needs more than 80 kB to explore/);
    expect(formatBytesForMessage(3.21e9)).toBe('3.2 GB');
    expect(formatBytesForMessage(Number.POSITIVE_INFINITY)).toBe('no limit');
  });
});
