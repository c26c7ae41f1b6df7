import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BINARY_SNIFF_BYTES, describeBinaryInput, isGzip } from './file-magic';
import { tarHeader } from '../test-utils/tar-writer';

const traces = new URL('../../test/traces/', import.meta.url);
const head = (name: string) => new Uint8Array(readFileSync(new URL(name, traces))).subarray(0, BINARY_SNIFF_BYTES);
const bytes = (...b: number[]) => Uint8Array.from([...b, ...new Array<number>(16).fill(0)]);
const text = (s: string) => new TextEncoder().encode(s);

describe('describeBinaryInput', () => {
  it("names trace-cmd's trace.dat (the real ones) and says how to get text", () => {
    for (const dat of ['01-seed-curl-fgraph.dat', '02-midstream-nc-fgraph.dat', '06-function-curl.dat']) {
      const d = describeBinaryInput(head(dat));
      expect(d).toMatch(/trace-cmd binary file \(trace\.dat, file version \d\)/);
      expect(d).toContain('trace-cmd report -i trace.dat > trace.txt');
    }
  });

  it('names perf.data and the compressions the app does not read', () => {
    expect(describeBinaryInput(text('PERFILE2\0\0\0\0\0\0\0\0'))).toMatch(/perf\.data/);
    expect(describeBinaryInput(bytes(0x28, 0xb5, 0x2f, 0xfd))).toMatch(/zstd/);
    expect(describeBinaryInput(bytes(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00))).toMatch(/xz/);
    expect(describeBinaryInput(text('BZh91AY&SY\0\0\0\0\0\0'))).toMatch(/bzip2/);
    expect(describeBinaryInput(bytes(0x50, 0x4b, 0x03, 0x04))).toMatch(/zip archive/);
  });

  // An lz4 file (`lz4 trace.txt`, `lz4 -l`) was "not a trace format" with its bytes as lines.
  it('names lz4 by its frame magic and its legacy one', () => {
    expect(describeBinaryInput(bytes(0x04, 0x22, 0x4d, 0x18, 0x64, 0x40, 0xa7))).toMatch(/^it is lz4-compressed: .*lz4 -d/);
    expect(describeBinaryInput(bytes(0x02, 0x21, 0x4c, 0x18))).toMatch(/^it is lz4-compressed/);
    // Only the whole magic: its first bytes alone are text.
    expect(describeBinaryInput(text('\x04\x22\x4d#\0\0\0\0\0\0\0\0\0\0\0\0'))).toBeNull();
  });

  it('names images, PDFs and programs picked by mistake', () => {
    expect(describeBinaryInput(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).toMatch(/^it is a PNG image, not a trace/);
    // What to open instead names the trace.dat, which both the app and the CLI read as it is.
    expect(describeBinaryInput(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).toMatch(/open the trace\.dat trace-cmd record writes, /);
    expect(describeBinaryInput(bytes(0xff, 0xd8, 0xff, 0xe0))).toMatch(/JPEG image/);
    expect(describeBinaryInput(text('GIF89a\x01\0\x01\0\0\0\0\0\0\0'))).toMatch(/GIF image/);
    expect(describeBinaryInput(text('GIF87a\x01\0\x01\0\0\0\0\0\0\0'))).toMatch(/GIF image/);
    expect(describeBinaryInput(text('%PDF-1.7\n%\0\0\0\0\0\0\0'))).toMatch(/PDF document/);
    expect(describeBinaryInput(bytes(0x7f, 0x45, 0x4c, 0x46, 2, 1, 1))).toMatch(/ELF binary/);
    // A PNG signature cut short is not a PNG.
    expect(describeBinaryInput(Uint8Array.of(0x89, 0x50, 0x4e, 0x47))).toBeNull();
  });

  it('names an HTML page (a systrace report) and atrace -z, never trace text that begins alike', () => {
    const systrace = '<!DOCTYPE HTML>\n<html>\n<head i18n-values="dir:textdirection;">\n<meta charset="utf-8"/>\n<title>Android System Trace</title>\n';
    for (const page of [systrace, `\ufeff\n${systrace}`]) {
      expect(describeBinaryInput(text(page))).toMatch(/^it is an HTML page, not trace text: .*trace-data/);
    }
    // Any other page (a ?url= of github.com/…/blob/…, a sign-in page) was told of systrace and adb.
    for (const page of ['<!DOCTYPE html>\n<html>', '\ufeff\n<!doctype html><html>', '<html>\n<head>', '  <HTML lang="en">', '<!DOCTYPE html>\n<html lang="en" data-color-mode="auto">\n<head>\n<title>linux/trace.txt at master · torvalds/linux · GitHub</title>']) {
      const d = describeBinaryInput(text(page));
      expect(d).toMatch(/^it is an HTML page \(a web page: .*\), not trace text: open the file itself; for a link, its raw address/);
      expect(d).not.toMatch(/systrace|atrace/);
    }
    const zlibAfter = (header: string, flg: number) => Uint8Array.from([...text(header), 0x78, flg, 0x01, 0x02]);
    expect(describeBinaryInput(zlibAfter('capturing trace... done\nTRACE:\n', 0x9c))).toMatch(/^it is atrace's compressed dump .*without -z/);
    expect(describeBinaryInput(zlibAfter('TRACE:\r\n', 0xda))).toMatch(/^it is atrace's compressed dump/);
    // 0x78 0x9d fails zlib's header check: not a zlib stream.
    expect(describeBinaryInput(zlibAfter('TRACE:\n', 0x9d))).toBeNull();
    // The idle task's lines begin with '<'; atrace's plain dump is text.
    expect(describeBinaryInput(text('          <idle>-0     [001] d..2.  1.000: f <-g'))).toBeNull();
    expect(describeBinaryInput(text('capturing trace... done\nTRACE:\n# tracer: function_graph\n'))).toBeNull();
    expect(describeBinaryInput(text('xTRACE:\nx'))).toBeNull();
  });

  // A trace bundle (tar czf) read as one text: its files' calls counted as one trace's.
  it('names a tar archive (POSIX and GNU) by its header, checksum included', () => {
    const trace = text('# tracer: function_graph\n 0)   1.000 us    |  f();\n');
    for (const magic of ['ustar\x0000', 'ustar  \0']) {
      expect(describeBinaryInput(Uint8Array.from([...tarHeader('trace.txt', trace.length, magic), ...trace]))).toMatch(/^it is a tar archive: unpack it \(tar xf\)/);
    }
    const bad = tarHeader('trace.txt', trace.length);
    bad[0] ^= 1; // the checksum no longer adds up
    expect(describeBinaryInput(bad)).toBeNull();
    // Text with "ustar" at byte 257 is text.
    const lines = text(`${' 0)   1.000 us    |  f();\n'.repeat(10)}`.slice(0, 257) + 'ustar\0' + ' '.repeat(300));
    expect(describeBinaryInput(lines)).toBeNull();
  });

  // This app's own Chrome or speedscope export opened again was "not a trace format".
  it('names JSON (the exports), and not a trace line that begins with a bracket', () => {
    for (const json of ['{"traceEvents":[\n{"ph":"X"', '{"$schema":"https://www.speedscope.app/file-format-schema.json"', '  [ {"name":"f"', '[]']) {
      expect(describeBinaryInput(text(json))).toMatch(/^it is JSON \(a Chrome trace-event or speedscope file/);
    }
    expect(describeBinaryInput(text('  [pool]-12   [000] ....  1.000: f <-g'))).toBeNull();
    expect(describeBinaryInput(text('{ 0)   1.000 us    |  f();'))).toBeNull();
  });

  // A trace-cmd report with CR line ends loaded as one call of a task named 'cpus=2\r  curl'.
  it('names text whose lines end in CR alone, and leaves CRLF and a last CR alone', () => {
    const lines = ['cpus=2', '            curl-139   [001]    11.524982: funcgraph_entry:        0.616 us   |  mutex_unlock();', ' 0)               |  f() {'];
    expect(describeBinaryInput(text(lines.join('\r')))).toBe(
      "its lines end in CR alone (classic Mac OS line ends), not LF as the kernel and trace-cmd write them: convert them (tr '\\r' '\\n' < trace.txt > trace-lf.txt) and open that",
    );
    expect(describeBinaryInput(text(lines.join('\r\n')))).toBeNull();
    expect(describeBinaryInput(text(lines.join('\n')))).toBeNull();
    expect(describeBinaryInput(text(`${lines[1]}\r`))).toBeNull();
    // Random bytes (a CR among them, no LF) before a trace: read past, not named.
    expect(describeBinaryInput(Uint8Array.from({ length: 600 }, (_, i) => (i === 100 ? 13 : i % 7 === 0 ? 3 : 0x41 + (i % 50))))).toBeNull();
  });

  it('leaves text and gzip alone (gzip is read)', () => {
    expect(describeBinaryInput(text('cpus=2\n            curl-139   [001]'))).toBeNull();
    expect(describeBinaryInput(text('# tracer: function_graph\n'))).toBeNull();
    expect(describeBinaryInput(head('01-seed-curl-fgraph.report.txt.gz'))).toBeNull();
    expect(describeBinaryInput(new Uint8Array(0))).toBeNull();
  });
});

describe('isGzip', () => {
  it('knows gzip by its two magic bytes (a real gzipped trace among them)', () => {
    expect(isGzip(head('01-seed-curl-fgraph.report.txt.gz'))).toBe(true);
    expect(isGzip(Uint8Array.of(0x1f, 0x8b))).toBe(true);
  });

  it('says no to anything shorter or different', () => {
    for (const b of [new Uint8Array(0), Uint8Array.of(0x1f), Uint8Array.of(0x8b, 0x1f), text('# tracer: function_graph\n'), head('01-seed-curl-fgraph.dat')]) {
      expect(isGzip(b)).toBe(false);
    }
  });
});
