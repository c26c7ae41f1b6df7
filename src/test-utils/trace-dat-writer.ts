/**
 * Test tooling: writes small trace.dat files byte by byte, from the layout in
 * trace-cmd.dat.v6(5) / trace-cmd.dat.v7(5) and the kernel's ring-buffer page format, so
 * the reader can be tested on what real files rarely hold (big-endian, 4-byte longs,
 * pages with lost events, time extends, absolute time stamps, padding, zlib, other field
 * layouts). It shares no code with the reader.
 */
import { deflateSync } from 'node:zlib';

export type WriterEvent =
  | { kind: 'entry'; pid: number; func: bigint; depth: number }
  | { kind: 'exit'; pid: number; func: bigint; depth: number; calltime: number; rettime: number; retval?: bigint }
  | { kind: 'function'; pid: number; ip: bigint; parent: bigint }
  /** An event of `DatSpec.events` by its id: `fields` are the bytes after the 8-byte common header (written in the file's byte order by the caller). */
  | { kind: 'raw'; id: number; pid: number; fields: Uint8Array };

/** One item of a page, in order. Times are absolute: the writer computes the deltas. */
export type PageItem =
  | { ts: number; event: WriterEvent; /** Write with type_len 0 (length word), as big events are. */ longForm?: boolean }
  /** An absolute TIME_STAMP record (type 31). */
  | { stamp: number }
  /** A TIME_EXTEND record (type 30) to `ts`, even when the delta would fit. */
  | { extendTo: number }
  /** A PADDING record (type 29) of `bytes` (a multiple of 4, >= 8) with time delta `delta`. */
  | { padding: number; delta: number };

export interface PageSpec {
  /** The page header's time stamp. */
  ts: number;
  /** Events lost before this page: a count (stored), or 'unknown' (flag only). */
  missed?: number | 'unknown';
  items: PageItem[];
}

export interface DatSpec {
  version: 6 | 7;
  bigEndian?: boolean;
  /** Kernel and user long size. */
  longSize?: 4 | 8;
  pageSize?: number;
  /** Version 7 only. */
  compression?: 'none' | 'zlib';
  /** The 6.5+ funcgraph_exit layout with `retval` (different offsets from 5.11's). */
  retvalLayout?: boolean;
  /**
   * The funcgraph_exit format file of 6.14 until torvalds/linux 033c55fe2e32: calltime and
   * rettime listed at 8-aligned offsets, while the (packed) records hold them right after
   * overrun. It differs from the records only with 4-byte longs and no retval.
   */
  alignedExitTimesInFormat?: boolean;
  kallsyms: string;
  cmdlines: string;
  cpus: { cpu: number; pages: PageSpec[] }[];
  /**
   * Named instances, each with its CPUs: in version 7 a BUFFER option and section each; in
   * version 6 a BUFFER option (u64 offset + name) pointing at a `flyrecord` table of the
   * file's CPU count written after the top's data (trace-output.c add_buffer_option_v6,
   * update_buffer_cpu_offset_v6), as many CPUs as the top.
   */
  instances?: { name: string; cpus: { cpu: number; pages: PageSpec[] }[] }[];
  /**
   * Version 6: BUFFER options of these names whose offset stays 0, written before the
   * instances' own: what `trace-cmd split` of a version 6 file leaves for each instance
   * (tracecmd_copy_buffer_descr adds the input's instances, then tracecmd_append_cpu_data
   * adds them again; only the second is given the data's offset).
   */
  unfilledBufferOptions?: string[];
  /**
   * A latency tracer's file: this tracefs text instead of ring-buffer pages (`latency  ` in
   * version 6, a BUFFER_TEXT section in version 7); `cpus` then only counts the CPUs.
   */
  latency?: string;
  /** Event format files of other systems (`sched`, `irq`), as the kernel writes them. */
  events?: { system: string; format: string }[];
  /** Overrides the version string (to test unknown versions). */
  versionText?: string;
  /** The trace clock the TRACECLOCK option selects (`local` by default). */
  clock?: string;
  /**
   * Version 6: the TRACECLOCK option written empty, as trace-cmd did before 3.0 (b80e9267):
   * the clock is then named only by the `[clock]` text after the flyrecord table.
   */
  emptyClockOption?: boolean;
  /**
   * Version 7: rewrites an instance's CPU entries of its BUFFER option (`cpu, offset, size`)
   * before they are written, to make what trace-cmd itself does not write.
   */
  bufferEntries?: (entries: { cpu: number; offset: number; size: number }[]) => { cpu: number; offset: number; size: number }[];
  /**
   * The headers and cmdlines alone, as `trace-cmd restore -c` writes its header file
   * (trace-restore.c: create_output, tracecmd_write_cmdlines, tracecmd_output_close): no
   * CPU count, no options of version 6, no trace data (`cpus` is not written).
   */
  headersOnly?: boolean;
  /** More options (`u16 id, u32 size, data`), written after TRACECLOCK: DATE, OFFSET, TSC2NSEC. */
  options?: { id: number; data: Uint8Array }[];
}

const ENTRY_ID = 11;
const EXIT_ID = 10;
const FUNCTION_ID = 1;

class Bytes {
  private buf = new Uint8Array(1 << 16);
  length = 0;
  constructor(private readonly little: boolean) {}

  private grow(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  bytes(b: Uint8Array | number[]): this {
    this.grow(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
    return this;
  }

  str(s: string, nul = true): this {
    this.bytes([...new TextEncoder().encode(s), ...(nul ? [0] : [])]);
    return this;
  }

  num(v: number | bigint, size: number, at = -1): this {
    const b = new Uint8Array(size);
    const dv = new DataView(b.buffer);
    if (size === 1) dv.setUint8(0, Number(v));
    else if (size === 2) dv.setUint16(0, Number(v), this.little);
    else if (size === 4) dv.setUint32(0, Number(BigInt.asUintN(32, BigInt(v))), this.little);
    else dv.setBigUint64(0, BigInt.asUintN(64, BigInt(v)), this.little);
    if (at >= 0) this.buf.set(b, at);
    else this.bytes(b);
    return this;
  }

  pad(align: number): this {
    while (this.length % align !== 0) this.bytes([0]);
    return this;
  }

  done(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

function formats(long: number, retval: boolean, alignedTimes = false): { entry: string; exit: string; fn: string; sizes: { entry: number; exit: number; fn: number } } {
  const common =
    '\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n' +
    '\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n' +
    '\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n' +
    '\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n';
  const f = (decl: string, off: number, size: number, signed: number) => `\tfield:${decl};\toffset:${off};\tsize:${size};\tsigned:${signed};\n`;
  const entry = `name: funcgraph_entry\nID: ${ENTRY_ID}\nformat:\n${common}${f('unsigned long func', 8, long, 0)}${f('int depth', 8 + long, 4, 1)}\nprint fmt: "--> %ps (%d)", (void *)REC->func, REC->depth\n`;
  let exit: string;
  let exitSize: number;
  if (retval) {
    // 6.5+: func, retval, depth, overrun, calltime, rettime (listed out of memory order on purpose).
    const r = 8 + long;
    const d = r + long;
    exit =
      `name: funcgraph_exit\nID: ${EXIT_ID}\nformat:\n${common}` +
      f('unsigned long func', 8, long, 0) +
      f('unsigned long long calltime', d + 8, 8, 0) +
      f('unsigned long long rettime', d + 16, 8, 0) +
      f('unsigned long retval', r, long, 0) +
      f('int depth', d, 4, 1) +
      f('unsigned int overrun', d + 4, 4, 0) +
      '\nprint fmt: "<-- %ps"\n';
    exitSize = d + 24;
  } else {
    const d = 8 + long;
    const t = alignedTimes ? Math.ceil((d + 8) / 8) * 8 : d + 8;
    exit =
      `name: funcgraph_exit\nID: ${EXIT_ID}\nformat:\n${common}` +
      f('unsigned long func', 8, long, 0) +
      f('int depth', d, 4, 1) +
      f('unsigned int overrun', d + 4, 4, 0) +
      f('unsigned long long calltime', t, 8, 0) +
      f('unsigned long long rettime', t + 8, 8, 0) +
      '\nprint fmt: "<-- %ps"\n';
    exitSize = d + 24;
  }
  const fn = `name: function\nID: ${FUNCTION_ID}\nformat:\n${common}${f('unsigned long ip', 8, long, 0)}${f('unsigned long parent_ip', 8 + long, long, 0)}\nprint fmt: " %ps <-- %ps"\n`;
  return { entry, exit, fn, sizes: { entry: 8 + long + 4, exit: exitSize, fn: 8 + 2 * long } };
}

function payload(ev: WriterEvent, little: boolean, long: number, retval: boolean): Uint8Array {
  const b = new Bytes(little);
  const addr = (v: bigint) => b.num(long === 8 ? v : BigInt.asUintN(32, v), long);
  const head = (id: number, pid: number) => b.num(id, 2).num(0, 1).num(0, 1).num(pid, 4);
  if (ev.kind === 'entry') {
    head(ENTRY_ID, ev.pid);
    addr(ev.func);
    b.num(ev.depth, 4);
  } else if (ev.kind === 'exit') {
    head(EXIT_ID, ev.pid);
    addr(ev.func);
    if (retval) addr(ev.retval ?? 0n);
    b.num(ev.depth, 4).num(0, 4).num(ev.calltime, 8).num(ev.rettime, 8);
  } else if (ev.kind === 'raw') {
    head(ev.id, ev.pid);
    b.bytes(ev.fields);
  } else {
    head(FUNCTION_ID, ev.pid);
    addr(ev.ip);
    addr(ev.parent);
  }
  b.pad(4);
  return b.done();
}

function page(spec: PageSpec, o: { little: boolean; long: number; pageSize: number; retval: boolean }): Uint8Array {
  const data = new Bytes(o.little);
  const word = (typeLen: number, delta: number) => data.num(o.little ? ((delta << 5) | typeLen) >>> 0 : ((typeLen << 27) | delta) >>> 0, 4);
  let ts = spec.ts;
  for (const item of spec.items) {
    if ('stamp' in item) {
      word(31, item.stamp % 2 ** 27).num(Math.floor(item.stamp / 2 ** 27), 4);
      ts = item.stamp;
    } else if ('extendTo' in item) {
      const d = item.extendTo - ts;
      word(30, d % 2 ** 27).num(Math.floor(d / 2 ** 27), 4);
      ts = item.extendTo;
    } else if ('padding' in item) {
      word(29, item.delta).num(item.padding - 4, 4);
      for (let k = 8; k < item.padding; k++) data.bytes([0xee]);
      ts += item.delta;
    } else {
      let d = item.ts - ts;
      if (d >= 2 ** 27) {
        word(30, d % 2 ** 27).num(Math.floor(d / 2 ** 27), 4);
        d = 0;
      }
      const p = payload(item.event, o.little, o.long, o.retval);
      if (item.longForm || p.length > 112) word(0, d).num(p.length + 4, 4);
      else word(p.length / 4, d);
      data.bytes(p);
      ts = item.ts;
    }
  }
  const body = data.done();
  const out = new Bytes(o.little);
  let commit = BigInt(body.length);
  if (spec.missed !== undefined) commit |= 1n << 31n;
  if (typeof spec.missed === 'number') commit |= 1n << 30n;
  out.num(spec.ts, 8).num(commit, o.long).bytes(body);
  if (typeof spec.missed === 'number') out.num(spec.missed, o.long);
  if (out.length > o.pageSize) throw new Error(`page overflows: ${out.length} bytes`);
  while (out.length < o.pageSize) out.bytes([0]);
  return out.done();
}

function headerPage(long: number, pageSize: number): string {
  return (
    `\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n` +
    `\tfield: local_t commit;\toffset:8;\tsize:${long};\tsigned:1;\n` +
    `\tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;\n` +
    `\tfield: char data;\toffset:${8 + long};\tsize:${pageSize - 8 - long};\tsigned:1;\n`
  );
}

const HEADER_EVENT =
  '# compressed entry header\n\ttype_len    :    5 bits\n\ttime_delta  :   27 bits\n\tarray       :   32 bits\n\n' +
  '\tpadding     : type == 29\n\ttime_extend : type == 30\n\ttime_stamp : type == 31\n\tdata max type_len  == 28\n';

/** The trace_clock file's text with `clock` selected. */
function traceClock(clock = 'local'): string {
  return ['local', 'global', 'counter', 'uptime', 'perf', 'mono', 'mono_raw', 'boot', 'x86-tsc'].map((c) => (c === clock ? `[${c}]` : c)).join(' ') + '\n';
}

export function writeTraceDat(spec: DatSpec): Uint8Array {
  const little = !spec.bigEndian;
  const long = spec.longSize ?? 8;
  const pageSize = spec.pageSize ?? 4096;
  const retval = spec.retvalLayout ?? false;
  const fm = formats(long, retval, spec.alignedExitTimesInFormat);
  const pageOpts = { little, long, pageSize, retval };
  const cpuData = (pages: PageSpec[]) => {
    const b = new Bytes(little);
    for (const p of pages) b.bytes(page(p, pageOpts));
    return b.done();
  };
  const out = new Bytes(little);
  out.bytes([0x17, 0x08, 0x44]).str('tracing', false).str(spec.versionText ?? String(spec.version));
  out.num(little ? 0 : 1, 1).num(long, 1).num(pageSize, 4);

  const headerInfo = (b: Bytes) => {
    const hp = headerPage(long, pageSize);
    b.str('header_page').num(hp.length, 8).str(hp, false);
    b.str('header_event').num(HEADER_EVENT.length, 8).str(HEADER_EVENT, false);
  };
  const ftrace = (b: Bytes) => {
    b.num(3, 4);
    for (const t of [fm.fn, fm.exit, fm.entry]) b.num(t.length, 8).str(t, false);
  };
  const allCpus = spec.cpus;
  /** Event systems: u32 count, then per system its name, u32 count and (u64 size, text) per format. */
  const eventSystems = (b: Bytes) => {
    const systems = new Map<string, string[]>();
    for (const e of spec.events ?? []) systems.set(e.system, [...(systems.get(e.system) ?? []), e.format]);
    b.num(systems.size, 4);
    for (const [name, list] of systems) {
      b.str(name).num(list.length, 4);
      for (const t of list) b.num(new TextEncoder().encode(t).length, 8).str(t, false);
    }
  };

  if (spec.version === 6) {
    headerInfo(out);
    ftrace(out);
    eventSystems(out);
    out.num(spec.kallsyms.length, 4).str(spec.kallsyms, false);
    out.num(0, 4); // printk
    out.num(spec.cmdlines.length, 8).str(spec.cmdlines, false);
    if (spec.headersOnly) return out.done();
    const ncpu = Math.max(...allCpus.map((c) => c.cpu)) + 1;
    out.num(ncpu, 4);
    out.str('options  ');
    const clock = traceClock(spec.clock);
    if (spec.emptyClockOption) out.num(4, 2).num(0, 4);
    else out.num(4, 2).num(clock.length + 1, 4).str(clock);
    for (const o of spec.options ?? []) out.num(o.id, 2).num(o.data.length, 4).bytes(o.data);
    for (const name of spec.unfilledBufferOptions ?? []) out.num(3, 2).num(8 + name.length + 1, 4).num(0, 8).str(name);
    /** Where each instance's BUFFER option holds its table's offset, filled in when written. */
    const offsetAt: number[] = [];
    for (const inst of spec.instances ?? []) {
      out.num(3, 2).num(8 + new TextEncoder().encode(inst.name).length + 1, 4);
      offsetAt.push(out.length);
      out.num(0, 8).str(inst.name);
    }
    out.num(0, 2);
    if (spec.latency !== undefined) return out.str('latency  ').str(spec.latency, false).done();
    const flyrecord = (cpus: { cpu: number; pages: PageSpec[] }[]) => {
      out.str('flyrecord');
      const tableAt = out.length;
      for (let k = 0; k < ncpu; k++) out.num(0, 8).num(0, 8);
      // The buffer's clock after its table (trace-output.c save_clock).
      const selected = `[${spec.clock ?? 'local'}]`;
      out.num(selected.length, 8).str(selected, false);
      for (let k = 0; k < ncpu; k++) {
        const c = cpus.find((x) => x.cpu === k);
        if (!c || c.pages.length === 0) continue;
        out.pad(pageSize);
        const at = out.length;
        const data = cpuData(c.pages);
        out.bytes(data);
        out.num(at, 8, tableAt + k * 16).num(data.length, 8, tableAt + k * 16 + 8);
      }
    };
    flyrecord(allCpus);
    (spec.instances ?? []).forEach((inst, k) => {
      out.num(out.length, 8, offsetAt[k]);
      flyrecord(inst.cpus);
    });
    return out.done();
  }

  const zlib = spec.compression === 'zlib';
  out.str(zlib ? 'zlib' : 'none').str(zlib ? '1.2.13' : '');
  const optionsPtr = out.length;
  out.num(0, 8);
  const compress = (raw: Uint8Array) => {
    const z = deflateSync(raw);
    return new Bytes(little).num(z.length, 4).num(raw.length, 4).bytes(z).done();
  };
  const section = (id: number, fill: (b: Bytes) => void, compressed = zlib): number => {
    const at = out.length;
    const body = new Bytes(little);
    fill(body);
    const payloadBytes = compressed ? compress(body.done()) : body.done();
    out.num(id, 2).num(compressed ? 1 : 0, 2).num(0, 4).num(payloadBytes.length, 8).bytes(payloadBytes);
    return at;
  };
  const sections: [number, number][] = [
    [16, section(16, headerInfo)],
    [17, section(17, ftrace)],
    [18, section(18, eventSystems)],
    [19, section(19, (b) => b.num(spec.kallsyms.length, 4).str(spec.kallsyms, false))],
    [20, section(20, (b) => b.num(0, 4))],
    [21, section(21, (b) => b.num(spec.cmdlines.length, 8).str(spec.cmdlines, false))],
  ];
  const buffers = spec.latency !== undefined || spec.headersOnly ? [] : [{ name: '', cpus: allCpus }, ...(spec.instances ?? [])];
  const bufferOptions: Uint8Array[] = [];
  if (spec.latency !== undefined) {
    // BUFFER_TEXT: the section (the text, or its chunk table when compressed) and its option.
    const secAt = out.length;
    out.num(22, 2).num(zlib ? 1 : 0, 2).num(0, 4).num(0, 8);
    const text = new TextEncoder().encode(spec.latency);
    if (zlib) {
      const chunks: Uint8Array[] = [];
      for (let k = 0; k < text.length; k += 1000) chunks.push(compress(text.subarray(k, k + 1000)));
      out.num(chunks.length, 4);
      for (const ch of chunks) out.bytes(ch);
    } else out.bytes(text);
    out.num(out.length - secAt - 16, 8, secAt + 8);
    bufferOptions.push(new Bytes(little).num(secAt, 8).str('').str('local').done());
  }
  for (const buf of buffers) {
    const secAt = out.length;
    out.num(3, 2).num(zlib ? 1 : 0, 2).num(0, 4).num(0, 8);
    const entries: { cpu: number; offset: number; size: number }[] = [];
    for (const c of buf.cpus) {
      out.pad(pageSize);
      const at = out.length;
      const data = cpuData(c.pages);
      if (zlib) {
        // Chunks of two pages, as trace-cmd writes chunks of ten.
        const chunks: Uint8Array[] = [];
        for (let k = 0; k < data.length; k += 2 * pageSize) chunks.push(compress(data.subarray(k, k + 2 * pageSize)));
        out.num(chunks.length, 4);
        for (const ch of chunks) out.bytes(ch);
      } else out.bytes(data);
      // trace-cmd's size field of compressed data is 4 bytes short: the reader must not use it.
      entries.push({ cpu: c.cpu, offset: at, size: out.length - at - (zlib ? 4 : 0) });
    }
    out.num(out.length - secAt - 16, 8, secAt + 8);
    const opt = new Bytes(little);
    const written = spec.bufferEntries ? spec.bufferEntries(entries) : entries;
    opt.num(secAt, 8).str(buf.name).str(spec.clock ?? 'local').num(pageSize, 4).num(written.length, 4);
    for (const e of written) opt.num(e.cpu, 4).num(e.offset, 8).num(e.size, 8);
    bufferOptions.push(opt.done());
  }
  const optionsAt = section(0, (b) => {
    for (const [id, at] of sections) b.num(id, 2).num(8, 4).num(at, 8);
    if (spec.headersOnly) return void b.num(0, 2).num(8, 4).num(0, 8);
    const clock = traceClock(spec.clock);
    b.num(4, 2).num(clock.length + 1, 4).str(clock);
    for (const o of spec.options ?? []) b.num(o.id, 2).num(o.data.length, 4).bytes(o.data);
    b.num(8, 2).num(4, 4).num(Math.max(...allCpus.map((c) => c.cpu)) + 1, 4);
    for (const o of bufferOptions) b.num(spec.latency !== undefined ? 22 : 3, 2).num(o.length, 4).bytes(o);
    b.num(0, 2).num(8, 4).num(0, 8);
  });
  out.num(optionsAt, 8, optionsPtr);
  return out.done();
}
