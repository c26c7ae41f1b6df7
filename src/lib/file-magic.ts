/**
 * What an input is, from its first bytes (magic numbers): gzip, which every reader of
 * input inflates (the worker's pipeline, the CLI, a trace embedded in a link), and the
 * binary files dropped where trace text is expected, so the user reads what it is and how
 * to get text from it instead of a list of unparsable "lines". The common one is
 * trace-cmd's own trace.dat, dropped instead of the text that `trace-cmd report` prints
 * from it.
 */

/** Bytes needed to recognise every kind below. */
export const BINARY_SNIFF_BYTES = 16;

const startsWith = (b: Uint8Array, magic: readonly number[]): boolean =>
  b.length >= magic.length && magic.every((m, i) => b[i] === m);

const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

/** gzip's magic number (RFC 1952 §2.3.1: ID1 ID2). */
const GZIP_MAGIC = [0x1f, 0x8b] as const;

/** True when the bytes start with the gzip magic number. */
export function isGzip(head: Uint8Array): boolean {
  return startsWith(head, GZIP_MAGIC);
}

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
  { magic: [0x50, 0x4b, 0x03, 0x04], describe: () => 'it is a zip archive: unpack it and open the trace text inside' },
];

/** What the binary file is and how to get trace text from it, or null for anything else. */
export function describeBinaryInput(head: Uint8Array): string | null {
  for (const k of KINDS) if (startsWith(head, k.magic)) return k.describe(head);
  return null;
}
