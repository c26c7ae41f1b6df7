/**
 * The CLI's parallel load of a gzip: the text inflated here and dealt in pieces to worker
 * threads gives the model of the one-pass load with 2, 3 and 7 threads, a gzip member
 * boundary inside a line included; a damaged gzip and a gzipped trace.dat are left to the
 * one-pass load.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TRAILING_GARBAGE_READ } from '../lib/gzip-end';
import { runCliInProcess } from '../test-utils/run-cli';
import { testTempDir } from '../test-utils/temp-dir';
import { loadBytes, traceBytes } from '../test-utils/traces';
import { modelDifference } from '../test-utils/model-difference';
import { loadGzipInParallel } from './gzip-parallel-load';

const gz = (bytes: Uint8Array) => new Uint8Array(gzipSync(bytes, { level: 1 }));

function tempFile(name: string, bytes: Uint8Array): string {
  const file = join(testTempDir('ftrace-gzpar-'), name);
  writeFileSync(file, bytes);
  return file;
}

describe('loadGzipInParallel', () => {
  it('2, 3 and 7 threads give the one-pass model of a real trace', async () => {
    const all = traceBytes('03-systemwide-sched-irq.report.txt.gz');
    // The first 2 MB (cut at a line end) in pieces of 150 kB: seams matter, not length.
    const text = all.subarray(0, all.indexOf(10, 2e6) + 1);
    const file = tempFile('systemwide.txt.gz', gz(text));
    const one = loadBytes(text);
    for (const threads of [2, 3, 7]) {
      const model = await loadGzipInParallel(file, threads, 1 << 16, 150_000, 500);
      expect([threads, model && modelDifference(one, model)]).toEqual([threads, null]);
    }
  }, 120_000);

  it('a gzip member boundary inside a line gives the one-pass model', async () => {
    const full = traceBytes('02-midstream-nc-fgraph.report.txt.gz');
    const text = full.subarray(0, full.indexOf(10, 1_500_000) + 1);
    const at = text.indexOf(10, text.length >> 1) + 17;
    const file = tempFile('members.txt.gz', new Uint8Array([...gz(text.subarray(0, at)), ...gz(text.subarray(at))]));
    const model = await loadGzipInParallel(file, 3, 1 << 16, 100_000);
    expect(model && modelDifference(loadBytes(text), model)).toBeNull();
  }, 120_000);

  it('leaves a damaged gzip and a gzipped trace.dat to the one-pass load', async () => {
    const packed = gz(traceBytes('03-systemwide-sched-irq.report.txt.gz'));
    expect(await loadGzipInParallel(tempFile('cut.txt.gz', packed.subarray(0, packed.length >> 1)), 2, 1 << 16, 300_000)).toBeUndefined();
    expect(await loadGzipInParallel(tempFile('t.dat.gz', gz(traceBytes('06-function-stacktrace.dat'))), 2)).toBeUndefined();
  }, 120_000);
});

describe('cli --workers on a gzip', () => {
  it('3 workers print the summary of 1, and the same report for a damaged gzip and for one with bytes after its end', async () => {
    const packed = gz(traceBytes('03-systemwide-sched-irq.report.txt.gz'));
    const appended = tempFile('appended.txt.gz', new Uint8Array([...packed, ...new TextEncoder().encode('junk')]));
    for (const file of [tempFile('systemwide.txt.gz', packed), tempFile('cut.txt.gz', packed.subarray(0, packed.length >> 1)), appended]) {
      const one = await runCliInProcess('--workers', '1', 'summary', file);
      const three = await runCliInProcess('summary', '--workers=3', file);
      expect([one.status, three.status, three.stderr]).toEqual([0, 0, one.stderr]);
      expect(three.stdout).toBe(one.stdout);
      if (file === appended) expect(one.stderr).toBe(`cli: warning: ${file}: ${TRAILING_GARBAGE_READ}\n`);
    }
  }, 120_000);
});
