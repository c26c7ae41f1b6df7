/** `-` for FILE: a trace on standard input, plain or gzip, text or trace.dat, as from a file. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { summarize } from '../core/query/summary';
import { loadBytes, traceBytes } from '../test-utils/traces';
import { modelDifference } from '../test-utils/model-difference';
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
