/**
 * One CPU's stream of pages: what trace-cmd's init_cpu() (lib/trace-cmd/trace-input.c)
 * makes of a CPU's entry in the BUFFER option.
 */
import { describe, expect, it } from 'vitest';
import { RecordKind, type LineRecord } from '../parse/record';
import { writeTraceDat } from '../../test-utils/trace-dat-writer';
import { readMetadata } from './read-metadata';
import { readTraceDat } from './read-records';
import { memorySource } from './source';

const KALLSYMS = 'ffffffff81000100 T tcp_sendmsg\nffffffff81000200 t tcp_push\n';

describe('a CPU of size 0 in a compressed file', () => {
  it('is empty, as init_cpu() takes it: the chunk table at its offset (the next CPU\'s) is not read as its data', async () => {
    // trace-cmd writes no chunk table for a CPU without data (tcmd_out_write_cpu_data: write_size
    // 0): its page-aligned offset is where the next CPU's data starts. CPU 0's entry says so.
    const bytes = writeTraceDat({
      version: 7,
      compression: 'zlib',
      kallsyms: KALLSYMS,
      cmdlines: '139 curl\n',
      cpus: [
        { cpu: 0, pages: [] },
        { cpu: 1, pages: [{ ts: 1e9, items: [{ ts: 1e9 + 5, event: { kind: 'function', pid: 139, ip: 0xffffffff81000200n, parent: 0xffffffff81000100n } }] }] },
      ],
      bufferEntries: (entries) => entries.map((e, k) => (e.cpu === 0 ? { cpu: 0, offset: entries[k + 1].offset, size: 0 } : e)),
    });
    const { meta } = await readMetadata(memorySource(bytes));
    expect(meta.buffers[0].cpus.map((c) => c.size === 0 && c.offset === meta.buffers[0].cpus[1].offset)).toEqual([true, false]);

    const seen: string[] = [];
    const errors: string[] = [];
    await readTraceDat(memorySource(bytes), {
      record: (r: LineRecord) => {
        if (r.kind === RecordKind.FunctionCall) seen.push(`${r.cpu} ${r.name}`);
      },
      error: (m) => errors.push(m),
    });
    expect(errors).toEqual([]);
    expect(seen).toEqual(['1 tcp_push']);
  });
});

/** One CPU's two pages, its BUFFER entry a half page short (trace-cmd never writes it so). */
const spec = (pageSize: number) => ({
  version: 7 as const,
  kallsyms: KALLSYMS,
  cmdlines: '139 curl\n',
  cpus: [{ cpu: 0, pages: [1, 2].map((k) => ({ ts: k * 1e9, items: [{ ts: k * 1e9 + 5, event: { kind: 'function' as const, pid: 139, ip: 0xffffffff81000200n, parent: 0xffffffff81000100n } }] })) }],
  bufferEntries: (entries: { cpu: number; offset: number; size: number }[]) => entries.map((e) => ({ ...e, size: e.size - pageSize / 2 })),
});

describe('CPU data that ends inside a page', () => {
  it('reads its whole pages and says where the part page starts (it was dropped without a word)', async () => {
    const bytes = writeTraceDat(spec(4096));
    const { meta } = await readMetadata(memorySource(bytes));
    const cpu = meta.buffers[0].cpus[0];
    const seen: number[] = [];
    const errors: string[] = [];
    await readTraceDat(memorySource(bytes), { record: (r: LineRecord) => seen.push(r.tsNs), error: (m) => errors.push(m) });
    expect(seen).toEqual([1e9 + 5]);
    expect(errors).toEqual([`trace.dat CPU 0 data at byte ${cpu.offset + 4096}: the CPU data ends 2048 bytes into a page of 4096 bytes; those bytes are not read`]);
  });
});

describe('strings of the file in its messages', () => {
  it("an instance's name is quoted as JSON: an escape sequence in it is not written to a terminal", async () => {
    // An instance is a directory under tracefs instances/: its name may hold any byte but '/'.
    const name = 'n\u001b]0;pwned\u0007"';
    const bytes = writeTraceDat({ ...spec(4096), instances: [{ name, cpus: spec(4096).cpus }] });
    const errors: string[] = [];
    await readTraceDat(memorySource(bytes), { record: () => {}, error: (m) => errors.push(m) });
    expect(errors).toHaveLength(2);
    expect(errors[1]).toMatch(/^trace\.dat CPU 0 data of instance "n\\u001b]0;pwned\\u0007\\"" at byte \d+: the CPU data ends 2048 bytes into a page/);
  });

  it('a compression name the reader does not know is quoted as JSON', async () => {
    const bytes = writeTraceDat({ ...spec(4096), compression: 'zlib' });
    const at = new TextDecoder('latin1').decode(bytes.subarray(0, 64)).indexOf('zlib\0');
    bytes.set([0x1b, 0x5d, 0x30, 0x07], at); // ESC ] 0 BEL: sets a terminal's title
    await expect(readMetadata(memorySource(bytes))).rejects.toThrow(/: compression "\\u001b\]0\\u0007": this reader knows zstd and zlib$/);
  });
});

describe('64 KiB pages (arm64, ppc64)', () => {
  it('are read a MiB at a time, as 4 KiB pages are, not 256 pages (16 MiB) per CPU and read', async () => {
    const pageSize = 65536;
    const pages = Array.from({ length: 20 }, (_, k) => ({ ts: (k + 1) * 1e9, items: [{ ts: (k + 1) * 1e9 + 5, event: { kind: 'function' as const, pid: 139, ip: 0xffffffff81000200n, parent: 0xffffffff81000100n } }] }));
    const bytes = writeTraceDat({ version: 7, pageSize, kallsyms: KALLSYMS, cmdlines: '139 curl\n', cpus: [{ cpu: 0, pages }] });
    const inner = memorySource(bytes);
    let largest = 0;
    const source = { size: inner.size, read: (offset: number, length: number) => ((largest = Math.max(largest, length)), inner.read(offset, length)) };
    const seen: number[] = [];
    const errors: string[] = [];
    await readTraceDat(source, { record: (r: LineRecord) => seen.push(r.tsNs), error: (m) => errors.push(m) });
    expect(errors).toEqual([]);
    expect(seen).toEqual(pages.map((p) => p.ts + 5));
    expect(largest).toBeLessThanOrEqual(1 << 20);
  });
});

describe("the top instance's page size", () => {
  it("is the file header's, as trace-cmd reads it, not its BUFFER option's (an instance's is its option's)", async () => {
    const pages = (n: number) => [1, 2].map((k) => ({ ts: k * 1e9 + n, items: [{ ts: k * 1e9 + n + 5, event: { kind: 'function' as const, pid: 139, ip: 0xffffffff81000200n, parent: 0xffffffff81000100n } }] }));
    const bytes = writeTraceDat({ version: 7, kallsyms: KALLSYMS, cmdlines: '139 curl\n', cpus: [{ cpu: 0, pages: pages(0) }], instances: [{ name: 'net', cpus: [{ cpu: 0, pages: pages(100) }] }] });
    // The top instance's BUFFER option (name "", clock "local") says 8192; its pages are 4096 as the header says.
    const needle = [0, ...new TextEncoder().encode('local'), 0, 0, 16, 0, 0];
    const at = bytes.findIndex((_, k) => needle.every((b, j) => bytes[k + j] === b));
    expect(at).toBeGreaterThan(0);
    new DataView(bytes.buffer).setUint32(at + 7, 8192, true);
    const seen: string[] = [];
    const errors: string[] = [];
    await readTraceDat(memorySource(bytes), { record: (r: LineRecord) => seen.push(`${r.instance}:${r.tsNs}`), error: (m) => errors.push(m) });
    expect(errors).toEqual([]);
    expect(seen.sort()).toEqual([':1000000005', ':2000000005', 'net:1000000105', 'net:2000000105']);
  });
});
