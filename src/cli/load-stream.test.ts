/** `-` for FILE: a trace on standard input, plain or gzip, text or trace.dat, as from a file. */
import { spawnSync } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { summarize } from '../core/query/summary';
import { loadBytes, traceBytes } from '../test-utils/traces';
import { modelDifference } from '../test-utils/model-difference';
import { runCliInProcess } from '../test-utils/run-cli';
import { testTempDir } from '../test-utils/temp-dir';
import { loadTraceFile, loadTraceStream } from './load-file';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DAT = fileURLToPath(new URL('../../test/traces/02-midstream-nc-fgraph.dat', import.meta.url));

/** The bytes as a stream in pieces of `size` (the first piece shorter than a trace.dat's magic). */
function piped(bytes: Uint8Array, size = 4093): Readable {
  const pieces: Uint8Array[] = [bytes.subarray(0, 5)];
  for (let at = 5; at < bytes.length; at += size) pieces.push(bytes.subarray(at, at + size));
  return Readable.from(pieces);
}

describe('loadTraceStream', () => {
  const text = traceBytes('02-midstream-nc-fgraph.report.txt.gz');

  it('plain and gzipped text give the model of the same bytes read whole', async () => {
    const whole = loadBytes(text);
    expect(modelDifference(whole, await loadTraceStream(piped(text), '-'))).toBeNull();
    expect(modelDifference(whole, await loadTraceStream(piped(new Uint8Array(gzipSync(text))), '-'))).toBeNull();
  });

  it('a trace.dat, plain or gzipped, gives the model of the file', async () => {
    const file = await loadTraceFile(DAT);
    const bytes = new Uint8Array(readFileSync(DAT));
    expect(modelDifference(file, await loadTraceStream(piped(bytes, 65536), '-'))).toBeNull();
    expect(modelDifference(file, await loadTraceStream(piped(new Uint8Array(gzipSync(bytes)), 65536), '-'))).toBeNull();
  });

  it('a gzip cut short keeps what was read before the cut and says the input stopped early', async () => {
    const packed = new Uint8Array(gzipSync(text));
    const m = await loadTraceStream(piped(packed.subarray(0, packed.length >> 1)), '-');
    expect(m.calls.length).toBeGreaterThan(1000);
    expect(m.diagnostics.inputErrors[0]).toMatch(/^the input stopped early: /);
  });

  // Windows PowerShell's `trace-cmd report > trace.txt` writes UTF-16LE with a byte order mark.
  it('text in UTF-16, plain or gzipped, gives the model of its UTF-8', async () => {
    const utf8 = Buffer.from(text).toString('utf8');
    const whole = loadBytes(text);
    const le = new Uint8Array(Buffer.from(`\ufeff${utf8}`, 'utf16le'));
    const be = le.map((_, i, a) => a[i ^ 1]);
    for (const bytes of [le, be, le.subarray(2)]) {
      expect(modelDifference(await loadTraceStream(piped(bytes, 1001), '-'), whole)).toBeNull();
      expect(modelDifference(await loadTraceStream(piped(gzipSync(bytes)), '-'), whole)).toBeNull();
    }
  });

  it('an empty stream is an empty, unknown input', async () => {
    const m = await loadTraceStream(Readable.from([]), '-');
    expect([m.format, m.calls.length]).toEqual(['unknown', 0]);
  });
});

describe('cli with FILE -', () => {
  it('summary - prints the summary of the trace piped in', () => {
    const text = traceBytes('02-midstream-nc-fgraph.report.txt.gz');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'summary', '-'], { cwd: ROOT, input: text, encoding: 'utf8', maxBuffer: 1 << 26 });
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(summarize(loadBytes(text)))));
  }, 60_000);
});

/** A named pipe holding `bytes`: written as soon as a reader opens it (`<(trace-cmd report …)`). */
function fifoOf(bytes: Uint8Array, name: string): string {
  const path = join(testTempDir('fte-fifo-'), name);
  const made = spawnSync('mkfifo', [path]);
  if (made.status !== 0) throw new Error(`mkfifo failed: ${made.stderr.toString()}`);
  // A reader that failed (the bug: ESPIPE) closes the pipe early: not this test's error.
  createWriteStream(path).on('error', () => undefined).end(bytes);
  return path;
}

describe('FILE a named pipe or a device (process substitution, /dev/stdin on a pipe)', () => {
  it('is read once, in order: the model of the same bytes, text, gzip or trace.dat, not ESPIPE', async () => {
    const gz = readFileSync(new URL('../../test/traces/02-midstream-nc-fgraph.report.txt.gz', import.meta.url));
    expect(modelDifference(loadBytes(traceBytes('02-midstream-nc-fgraph.report.txt.gz')), await loadTraceFile(fifoOf(gz, 'report.gz')))).toBeNull();
    const dat = new Uint8Array(readFileSync(DAT));
    expect(modelDifference(await loadTraceFile(DAT), await loadTraceFile(fifoOf(dat, 'trace.dat'), { workers: 2 }))).toBeNull();
  }, 60_000);

  it('cli diff <(…) <(…): two pipes compared as the two files are', async () => {
    const text = traceBytes('02-midstream-nc-fgraph.report.txt.gz');
    const piped = await runCliInProcess('diff', fifoOf(text, 'a'), fifoOf(text.subarray(0, text.length >> 1), 'b'));
    expect([piped.status, piped.stderr]).toEqual([0, '']);
    const doc = JSON.parse(piped.stdout) as { a: { calls: number }; b: { calls: number } };
    expect(doc.a.calls).toBe(loadBytes(text).calls.length);
    expect(doc.b.calls).toBeGreaterThan(1000);
    expect(doc.b.calls).toBeLessThan(doc.a.calls);
  }, 60_000);
});
