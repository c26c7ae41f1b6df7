/**
 * The reader on byte-level fixtures written by src/test-utils/trace-dat-writer.ts: every
 * byte order, long size, file version and compression, and the page records real files
 * rarely hold (time extends, absolute time stamps, padding, lost events, long-form events).
 */
import { describe, expect, it } from 'vitest';
import { RecordKind, type LineRecord } from '../parse/record';
import { summarize } from '../query/summary';
import { loadTraceDat } from './load-trace-dat';
import { readTraceDat } from './read-records';
import { memorySource } from './source';
import { writeTraceDat, type DatSpec, type PageSpec } from '../../test-utils/trace-dat-writer';
import { loadBytes, traceText } from '../../test-utils/traces';

const KALLSYMS = [
  'ffffffff81000000 T _stext',
  'ffffffff81000100 T tcp_sendmsg',
  'ffffffff81000200 t tcp_push',
  'ffffffff81000300 T __softirqentry_text_start',
  'ffffffff81000300 T __do_softirq',
  'ffffffff81000400 A some_absolute',
  'ffffffff81000500 T last_symbol',
  'ffffffffc0001000 t kvm_thing\t[kvm]',
].join('\n');
const CMDLINES = '139 curl\n200 nc openbsd\n';

const A = {
  sendmsg: 0xffffffff81000100n,
  push: 0xffffffff81000200n,
  pushInside: 0xffffffff81000234n,
  softirq: 0xffffffff81000300n,
  last: 0xffffffff81000500n,
  pastLast: 0xffffffffc0002000n,
  below: 0xffffffff80000000n,
  module: 0xffffffffc0001000n,
};

interface Seen {
  kind: number;
  ts: number;
  cpu: number;
  pid: number;
  comm: string;
  name: string;
  depth: number;
  callTimeNs: number;
  durNs: number;
  count: number;
  parentName: string;
  retval: string;
  instance: string;
}

async function records(bytes: Uint8Array): Promise<{ seen: Seen[]; errors: string[] }> {
  const seen: Seen[] = [];
  const errors: string[] = [];
  await readTraceDat(memorySource(bytes), {
    record: (r: LineRecord) =>
      seen.push({
        kind: r.kind,
        ts: r.tsNs,
        cpu: r.cpu,
        pid: r.pid,
        comm: r.comm,
        name: r.name,
        depth: r.depth,
        callTimeNs: r.callTimeNs,
        durNs: r.durNs,
        count: r.count,
        parentName: r.parentName,
        retval: r.retval,
        instance: r.instance,
      }),
    error: (m) => errors.push(m),
  });
  return { seen, errors };
}

/** Two pages on CPU 0 with every kind of page record, one page on CPU 1. */
function graphPages(): { cpu: number; pages: PageSpec[] }[] {
  const base = 5_000_000_000; // 5 s
  return [
    {
      cpu: 0,
      pages: [
        {
          ts: base,
          items: [
            { ts: base + 10, event: { kind: 'entry', pid: 139, func: A.sendmsg, depth: 0 } },
            { padding: 12, delta: 5 },
            { ts: base + 40, event: { kind: 'entry', pid: 139, func: A.pushInside, depth: 1 } },
            // A delta of more than 2^27 ns (134 ms): a time extend the writer inserts.
            { ts: base + 300_000_123, event: { kind: 'exit', pid: 139, func: A.pushInside, depth: 1, calltime: base + 41, rettime: base + 300_000_100 } },
            { extendTo: base + 300_000_200 },
            { stamp: 7_000_000_001 },
            { ts: 7_000_000_050, event: { kind: 'exit', pid: 139, func: A.sendmsg, depth: 0, calltime: base + 11, rettime: 7_000_000_049 }, longForm: true },
          ],
        },
        {
          ts: 8_000_000_000,
          missed: 1234,
          items: [
            { ts: 8_000_000_005, event: { kind: 'function', pid: 200, ip: A.softirq, parent: A.below } },
            { ts: 8_000_000_006, event: { kind: 'function', pid: 77, ip: A.pastLast, parent: A.last } },
          ],
        },
        {
          ts: 9_000_000_000,
          missed: 'unknown',
          items: [{ ts: 9_000_000_000, event: { kind: 'function', pid: 0, ip: A.module, parent: A.push } }],
        },
      ],
    },
    {
      cpu: 1,
      pages: [
        {
          ts: base,
          items: [
            // Same time as CPU 0's first event: CPU 0 goes first.
            { ts: base + 10, event: { kind: 'function', pid: 200, ip: A.push, parent: A.sendmsg } },
            { ts: 8_000_000_005, event: { kind: 'function', pid: 200, ip: A.last, parent: A.push } },
          ],
        },
      ],
    },
  ];
}

const EXPECTED: Partial<Seen>[] = [
  { kind: RecordKind.Entry, ts: 5_000_000_010, cpu: 0, pid: 139, comm: 'curl', name: 'tcp_sendmsg', depth: 0 },
  { kind: RecordKind.FunctionCall, ts: 5_000_000_010, cpu: 1, pid: 200, comm: 'nc openbsd', name: 'tcp_push', parentName: 'tcp_sendmsg' },
  // The padding's delta (5) counts, as kbuffer counts it.
  { kind: RecordKind.Entry, ts: 5_000_000_040, cpu: 0, name: 'tcp_push', depth: 1 },
  { kind: RecordKind.Exit, ts: 5_300_000_123, name: 'tcp_push', depth: 1, callTimeNs: 5_000_000_041, durNs: 300_000_059 },
  { kind: RecordKind.Exit, ts: 7_000_000_050, name: 'tcp_sendmsg', depth: 0, callTimeNs: 5_000_000_011, durNs: 2_000_000_038 },
  { kind: RecordKind.Lost, cpu: 0, count: 1234 },
  // A function and its section marker share an address: the function's name wins;
  // below the first symbol and above the last one there is no symbol: hex.
  { kind: RecordKind.FunctionCall, ts: 8_000_000_005, cpu: 0, pid: 200, name: '__do_softirq', parentName: '0xffffffff80000000' },
  { kind: RecordKind.FunctionCall, ts: 8_000_000_005, cpu: 1, name: 'last_symbol', parentName: 'tcp_push' },
  { kind: RecordKind.FunctionCall, ts: 8_000_000_006, cpu: 0, pid: 77, comm: '<...>', name: '0xffffffffc0002000', parentName: 'last_symbol' },
  { kind: RecordKind.Lost, cpu: 0, count: -1 },
  { kind: RecordKind.FunctionCall, ts: 9_000_000_000, cpu: 0, pid: 0, comm: '<idle>', name: 'kvm_thing', parentName: 'tcp_push' },
];

const VARIANTS: [string, Partial<DatSpec>][] = [
  ['v7 little-endian, 8-byte long, uncompressed', { version: 7 }],
  ['v7 big-endian, 8-byte long', { version: 7, bigEndian: true }],
  ['v7 little-endian, zlib', { version: 7, compression: 'zlib' }],
  ['v7 big-endian, zlib, 16 KiB pages', { version: 7, bigEndian: true, compression: 'zlib', pageSize: 16384 }],
  ['v6 little-endian', { version: 6 }],
  ['v6 big-endian', { version: 6, bigEndian: true }],
];

describe('trace.dat page records, every byte order, version and compression', () => {
  it.each(VARIANTS)('%s', async (_name, variant) => {
    const bytes = writeTraceDat({ version: 7, kallsyms: KALLSYMS, cmdlines: CMDLINES, cpus: graphPages(), ...variant });
    const { seen, errors } = await records(bytes);
    expect(errors).toEqual([]);
    expect(seen).toHaveLength(EXPECTED.length);
    seen.forEach((s, k) => expect(s).toMatchObject(EXPECTED[k]));
  });

  it('4-byte longs (a 32-bit kernel): 12-byte page headers and 4-byte addresses', async () => {
    const sym = '81000100 T f_one\n81000200 T f_two\n81000300 T f_three\n';
    const pages: PageSpec[] = [
      {
        ts: 1000,
        missed: 7,
        items: [
          { ts: 1001, event: { kind: 'entry', pid: 5, func: 0x81000100n, depth: 0 } },
          { ts: 1002, event: { kind: 'function', pid: 5, ip: 0x81000210n, parent: 0x81000100n } },
          { ts: 2 ** 28 + 3, event: { kind: 'exit', pid: 5, func: 0x81000100n, depth: 0, calltime: 1001, rettime: 2 ** 28 + 2 } },
        ],
      },
    ];
    for (const bigEndian of [false, true]) {
      for (const version of [6, 7] as const) {
        const bytes = writeTraceDat({ version, bigEndian, longSize: 4, kallsyms: sym, cmdlines: '5 sh\n', cpus: [{ cpu: 0, pages }] });
        const { seen, errors } = await records(bytes);
        expect(errors).toEqual([]);
        expect(seen.map((s) => [s.kind, s.ts, s.name, s.parentName, s.count, s.durNs])).toEqual([
          [RecordKind.Lost, 1001, '', '', 7, Number.NaN],
          [RecordKind.Entry, 1001, 'f_one', '', -1, Number.NaN],
          [RecordKind.FunctionCall, 1002, 'f_two', 'f_one', -1, Number.NaN],
          [RecordKind.Exit, 2 ** 28 + 3, 'f_one', '', -1, 2 ** 28 + 2 - 1001],
        ]);
      }
    }
  });

  it('a 32-bit 6.14+ funcgraph_exit format that lists calltime/rettime 8-aligned is read where the packed record holds them', async () => {
    // torvalds/linux 033c55fe2e32: the format said calltime@24, rettime@32; the record has them at 20 and 28.
    const sym = '81000100 T f_one\n81000200 T f_two\n';
    const pages: PageSpec[] = [
      {
        ts: 1000,
        items: [
          { ts: 1001, event: { kind: 'entry', pid: 5, func: 0x81000100n, depth: 0 } },
          { ts: 1002, event: { kind: 'entry', pid: 5, func: 0x81000200n, depth: 1 } },
          { ts: 1500, event: { kind: 'exit', pid: 5, func: 0x81000200n, depth: 1, calltime: 5_000_000_002, rettime: 5_000_000_499 } },
          { ts: 9000, event: { kind: 'exit', pid: 5, func: 0x81000100n, depth: 0, calltime: 5_000_000_001, rettime: 5_000_007_999 } },
        ],
      },
    ];
    for (const bigEndian of [false, true]) {
      const bytes = writeTraceDat({ version: 7, bigEndian, longSize: 4, alignedExitTimesInFormat: true, kallsyms: sym, cmdlines: '5 sh\n', cpus: [{ cpu: 0, pages }] });
      const { seen, errors } = await records(bytes);
      expect(errors).toEqual([]);
      expect(seen.filter((s) => s.kind === RecordKind.Exit).map((s) => [s.name, s.callTimeNs, s.durNs])).toEqual([
        ['f_two', 5_000_000_002, 497],
        ['f_one', 5_000_000_001, 7998],
      ]);
      // The model reads them the same way (the builder's fast lane).
      const f = summarize(await loadTraceDat(memorySource(bytes))).functions.find((x) => x.name === 'f_two');
      expect(f).toMatchObject({ calls: 1, totalNs: 497 });
    }
  });

  it("fgraph_retaddr_entry (funcgraph-retaddr) is an entry whose retaddr is its caller, in the records and the model's notes", async () => {
    // trace_entries.h (6.13): func, int depth, retaddr, packed after the common header.
    const format =
      'name: fgraph_retaddr_entry\nID: 12\nformat:\n' +
      '\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n' +
      '\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n' +
      '\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n' +
      '\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n' +
      '\tfield:unsigned long func;\toffset:8;\tsize:8;\tsigned:0;\n' +
      '\tfield:unsigned int depth;\toffset:16;\tsize:4;\tsigned:0;\n' +
      '\tfield:unsigned long retaddr;\toffset:20;\tsize:8;\tsigned:0;\n\n' +
      'print fmt: "--> %ps (%u) <- %ps", (void *)REC->func, REC->depth, (void *)REC->retaddr\n';
    for (const little of [true, false]) {
      const fields = (func: bigint, depth: number, retaddr: bigint) => {
        const b = new Uint8Array(20);
        const dv = new DataView(b.buffer);
        dv.setBigUint64(0, func, little);
        dv.setUint32(8, depth, little);
        dv.setBigUint64(12, retaddr, little);
        return b;
      };
      const pages: PageSpec[] = [
        {
          ts: 100,
          items: [
            { ts: 101, event: { kind: 'raw', id: 12, pid: 139, fields: fields(A.sendmsg, 0, 0xffffffff8100004cn) } },
            { ts: 102, event: { kind: 'raw', id: 12, pid: 139, fields: fields(A.push, 1, A.sendmsg + 0x1dn) } },
            { ts: 150, event: { kind: 'exit', pid: 139, func: A.push, depth: 1, calltime: 102, rettime: 149 } },
            { ts: 190, event: { kind: 'exit', pid: 139, func: A.sendmsg, depth: 0, calltime: 101, rettime: 189 } },
          ],
        },
      ];
      const bytes = writeTraceDat({ version: 7, bigEndian: !little, kallsyms: KALLSYMS, cmdlines: CMDLINES, events: [{ system: 'ftrace', format }], cpus: [{ cpu: 0, pages }] });
      const { seen, errors } = await records(bytes);
      expect(errors).toEqual([]);
      expect(seen.map((s) => [s.kind, s.name, s.depth, s.parentName])).toEqual([
        [RecordKind.Entry, 'tcp_sendmsg', 0, '_stext'],
        [RecordKind.Entry, 'tcp_push', 1, 'tcp_sendmsg'],
        [RecordKind.Exit, 'tcp_push', 1, ''],
        [RecordKind.Exit, 'tcp_sendmsg', 0, ''],
      ]);
      const model = await loadTraceDat(memorySource(bytes));
      const callers = Array.from({ length: model.calls.length }, (_, c) => [model.strings.get(model.calls.func[c]), model.notes.get(c)?.caller]);
      expect(callers).toEqual([
        ['tcp_sendmsg', '_stext'],
        ['tcp_push', 'tcp_sendmsg'],
      ]);
      expect(summarize(model).functions.find((x) => x.name === 'tcp_push')).toMatchObject({ calls: 1, totalNs: 47 });
    }
  });

  it('funcgraph-args / func-args (6.15+): the args[] registers a record carries are its args, as libtraceevent prints them without BTF', async () => {
    const common =
      '\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n' +
      '\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n' +
      '\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n' +
      '\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n';
    for (const long of [8, 4] as const) {
      for (const little of [true, false]) {
        // trace_entries.h: func, depth (unsigned long), then `__dynamic_array(unsigned long, args)`.
        const entryFormat =
          `name: funcgraph_entry\nID: 13\nformat:\n${common}` +
          `\tfield:unsigned long func;\toffset:8;\tsize:${long};\tsigned:0;\n` +
          `\tfield:unsigned long depth;\toffset:${8 + long};\tsize:${long};\tsigned:0;\n` +
          `\tfield:unsigned long args[];\toffset:${8 + 2 * long};\tsize:0;\tsigned:0;\n\n` +
          'print fmt: "--> %ps (%lu)", (void *)REC->func, REC->depth\n';
        const functionFormat =
          `name: function\nID: 14\nformat:\n${common}` +
          `\tfield:unsigned long ip;\toffset:8;\tsize:${long};\tsigned:0;\n` +
          `\tfield:unsigned long parent_ip;\toffset:${8 + long};\tsize:${long};\tsigned:0;\n` +
          `\tfield:unsigned long args[];\toffset:${8 + 2 * long};\tsize:0;\tsigned:0;\n\n` +
          'print fmt: " %ps <-- %ps", (void *)REC->ip, (void *)REC->parent_ip\n';
        const words = (values: bigint[]) => {
          const b = new Uint8Array(values.length * long);
          const dv = new DataView(b.buffer);
          values.forEach((x, k) => (long === 8 ? dv.setBigUint64(k * 8, x, little) : dv.setUint32(k * 4, Number(x), little)));
          return b;
        };
        const ptr = long === 8 ? 0xffff888104a2c600n : 0xc4a2c600n;
        const sendArgs = [ptr, 0x5a8n, 0n, 1n, 0x7ffd2c41n, 0n];
        const raw = (ts: number, id: number, values: bigint[]) => ({ ts, event: { kind: 'raw' as const, id, pid: 139, fields: words(values) } });
        const sym = long === 8 ? { send: A.sendmsg, push: A.push } : { send: 0x81000100n, push: 0x81000200n };
        const pages: PageSpec[] = [
          {
            ts: 100,
            items: [
              raw(101, 13, [sym.send, 0n, ...sendArgs]),
              // Recorded with funcgraph-args off: no registers after depth.
              raw(102, 13, [sym.push, 1n]),
              { ts: 150, event: { kind: 'exit', pid: 139, func: sym.push, depth: 1, calltime: 102, rettime: 149 } },
              raw(160, 14, [sym.push, sym.send, 7n, 0n, 0n, 0n, 0n, 0n]),
              { ts: 190, event: { kind: 'exit', pid: 139, func: sym.send, depth: 0, calltime: 101, rettime: 189 } },
            ],
          },
        ];
        const kallsyms = long === 8 ? KALLSYMS : '81000100 T tcp_sendmsg\n81000200 t tcp_push\n81000300 T zzz\n';
        const bytes = writeTraceDat({
          version: 7,
          bigEndian: !little,
          longSize: long,
          kallsyms,
          cmdlines: CMDLINES,
          events: [
            { system: 'ftrace', format: entryFormat },
            { system: 'ftrace', format: functionFormat },
          ],
          cpus: [{ cpu: 0, pages }],
        });
        const args: string[] = [];
        const names: string[] = [];
        const errors: string[] = [];
        await readTraceDat(memorySource(bytes), { record: (r) => (names.push(r.name), args.push(r.args)), error: (m) => errors.push(m) });
        expect(errors).toEqual([]);
        const p = ptr.toString(16);
        expect(names).toEqual(['tcp_sendmsg', 'tcp_push', 'tcp_push', 'tcp_push', 'tcp_sendmsg']);
        expect(args).toEqual([`${p}, 5a8, 0, 1, 7ffd2c41, 0`, '', '', '7, 0, 0, 0, 0, 0', '']);
        const model = await loadTraceDat(memorySource(bytes));
        const send = Array.from({ length: model.calls.length }, (_, c) => c).find((c) => model.strings.get(model.calls.func[c]) === 'tcp_sendmsg')!;
        expect(model.notes.get(send)?.args).toBe(`${p}, 5a8, 0, 1, 7ffd2c41, 0`);
        expect(summarize(model).functions.find((x) => x.name === 'tcp_sendmsg')).toMatchObject({ calls: 1, totalNs: 88 });
      }
    }
  });

  it("reads funcgraph_exit by the file's format, not by fixed offsets (the 6.5+ layout with retval)", async () => {
    const pages: PageSpec[] = [
      {
        ts: 100,
        items: [
          { ts: 101, event: { kind: 'entry', pid: 139, func: A.sendmsg, depth: 0 } },
          { ts: 190, event: { kind: 'exit', pid: 139, func: A.sendmsg, depth: 0, calltime: 102, rettime: 189, retval: -13n } },
        ],
      },
    ];
    const bytes = writeTraceDat({ version: 7, retvalLayout: true, kallsyms: KALLSYMS, cmdlines: CMDLINES, cpus: [{ cpu: 0, pages }] });
    const { seen } = await records(bytes);
    expect(seen[1]).toMatchObject({ kind: RecordKind.Exit, name: 'tcp_sendmsg', depth: 0, callTimeNs: 102, durNs: 87, retval: '0xfffffffffffffff3' });
  });

  it.each([6, 7] as const)('an instance (BUFFER option) is read and its records carry its name (version %d)', async (version) => {
    const inst: PageSpec[] = [{ ts: 10, items: [{ ts: 5_000_000_010, event: { kind: 'function', pid: 139, ip: A.push, parent: A.sendmsg } }] }];
    const bytes = writeTraceDat({
      version,
      kallsyms: KALLSYMS,
      cmdlines: CMDLINES,
      cpus: graphPages(),
      instances: [{ name: 'net-inst', cpus: [{ cpu: 0, pages: inst }] }],
    });
    const { seen } = await records(bytes);
    // On a tie the top instance's CPUs come first, then the instance's.
    expect(seen.slice(0, 3).map((s) => [s.instance, s.cpu, s.name])).toEqual([
      ['', 0, 'tcp_sendmsg'],
      ['', 1, 'tcp_push'],
      ['net-inst', 0, 'tcp_push'],
    ]);
  });

  it('a version 6 trace-cmd split of a file with instances: the BUFFER options it leaves at offset 0 are skipped, the rest is read', async () => {
    // trace-split.c parse_file: tracecmd_copy (tracecmd_copy_buffer_descr) adds a BUFFER
    // option per instance of the input, tracecmd_append_cpu_data adds them again, and only
    // the second is given its table's offset (update_buffer_cpu_offset_v6). trace-cmd report
    // warns "could not retrieve handle" for the first and reads on (trace-read.c).
    const inst: PageSpec[] = [{ ts: 10, items: [{ ts: 5_000_000_010, event: { kind: 'function', pid: 139, ip: A.push, parent: A.sendmsg } }] }];
    const split = writeTraceDat({
      version: 6,
      kallsyms: KALLSYMS,
      cmdlines: CMDLINES,
      cpus: graphPages(),
      unfilledBufferOptions: ['net-inst'],
      instances: [{ name: 'net-inst', cpus: [{ cpu: 0, pages: inst }] }],
    });
    const { seen, errors } = await records(split);
    expect(errors).toEqual([]);
    expect(seen.filter((s) => s.instance === 'net-inst').map((s) => [s.cpu, s.name])).toEqual([[0, 'tcp_push']]);
    expect(seen.filter((s) => s.instance === '').length).toBe(EXPECTED.length);
    // `split --top` of the same input: the instance's option alone, never filled in.
    const topOnly = writeTraceDat({ version: 6, kallsyms: KALLSYMS, cmdlines: CMDLINES, cpus: graphPages(), unfilledBufferOptions: ['net-inst'] });
    const top = await records(topOnly);
    expect(top.seen.length).toBe(EXPECTED.length);
    expect(top.errors).toEqual(['trace.dat options: instance "net-inst" has no data in the file (its BUFFER option was never given the offset of its data: trace-cmd split leaves such an option); its records are not read']);
  });

  it.each([6, 7] as const)('an instance whose data table is damaged is named, and the other buffers are read (version %d)', async (version) => {
    const inst: PageSpec[] = [{ ts: 10, items: [{ ts: 5_000_000_010, event: { kind: 'function', pid: 139, ip: A.push, parent: A.sendmsg } }] }];
    const bytes = writeTraceDat({ version, kallsyms: KALLSYMS, cmdlines: CMDLINES, cpus: graphPages(), instances: [{ name: 'net-inst', cpus: [{ cpu: 0, pages: inst }] }] });
    // The instance's table (v6 "flyrecord", v7 its BUFFER section's id 3) overwritten.
    const tag = version === 6 ? [...new TextEncoder().encode('flyrecord\0')] : [3, 0, 0, 0];
    const at = [...bytes.keys()].filter((k) => tag.every((b, j) => bytes[k + j] === b) && (version === 6 || bytes[k + 4] === 0)).at(-1)!;
    bytes.fill(0x41, at, at + 4);
    const { seen, errors } = await records(bytes);
    expect(seen.filter((s) => s.instance === '').length).toBe(EXPECTED.length);
    expect(seen.filter((s) => s.instance === 'net-inst')).toEqual([]);
    expect(errors).toEqual([expect.stringMatching(/^trace\.dat .*instance "net-inst".* at byte \d+: .*; its records are not read$/)]);
  });

  it.each([6, 7] as const)('the CPUSTAT options: events the ring buffer dropped without a mark in the pages are said (version %d)', async (version) => {
    // trace-record.c record_stats: `CPU: N` and per_cpu/cpuN/stats, one option (2) per CPU.
    const stat = (cpu: number, dropped: number) => ({
      id: 2,
      data: new TextEncoder().encode(`CPU: ${cpu}\nentries: 0\noverrun: 0\ncommit overrun: 0\nbytes: 0\noldest event ts:     5.000000\nnow ts:     9.000000\ndropped events: ${dropped}\nread events: 9\n\0`),
    });
    const bytes = writeTraceDat({ version, kallsyms: KALLSYMS, cmdlines: CMDLINES, cpus: graphPages(), options: [stat(0, 0), stat(1, 4321)] });
    const model = await loadTraceDat(memorySource(bytes));
    expect(model.diagnostics.inputErrors).toEqual([expect.stringMatching(/^the ring buffer dropped 4321 events that the trace does not mark \(CPU 1: 4321; "dropped events"/)]);
    // The drop markers of the pages are counted as before.
    expect(model.diagnostics).toMatchObject({ dropMarkers: 2, droppedEvents: 1234 });
  });

  it("kallsyms saved with every address 0 (the kernel hid them from trace-cmd), or none: said once, the functions' addresses kept", async () => {
    const zeroed = KALLSYMS.replace(/^[0-9a-f]{16}/gm, '0000000000000000');
    for (const kallsyms of [zeroed, '']) {
      const bytes = writeTraceDat({ version: 7, kallsyms, cmdlines: CMDLINES, cpus: graphPages() });
      const { seen, errors } = await records(bytes);
      expect(seen.find((r) => r.kind === RecordKind.Entry)?.name).toBe('0xffffffff81000100');
      expect(errors).toEqual([expect.stringMatching(/^the file (holds no kallsyms|lists every kallsyms symbol at address 0, .*): no kernel address has a name/)]);
    }
    // No address looked up (no record here): nothing to say.
    expect((await records(writeTraceDat({ version: 7, kallsyms: zeroed, cmdlines: CMDLINES, cpus: [{ cpu: 0, pages: [] }] }))).errors).toEqual([]);
    // Readable kallsyms: nothing said, though some addresses have no symbol (0x… in EXPECTED).
    expect((await records(writeTraceDat({ version: 7, kallsyms: KALLSYMS, cmdlines: CMDLINES, cpus: graphPages() }))).errors).toEqual([]);
  });

  it('the model has exact durations, the drop markers and their counts', async () => {
    const bytes = writeTraceDat({ version: 7, kallsyms: KALLSYMS, cmdlines: CMDLINES, cpus: graphPages() });
    const model = await loadTraceDat(memorySource(bytes));
    const s = summarize(model);
    expect(s.format).toBe('trace-cmd-dat');
    expect(s.diagnostics).toMatchObject({ dropMarkers: 2, droppedEvents: 1234, orphanExits: 0, unclosedCalls: 0 });
    const send = s.functions.find((f) => f.name === 'tcp_sendmsg');
    expect(send).toMatchObject({ calls: 1, totalNs: 2_000_000_038, selfNs: 2_000_000_038 - 300_000_059 });
  });
});

describe("funcgraph's calltime (trace_clock_local) beside records of another time line", () => {
  /**
   * tcp_sendmsg never returns in the trace; tcp_push, called inside it, does twice. The
   * kernel's calltime/rettime are local-clock ns (`local` = records' times − `shift`).
   */
  function unclosedParent(shift: number): PageSpec[] {
    const t = 5_000_000_000;
    const r = t + shift;
    return [
      {
        ts: r,
        items: [
          { ts: r + 10, event: { kind: 'entry', pid: 139, func: A.sendmsg, depth: 0 } },
          { ts: r + 100, event: { kind: 'entry', pid: 139, func: A.push, depth: 1 } },
          { ts: r + 200, event: { kind: 'exit', pid: 139, func: A.push, depth: 1, calltime: t + 101, rettime: t + 199 } },
          { ts: r + 400, event: { kind: 'entry', pid: 139, func: A.push, depth: 1 } },
          { ts: r + 500, event: { kind: 'exit', pid: 139, func: A.push, depth: 1, calltime: t + 401, rettime: t + 499 } },
        ],
      },
    ];
  }
  const option = (id: number, text: string) => ({ id, data: new TextEncoder().encode(text + '\0') });
  const DATE_US = 1_700_000_000_000_000;
  const CASES: [string, Partial<DatSpec>, number, number[]][] = [
    // Another clock (its own origin, here seconds after the local clock's): the calls start at their entries.
    ['the mono clock', { clock: 'mono' }, 7_000_000_000, [12_000_000_100, 12_000_000_400]],
    ['x86-tsc with TSC2NSEC', { clock: 'x86-tsc', options: [{ id: 14, data: new Uint8Array([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]) }] }, 3_000_000_000, [8_000_000_100, 8_000_000_400]],
    // --ts-offset: the same offset puts the exact calltime on the records' time line.
    ['the local clock and an OFFSET option', { options: [option(7, '2000000000')] }, 0, [7_000_000_101, 7_000_000_401]],
    // --date: µs since the epoch, ~2^60 ns, past exact doubles: no exact call time, the entries' times.
    ['the local clock and a DATE option', { options: [option(1, '0x' + DATE_US.toString(16))] }, 0, [5_000_000_100 + DATE_US * 1000, 5_000_000_400 + DATE_US * 1000]],
  ];

  it('past 2^53 ns of clock: each record is the nearest number to its count, with no drift over a page', async () => {
    const PAGE = 0x1234567;
    const items = Array.from({ length: 40 }, (_, k) => ({ ts: PAGE + 101 * (k + 1), event: { kind: 'function' as const, pid: 139, ip: A.push, parent: A.sendmsg } }));
    const bytes = writeTraceDat({ version: 7, kallsyms: KALLSYMS, cmdlines: CMDLINES, cpus: [{ cpu: 0, pages: [{ ts: PAGE, items }] }] });
    const old = new Uint8Array(8);
    new DataView(old.buffer).setBigUint64(0, BigInt(PAGE), true);
    const at = [...bytes.keys()].find((k) => old.every((b, j) => bytes[k + j] === b))!;
    const base = 2n ** 53n + 1000n;
    new DataView(bytes.buffer, bytes.byteOffset).setBigUint64(at, base, true);
    const { seen } = await records(bytes);
    // Odd deltas: adding each to a rounded time loses a nanosecond at every record.
    expect(seen.map((s) => s.ts)).toEqual(items.map((_, k) => Number(base + 101n * BigInt(k + 1))));
  });

  it('x86-tsc with TSC2NSEC: records are merged by their converted times, a tie to the lower CPU', async () => {
    // mult 1, shift 1: counts 3000 and 3001 are both 1500 ns; CPU 1's count is the smaller.
    const tsc = new Uint8Array(16);
    new DataView(tsc.buffer).setUint32(0, 1, true);
    new DataView(tsc.buffer).setUint32(4, 1, true);
    const one = (ts: number, pid: number): PageSpec[] => [{ ts: 2000, items: [{ ts, event: { kind: 'function', pid, ip: A.push, parent: A.sendmsg } }] }];
    const bytes = writeTraceDat({
      version: 7,
      kallsyms: KALLSYMS,
      cmdlines: CMDLINES,
      clock: 'x86-tsc',
      options: [{ id: 14, data: tsc }],
      cpus: [
        { cpu: 0, pages: one(3001, 139) },
        { cpu: 1, pages: one(3000, 200) },
      ],
    });
    const { seen, errors } = await records(bytes);
    expect(errors).toEqual([]);
    // trace-cmd compares the converted times (timestamp_calc, then tracecmd_iterate_events_multi).
    expect(seen.map((s) => [s.cpu, s.ts])).toEqual([
      [0, 1500],
      [1, 1500],
    ]);
  });

  it('past 2^53 ns of clock (104 days of uptime): the exits are used, with their exact durations', async () => {
    // Written with small stand-ins, then the u64s patched in (the writer takes numbers).
    const PAGE = 0x1234567;
    const pages: PageSpec[] = [
      {
        ts: PAGE,
        items: [
          { ts: PAGE + 10, event: { kind: 'entry', pid: 139, func: A.sendmsg, depth: 0 } },
          { ts: PAGE + 100, event: { kind: 'entry', pid: 139, func: A.push, depth: 1 } },
          { ts: PAGE + 200, event: { kind: 'exit', pid: 139, func: A.push, depth: 1, calltime: 0x7654321, rettime: 0x7654322 } },
          { ts: PAGE + 600, event: { kind: 'exit', pid: 139, func: A.sendmsg, depth: 0, calltime: 0x7654323, rettime: 0x7654324 } },
        ],
      },
    ];
    const bytes = writeTraceDat({ version: 7, kallsyms: KALLSYMS, cmdlines: CMDLINES, cpus: [{ cpu: 0, pages }] });
    const base = 2n ** 53n + 1000n;
    const patch = (from: number, to: bigint) => {
      const old = new Uint8Array(8);
      new DataView(old.buffer).setBigUint64(0, BigInt(from), true);
      const at = [...bytes.keys()].find((k) => old.every((b, j) => bytes[k + j] === b))!;
      new DataView(bytes.buffer, bytes.byteOffset).setBigUint64(at, to, true);
    };
    patch(PAGE, base);
    // Odd nanoseconds past 2^53: not numbers of their own (the ulp is 2).
    patch(0x7654321, base + 101n);
    patch(0x7654322, base + 199n);
    patch(0x7654323, base + 11n);
    patch(0x7654324, base + 599n);
    const model = await loadTraceDat(memorySource(bytes));
    expect(model.diagnostics).toMatchObject({ unparsedLines: 0, depthGaps: 0, unclosedCalls: 0, orphanExits: 0 });
    expect(model.calls.length).toBe(2);
    expect([...model.calls.parent.subarray(0, 2)]).toEqual([-1, 0]);
    expect([...model.calls.duration.subarray(0, 2)]).toEqual([588, 98]);
  });

  it.each(['counter', 'uptime', 'x86-tsc'])('the %s clock (counts, not ns: trace_clocks[] in_ns 0): no times, durations the kernel\'s, and said', async (clock) => {
    const bytes = writeTraceDat({ version: 7, kallsyms: KALLSYMS, cmdlines: CMDLINES, cpus: [{ cpu: 0, pages: unclosedParent(0) }], clock });
    const model = await loadTraceDat(memorySource(bytes));
    expect(model.hasTimestamps).toBe(false);
    expect(model.diagnostics.inputErrors).toEqual([expect.stringContaining(`the trace clock is "${clock}", whose times are counts, not nanoseconds`)]);
    // tcp_sendmsg never returned: it lasts as long as its two calls (98 ns each), not from
    // its entry's count to the last count seen (490 counts, taken for ns).
    const send = model.strings.find('tcp_sendmsg');
    const parent = [...Array(model.calls.length).keys()].find((c) => model.calls.func[c] === send)!;
    expect(model.calls.duration[parent]).toBe(196);
    expect(model.diagnostics).toMatchObject({ depthGaps: 0, unclosedCalls: 1, orphanExits: 0 });
  });

  it('x86-tsc with TSC2NSEC, or a clock in ns: times kept, nothing said', async () => {
    const tsc = new Uint8Array(16);
    new DataView(tsc.buffer).setUint32(0, 1, true);
    for (const variant of [{ clock: 'x86-tsc', options: [{ id: 14, data: tsc }] }, { clock: 'tai' }, { clock: 'mono_raw' }]) {
      const bytes = writeTraceDat({ version: 7, kallsyms: KALLSYMS, cmdlines: CMDLINES, cpus: [{ cpu: 0, pages: unclosedParent(0) }], ...variant });
      const model = await loadTraceDat(memorySource(bytes));
      expect(model.hasTimestamps).toBe(true);
      expect(model.diagnostics.inputErrors).toEqual([]);
    }
  });

  it('version 6 of trace-cmd before 3.0 (its TRACECLOCK option empty): the clock is the text after the flyrecord table', async () => {
    // trace-output.c save_clock writes `[mono]` there; trace-input.c init_data_v6 reads it.
    const mono = writeTraceDat({ version: 6, kallsyms: KALLSYMS, cmdlines: CMDLINES, cpus: [{ cpu: 0, pages: unclosedParent(7_000_000_000) }], clock: 'mono', emptyClockOption: true });
    const model = await loadTraceDat(memorySource(mono));
    const push = model.strings.find('tcp_push');
    const children = [...Array(model.calls.length).keys()].filter((c) => model.calls.func[c] === push);
    // Not at calltime (local ns, 7 s before the mono records): at their entries.
    expect(children.map((c) => model.calls.start[c])).toEqual([12_000_000_100, 12_000_000_400]);
    expect(children.map((c) => model.calls.parent[c])).toEqual([0, 0]);
    const counter = writeTraceDat({ version: 6, kallsyms: KALLSYMS, cmdlines: CMDLINES, cpus: [{ cpu: 0, pages: unclosedParent(0) }], clock: 'counter', emptyClockOption: true });
    const counted = await loadTraceDat(memorySource(counter));
    expect(counted.hasTimestamps).toBe(false);
    expect(counted.diagnostics.inputErrors).toEqual([expect.stringContaining('the trace clock is "counter"')]);
  });

  it.each(CASES)('%s: the calls that returned stay inside the one that did not', async (_name, variant, shift, starts) => {
    const bytes = writeTraceDat({ version: 7, kallsyms: KALLSYMS, cmdlines: CMDLINES, cpus: [{ cpu: 0, pages: unclosedParent(shift) }], ...variant });
    const model = await loadTraceDat(memorySource(bytes));
    expect(model.diagnostics).toMatchObject({ depthGaps: 0, unclosedCalls: 1, orphanExits: 0 });
    const push = model.strings.find('tcp_push');
    const children = [...Array(model.calls.length).keys()].filter((c) => model.calls.func[c] === push);
    expect(children.map((c) => model.calls.parent[c])).toEqual([0, 0]);
    expect(children.map((c) => model.calls.duration[c])).toEqual([98, 98]);
    expect(children.map((c) => model.calls.start[c])).toEqual(starts);
  });

  it('trace-cmd split of a --date file (the DATE offset in the records, no option): the calls start at their entries, not at calltime', async () => {
    // trace-split.c writes record->ts, DATE applied (timestamp_calc), and copies no option.
    const bytes = writeTraceDat({ version: 7, kallsyms: KALLSYMS, cmdlines: CMDLINES, cpus: [{ cpu: 0, pages: unclosedParent(0) }] });
    const old = new Uint8Array(8);
    new DataView(old.buffer).setBigUint64(0, 5_000_000_000n, true);
    const at = [...bytes.keys()].find((k) => old.every((b, j) => bytes[k + j] === b))!;
    const base = BigInt(DATE_US) * 1000n + 5_000_000_000n;
    new DataView(bytes.buffer, bytes.byteOffset).setBigUint64(at, base, true);
    const model = await loadTraceDat(memorySource(bytes));
    expect(model.diagnostics).toMatchObject({ depthGaps: 0, unclosedCalls: 1, orphanExits: 0 });
    const push = model.strings.find('tcp_push');
    const children = [...Array(model.calls.length).keys()].filter((c) => model.calls.func[c] === push);
    expect(children.map((c) => model.calls.duration[c])).toEqual([98, 98]);
    // Not 5_000_000_101 and 5_000_000_401 (calltime, since boot), 54 years before their parent.
    expect(children.map((c) => model.calls.start[c])).toEqual([Number(base + 100n), Number(base + 400n)]);
  });
});

/** Event formats of the sched and irq systems as kernel 6.1 writes them (ids of this file's own choosing). */
const COMMON_FIELDS =
  '\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n' +
  '\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n';
const SCHED_EVENTS = [
  {
    system: 'sched',
    format:
      `name: sched_switch\nID: 319\nformat:\n${COMMON_FIELDS}` +
      '\tfield:char prev_comm[16];\toffset:8;\tsize:16;\tsigned:1;\n\tfield:pid_t prev_pid;\toffset:24;\tsize:4;\tsigned:1;\n' +
      '\tfield:int prev_prio;\toffset:28;\tsize:4;\tsigned:1;\n\tfield:long prev_state;\toffset:32;\tsize:8;\tsigned:1;\n' +
      '\tfield:char next_comm[16];\toffset:40;\tsize:16;\tsigned:1;\n\tfield:pid_t next_pid;\toffset:56;\tsize:4;\tsigned:1;\n' +
      '\tfield:int next_prio;\toffset:60;\tsize:4;\tsigned:1;\n\n' +
      'print fmt: "prev_comm=%s prev_pid=%d prev_prio=%d prev_state=%s%s ==> next_comm=%s next_pid=%d next_prio=%d", REC->prev_comm, REC->prev_pid, REC->prev_prio, ' +
      '(REC->prev_state & ((((0x00000000 | 0x00000001 | 0x00000002 | 0x00000004 | 0x00000008 | 0x00000010 | 0x00000020 | 0x00000040) + 1) << 1) - 1)) ? ' +
      '__print_flags(REC->prev_state & ((((0x00000000 | 0x00000001 | 0x00000002 | 0x00000004 | 0x00000008 | 0x00000010 | 0x00000020 | 0x00000040) + 1) << 1) - 1), "|", ' +
      '{ 0x00000001, "S" }, { 0x00000002, "D" }, { 0x00000004, "T" }, { 0x00000008, "t" }, { 0x00000010, "X" }, { 0x00000020, "Z" }, { 0x00000040, "P" }, { 0x00000080, "I" }) : "R", ' +
      'REC->prev_state & (((0x00000000 | 0x00000001 | 0x00000002 | 0x00000004 | 0x00000008 | 0x00000010 | 0x00000020 | 0x00000040) + 1) << 1) ? "+" : "", REC->next_comm, REC->next_pid, REC->next_prio\n',
  },
  {
    system: 'sched',
    format:
      `name: sched_wakeup\nID: 321\nformat:\n${COMMON_FIELDS}` +
      '\tfield:char comm[16];\toffset:8;\tsize:16;\tsigned:1;\n\tfield:pid_t pid;\toffset:24;\tsize:4;\tsigned:1;\n' +
      '\tfield:int prio;\toffset:28;\tsize:4;\tsigned:1;\n\tfield:int target_cpu;\toffset:32;\tsize:4;\tsigned:1;\n\n' +
      'print fmt: "comm=%s pid=%d prio=%d target_cpu=%03d", REC->comm, REC->pid, REC->prio, REC->target_cpu\n',
  },
  {
    system: 'irq',
    format:
      `name: irq_handler_entry\nID: 152\nformat:\n${COMMON_FIELDS}` +
      '\tfield:int irq;\toffset:8;\tsize:4;\tsigned:1;\n\tfield:__data_loc char[] name;\toffset:12;\tsize:4;\tsigned:1;\n\n' +
      'print fmt: "irq=%d name=%s", REC->irq, __get_str(name)\n',
  },
  {
    system: 'irq',
    format:
      `name: irq_handler_exit\nID: 151\nformat:\n${COMMON_FIELDS}` +
      '\tfield:int irq;\toffset:8;\tsize:4;\tsigned:1;\n\tfield:int ret;\toffset:12;\tsize:4;\tsigned:1;\n\n' +
      'print fmt: "irq=%d ret=%s", REC->irq, REC->ret ? "handled" : "unhandled"\n',
  },
  {
    system: 'irq',
    format:
      `name: softirq_entry\nID: 150\nformat:\n${COMMON_FIELDS}` +
      '\tfield:unsigned int vec;\toffset:8;\tsize:4;\tsigned:0;\n\n' +
      'print fmt: "vec=%u [action=%s]", REC->vec, __print_symbolic(REC->vec, { 0, "HI" }, { 1, "TIMER" }, { 2, "NET_TX" }, { 3, "NET_RX" }, { 4, "BLOCK" }, { 5, "IRQ_POLL" }, { 6, "TASKLET" }, { 7, "SCHED" }, { 8, "HRTIMER" }, { 9, "RCU" })\n',
  },
];

/** Field bytes after the common header, in the file's byte order. */
function fieldBytes(little: boolean, parts: (['s', string, number] | ['i32' | 'i64', number])[]): Uint8Array {
  const out: number[] = [];
  for (const p of parts) {
    if (p[0] === 's') {
      const b = new TextEncoder().encode(p[1]);
      for (let k = 0; k < p[2]; k++) out.push(k < b.length ? b[k] : 0);
    } else {
      const b = new Uint8Array(p[0] === 'i32' ? 4 : 8);
      const dv = new DataView(b.buffer);
      if (p[0] === 'i32') dv.setInt32(0, p[1], little);
      else dv.setBigInt64(0, BigInt(p[1]), little);
      out.push(...b);
    }
  }
  while (out.length % 4) out.push(0);
  return new Uint8Array(out);
}

describe('scheduler and interrupt events: the text trace-cmd report prints, comms learnt from them', () => {
  it.each([false, true])('big-endian %s', async (bigEndian) => {
    const little = !bigEndian;
    const sw = (prev: [string, number, number], next: [string, number]) =>
      fieldBytes(little, [['s', prev[0], 16], ['i32', prev[1]], ['i32', 120], ['i64', prev[2]], ['s', next[0], 16], ['i32', next[1]], ['i32', 100]]);
    const irqName = new TextEncoder().encode('virtio0-input.0\0');
    // irq, then the __data_loc word (length << 16 | offset 16 from the record start), then the string.
    const irqEntry = new Uint8Array([...fieldBytes(little, [['i32', 24], ['i32', (irqName.length << 16) | 16]]), ...irqName, 0, 0, 0, 0].slice(0, 8 + irqName.length));
    const raw = (ts: number, pid: number, id: number, fields: Uint8Array) => ({ ts, event: { kind: 'raw' as const, id, pid, fields } });
    const pages: PageSpec[] = [
      {
        ts: 1000,
        items: [
          // pid 300 is not in the saved cmdlines: `<...>` until an event names it.
          { ts: 1001, event: { kind: 'function', pid: 300, ip: A.push, parent: A.sendmsg } },
          raw(1002, 300, 319, sw(['worker', 300, 0x80], ['curl', 139])),
          raw(1003, 139, 319, sw(['curl', 139, 0x10 | 0x01], ['swapper/0', 0])),
          raw(1004, 0, 321, fieldBytes(little, [['s', 'late', 16], ['i32', 301], ['i32', 120], ['i32', 1]])),
          raw(1005, 0, 152, irqEntry),
          raw(1006, 0, 151, fieldBytes(little, [['i32', 24], ['i32', 0]])),
          raw(1007, 0, 150, fieldBytes(little, [['i32', 3]])),
          raw(1008, 0, 150, fieldBytes(little, [['i32', 12]])),
          // The cmdlines name 139 curl: an event's other name for it does not replace it.
          raw(1009, 0, 319, sw(['swapper/0', 0, 0], ['renamed', 139])),
          { ts: 1010, event: { kind: 'function', pid: 300, ip: A.push, parent: A.sendmsg } },
          { ts: 1011, event: { kind: 'function', pid: 301, ip: A.push, parent: A.sendmsg } },
          { ts: 1012, event: { kind: 'function', pid: 139, ip: A.push, parent: A.sendmsg } },
        ],
      },
    ];
    for (const version of [6, 7] as const) {
      const bytes = writeTraceDat({ version, bigEndian, kallsyms: KALLSYMS, cmdlines: CMDLINES, events: SCHED_EVENTS, cpus: [{ cpu: 0, pages }] });
      const texts: string[] = [];
      const { errors } = await records(bytes);
      expect(errors).toEqual([]);
      await readTraceDat(memorySource(bytes), {
        record: (r) => texts.push(`${r.comm}-${r.pid} ${r.name}${r.kind === RecordKind.Event ? `: ${r.text}` : ''}`),
        error: () => undefined,
      });
      expect(texts).toEqual([
        '<...>-300 tcp_push',
        // The event's own line keeps the name known before it, as trace-cmd prints it.
        '<...>-300 sched_switch: worker:300 [120] I ==> curl:139 [100]',
        'curl-139 sched_switch: curl:139 [120] S|X ==> swapper/0:0 [100]',
        '<idle>-0 sched_wakeup: late:301 [120] CPU:001',
        '<idle>-0 irq_handler_entry: irq=24 name=virtio0-input.0',
        '<idle>-0 irq_handler_exit: irq=24 ret=unhandled',
        '<idle>-0 softirq_entry: vec=3 [action=NET_RX]',
        // __print_symbolic prints a value it has no name for in hex (libtraceevent's print_str_arg()).
        '<idle>-0 softirq_entry: vec=12 [action=0xc]',
        '<idle>-0 sched_switch: swapper/0:0 [120] R ==> renamed:139 [100]',
        'worker-300 tcp_push',
        'late-301 tcp_push',
        'curl-139 tcp_push',
      ]);
      // In the model the task takes the name it was given.
      const s = summarize(await loadTraceDat(memorySource(bytes)));
      expect(s.tasks.map((t) => `${t.comm}-${t.pid}`).sort()).toEqual(['<idle>-0', 'curl-139', 'late-301', 'worker-300']);
    }
  });
});

describe('other events: the -R text of their fields', () => {
  it("%pS is the symbol and the offset into it, a NULL %p is glibc's (nil) (kmem:kfree of 5.5+ kernels)", async () => {
    const kfree = {
      system: 'kmem',
      format:
        `name: kfree\nID: 500\nformat:\n${COMMON_FIELDS}` +
        '\tfield:unsigned long call_site;\toffset:8;\tsize:8;\tsigned:0;\n\tfield:const void * ptr;\toffset:16;\tsize:8;\tsigned:0;\n\n' +
        'print fmt: "call_site=%pS ptr=%p", (void *)REC->call_site, REC->ptr\n',
    };
    const fields = (call: bigint, ptr: bigint) => {
      const b = new Uint8Array(16);
      new DataView(b.buffer).setBigUint64(0, call, true);
      new DataView(b.buffer).setBigUint64(8, ptr, true);
      return b;
    };
    const raw = (ts: number, call: bigint, ptr: bigint) => ({ ts, event: { kind: 'raw' as const, id: 500, pid: 139, fields: fields(call, ptr) } });
    const pages: PageSpec[] = [{ ts: 1000, items: [raw(1001, A.pushInside, 0n), raw(1002, A.push, 0xffff888003a1c000n), raw(1003, A.below, 0n)] }];
    const bytes = writeTraceDat({ version: 7, kallsyms: KALLSYMS, cmdlines: CMDLINES, events: [kfree], cpus: [{ cpu: 0, pages }] });
    const texts: string[] = [];
    await readTraceDat(memorySource(bytes), { record: (r) => texts.push(r.text), error: (m) => texts.push(m) });
    // libtraceevent's print_function (`+0x%llx` for S and F) and print_arg_pointer (printf's %p).
    expect(texts).toEqual(['call_site=tcp_push+0x34 ptr=(nil)', 'call_site=tcp_push+0x0 ptr=0xffff888003a1c000', 'call_site=0xffffffff80000000 ptr=(nil)']);
  });
});

describe("a latency tracer's file: the tracefs text inside, read by the text parser", () => {
  const text = traceText('04-tracefs-latency-format.txt.gz');
  const fromText = summarize(loadBytes(new TextEncoder().encode(text)));
  const twoCpus = [
    { cpu: 0, pages: [] },
    { cpu: 1, pages: [] },
  ];

  it.each([
    ['v6', { version: 6 }],
    ['v7 uncompressed', { version: 7 }],
    ['v7 zlib, big-endian', { version: 7, compression: 'zlib', bigEndian: true }],
  ] as [string, Partial<DatSpec>][])('%s gives the model of the text itself', async (_name, variant) => {
    const bytes = writeTraceDat({ version: 7, kallsyms: KALLSYMS, cmdlines: CMDLINES, cpus: twoCpus, latency: text, ...variant });
    const progress: number[] = [];
    const model = await loadTraceDat(memorySource(bytes), { onProgress: (read) => progress.push(read) });
    expect(summarize(model)).toEqual(fromText);
    expect(fromText.calls).toBeGreaterThan(1000);
    expect(progress.length).toBeGreaterThan(0);
    for (let k = 1; k < progress.length; k++) expect(progress[k]).toBeGreaterThanOrEqual(progress[k - 1]);
  });

  it('a cut or damaged text: what was read before, and where it stopped', async () => {
    const v6 = writeTraceDat({ version: 6, kallsyms: KALLSYMS, cmdlines: CMDLINES, cpus: twoCpus, latency: text });
    const cut = await loadTraceDat(memorySource(v6.subarray(0, v6.length - (text.length >> 1))));
    // Version 6: the text runs to the end of the file; a cut one is half the calls.
    expect(summarize(cut).calls).toBeLessThan(fromText.calls);
    expect(summarize(cut).calls).toBeGreaterThan(fromText.calls / 4);
    const z = writeTraceDat({ version: 7, compression: 'zlib', kallsyms: KALLSYMS, cmdlines: CMDLINES, cpus: twoCpus, latency: text });
    const sectionAt = findLatencySection(z);
    const broken = z.slice();
    // The tenth chunk's compressed bytes.
    let at = sectionAt + 16 + 4;
    const dv = new DataView(broken.buffer);
    for (let k = 0; k < 9; k++) at += 8 + dv.getUint32(at, true);
    for (let k = at + 8 + 2; k < at + 8 + 12; k++) broken[k] ^= 0x5a;
    const model = await loadTraceDat(memorySource(broken));
    expect(model.diagnostics.inputErrors).toHaveLength(1);
    expect(model.diagnostics.inputErrors[0]).toMatch(new RegExp(`^trace\\.dat latency text at byte ${at}: chunk 10 of \\d+ does not decompress`));
    expect(summarize(model).calls).toBeGreaterThan(0);
    expect(summarize(model).calls).toBeLessThan(fromText.calls);
  });
});

/** The offset of the BUFFER_TEXT section (id 22) of a little-endian version 7 file. */
function findLatencySection(bytes: Uint8Array): number {
  const dv = new DataView(bytes.buffer, bytes.byteOffset);
  for (let at = 0; at + 16 < bytes.length; at++) if (dv.getUint16(at, true) === 22 && dv.getUint16(at + 2, true) === 1 && dv.getUint32(at + 4, true) === 0) return at;
  throw new Error('no BUFFER_TEXT section');
}

describe('stopping a read (Cancel)', () => {
  it('shouldStop is asked between blocks, and a yes ends the read there', async () => {
    const many: PageSpec[] = Array.from({ length: 6 }, (_, k) => ({
      ts: 1e9 * (k + 1),
      items: [{ ts: 1e9 * (k + 1) + 1, event: { kind: 'function', pid: 139, ip: A.push, parent: A.sendmsg } }],
    }));
    const bytes = writeTraceDat({ version: 7, compression: 'zlib', kallsyms: KALLSYMS, cmdlines: CMDLINES, cpus: [{ cpu: 0, pages: many }] });
    let asked = 0;
    let records = 0;
    const progress: number[] = [];
    await readTraceDat(
      memorySource(bytes),
      { record: () => records++, error: () => undefined },
      { shouldStop: () => ++asked > 1, onProgress: (read) => progress.push(read) },
    );
    // Chunks of two pages: the first two chunks were read, the third was not.
    expect(asked).toBe(2);
    expect(records).toBe(4);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toBeLessThan(bytes.length);
  });
});

describe('broken trace.dat files: a message naming the section and offset, and what was read before', () => {
  const good = writeTraceDat({ version: 7, kallsyms: KALLSYMS, cmdlines: CMDLINES, cpus: graphPages() });

  // A newer trace-cmd's file was named but not told what to do with.
  it('an unknown version, with the command that makes text of it', async () => {
    for (const versionText of ['8', '5']) {
      const bytes = writeTraceDat({ version: 7, versionText, kallsyms: KALLSYMS, cmdlines: CMDLINES, cpus: graphPages() });
      const model = await loadTraceDat(memorySource(bytes));
      expect(model.format).toBe('unknown');
      expect(model.diagnostics.inputErrors).toEqual([
        `trace.dat initial header at byte 10: file version "${versionText}": this reader knows versions 6 and 7 (all trace-cmd itself reads); ` +
          'turn it into text with the trace-cmd that recorded it ("trace-cmd report -i trace.dat > trace.txt") and open trace.txt',
      ]);
    }
  });

  it.each([6, 7] as const)("the header file of trace-cmd restore -c (no trace data) is named, with how to make a trace of it (version %d)", async (version) => {
    const bytes = writeTraceDat({ version, kallsyms: KALLSYMS, cmdlines: CMDLINES, cpus: [], headersOnly: true });
    const model = await loadTraceDat(memorySource(bytes));
    expect(model.format).toBe('unknown');
    expect(model.diagnostics.inputErrors).toEqual([
      expect.stringMatching(/: the file holds trace-cmd's headers but no trace data \(.+\): the header file "trace-cmd restore -c" makes .*trace-cmd restore -i /),
    ]);
  });

  it('a version 6 CPU count past what the file holds fails at once, naming the count, before a read or an entry per CPU', async () => {
    const bytes = writeTraceDat({ version: 6, kallsyms: KALLSYMS, cmdlines: CMDLINES, cpus: graphPages() });
    // The u32 CPU count right after the saved cmdlines, damaged; the file grown by 4 MiB of
    // zeros (empty table entries, as many as fit): 2^18 reads and entries before it failed.
    const at = new TextDecoder('latin1').decode(bytes).indexOf(CMDLINES) + CMDLINES.length;
    const grown = new Uint8Array(bytes.length + (4 << 20));
    grown.set(bytes);
    new DataView(grown.buffer).setUint32(at, 0xffffffff, true);
    let reads = 0;
    const source = memorySource(grown);
    const read = source.read.bind(source);
    source.read = (offset, length) => (reads++, read(offset, length));
    const model = await loadTraceDat(source);
    expect(model.diagnostics.inputErrors).toEqual([expect.stringContaining('a table of 4294967295 CPUs (16 bytes each) that runs past the end of the file')]);
    expect(reads).toBeLessThan(10);
  });

  it('a file cut inside its headers', async () => {
    const model = await loadTraceDat(memorySource(good.subarray(0, 300)));
    expect(model.format).toBe('unknown');
    expect(model.diagnostics.inputErrors[0]).toMatch(/^trace\.dat \S.* at byte \d+: .*truncated/);
  });

  it('a version 6 file cut inside the event data keeps the records before the cut', async () => {
    const v6 = writeTraceDat({ version: 6, kallsyms: KALLSYMS, cmdlines: CMDLINES, cpus: graphPages() });
    // CPU 1's page is the last 4096 bytes; CPU 0's three pages before it: cut inside the third.
    const cut = v6.subarray(0, v6.length - 4096 - 2000);
    const { seen, errors } = await records(cut);
    const cpu0Third = v6.length - 2 * 4096;
    expect(errors.sort()).toEqual([
      `trace.dat CPU 0 data at byte ${cpu0Third}: the CPU data should run to byte ${cpu0Third + 4096} but the file ends at byte ${cut.length} (truncated)`,
      `trace.dat CPU 1 data at byte ${v6.length - 4096}: the CPU data should run to byte ${v6.length} but the file ends at byte ${cut.length} (truncated)`,
    ]);
    // Everything of CPU 0's first two pages.
    expect(seen.map((s) => s.name)).toEqual(['tcp_sendmsg', 'tcp_push', 'tcp_push', 'tcp_sendmsg', '', '__do_softirq', '0xffffffffc0002000']);
  });

  it('a version 7 file cut before its last options section names the options chain', async () => {
    const model = await loadTraceDat(memorySource(good.subarray(0, good.length - 100)));
    expect(model.format).toBe('unknown');
    expect(model.diagnostics.inputErrors[0]).toMatch(/^trace\.dat options section header at byte \d+: a section of \d+ bytes past the end of the file \(truncated\)$/);
  });

  it('a corrupted compressed chunk stops that CPU with its offset; the records before it stay', async () => {
    const cpus = graphPages();
    // Five pages on CPU 0: chunks of two pages; the third chunk is damaged.
    const many: PageSpec[] = Array.from({ length: 5 }, (_, k) => ({
      ts: 1e9 * (k + 1),
      items: [{ ts: 1e9 * (k + 1) + 1, event: { kind: 'function', pid: 139, ip: A.push, parent: A.sendmsg } }],
    }));
    cpus[0].pages = many;
    const bytes = writeTraceDat({ version: 7, compression: 'zlib', kallsyms: KALLSYMS, cmdlines: CMDLINES, cpus });
    const chunk3 = findChunk(bytes, 2);
    const broken = bytes.slice();
    broken[chunk3 + 8 + 4] ^= 0xff;
    broken[chunk3 + 8 + 5] ^= 0xff;
    const { seen, errors } = await records(broken);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`trace.dat CPU 0 data at byte ${chunk3}: the compressed chunk does not decompress`);
    // Four CPU 0 records (two chunks) and CPU 1's two.
    expect(seen.filter((s) => s.cpu === 0)).toHaveLength(4);
    expect(seen.filter((s) => s.cpu === 1)).toHaveLength(2);
    const model = await loadTraceDat(memorySource(broken));
    expect(model.format).toBe('trace-cmd-dat');
    expect(model.diagnostics.inputErrors).toEqual(errors);
    expect(model.calls.length).toBe(6);
  });

  it('an event whose format the file lacks (or the reader cannot parse) is named once, with where it was met', async () => {
    const bad = { system: 'odd', format: 'name: broken_event\nformat:\n\tnot a field line\n' }; // no ID: unparseable
    const pages: PageSpec[] = [
      {
        ts: 100,
        items: [
          { ts: 101, event: { kind: 'raw', id: 999, pid: 139, fields: new Uint8Array(8) } },
          { ts: 102, event: { kind: 'entry', pid: 139, func: A.sendmsg, depth: 0 } },
          { ts: 103, event: { kind: 'raw', id: 999, pid: 139, fields: new Uint8Array(8) } },
        ],
      },
    ];
    for (const compression of ['none', 'zlib'] as const) {
      const bytes = writeTraceDat({ version: 7, compression, kallsyms: KALLSYMS, cmdlines: CMDLINES, events: [bad], cpus: [{ cpu: 0, pages }] });
      const { seen, errors } = await records(bytes);
      expect(seen.map((x) => x.name)).toEqual(['unknown_event', 'tcp_sendmsg', 'unknown_event']);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(
        compression === 'none'
          ? /^trace\.dat CPU 0 data at byte \d+: an event of id 999, which no event format in the file describes in a form the reader can parse; its records are shown as unknown_event$/
          : /^trace\.dat CPU 0 data, compressed chunk at byte \d+: an event of id 999, .* \(at byte 20 of the decompressed block\); its records/,
      );
    }
  });

  it('a corrupted compressed section names the section', async () => {
    const bytes = writeTraceDat({ version: 7, compression: 'zlib', kallsyms: KALLSYMS, cmdlines: CMDLINES, cpus: graphPages() });
    // The first section after the 8-byte options pointer: header_page/header_event.
    const headerEnd = bytes.indexOf(0, bytes.indexOf(0, 12 + 6) + 1) + 1 + 8;
    const broken = bytes.slice();
    for (let k = headerEnd + 16 + 8 + 2; k < headerEnd + 16 + 8 + 12; k++) broken[k] ^= 0x5a;
    const model = await loadTraceDat(memorySource(broken));
    expect(model.format).toBe('unknown');
    expect(model.diagnostics.inputErrors[0]).toMatch(new RegExp(`^trace\\.dat headers section at byte ${headerEnd + 16}: the zlib block does not decompress`));
  });
});

/** The file offset of the k-th compressed chunk of the first CPU with chunks. */
function findChunk(bytes: Uint8Array, k: number): number {
  // CPU data is page-aligned; the first page-aligned offset after the header sections
  // that starts with a small chunk count is CPU 0's chunk table.
  const dv = new DataView(bytes.buffer, bytes.byteOffset);
  for (let at = 4096; at < bytes.length; at += 4096) {
    const count = dv.getUint32(at, true);
    if (count > 0 && count < 10) {
      let p = at + 4;
      for (let j = 0; j < k; j++) p += 8 + dv.getUint32(p, true);
      return p;
    }
  }
  throw new Error('no chunk table');
}

describe('the TIME_SHIFT option of a guest file (trace-cmd record -A, agent)', () => {
  // trace-input.c: u64 trace id, u32 flags, u32 CPU count, then per CPU a u32 count and
  // three u64 arrays of it. trace-cmd skips an option under 16 bytes and shifts nothing
  // where no CPU has a sample; the reader does not apply a shift, and says so only then.
  const timeShift = (counts: number[]): Uint8Array => {
    const bytes = new Uint8Array(16 + counts.reduce((n, c) => n + 4 + 24 * c, 0));
    const dv = new DataView(bytes.buffer);
    dv.setUint32(12, counts.length, true);
    let p = 16;
    for (const c of counts) {
      dv.setUint32(p, c, true);
      p += 4 + 24 * c;
    }
    return bytes;
  };
  const load = (data: Uint8Array) =>
    records(
      writeTraceDat({
        version: 7,
        kallsyms: KALLSYMS,
        cmdlines: CMDLINES,
        options: [{ id: 12, data }],
        cpus: [{ cpu: 0, pages: [{ ts: 1000, items: [{ ts: 1010, event: { kind: 'function', pid: 139, ip: A.push, parent: A.sendmsg } }] }] }],
      }),
    );
  const said = (errors: string[]) => errors.some((e) => e.includes('TIME_SHIFT'));

  it('is said not applied when a CPU has a sample to shift by', async () => {
    expect(said((await load(timeShift([0, 2]))).errors)).toBe(true);
  });

  it('is not mentioned where trace-cmd would shift nothing: no sample, or an option under 16 bytes', async () => {
    expect(said((await load(timeShift([0, 0]))).errors)).toBe(false);
    expect(said((await load(new Uint8Array(12))).errors)).toBe(false);
  });
});
