/**
 * The pipeline as a whole: chunking never changes the result, every line is accounted
 * for, hostile input gives diagnostics instead of exceptions, and the real traces give
 * the counts their MANIFEST says.
 */
import { describe, expect, it } from 'vitest';
import { deflateSync, gzipSync } from 'node:zlib';
import { TraceLoader } from './load';
import { elixirVersionFromRelease } from '../lib/kernel-source';
import { GZIP_INSIDE_GZIP } from '../lib/file-magic';
import type { TraceModel } from './model/tables';
import { summarize } from './query/summary';
import { loadBytes, loadText, traceBytes } from '../test-utils/traces';
import { loadInRanges } from './parallel/load-ranges';
import { tarArchive } from '../test-utils/tar-writer';

/** A compact fingerprint of a model: everything a chunking bug could change. */
function fingerprint(m: TraceModel): string {
  const s = summarize(m);
  let h = 0;
  const c = m.calls;
  for (let i = 0; i < c.length; i++) {
    h = (h * 31 + c.func[i] * 7 + c.parent[i] * 3 + c.depth[i] + (c.duration[i] || 0) + (c.self[i] || 0)) % 2147483647;
  }
  return JSON.stringify({ ...s, functions: s.functions.length, h });
}

function accounted(m: TraceModel): void {
  const d = m.diagnostics;
  expect(d.parsedLines + d.unparsedLines + d.headerLines).toBe(d.linesRead);
}

describe('chunking', () => {
  const seed = traceBytes('01-seed-curl-fgraph.report.txt.gz');
  // The first ~300 KB, cut at a line end, keeps chunk size 1 affordable.
  const head = seed.subarray(0, seed.indexOf(10, 300_000) + 1);

  it('chunk sizes 1, 7, 4096 and 1 MiB give the same model (head of the seed trace)', () => {
    const ref = fingerprint(loadBytes(head, head.length));
    for (const size of [1, 7, 4096, 1 << 20]) expect(fingerprint(loadBytes(head, size))).toBe(ref);
  });

  it('chunk sizes 4096 and 1 MiB give the same model (whole seed trace)', () => {
    const ref = fingerprint(loadBytes(seed, 1 << 20));
    expect(fingerprint(loadBytes(seed, 4096))).toBe(ref);
    expect(fingerprint(loadBytes(seed, 7 * 1024 * 1024 + 13))).toBe(ref);
  }, 60_000);

  it('chunk sizes 1 and 7 on a whole kernel trace', () => {
    const bytes = traceBytes('04-tracefs-max-graph-depth-2.txt');
    const ref = fingerprint(loadBytes(bytes));
    expect(fingerprint(loadBytes(bytes, 1))).toBe(ref);
    expect(fingerprint(loadBytes(bytes, 7))).toBe(ref);
  });

  it('a UTF-8 character split between chunks survives', () => {
    const text =
      'cpus=1\n        caf\u00e9-\u{1F600}-12   [000]    11.000001: funcgraph_entry:        1.000 us   |  f();\n';
    const bytes = new TextEncoder().encode(text);
    for (const size of [1, 2, 3, 5]) {
      const m = loadBytes(bytes, size);
      expect(m.tasks[0].comm).toBe('caf\u00e9-\u{1F600}');
      expect(m.diagnostics.unparsedLines).toBe(0);
    }
  });

  it('CRLF line ends give the same model as LF', () => {
    const lf = new TextDecoder().decode(head);
    expect(fingerprint(loadText(lf.replace(/\n/g, '\r\n')))).toBe(fingerprint(loadText(lf)));
  });
});

describe('instance prefixes and task names holding a colon', () => {
  it('every line of a long report gives the same task, whether it falls in the head or after it', () => {
    // Longer than the head the loader reads before choosing its parsers, so that most lines
    // meet the byte fast path (it must decline an instance's prefix, and read `tmux: server`
    // as the string parser does).
    const lines = ['cpus=2'];
    let us = 11_000_000;
    const at = () => `${Math.floor(us / 1e6)}.${String((us++ * 10) % 1e6).padStart(6, '0')}`;
    for (let i = 0; i < 400; i++) {
      lines.push(`net:             curl-139   [001]    ${at()}: funcgraph_entry:        1.000 us   |  mutex_unlock();`);
      lines.push(`                 curl-139   [001]    ${at()}: funcgraph_entry:        1.000 us   |  mutex_lock();`);
      lines.push(`     tmux: server-140   [000]    ${at()}: funcgraph_entry:        2.000 us   |  do_sys_poll();`);
    }
    const m = loadText(lines.join('\n') + '\n');
    expect(m.tasks.map((t) => [t.instance, t.comm, t.pid, t.calls])).toEqual([
      ['net', 'curl', 139, 400],
      ['', 'curl', 139, 400],
      ['', 'tmux: server', 140, 400],
    ]);
    expect(m.diagnostics.unparsedLines).toBe(0);
  });
});

describe('drop markers of an instance', () => {
  it('the record after `net: CPU:1 [3 EVENTS DROPPED]`, printed without the prefix, is the instance\'s', () => {
    // trace-read.c prints the instance's prefix, then the record's text, which begins with
    // the marker and its line end: the record's own line has no prefix. The drop comes after
    // the head the loader reads first, so the byte fast path meets that record line.
    const lines = ['cpus=2'];
    let us = 11_000_000;
    const at = () => `${Math.floor(us / 1e6)}.${String((us++ * 10) % 1e6).padStart(6, '0')}`;
    const top = (ev: string, body: string) => `                   nc-500   [000] ..... ${at()}: ${ev}${body}`;
    const net = (ev: string, body: string) => `net:               nc-500   [001] ..... ${at()}: ${ev}${body}`;
    for (let i = 0; i < 101; i++) {
      lines.push(top('funcgraph_entry:     ', '                  |  a() {'));
      lines.push(net('funcgraph_entry:     ', '                  |  b() {'));
      if (i === 100) lines.push('net: CPU:1 [3 EVENTS DROPPED]', net('funcgraph_exit:      ', '   7.000 us   |  }').slice(5));
      else lines.push(net('funcgraph_exit:      ', '   5.000 us   |  }'));
      lines.push(top('funcgraph_exit:      ', '   9.000 us   |  }'));
    }
    const text = lines.join('\n') + '\n';
    const bytes = new TextEncoder().encode(text);
    // In ranges too, one of them beginning at the record after the marker.
    const seam = text.indexOf('\n', text.indexOf('EVENTS DROPPED')) + 1;
    for (const m of [loadText(text), loadInRanges(bytes, 3, 4096), loadInRanges(bytes, [seam], 4096)]) {
      expect(m.diagnostics).toMatchObject({ unparsedLines: 0, dropMarkers: 1, droppedEvents: 3, orphanExits: 0, unclosedCalls: 0 });
      expect(m.tasks.map((t) => [t.instance, t.comm, t.pid, t.calls, t.cpus])).toEqual([
        ['', 'nc', 500, 101, [0]],
        ['net', 'nc', 500, 101, [1]],
      ]);
    }
  });
});

describe('document facts from the first lines', () => {
  const fn = '            sshd-1822  [001] ..... 21873.104522: function:                lock_sock_nested';

  it('8: `cpus=8` before the first record means trace-cmd with 8 CPUs; `CPU 2 is empty` and `version = 6` before it are accepted', () => {
    for (const head of [['cpus=8'], ['CPU 2 is empty', 'version = 6', 'cpus=8'], ['version = 6', 'CPU 0 is empty', 'CPU 2 is empty', 'cpus=8']]) {
      const m = loadText([...head, fn].join('\n') + '\n');
      expect([head, m.format, m.cpuCount]).toEqual([head, 'trace-cmd-report', 8]);
      expect(m.diagnostics).toMatchObject({ unparsedLines: 0, headerLines: head.length, parsedLines: 1 });
      expect(m.calls.length).toBe(1);
    }
  });

  it('6: the latency banner gives the kernel release 6.8.0-45-generic, whose Elixir version is v6.8', () => {
    const m = loadText(
      ['# tracer: function_graph', '#', '# function_graph latency trace v1.1.5 on 6.8.0-45-generic', '#', ' 0)   1.000 us    |  f();'].join('\n') + '\n',
    );
    expect(m.format).toBe('tracefs-function-graph');
    expect(m.kernelRelease).toBe('6.8.0-45-generic');
    expect(elixirVersionFromRelease(m.kernelRelease)).toBe('v6.8');
    expect(m.calls.length).toBe(1);
  });
});

describe('pasted excerpts', () => {
  it('a trace quoted in an e-mail (> markers, CRLF) parses like the original', () => {
    const text = new TextDecoder().decode(traceBytes('01-seed-curl-fgraph.report.txt.gz').subarray(0, 100_000));
    const lines = text.split('\n').slice(1, -1); // an excerpt: no cpus= line, no cut line
    const quoted = lines.map((l, i) => (i % 2 ? '> ' : '>> ') + l).join('\r\n');
    const a = loadText(quoted);
    const b = loadText(lines.join('\n'));
    expect(a.format).toBe('trace-cmd-report');
    expect(a.diagnostics.unparsedLines).toBe(0);
    expect(fingerprint(a)).toBe(fingerprint(b));
  });
});

describe('hostile and broken input', () => {
  it('an empty input is an unknown format with no lines', () => {
    const m = loadText('');
    expect(m.format).toBe('unknown');
    expect(m.diagnostics.linesRead).toBe(0);
  });

  it("trace-cmd's trace.dat, dropped instead of its report, is named with the command that makes text", () => {
    const dat = traceBytes('01-seed-curl-fgraph.dat');
    for (const chunk of [1, 7, 1 << 20]) {
      const m = loadBytes(dat, chunk);
      expect(m.format).toBe('unknown');
      expect(m.diagnostics.linesRead).toBe(0);
      expect(m.diagnostics.inputErrors).toEqual([expect.stringContaining('trace-cmd report -i trace.dat > trace.txt')]);
    }
  });

  it('the first bytes held to recognise a binary file survive a read buffer used again', () => {
    const text = new TextEncoder().encode('# tracer: function_graph\n#\n 0)   1.000 us    |  f();\n');
    const loader = new TraceLoader();
    const buffer = new Uint8Array(5);
    for (let i = 0; i < text.length; i += buffer.length) {
      const part = text.subarray(i, i + buffer.length);
      buffer.set(part);
      loader.pushBytes(buffer.subarray(0, part.length));
      buffer.fill(0x21); // the reader fills it with the next bytes
    }
    const m = loader.finish();
    expect(m.format).toBe('tracefs-function-graph');
    expect(m.calls.length).toBe(1);
    expect(m.diagnostics.unparsedLines).toBe(0);
  });

  it('an input shorter than the bytes held back is still read', () => {
    const m = loadText('cpus=2\n');
    expect(m.diagnostics.linesRead).toBe(1);
    expect(m.diagnostics.inputErrors).toEqual([]);
  });

  it('an input shorter than the bytes held back is still named when its mark says what it is', () => {
    // `zstd -c < /dev/null`: 13 bytes, a whole zstd frame of nothing.
    const zstd = Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0x24, 0x00, 0x01, 0x00, 0x00, 0x99, 0xe9, 0xd8, 0x51);
    for (const chunk of [1, 1 << 20]) {
      const m = loadBytes(zstd, chunk);
      expect(m.format).toBe('unknown');
      expect(m.diagnostics.linesRead).toBe(0);
      expect(m.diagnostics.inputErrors).toEqual([expect.stringMatching(/^it is zstd-compressed/)]);
    }
  });

  // Android: atrace's -z dump (its text header, then zlib) and systrace's HTML report were
  // read line by line as "not a trace format", megabytes of viewer code included.
  it("atrace's compressed dump, a systrace HTML page and a tar archive are named, however the bytes come", () => {
    const graph = '# tracer: function_graph\n 0)   1.000 us    |  f();\n'.repeat(50);
    const enc = (s: string) => new TextEncoder().encode(s);
    const zlib = deflateSync(enc(graph));
    const atrace = (header: string) => Uint8Array.from([...enc(header), ...zlib]);
    const html = enc(
      '<!DOCTYPE html>\n<html>\n<head>\n<title>Android System Trace</title>\n' +
        '<script>/* the viewer */</script>\n'.repeat(400) +
        '<!-- BEGIN TRACE -->\n  <script class="trace-data" type="application/text">\n' + graph + '  </script>\n',
    );
    const cases: [Uint8Array, RegExp][] = [
      [atrace('capturing trace... done\nTRACE:\n'), /^it is atrace's compressed dump \(atrace -z/],
      [atrace('capturing trace... done\r\nTRACE:\r\n'), /^it is atrace's compressed dump/],
      [atrace('TRACE:\n'), /^it is atrace's compressed dump/],
      [html, /^it is an HTML page, not trace text: a systrace report keeps the trace in a <script class="trace-data"> block/],
    ];
    for (const [bytes, message] of cases) {
      for (const chunk of [1, 7, 1 << 20]) {
        const m = loadBytes(bytes, chunk);
        expect(m.format).toBe('unknown');
        expect(m.diagnostics.linesRead).toBe(0);
        expect(m.diagnostics.inputErrors).toEqual([expect.stringMatching(message)]);
      }
    }
    // A tar of traces: named, not read as one trace of all its files.
    const tar = tarArchive({ 'a.txt': graph, 'b.txt': graph });
    for (const chunk of [1, 7, 1 << 20]) {
      expect(loadBytes(tar, chunk).diagnostics.inputErrors).toEqual([expect.stringMatching(/^it is a tar archive/)]);
    }
    // atrace's plain dump is the tracefs text after two lines of its own: read.
    const plain = loadText('capturing trace... done\nTRACE:\n' + graph);
    expect(plain.format).toBe('tracefs-function-graph');
    expect(plain.calls.length).toBe(50);
  });

  it('blank lines are not held without end while the format is unknown (a file of newlines)', () => {
    const loader = new TraceLoader();
    const newlines = new Uint8Array(1_000_000).fill(10);
    loader.pushBytes(newlines);
    // Lines are counted once they leave the detection hold: most of them already have.
    expect(loader.lines).toBeGreaterThan(700_000);
    const m = loader.finish();
    expect(m.format).toBe('unknown');
    expect(m.diagnostics.linesRead).toBe(1_000_000);
    accounted(m);
  });

  it('binary garbage is reported line by line, never thrown', () => {
    const bytes = new Uint8Array(200_000);
    let x = 12345;
    for (let i = 0; i < bytes.length; i++) bytes[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
    const m = loadBytes(bytes, 4096);
    expect(m.format).toBe('unknown');
    expect(m.calls.length).toBe(0);
    expect(m.diagnostics.unparsedLines).toBeGreaterThan(0);
    accounted(m);
    const item = m.diagnostics.items.find((i) => i.kind === 'unparsed');
    expect(item?.message).toMatch(/not a trace format/);
    expect(item?.line).toBeGreaterThan(0);
  });

  it('a 10 MB line is reported with its line number and the rest still parses', () => {
    const good = '            curl-139   [001]    11.524982: funcgraph_entry:        1.000 us   |  f();\n';
    const text = 'cpus=2\n' + good + 'x'.repeat(10_000_000) + '\n' + good;
    const m = loadText(text);
    expect(m.calls.length).toBe(2);
    expect(m.diagnostics.unparsedLines).toBe(1);
    expect(m.diagnostics.items.find((i) => i.kind === 'unparsed')?.line).toBe(3);
    accounted(m);
  });

  it('a 10 MB line split over many chunks is held only as far as needed, reported, and the rest parses', () => {
    const good = '            curl-139   [001]    11.524982: funcgraph_entry:        1.000 us   |  f();\n';
    const text = new TextEncoder().encode('cpus=2\n' + good + 'x'.repeat(10_000_000) + '\n' + good);
    const m = loadBytes(text, 65_536);
    expect(m.calls.length).toBe(2);
    expect(m.diagnostics.unparsedLines).toBe(1);
    const item = m.diagnostics.items.find((i) => i.kind === 'unparsed');
    expect(item?.line).toBe(3);
    expect(item?.message).toMatch(/more than 65536 bytes/);
    accounted(m);
  });

  it('an over-long line of multi-byte characters is over-long too (the limit is in bytes)', () => {
    const good = '            curl-139   [001]    11.524982: funcgraph_entry:        1.000 us   |  f();\n';
    const m = loadText('cpus=2\n' + good + 'é'.repeat(40_000) + '\n' + good);
    expect(m.calls.length).toBe(2);
    expect(m.diagnostics.items.find((i) => i.kind === 'unparsed')?.message).toMatch(/more than 65536 bytes/);
  });

  it('lines cut mid-field are reported and everything else is kept', () => {
    const seed = new TextDecoder().decode(traceBytes('01-seed-curl-fgraph.report.txt.gz').subarray(0, 200_000));
    const lines = seed.split('\n').slice(0, -1);
    const broken = lines.map((l, i) => (i % 50 === 25 ? l.slice(0, 30) : l));
    const m = loadText(broken.join('\n'));
    expect(m.format).toBe('trace-cmd-report');
    expect(m.diagnostics.unparsedLines).toBe(broken.filter((_, i) => i % 50 === 25).length);
    expect(m.calls.length).toBeGreaterThan(1000);
    accounted(m);
    const first = m.diagnostics.items.find((i) => i.kind === 'unparsed');
    expect(first?.line).toBe(26);
    expect(first?.text).toBe(lines[25].slice(0, 30));
  });

  it('a truncated gzip member is not text: the loader reports it (decompression is the caller\'s)', () => {
    const gz = gzipSync(Buffer.from('cpus=1\n'.repeat(1000)));
    const loader = new TraceLoader();
    loader.pushBytes(new Uint8Array(gz.subarray(0, gz.length / 2)));
    loader.addInputError('the input stopped early: unexpected end of file');
    const m = loader.finish();
    expect(m.diagnostics.inputErrors).toEqual(['the input stopped early: unexpected end of file', GZIP_INSIDE_GZIP]);
    accounted(m);
  });

  // What reaches the loader was inflated already: gzip there is a .gz gzipped again, which
  // was 'not a trace format' with its deflate bytes listed as lines.
  it('gzip in what it reads (a gzip inside the gzip) is named, whatever the chunking, short or long', () => {
    for (const text of ['cpus=1\n', 'cpus=1\n'.repeat(1000)]) {
      const gz = new Uint8Array(gzipSync(Buffer.from(text)));
      for (const chunk of [1, 3, 1 << 20]) {
        const m = loadBytes(gz, chunk);
        expect(m.format).toBe('unknown');
        expect(m.diagnostics.unparsedLines).toBe(0);
        expect(m.diagnostics.inputErrors).toEqual([GZIP_INSIDE_GZIP]);
      }
    }
  });
});

describe('the real traces', () => {
  it('01: tasks, CPUs and the syscall paths', () => {
    const m = loadBytes(traceBytes('01-seed-curl-fgraph.report.txt.gz'));
    const s = summarize(m);
    expect(s.format).toBe('trace-cmd-report');
    expect(s.lines).toBe(319875);
    expect(s.diagnostics.unparsedLines).toBe(0);
    expect(s.tasks.map((t) => `${t.comm}-${t.pid}`).sort()).toEqual(['<idle>-0', 'curl-139', 'kworker/1:2-100', 'rcu_preempt-15']);
    expect(s.tasks.find((t) => t.pid === 139)).toMatchObject({ cpus: [1], maxDepth: 49 });
    const calls = (name: string) => s.functions.find((f) => f.name === name)?.calls;
    expect(calls('tcp_v4_connect')).toBe(1);
    expect(calls('tcp_sendmsg')).toBe(1);
    expect(calls('__x64_sys_write')).toBe(319);
    expect(calls('__sysvec_apic_timer_interrupt')).toBe(191);
    accounted(m);
  });

  it('02: a connection that already existed: tcp_sendmsg 54 times, no tcp_v4_connect', () => {
    const s = summarize(loadBytes(traceBytes('02-midstream-nc-fgraph.report.txt.gz')));
    const calls = (name: string) => s.functions.find((f) => f.name === name)?.calls ?? 0;
    expect(calls('tcp_sendmsg')).toBe(54);
    expect(calls('tcp_v4_connect')).toBe(0);
    const multi = s.tasks.filter((t) => t.cpus.length > 1).map((t) => `${t.comm}-${t.pid}`);
    expect(multi).toEqual(expect.arrayContaining(['nc.openbsd-151', 'nc.openbsd-155', 'rcu_preempt-15', 'sh-154']));
    // pid 0 is one idle task per CPU, never one task on two CPUs.
    expect(s.tasks.filter((t) => t.pid === 0).every((t) => t.cpus.length === 1)).toBe(true);
    expect(s.tasks.filter((t) => t.pid === 0).length).toBe(2);
  });

  it('03: events are kept as instant events of their task and CPU', () => {
    const m = loadBytes(traceBytes('03-systemwide-sched-irq.report.txt.gz'));
    const names = new Map<string, number>();
    for (const n of m.events.name) names.set(n, (names.get(n) ?? 0) + 1);
    expect(names.get('sched_switch')).toBe(2493);
    expect(names.get('sched_wakeup')).toBe(1105);
    expect(names.get('sched_migrate_task')).toBe(43);
    expect(names.get('softirq_entry')).toBe(2411);
    expect(names.get('local_timer_entry')).toBe(1846);
    expect(m.events.cpu.every((c) => c === 0 || c === 1)).toBe(true);
    expect(m.events.task.every((t) => t >= 0)).toBe(true);
    const s = summarize(m);
    expect(s.functions.find((f) => f.name === 'tcp_sendmsg')?.calls).toBe(63);
  });

  it('06: the plain function tracer gives calls without durations, stacks attach to their event', () => {
    const m = loadBytes(traceBytes('06-function-stacktrace.report.txt'));
    expect(m.diagnostics.unparsedLines).toBe(0);
    const s = summarize(m);
    expect(s.functions.map((f) => f.name).sort()).toEqual(['tcp_recvmsg', 'tcp_sendmsg', 'tcp_v4_connect']);
    // Their times are unknown, not 0 (summary.ts).
    expect(s.functions.every((f) => f.totalNs === null && f.selfNs === null && f.p50Ns === null)).toBe(true);
    const stack = m.events.stack[m.events.name.indexOf('kernel_stack')];
    expect(stack?.[1]).toBe('tcp_v4_connect (ffffffff914a85b5)');
    const fn = summarize(loadBytes(traceBytes('06-function-curl.report.txt.gz')));
    expect(fn.diagnostics.unparsedLines).toBe(0);
    expect(fn.calls).toBeGreaterThan(10000);
  });

  it('05: every variant of the seed report gives the seed per-function call counts', () => {
    const count = (name: string) =>
      new Map(summarize(loadBytes(traceBytes(name))).functions.map((f) => [f.name, f.calls]));
    const ref = count('01-seed-curl-fgraph.report.txt.gz');
    for (const v of ['cpu1', 'depth', 'fullts', 'latency', 'rawts', 'tailprint']) {
      const got = count(`05-seed-report-${v}.txt.gz`);
      expect([v, got]).toEqual([v, ref]);
    }
    const empty = loadBytes(traceBytes('05-seed-report-cpu0-empty.txt'));
    expect(empty.calls.length).toBe(0);
    expect(empty.cpuCount).toBe(2);
  }, 120_000);
});
