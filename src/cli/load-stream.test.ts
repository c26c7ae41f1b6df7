/** `-` for FILE: a trace on standard input, plain or gzip, text or trace.dat, as from a file. */
import { spawnSync } from 'node:child_process';
import { closeSync, createWriteStream, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TraceLoader } from '../core/load';
import type { TraceModel } from '../core/model/tables';
import { summarize } from '../core/query/summary';
import { TRAILING_GARBAGE_READ } from '../lib/gzip-end';
import { loadBytes, traceBytes } from '../test-utils/traces';
import { modelDifference } from '../test-utils/model-difference';
import { runCliInProcess } from '../test-utils/run-cli';
import { testTempDir } from '../test-utils/temp-dir';
import { concatBytes } from '../test-utils/concat-bytes';
import { DEPTH2_ZST_BASE64, zstdRawFrame } from '../test-utils/zstd-writer';
import { loadTraceFile, loadTraceStream, MAX_LEADING_ZEROS } from './load-file';

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

  /** A stream of `piece` again and again, up to `limit` bytes, that counts what was read of it. */
  function repeated(piece: Uint8Array, limit: number): { stream: AsyncIterable<Uint8Array>; read: () => number } {
    let read = 0;
    async function* stream(): AsyncGenerator<Uint8Array> {
      while (read < limit) {
        read += piece.length;
        yield await Promise.resolve(piece);
      }
    }
    return { stream: stream(), read: () => read };
  }

  it('/dev/zero (zeros, no line end) stops after MAX_LEADING_ZEROS, said as zero-filled, where it read on for ever', async () => {
    const zeros = repeated(new Uint8Array(1 << 20), 16 * MAX_LEADING_ZEROS);
    const m = await loadTraceStream(zeros.stream, '-');
    expect(zeros.read()).toBeLessThanOrEqual(MAX_LEADING_ZEROS + (1 << 20));
    expect(m.format).toBe('unknown');
    expect(m.diagnostics.inputErrors[0]).toMatch(/^it begins with 16 MiB of zero bytes \(NULs\) and no text.*reading stopped there$/);
  }, 60_000);

  it('endless text of no trace format (yes, /dev/urandom) stops once its first lines say so', async () => {
    const yes = repeated(new Uint8Array(Buffer.from('y\n'.repeat(1 << 15))), 64 << 20);
    const m = await loadTraceStream(yes.stream, '-');
    expect(yes.read()).toBeLessThan(1 << 20);
    expect([m.format, m.calls.length]).toEqual(['unknown', 0]);
    const random = new Uint8Array(1 << 16).map((_, i) => (i * 2654435761) >>> 24);
    const noise = repeated(random, 64 << 20);
    expect((await loadTraceStream(noise.stream, '-')).format).toBe('unknown');
    expect(noise.read()).toBeLessThan(1 << 20);
  }, 60_000);

  it('a regular file that begins with more zeros than that and then holds a trace is read whole, as before', async () => {
    const text = traceBytes('02-midstream-nc-fgraph.report.txt.gz');
    const file = join(testTempDir('fte-zeros-'), 'hole.txt');
    writeFileSync(file, Buffer.concat([new Uint8Array(MAX_LEADING_ZEROS + 4096), Buffer.from('\n'), text]));
    const m = await loadTraceFile(file);
    expect(m.format).toBe('trace-cmd-report');
    expect(m.calls.length).toBe(loadBytes(text).calls.length);
  }, 60_000);

  it('cli summary /dev/zero ends with status 2 and says why', async () => {
    const r = await runCliInProcess('summary', '/dev/zero');
    expect([r.status, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(/^cli: \/dev\/zero: unknown format: it begins with 16 MiB of zero bytes/);
  }, 60_000);

  it('an empty stream is an empty, unknown input', async () => {
    const m = await loadTraceStream(Readable.from([]), '-');
    expect([m.format, m.calls.length]).toEqual(['unknown', 0]);
  });
});

describe('cli with FILE -', () => {
  it('standard input a directory (summary - < DIR) is said to be one, where it was called empty', () => {
    const dir = openSync(testTempDir('fte-stdin-dir-'), 'r');
    try {
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'summary', '-'], { cwd: ROOT, stdio: [dir, 'pipe', 'pipe'], encoding: 'utf8' });
      expect([r.status, r.stdout, r.stderr]).toEqual([2, '', 'cli: -: standard input is a directory, not a trace file\n']);
    } finally {
      closeSync(dir);
    }
  }, 60_000);

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

describe('a gzip with bytes after its end (appended to the file, padding)', () => {
  const text = traceBytes('02-midstream-nc-fgraph.report.txt.gz');
  const packed = new Uint8Array(gzipSync(text));
  const after = (tail: Uint8Array | string, members = 1): Uint8Array =>
    new Uint8Array(Buffer.concat([...Array.from({ length: members }, () => packed), typeof tail === 'string' ? Buffer.from(tail) : tail]));
  /** The model of `text` read whole (`members` times), with `error` as its one input error. */
  const whole = (error: string | null, members = 1): TraceModel => {
    const loader = new TraceLoader();
    for (let k = 0; k < members; k++) loader.pushBytes(text);
    if (error) loader.addInputError(error);
    return loader.finish();
  };
  /** The model from a file (1 MiB chunks: the gzip's end and what follows in one) and from standard input. */
  const loads = async (bytes: Uint8Array, name: string): Promise<TraceModel[]> => {
    const file = join(testTempDir('fte-gz-end-'), name);
    writeFileSync(file, bytes);
    return [await loadTraceFile(file), await loadTraceStream(piped(bytes), '-'), await loadTraceStream(piped(bytes, 65536), '-')];
  };

  it('bytes that are not gzip (a newline, two, a word, a second file): the text read whole, and said so, as the app says it', async () => {
    // zlib's gunzip failed on them ('incorrect header check'; one byte: 'unexpected end of
    // file') and dropped the text it had inflated with them: 3,822 lines of the seed.
    for (const [tail, members] of [['\n', 1], ['\n\n', 1], ['junk', 1], [text.subarray(0, 100_000), 1], ['\n', 2]] as const) {
      const want = whole(TRAILING_GARBAGE_READ, members);
      for (const m of await loads(after(tail, members), 'appended.txt.gz')) expect(modelDifference(want, m), JSON.stringify(String(tail).slice(0, 8))).toBeNull();
    }
  }, 60_000);

  it('zero padding (1, 3 or 70,000 zero bytes, and whatever follows them) ends the gzip data quietly, as zlib and GNU gzip take it', async () => {
    const want = whole(null);
    for (const tail of [new Uint8Array(1), new Uint8Array(3), new Uint8Array(70_000), new Uint8Array([0, 0, 0x6a, 0x75, 0x6e, 0x6b])]) {
      for (const m of await loads(after(tail), 'padded.txt.gz')) expect(modelDifference(want, m), `${tail.length} bytes`).toBeNull();
    }
  }, 60_000);

  it('a second member cut short, or a trailer cut short, is still the input stopping early', async () => {
    for (const bytes of [after(packed.subarray(0, 40)), packed.subarray(0, packed.length - 3)]) {
      for (const m of await loads(bytes, 'cut.txt.gz')) expect(m.diagnostics.inputErrors).toEqual(['the input stopped early: unexpected end of file']);
    }
  }, 60_000);
});

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
    // Side B's text was cut mid-line: that one line is named, nothing else is said.
    expect([piped.status, piped.stderr]).toEqual([0, expect.stringMatching(/^cli: warning: .*\/b: line \d+ \("nc\.openbsd-155 [^\n]*"\) not read: [^\n]*\n$/)]);
    const doc = JSON.parse(piped.stdout) as { a: { calls: number }; b: { calls: number } };
    expect(doc.a.calls).toBe(loadBytes(text).calls.length);
    expect(doc.b.calls).toBeGreaterThan(1000);
    expect(doc.b.calls).toBeLessThan(doc.a.calls);
  }, 60_000);
});

describe('a zstd-compressed trace (trace-cmd report | zstd > trace.txt.zst)', () => {
  const text = traceBytes('02-midstream-nc-fgraph.report.txt.gz');
  const zst = concatBytes([zstdRawFrame(text.subarray(0, 1_000_003)), zstdRawFrame(text.subarray(1_000_003))]);

  it('is read from a file and from standard input as its text is, where it was refused as compressed', async () => {
    const file = join(testTempDir('fte-zst-'), 'report.txt.zst');
    writeFileSync(file, zst);
    const whole = loadBytes(text);
    expect(modelDifference(whole, await loadTraceFile(file))).toBeNull();
    expect(modelDifference(whole, await loadTraceFile(file, { workers: 2 }))).toBeNull();
    expect(modelDifference(whole, await loadTraceStream(piped(zst), '-'))).toBeNull();
    const depth2 = join(testTempDir('fte-zst-'), 'depth2.txt.zst');
    writeFileSync(depth2, Buffer.from(DEPTH2_ZST_BASE64, 'base64'));
    const r = await runCliInProcess('summary', depth2);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(summarize(loadBytes(traceBytes('04-tracefs-max-graph-depth-2.txt'))))));
  }, 60_000);

  it('a trace.dat in zstd is the trace.dat; one cut short keeps what was read and warns', async () => {
    const dat = new Uint8Array(readFileSync(DAT));
    const file = join(testTempDir('fte-zst-'), 'trace.dat.zst');
    writeFileSync(file, zstdRawFrame(dat));
    expect(modelDifference(await loadTraceFile(DAT), await loadTraceFile(file))).toBeNull();
    const cut = join(testTempDir('fte-zst-'), 'cut.txt.zst');
    writeFileSync(cut, zst.subarray(0, zst.length >> 1));
    const r = await runCliInProcess('folded', cut);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').length).toBeGreaterThan(100);
    expect(r.stderr).toContain(`cli: warning: ${cut}: the input stopped early: zstd: unexpected EOF`);
  }, 60_000);
});
