/**
 * A trace in UTF-16 (Windows PowerShell's `trace-cmd report > trace.txt`, with its byte order
 * mark; a part cut from one, without) was refused, with the iconv line to run first. It is
 * read, decoded: from a file in one pass and through the parse pool (which reads it in one
 * pass too), from a stream in any chunking, gzipped; its lines are shown again as the loader
 * read them (the CLI's: cli/load-stream.test.ts).
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { LoadResult } from './api';
import { TraceService } from './trace-service';
import { fakeRangeWorkers } from '../test-utils/fake-range-workers';
import { traceBytes } from '../test-utils/traces';

const SLOW = 60_000;
/** The seed report's first 2000 lines, with one task's comm not in ASCII (a comm is 16 raw bytes). */
function seedText(): string {
  const bytes = traceBytes('01-seed-curl-fgraph.report.txt.gz');
  let at = 0;
  for (let i = 0; i < 2000; i++) at = bytes.indexOf(10, at) + 1;
  return Buffer.from(bytes.subarray(0, at)).toString('utf8').replace(/curl-139/g, 'cürl€-139');
}
const le = (s: string) => new Uint8Array(Buffer.from(s, 'utf16le'));
const be = (s: string) => le(s).map((_, i, a) => a[i ^ 1]);

function streamOf(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

function loaded(r: LoadResult): Extract<LoadResult, { kind: 'loaded' }> {
  if (r.kind !== 'loaded') throw new Error(`expected a loaded trace, got ${JSON.stringify(r).slice(0, 300)}`);
  return r;
}

describe('a trace in UTF-16', () => {
  const text = seedText();
  const utf16: [string, Uint8Array][] = [
    ['UTF-16LE with its mark', le(`\ufeff${text}`)],
    ['UTF-16BE with its mark', be(`\ufeff${text}`)],
    ['UTF-16LE without a mark', le(text)],
  ];

  it('is read as its UTF-8 is: from a file, a stream, a gzip and through the parse pool; its lines shown again', async () => {
    const plain = new TraceService();
    const reference = loaded(await plain.load(new Blob([text]), { name: 'trace.txt' }));
    expect(reference.summary.tasks.map((t) => t.comm)).toContain('cürl€');
    const referenceLines = await plain.inputLines(1500, 2);
    for (const [what, bytes] of utf16) {
      const own = new Uint8Array(bytes);
      const fakes = fakeRangeWorkers();
      const pool = new TraceService(undefined, undefined, { spawn: fakes.spawn, cores: 4 });
      const sources: [string, TraceService, Blob | ReadableStream<Uint8Array>, number?][] = [
        ['file', new TraceService(), new Blob([own])],
        ['stream', new TraceService(), streamOf(own, 4097)],
        ['stream of odd bytes', new TraceService(), streamOf(own, 1001)],
        ['gzip', new TraceService(), new Blob([new Uint8Array(gzipSync(own))])],
        ['pool', pool, new Blob([own]), 3],
      ];
      for (const [how, service, source, workers] of sources) {
        const r = loaded(await service.load(source, { name: 'trace.txt', workers }));
        expect(r.summary, `${what}, ${how}`).toEqual(reference.summary);
        expect(r.info.lines).toBe(reference.info.lines);
        expect(await service.inputLines(1500, 2), `${what}, ${how}: the lines`).toEqual(referenceLines);
      }
    }
  }, SLOW);
});
