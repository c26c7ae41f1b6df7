/** Every gzip member is read, in any chunking; damage ends the stream with an error after the text before it. */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gunzipStream, TRAILING_GARBAGE } from './gunzip';

async function inflate(gz: Uint8Array, chunk: number): Promise<{ text: string; error: string | null }> {
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < gz.length; i += chunk) controller.enqueue(gz.slice(i, i + chunk));
      controller.close();
    },
  });
  const reader = source.pipeThrough(gunzipStream()).getReader();
  const parts: Uint8Array[] = [];
  let error: string | null = null;
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value);
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  return { text: Buffer.concat(parts).toString('utf8'), error };
}

const concat = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));

describe('gunzipStream', () => {
  const first = 'cpus=2\n' + 'a line of the first member\n'.repeat(2000);
  const second = 'the second member, after `cat a.gz b.gz`\n'.repeat(500);
  const third = 'é€𝄞 a third one\n';
  const joined = concat(gzipSync(first), gzipSync(second), gzipSync(''), gzipSync(third));

  it('reads every member of a concatenated gzip, at any chunk size', async () => {
    for (const chunk of [...Array.from({ length: 40 }, (_, i) => i + 1), 4096, joined.length]) {
      expect(await inflate(joined, chunk)).toEqual({ text: first + second + third, error: null });
    }
  });

  it('a stream cut anywhere gives the text before the cut, then an error', async () => {
    const two = concat(gzipSync(first), gzipSync(second));
    const firstLength = gzipSync(first).length;
    // Every cut inside the second member (fflate alone misses some: the trailer check finds them).
    for (let end = firstLength + 1; end < two.length; end++) {
      const r = await inflate(two.subarray(0, end), 64);
      expect(r.error, `cut at ${end}`).toMatch(/unexpected E|cut short/);
      expect(r.text.startsWith(first)).toBe(true);
      expect((first + second).startsWith(r.text)).toBe(true);
    }
  });

  it('bytes after the last member that are not gzip end the stream with an error saying so, after all the text', async () => {
    for (const junk of [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [10], [13, 10], [0x41, 0, 0]]) {
      for (const chunk of [1, 3, 64, 100_000]) {
        const r = await inflate(concat(gzipSync(first), new Uint8Array(junk)), chunk);
        expect(r.text).toBe(first);
        // Not "cut short": the member before them is whole (a newline appended was called that).
        expect(r.error, `${junk.join(',')} in chunks of ${chunk}`).toBe(TRAILING_GARBAGE);
      }
    }
  });

  // Padding to a block (a tape, dd conv=sync, a file zero-filled past a crash) was "the gzip
  // stream is damaged" (or "cut short" for 1–3 zeros) on a trace read whole; zlib (node_zlib.cc)
  // and GNU gzip read it as the end of the data.
  it('zero bytes after the last member are padding: the text whole, no error', async () => {
    const two = concat(gzipSync(first), gzipSync(second));
    for (const zeros of [1, 2, 3, 4, 9, 512, 70_000]) {
      for (const chunk of [1, 5, 64, 4096, 1 << 20]) {
        if (chunk === 1 && zeros > 512) continue;
        expect(await inflate(concat(two, new Uint8Array(zeros)), chunk), `${zeros} zeros in chunks of ${chunk}`).toEqual({ text: first + second, error: null });
      }
    }
    // Zeros, then anything: the data ended at the first zero (zlib stops there too).
    expect(await inflate(concat(two, new Uint8Array([0, 0, 7, 7, 7, 7, 0x1f, 0x8b])), 64)).toEqual({ text: first + second, error: null });
  });

  it('after a member, a damaged header or a cut member followed by zeros is still an error', async () => {
    const header = await inflate(concat(gzipSync(first), new Uint8Array([0x1f, 0x8b, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0])), 64);
    expect(header).toEqual({ text: first, error: expect.stringMatching(/invalid gzip/) as unknown });
    const gz = gzipSync(second);
    const cut = await inflate(concat(gzipSync(first), gz.subarray(0, gz.length - 20), new Uint8Array(600)), 64);
    expect(cut.text.startsWith(first)).toBe(true);
    expect(cut.error).not.toBeNull();
    // A member whose trailer's ISIZE is not its text's length, then padding: cut or damaged.
    const wrongSize = concat(gzipSync(first));
    wrongSize[wrongSize.length - 1] ^= 1;
    expect((await inflate(concat(wrongSize, new Uint8Array(16)), 64)).error).toMatch(/cut short/);
  });
});

describe('TraceService with a gzip of several members', () => {
  it('reads every member, in line and through the inflating worker protocol alike', async () => {
    const { TraceService } = await import('./trace-service');
    const { inflateThrough, serveInflate } = await import('./inflater');
    const lines = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => `            curl-139   [001]    11.${String(524982 + from + i).padStart(6, '0')}: funcgraph_entry:        1.000 us   |  f${(from + i) % 7}();\n`).join('');
    const a = 'cpus=2\n' + lines(0, 300);
    const b = lines(300, 300);
    const plain = await new TraceService().load(new Blob([a + b]));
    const joined = concat(gzipSync(a), gzipSync(b));
    // The worker's side and the parser's side joined by a MessageChannel, as in the browser.
    const viaWorker = () => {
      const channel = new MessageChannel();
      serveInflate(channel.port1);
      const stream = inflateThrough(channel.port2);
      return Promise.resolve({ stream, dispose: () => (channel.port1.close(), channel.port2.close()) });
    };
    for (const service of [new TraceService(), new TraceService(undefined, viaWorker)]) {
      const r = await service.load(new Blob([new Uint8Array(joined)]));
      if (r.kind !== 'loaded' || plain.kind !== 'loaded') throw new Error(`not loaded: ${r.kind}, ${plain.kind}`);
      expect(r.summary.calls).toBe(600);
      expect(r.summary.diagnostics.inputErrors).toEqual([]);
      expect(r.summary).toEqual(plain.summary);
      // Padded with zeros to a block: the same trace, and no "damaged" banner over it.
      const padded = await service.load(new Blob([concat(joined, new Uint8Array(4096)) as Uint8Array<ArrayBuffer>]));
      if (padded.kind !== 'loaded') throw new Error(`not loaded: ${padded.kind}`);
      expect(padded.summary.diagnostics.inputErrors).toEqual([]);
      expect(padded.summary.calls).toBe(600);
    }
  });
});
