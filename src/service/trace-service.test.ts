/**
 * The service is tested directly (no worker): real traces from test/traces as
 * Blobs and streams, gzip and plain, truncated gzip, empty input, cancel and replace.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { LoadProgress, LoadResult, TraceFacts } from './api';
import { TraceService } from './trace-service';
import { InlineHasher, webCryptoDigester } from './input-hasher';

const SEED_URL = new URL('../../test/traces/01-seed-curl-fgraph.report.txt.gz', import.meta.url);
/** Facts from test/traces/MANIFEST.json. */
const SEED_LINES = 319875;
const SEED_GZ_BYTES = 2400322;
const SEED_TEXT_BYTES = 36076435;
/** Loading the whole seed (36 MB of text) takes a few seconds on a busy machine. */
const SLOW = 60_000;

/** Buffers copied into plain `Uint8Array<ArrayBuffer>`s, which is what `BlobPart` accepts. */
const own = (b: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(b);
const seedGz = own(readFileSync(SEED_URL));
let seedTextCache: Uint8Array<ArrayBuffer> | undefined;
const seedText = (): Uint8Array<ArrayBuffer> => (seedTextCache ??= own(gunzipSync(seedGz)));

/** The first `n` lines of the seed report, as text. */
function seedHead(n: number): string {
  const text = seedText();
  let at = 0;
  for (let i = 0; i < n; i++) at = text.indexOf(10, at) + 1;
  return new TextDecoder().decode(text.subarray(0, at));
}

/** A ReadableStream that hands out `bytes` in chunks of the given sizes (the last size repeats). */
function chunkedStream(bytes: Uint8Array, sizes: number[]): ReadableStream<Uint8Array> {
  let at = 0;
  let k = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) {
        controller.close();
        return;
      }
      const size = sizes[Math.min(k++, sizes.length - 1)];
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

function loaded(r: LoadResult): Extract<LoadResult, { kind: 'loaded' }> {
  if (r.kind !== 'loaded') throw new Error(`expected a loaded trace, got ${JSON.stringify(r).slice(0, 300)}`);
  return r;
}

function taskNames(s: TraceFacts): string[] {
  return s.tasks.map((t) => `${t.comm}-${t.pid}`);
}

describe('TraceService.load', () => {
  it('a trace.dat is read by the binary reader: progress by bytes of the file, the fingerprint of its bytes', async () => {
    const dat = own(readFileSync(new URL('../../test/traces/01-seed-curl-fgraph.dat', import.meta.url)));
    const progress: LoadProgress[] = [];
    const service = new TraceService();
    const r = loaded(await service.load(new Blob([dat]), { name: 'trace.dat' }, (p) => progress.push(p)));
    const all = createHash('sha256');
    const block = 4 * 1024 * 1024;
    for (let i = 0; i < dat.length; i += block) all.update(createHash('sha256').update(dat.subarray(i, i + block)).digest());
    expect(r.info).toMatchObject({ format: 'trace-cmd-dat', gzip: false, inputBytes: dat.length, contentHash: null });
    expect(await service.fingerprint()).toBe(all.digest('hex'));
    // The calls of its -R report (src/core/trace-dat/trace-dat.test.ts holds the two equal).
    expect(r.summary.calls).toBe(226772);
    expect(taskNames(r.summary)[0]).toBe('curl-139');
    expect(progress.at(-1)?.bytes).toBe(dat.length);
    for (let k = 1; k < progress.length; k++) expect(progress[k].bytes).toBeGreaterThanOrEqual(progress[k - 1].bytes);
  }, SLOW);

  it('a trace.dat from a stream (a URL) is read too, and a damaged one fails naming where', async () => {
    const dat = own(readFileSync(new URL('../../test/traces/06-function-stacktrace.dat', import.meta.url)));
    const stream = new Blob([dat]).stream();
    const r = loaded(await new TraceService().load(stream, { name: 'trace.dat' }));
    expect(r.summary.calls).toBe(3);
    const bad = dat.slice();
    bad[10] = 0x39; // file version "9"
    const f = await new TraceService().load(new Blob([bad]), { name: 'trace.dat' });
    expect(f.kind).toBe('failed');
    if (f.kind === 'failed') expect(f.message).toContain('trace.dat initial header at byte 10: file version "9"');
  }, SLOW);

  it('a gzipped trace.dat is inflated, then read by the binary reader: the same calls, the fingerprint of the gzip', async () => {
    const dat = own(readFileSync(new URL('../../test/traces/02-midstream-nc-fgraph.dat', import.meta.url)));
    const plain = loaded(await new TraceService().load(new Blob([dat]), { name: 'trace.dat' }));
    const gz = own(gzipSync(dat));
    const progress: LoadProgress[] = [];
    // From a stream in small chunks too: the inflated head that says trace.dat may come in pieces.
    for (const source of [new Blob([gz]), chunkedStream(gz, [7, 3, 100_000])]) {
      progress.length = 0;
      const service = new TraceService();
      const r = loaded(await service.load(source, { name: 'trace.dat.gz' }, (p) => progress.push(p)));
      expect(r.info).toMatchObject({ format: 'trace-cmd-dat', gzip: true, inputBytes: gz.length, textBytes: 0 });
      expect(await service.fingerprint()).toBe(createHash('sha256').update(createHash('sha256').update(gz).digest()).digest('hex'));
      expect(r.summary).toEqual(plain.summary);
      expect(progress.at(-1)?.bytes).toBe(gz.length);
      for (let k = 1; k < progress.length; k++) expect(progress[k].bytes).toBeGreaterThanOrEqual(progress[k - 1].bytes);
    }
    // Cut: the inflating stops early, and a v7 file's options (at its end) are lost with it.
    const cut = await new TraceService().load(new Blob([gz.slice(0, gz.length >> 1)]), { name: 'trace.dat.gz' });
    expect(cut.kind).toBe('failed');
    if (cut.kind === 'failed') expect(cut.message).toMatch(/the file ends early.*; trace\.dat options section header at byte \d+: .*truncated/);
  }, SLOW);

  it("fingerprints a plain input of many blocks with WebCrypto while the read buffers are given back", async () => {
    const digester = webCryptoDigester();
    expect(digester).not.toBeNull();
    const service = new TraceService(() => new InlineHasher(digester!));
    const text = seedText();
    const r = loaded(await service.load(new Blob([text]), { name: 'seed.txt' }));
    const all = createHash('sha256');
    const block = 4 * 1024 * 1024;
    for (let i = 0; i < text.length; i += block) all.update(createHash('sha256').update(text.subarray(i, i + block)).digest());
    expect(await service.fingerprint()).toBe(all.digest('hex'));
    expect(r.summary.lines).toBe(SEED_LINES);
  });

  it('streams the gzip seed report from a Blob, with throttled progress', async () => {
    const service = new TraceService();
    const progress: LoadProgress[] = [];
    const r = loaded(
      await service.load(new Blob([seedGz]), { name: '01-seed-curl-fgraph.report.txt.gz' }, (p) => progress.push(p)),
    );
    expect(r.info).toMatchObject({
      name: '01-seed-curl-fgraph.report.txt.gz',
      format: 'trace-cmd-report',
      formatLabel: 'trace-cmd report',
      gzip: true,
      inputBytes: SEED_GZ_BYTES,
      // Made after the load: fingerprint() gives it.
      contentHash: null,
      textBytes: SEED_TEXT_BYTES,
      lines: SEED_LINES,
    });
    // The file is one 4 MiB block: its fingerprint is the SHA-256 of the MANIFEST's sha256.
    expect(await service.fingerprint()).toBe(
      createHash('sha256').update(Buffer.from('e2b600a23c0e41a5e174744e0a93de5784b62eff8d22c09ac6ec0a2f19e29d35', 'hex')).digest('hex'),
    );
    expect(r.summary.lines).toBe(SEED_LINES);
    expect(r.summary.calls).toBeGreaterThan(200_000);
    expect(taskNames(r.summary)[0]).toBe('curl-139');
    expect(r.summary.diagnostics.inputErrors).toEqual([]);
    // The load's summary leaves the functions out but for their count; the whole summary
    // (the CLI's document), asked after, has them.
    expect(r.summary).not.toHaveProperty('functions');
    const { functions, ...facts } = service.summary()!;
    expect({ ...facts, functionCount: functions.length }).toEqual(r.summary);
    expect(functions.map((f) => f.name)).toContain('tcp_sendmsg');

    // Progress: starts, grows monotonically, ends at the input size, and is throttled.
    expect(progress.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i].bytes).toBeGreaterThanOrEqual(progress[i - 1].bytes);
      expect(progress[i].lines).toBeGreaterThanOrEqual(progress[i - 1].lines);
    }
    expect(progress.at(-1)).toEqual({ bytes: SEED_GZ_BYTES, totalBytes: SEED_GZ_BYTES, lines: SEED_LINES });
    expect(progress.length).toBeLessThan(200);
  }, SLOW);

  it('gives the same summary for the plain text as for the gzip', async () => {
    const service = new TraceService();
    const gz = loaded(await service.load(new Blob([seedGz])));
    const plain = loaded(await service.load(new Blob([seedText()]), { name: 'seed.txt' }));
    expect(plain.info.gzip).toBe(false);
    expect(plain.info.inputBytes).toBe(SEED_TEXT_BYTES);
    expect(plain.summary).toEqual(gz.summary);
  }, SLOW);

  it('does not depend on how the stream is chunked (1-byte head, odd sizes), gzip or not', async () => {
    const text = seedHead(3000);
    const bytes = new TextEncoder().encode(text);
    const service = new TraceService();
    const reference = loaded(await service.load(new Blob([bytes]))).summary;
    expect(reference.lines).toBe(3000);

    const fromStream = loaded(await service.load(chunkedStream(bytes, [1, 1, 7, 4093]), { name: 's', size: bytes.length }));
    expect(fromStream.summary).toEqual(reference);
    expect(fromStream.info.inputBytes).toBe(bytes.length);

    const gz = own(gzipSync(bytes));
    const fromGzStream = loaded(await service.load(chunkedStream(gz, [1, 3, 1000])));
    expect(fromGzStream.info.gzip).toBe(true);
    expect(fromGzStream.info.inputBytes).toBe(gz.length);
    expect(fromGzStream.summary).toEqual(reference);
  });

  it('keeps what was parsed from a truncated gzip and reports an input error', async () => {
    const service = new TraceService();
    const half = seedGz.subarray(0, Math.floor(seedGz.length / 2));
    const r = loaded(await service.load(new Blob([half]), { name: 'half.gz' }));
    expect(r.info.gzip).toBe(true);
    expect(r.info.lines).toBeGreaterThan(10_000);
    expect(r.info.lines).toBeLessThan(SEED_LINES);
    expect(taskNames(r.summary)).toContain('curl-139');
    expect(r.summary.diagnostics.inputErrors).toHaveLength(1);
    expect(r.summary.diagnostics.inputErrors[0]).toMatch(/^the file ends early: the gzip stream stops before its end/);
    const page = service.diagnostics(0, 1000);
    expect(page.items.some((d) => d.kind === 'input')).toBe(true);
  }, SLOW);

  it('fails clearly on an empty Blob', async () => {
    const service = new TraceService();
    const progress: LoadProgress[] = [];
    const r = await service.load(new Blob([]), { name: 'empty.txt' }, (p) => progress.push(p));
    expect(r.kind).toBe('failed');
    if (r.kind !== 'failed') return;
    expect(r.message).toMatch(/empty/);
    expect(r.summary).toBeNull();
    expect(service.summary()).toBeNull();
    expect(progress.at(-1)).toEqual({ bytes: 0, totalBytes: 0, lines: 0 });
  });

  it('fails clearly on an empty gzip', async () => {
    const r = await new TraceService().load(new Blob([own(gzipSync(new Uint8Array(0)))]));
    expect(r).toMatchObject({ kind: 'failed', message: expect.stringMatching(/empty/) });
  });

  // `gzip` run on a .gz (or a .gz fetched with curl from a server that gzipped it again):
  // 'not a trace format', its inflated bytes listed as lines.
  it('names a gzip inside the gzip, from a file and from a stream alike', async () => {
    const twice = own(gzipSync(gzipSync(seedHead(50))));
    for (const source of [new Blob([twice]), chunkedStream(twice, [1, 7, 4096])]) {
      const r = await new TraceService().load(source, { name: 'trace.txt.gz' });
      expect(r).toMatchObject({ kind: 'failed', message: expect.stringMatching(/^Could not read the input: it is gzip-compressed twice .*zcat/) });
    }
  });

  it('names a trace whose lines end in CR alone instead of loading its lines as one', async () => {
    const cr = seedHead(50).replace(/\n/g, '\r');
    for (const source of [new Blob([cr]), chunkedStream(new TextEncoder().encode(cr), [1, 3, 100])]) {
      const r = await new TraceService().load(source, { name: 'trace.txt' });
      expect(r).toMatchObject({ kind: 'failed', message: expect.stringMatching(/^Could not read the input: its lines end in CR alone .*tr '\\r' '\\n'/) });
    }
  });

  // ?url= of a site's page about the file (github.com/…/blob/…): told to save a systrace block.
  it("names a web page fetched instead of the trace as one, with the raw address to link", async () => {
    const page = new TextEncoder().encode('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' + '<link rel="stylesheet" href="x.css">\n'.repeat(200));
    const r = await new TraceService().load(chunkedStream(page, [100, 4096]), { name: 'https://github.com/u/r/blob/main/trace.txt' });
    expect(r).toMatchObject({ kind: 'failed', message: expect.stringMatching(/^Could not read the input: it is an HTML page \(a web page: .*raw\.githubusercontent\.com/) });
    if (r.kind === 'failed') expect(r.message).not.toMatch(/systrace/);
  });

  it('explains an unknown format and still lists the lines it could not read', async () => {
    const service = new TraceService();
    const garbage = Array.from({ length: 50 }, (_, i) => `garbage line ${i} <b>not a trace</b>`).join('\n');
    const r = await service.load(new Blob([garbage]), { name: 'garbage.txt' });
    expect(r.kind).toBe('failed');
    if (r.kind !== 'failed') return;
    expect(r.message).toMatch(/not a trace format/);
    expect(r.summary?.diagnostics.unparsedLines).toBe(50);
    expect(service.summary()).toBeNull();
    const page = service.diagnostics(0, 10);
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items[0]).toMatchObject({ line: 1, kind: 'unparsed', text: 'garbage line 0 <b>not a trace</b>' });
  });

  it('can be cancelled, and a new load replaces a running one', async () => {
    const service = new TraceService();
    let cancelled = false;
    const first = service.load(new Blob([seedGz]), {}, () => {
      if (!cancelled) {
        cancelled = true;
        service.cancel();
      }
    });
    expect(await first).toEqual({ kind: 'cancelled' });
    expect(service.summary()).toBeNull();

    const a = service.load(new Blob([seedGz]), { name: 'a' });
    const b = service.load(new Blob([seedHead(500)]), { name: 'b' });
    const [ra, rb] = await Promise.all([a, b]);
    expect(ra.kind).toBe('cancelled');
    expect(loaded(rb).info.name).toBe('b');
    expect(service.summary()?.lines).toBe(500);

    service.cancel(); // idle: no-op
    expect(service.summary()?.lines).toBe(500);
  }, SLOW);
});

describe('TraceService.cancel', () => {
  it('stops a load whose source has stalled (a slow network stream)', async () => {
    const service = new TraceService();
    const first = new TextEncoder().encode(seedHead(100));
    let sent = false;
    const stalled = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (!sent) {
          sent = true;
          controller.enqueue(first);
          return;
        }
        return new Promise<void>(() => undefined); // never delivers more
      },
    });
    let reported!: () => void;
    const started = new Promise<void>((resolve) => (reported = resolve));
    const result = service.load(stalled, { name: 'slow' }, () => reported());
    await started;
    service.cancel();
    expect(await result).toEqual({ kind: 'cancelled' });
    expect(service.summary()).toBeNull();
  });
});

describe('TraceService.loadText', () => {
  it('loads pasted text', async () => {
    const service = new TraceService();
    const r = loaded(await service.loadText(seedHead(200)));
    expect(r.info).toMatchObject({ name: 'pasted text', format: 'trace-cmd-report', gzip: false, lines: 200 });
    expect(taskNames(r.summary)).toContain('curl-139');
  });

  it('fails on blank text', async () => {
    const r = await new TraceService().loadText('\n\n  \n');
    expect(r).toMatchObject({ kind: 'failed', message: expect.stringMatching(/no trace lines/) });
  });

  // A header over an empty ring buffer loaded as a trace whose every view said "No calls in
  // view: the filters leave nothing", as if something recorded had been filtered away.
  it('fails on a trace of its header only, saying nothing was recorded and what to check, on either side', async () => {
    const graphHeader = '# tracer: function_graph\n#\n# CPU  DURATION                  FUNCTION CALLS\n# |     |   |                     |   |   |   |\n';
    const snapshotFreed = '# tracer: function_graph\n#\n# * Snapshot is freed *\n#\n# Snapshot commands:\n# echo 0 > snapshot : Clears and frees snapshot buffer\n';
    const reportOfNothing = 'version = 6\ncpus=2\nCPU 0 is empty\nCPU 1 is empty\n';
    for (const [text, format] of [
      [graphHeader, 'kernel function_graph text'],
      [snapshotFreed, 'kernel function_graph text'],
      [reportOfNothing, 'trace-cmd report'],
    ]) {
      const r = await new TraceService().loadText(text);
      expect(r.kind).toBe('failed');
      if (r.kind === 'failed') {
        expect(r.message).toMatch(new RegExp(`^The trace holds no records \\(${format}.*, its header only\\): nothing was recorded\\. .*set_graph_function`));
      }
      // A report's own options may have kept nothing (`--cpu 0` of the seed prints `cpus=2` alone).
      if (r.kind === 'failed') expect(r.message.includes('--cpu, -F, --first-event')).toBe(format === 'trace-cmd report');
    }
    const s = new TraceService();
    loaded(await s.loadText(seedHead(50)));
    expect(await s.loadText(graphHeader, { side: 'b' })).toMatchObject({ kind: 'failed', message: expect.stringMatching(/^The trace holds no records/) });
    expect(s.hasSideB()).toBe(false);
    // Events alone are a trace; so is a header over lines it could not read (they are listed).
    loaded(await new TraceService().loadText('# tracer: nop\n            bash-1     [000] .....     1.000000: sched_process_exit: comm=bash pid=1\n'));
    const garbage = await new TraceService().loadText(graphHeader + 'garbage\n');
    expect(garbage.kind === 'failed' ? garbage.message : '').not.toMatch(/no records/);
  });
});

describe('TraceService.diagnostics', () => {
  it('pages the items and clamps bad arguments', async () => {
    const service = new TraceService();
    expect(service.diagnostics(0, 10)).toEqual({ offset: 0, total: 0, items: [] });
    const text = `${seedHead(100)}this is garbage\nmore garbage\n${seedHead(20).split('\n').slice(1).join('\n')}`;
    const r = loaded(await service.loadText(text));
    expect(r.summary.diagnostics.unparsedLines).toBe(2);
    const all = service.diagnostics(0, 100);
    expect(all.total).toBeGreaterThanOrEqual(2);
    const unparsed = all.items.filter((d) => d.kind === 'unparsed');
    expect(unparsed.map((d) => [d.line, d.text])).toEqual([
      [101, 'this is garbage'],
      [102, 'more garbage'],
    ]);
    expect(service.diagnostics(1, 1).items).toEqual([all.items[1]]);
    expect(service.diagnostics(-5, Number.NaN)).toEqual({ offset: 0, total: all.total, items: [] });
    expect(service.diagnostics(1e9, 10).items).toEqual([]);
  });
});

describe('building ahead after a load', () => {
  const flameReq = { filter: {}, inverted: false, groupByTask: true, zoomPath: [], minWidth: 1 / 4096 };
  const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('a query during it gets the answer it gets after it, or with none at all', async () => {
    const text = seedHead(40_000);
    const early = new TraceService();
    await early.loadText(text);
    // Right after the load: the tree is being built ahead, in steps; the query finishes it.
    const during = early.flameGraph(flameReq);
    const search = early.searchStatus({}, 'sys');
    const late = new TraceService();
    await late.loadText(text);
    await settle(200);
    expect(during).toEqual(late.flameGraph(flameReq));
    expect(await search).toEqual(await late.searchStatus({}, 'sys'));
    expect(late.treeLevels({ filter: {}, inverted: true, groupByTask: true }, [[]])).toEqual(
      early.treeLevels({ filter: {}, inverted: true, groupByTask: true }, [[]]),
    );
  });

  it('stops when another trace is loaded', async () => {
    const svc = new TraceService();
    await svc.loadText(seedHead(20_000));
    await svc.loadText(seedHead(3_000));
    await settle(50);
    expect(svc.flameGraph(flameReq).length).toBeGreaterThan(0);
  });
});

describe('the search status line', () => {
  it('a newer pattern ends an older one still being counted, which says so under its own pattern', async () => {
    const service = new TraceService();
    await service.loadText(seedHead(5_000));
    const older = service.searchStatus({}, 'sys');
    const newer = service.searchStatus({}, 'tcp');
    expect(await older).toEqual({ ok: false, pattern: 'sys', error: 'superseded by a newer search' });
    const counted = await newer;
    expect(counted).toMatchObject({ ok: true, pattern: 'tcp' });
    // Asked again, nothing else asked: the count itself.
    expect(await service.searchStatus({}, 'sys')).toMatchObject({ ok: true, pattern: 'sys' });
  });

  it('the same question asked twice while it is counted gets one answer', async () => {
    const service = new TraceService();
    await service.loadText(seedHead(5_000));
    const first = service.searchStatus({}, 'sys');
    const second = service.searchStatus({}, 'sys');
    expect(second).toBe(first);
    expect(await first).toMatchObject({ ok: true, pattern: 'sys' });
    // Asked again once counted: the same count, from the kept search.
    expect(await service.searchStatus({}, 'sys')).toEqual(await first);
  });

  it('with no trace loaded the count is refused as an answer, not thrown at the asker', async () => {
    const service = new TraceService();
    const answer = service.searchStatus({}, 'sys');
    await expect(answer).rejects.toThrow();
  });

  it('a new load ends a count of the trace before it', async () => {
    const service = new TraceService();
    await service.loadText(seedHead(5_000));
    const before = service.searchStatus({}, 'sys');
    const reload = service.loadText(seedHead(3_000));
    expect(await before).toMatchObject({ ok: false, pattern: 'sys' });
    await reload;
    expect(await service.searchStatus({}, 'sys')).toMatchObject({ ok: true, pattern: 'sys' });
  });
});
