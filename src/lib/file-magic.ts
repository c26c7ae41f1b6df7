/**
 * What an input is, from its first bytes (magic numbers): gzip, which every reader of
 * input inflates (the worker's pipeline, the CLI, a trace embedded in a link), and the
 * binary files dropped where trace text is expected (other tracers' files, compressions
 * the app does not read, images, documents, programs), so the user reads what it is and
 * how to get text from it instead of a list of unparsable "lines". The common one is
 * trace-cmd's own trace.dat, dropped instead of the text that `trace-cmd report` prints
 * from it.
 */

/**
 * Bytes needed to recognise every kind below: the farthest mark is a tar archive's, at
 * byte 257 of its first 512-byte header.
 */
export const BINARY_SNIFF_BYTES = 512;

const startsWith = (b: Uint8Array, magic: readonly number[]): boolean =>
  b.length >= magic.length && magic.every((m, i) => b[i] === m);

const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

/**
 * A tar archive's first 512-byte header holds `ustar` at byte 257 (POSIX "ustar\0", GNU's
 * old "ustar  \0": GNU tar.h TMAGIC, OLDGNU_MAGIC) and, at 148, its checksum in octal: the
 * sum of the header's bytes with those 8 taken as spaces (tar.h chksum). Read as text, its
 * members' texts run together, a bundle's traces counted as one, the headers damaged lines.
 */
const TAR_MAGIC_AT = 257;
const TAR_MAGIC = ascii('ustar');
const TAR_CHKSUM_AT = 148;
const TAR_HEADER = 512;

function isTar(b: Uint8Array): boolean {
  if (b.length < TAR_HEADER || !startsWith(b.subarray(TAR_MAGIC_AT), TAR_MAGIC)) return false;
  const after = b[TAR_MAGIC_AT + TAR_MAGIC.length];
  if (after !== 0 && after !== 0x20) return false;
  let stored = 0;
  let digits = 0;
  let k = TAR_CHKSUM_AT;
  while (k < TAR_CHKSUM_AT + 8 && b[k] === 0x20) k++;
  for (; k < TAR_CHKSUM_AT + 8 && b[k] >= 0x30 && b[k] <= 0x37; k++, digits++) stored = stored * 8 + b[k] - 0x30;
  if (digits === 0) return false;
  let sum = 0;
  for (let i = 0; i < TAR_HEADER; i++) sum += i >= TAR_CHKSUM_AT && i < TAR_CHKSUM_AT + 8 ? 0x20 : b[i];
  return sum === stored;
}

/** gzip's magic number (RFC 1952 §2.3.1: ID1 ID2). */
const GZIP_MAGIC = [0x1f, 0x8b] as const;

/** True when the bytes start with the gzip magic number. */
export function isGzip(head: Uint8Array): boolean {
  return startsWith(head, GZIP_MAGIC);
}

/**
 * What text that is gzip again, once inflated, is: `gzip` run on a .gz, or a .gz fetched with
 * `curl -o` from a server that sent it with Content-Encoding: gzip on top. Every reader
 * inflates gzip before the text is read (describeBinaryInput leaves it alone for that).
 */
export const GZIP_INSIDE_GZIP =
  'it is gzip-compressed twice (a gzip inside the gzip): decompress the outer one (zcat trace.txt.gz > inner.txt.gz) and open what that gives';

// trace-cmd's trace.dat: 0x17 0x08 'D' "tracing", then the file version as text (6, 7).
const TRACE_DAT = [0x17, 0x08, 0x44, ...ascii('tracing')];

const KINDS: readonly { magic: readonly number[]; describe: (b: Uint8Array) => string }[] = [
  {
    magic: TRACE_DAT,
    describe: (b) => {
      const v = b[TRACE_DAT.length];
      const version = v >= 0x30 && v <= 0x39 ? `, file version ${String.fromCharCode(v)}` : '';
      return (
        `it is a trace-cmd binary file (trace.dat${version}), not text: ` +
        'turn it into text with "trace-cmd report -i trace.dat > trace.txt" and open trace.txt'
      );
    },
  },
  {
    magic: ascii('PERFILE2'),
    describe: () => "it is perf's binary perf.data, not ftrace text: record with trace-cmd or read the kernel's tracefs trace file",
  },
  { magic: [0x28, 0xb5, 0x2f, 0xfd], describe: () => 'it is zstd-compressed: decompress it (zstd -d) or compress it with gzip instead' },
  { magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], describe: () => 'it is xz-compressed: decompress it (xz -d) or compress it with gzip instead' },
  { magic: ascii('BZh'), describe: () => 'it is bzip2-compressed: decompress it (bunzip2) or compress it with gzip instead' },
  // lz4's frame format (lz4frame.c LZ4F_MAGICNUMBER 0x184D2204, little-endian) and its legacy
  // one (`lz4 -l`, the kernel's lz4 images: 0x184C2102). Read as text, every line is garbage.
  { magic: [0x04, 0x22, 0x4d, 0x18], describe: () => lz4() },
  { magic: [0x02, 0x21, 0x4c, 0x18], describe: () => lz4() },
  { magic: [0x50, 0x4b, 0x03, 0x04], describe: () => 'it is a zip archive: unpack it and open the trace text inside' },
  // Files picked by mistake: say what they are rather than list their bytes as lines.
  { magic: [0x89, ...ascii('PNG'), 0x0d, 0x0a, 0x1a, 0x0a], describe: () => notATrace('a PNG image') },
  { magic: [0xff, 0xd8, 0xff], describe: () => notATrace('a JPEG image') },
  { magic: ascii('GIF87a'), describe: () => notATrace('a GIF image') },
  { magic: ascii('GIF89a'), describe: () => notATrace('a GIF image') },
  { magic: ascii('%PDF-'), describe: () => notATrace('a PDF document') },
  {
    magic: [0x7f, ...ascii('ELF')],
    describe: () => notATrace('an ELF binary (a program, library, kernel module or vmlinux)'),
  },
];

/** The message for lz4-compressed input. */
function lz4(): string {
  return 'it is lz4-compressed: decompress it (lz4 -d) or compress it with gzip instead';
}

/**
 * The message for a file that is no trace at all. It names the trace.dat first: the app and
 * the CLI read it as it is, and it is the file a new user most likely has.
 */
function notATrace(what: string): string {
  return `it is ${what}, not a trace: open the trace.dat trace-cmd record writes, the text trace-cmd report prints, or the kernel's tracefs trace file`;
}

/**
 * Android's atrace dump: `capturing trace... done` on stdout (only where the dump goes there),
 * `TRACE:` then the tracefs trace file, which `-z` deflates into a zlib stream (atrace.cpp
 * main, dumpTrace). A zlib stream's first two bytes: CMF 0x78 (deflate, 32K window) and a FLG
 * that makes CMF·256 + FLG a multiple of 31 (RFC 1950 §2.2). `adb shell` through a terminal
 * turns each \n into \r\n.
 */
const ATRACE_ZLIB = /^(?:capturing trace\.\.\. done\r?\n)?TRACE:\r?\n\x78([\s\S])/;

/** A byte text does not hold: a C0 control other than tab, LF, CR and ESC (colour codes). */
const CONTROL_BYTE = /[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f]/;

/**
 * Text files that hold no trace text to read from their start: an HTML page (a systrace or
 * trace-viewer report keeps the atrace text in a `<script class="trace-data">` block inside
 * megabytes of viewer code: catapult systrace output_generator.py; a `?url=` of a site's page
 * about the file, or of a sign-in page, gives a page too), JSON, text whose lines
 * end in CR alone, and atrace's `-z` dump.
 */
function describeTextDocument(head: Uint8Array): string | null {
  const s = String.fromCharCode(...head.subarray(0, BINARY_SNIFF_BYTES));
  const lead = s.replace(/^\xef\xbb\xbf/, '').trimStart().toLowerCase();
  if (lead.startsWith('<!doctype html') || lead.startsWith('<html')) {
    // systrace's report: its template's title, in its first lines (catapult systrace/prefix.html).
    if (lead.includes('<title>android system trace</title>')) {
      return (
        'it is an HTML page, not trace text: a systrace report keeps the trace in a <script class="trace-data"> block; ' +
        'save the lines of that block as a .txt file and open it, or open the text atrace prints (adb shell atrace … > trace.txt)'
      );
    }
    // Any other page: what a link to a site's view of the file gives (github.com/…/blob/…),
    // or a sign-in or error page served with 200 OK.
    return (
      "it is an HTML page (a web page: a site's view of the file, a sign-in or an error page), not trace text: " +
      'open the file itself; for a link, its raw address (raw.githubusercontent.com/…, …/raw/…, not …/blob/…)'
    );
  }
  // JSON: a Chrome trace-event or speedscope file (this app's own exports among them) or a
  // Perfetto JSON trace. No ftrace text begins with `{"` or `[{`.
  if (/^(?:\{\s*"|\[\s*[{\]])/.test(lead)) {
    return (
      'it is JSON (a Chrome trace-event or speedscope file, as this app exports), not ftrace text: ' +
      'open the trace-cmd report or tracefs text it was made from, or view it in ui.perfetto.dev (Chrome JSON) or speedscope.app'
    );
  }
  // Lines that end in CR alone (classic Mac OS, an editor set to it): no LF in the head but a
  // CR with more after it, in text (no control byte but tab, CR and ESC: random bytes before
  // a trace are read past, not taken for this). Every reader splits lines at LF, so the whole
  // file read as one line, and a trace-cmd report as one record named by the header before it.
  const cr = s.indexOf('\r');
  if (!s.includes('\n') && cr >= 0 && cr < s.length - 1 && !CONTROL_BYTE.test(s)) {
    return (
      "its lines end in CR alone (classic Mac OS line ends), not LF as the kernel and trace-cmd write them: " +
      "convert them (tr '\\r' '\\n' < trace.txt > trace-lf.txt) and open that"
    );
  }
  const z = ATRACE_ZLIB.exec(s);
  if (z && (0x78 * 256 + z[1].charCodeAt(0)) % 31 === 0) {
    return "it is atrace's compressed dump (atrace -z: zlib after TRACE:), not text: run atrace without -z and open what it prints";
  }
  return null;
}

/** What the binary file is and how to get trace text from it, or null for anything else. */
export function describeBinaryInput(head: Uint8Array): string | null {
  for (const k of KINDS) if (startsWith(head, k.magic)) return k.describe(head);
  if (isTar(head)) {
    return 'it is a tar archive: unpack it (tar xf) and open the trace text inside, one file at a time';
  }
  return describeTextDocument(head);
}
