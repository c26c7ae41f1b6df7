/**
 * The benchmark's trace.dat: the calls of a model (the generated text's, loaded once) written
 * as trace-cmd's binary, so the binary reader and the text parser are timed on the same calls.
 * Streams to disk (a 1 GiB text makes about 450 MB of pages): each CPU's pages go to a file
 * of their own, then the trace.dat is assembled as trace-cmd 3.1 writes version 7
 * (trace-cmd.dat.v7(5)): little-endian, 8-byte longs, 4 KiB pages, uncompressed;
 * `trace-cmd convert --compression zstd` then makes the compressed copy users have, or,
 * where there is no trace-cmd, this writer with a compression (`DatCompression`: each
 * section and each chunk of ten pages one frame, as trace-cmd writes them).
 *
 * Per call: a funcgraph_entry at its start on the CPU it entered on, and a funcgraph_exit
 * (the kernel's 5.11+ layout, calltime and rettime in ns) at its end on the CPU its task is
 * on then (a task the generator moves to another CPU returns there, as in the kernel); per
 * CPU the records go in time order (exits before entries at the same time, the deeper exit
 * first). So the file is sound, as a recorded one is: read back, it gives the text's calls
 * with no repair (no orphan, unclosed call or depth gap), and no sibling's interval holds
 * another's (the builder's interval rule has nothing to settle). Function
 * names get made-up addresses listed in kallsyms; tasks are listed in cmdlines. The text's
 * sched events are not written (the binary's event count is 0).
 */
import { closeSync, openSync, readFileSync, readSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import type { TraceModel } from '../src/core/model/tables';

/** Bumped when the files written change: a kept copy of an older writer's is written again. */
export const DAT_WRITER_VERSION = 2;
const PAGE = 4096;
const PAGE_HEADER = 16;
const ENTRY_ID = 11;
const EXIT_ID = 10;
/** Entry: common header 8 + func 8 + depth 4 = 20 bytes; exit: 8 + func 8 + depth 4 + overrun 4 + calltime 8 + rettime 8 = 40. */
const ENTRY_PAYLOAD = 20;
const EXIT_PAYLOAD = 40;
const BASE_ADDRESS = 0xffffffff81000000n;
const FUNC_STRIDE = 16n;

const COMMON =
  '\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n' +
  '\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n';
const ENTRY_FORMAT =
  `name: funcgraph_entry\nID: ${ENTRY_ID}\nformat:\n${COMMON}\tfield:unsigned long func;\toffset:8;\tsize:8;\tsigned:0;\n` +
  '\tfield:int depth;\toffset:16;\tsize:4;\tsigned:1;\n\nprint fmt: "--> %ps (%d)", (void *)REC->func, REC->depth\n';
const EXIT_FORMAT =
  `name: funcgraph_exit\nID: ${EXIT_ID}\nformat:\n${COMMON}\tfield:unsigned long func;\toffset:8;\tsize:8;\tsigned:0;\n` +
  '\tfield:int depth;\toffset:16;\tsize:4;\tsigned:1;\n\tfield:unsigned int overrun;\toffset:20;\tsize:4;\tsigned:0;\n' +
  '\tfield:unsigned long long calltime;\toffset:24;\tsize:8;\tsigned:0;\n\tfield:unsigned long long rettime;\toffset:32;\tsize:8;\tsigned:0;\n\n' +
  'print fmt: "<-- %ps (%d) (start: %llx  end: %llx) over: %d", (void *)REC->func, REC->depth, REC->calltime, REC->rettime, REC->depth\n';
const HEADER_PAGE =
  '\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n\tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;\n' +
  '\tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;\n\tfield: char data;\toffset:16;\tsize:4080;\tsigned:1;\n';
const HEADER_EVENT =
  '# compressed entry header\n\ttype_len    :    5 bits\n\ttime_delta  :   27 bits\n\tarray       :   32 bits\n\n' +
  '\tpadding     : type == 29\n\ttime_extend : type == 30\n\ttime_stamp : type == 31\n\tdata max type_len  == 28\n';

/** One CPU's pages, written to `path` as they fill. */
class PageWriter {
  private readonly page = new Uint8Array(PAGE);
  private readonly view = new DataView(this.page.buffer);
  private used = PAGE_HEADER;
  private last = 0;
  private readonly fd: number;
  bytes = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  /** Room for a record of `payload` bytes (and a time extend) in this page, else a new one. */
  private room(ts: number, payload: number): void {
    if (this.used > PAGE_HEADER && this.used + 8 + 4 + payload <= PAGE) return;
    if (this.used > PAGE_HEADER) this.flush();
    this.view.setBigUint64(0, BigInt(ts), true);
    this.last = ts;
  }

  private word(typeLen: number, delta: number): void {
    this.view.setUint32(this.used, ((delta << 5) | typeLen) >>> 0, true);
    this.used += 4;
  }

  private header(ts: number, payload: number): number {
    // A CPU's records never go back in time (the text's rounding could make them).
    if (ts < this.last) ts = this.last;
    this.room(ts, payload);
    let delta = ts - this.last;
    if (delta >= 2 ** 27) {
      this.word(30, delta % 2 ** 27);
      this.view.setUint32(this.used, Math.floor(delta / 2 ** 27), true);
      this.used += 4;
      delta = 0;
    }
    this.last = ts;
    this.word(payload / 4, delta);
    const at = this.used;
    this.view.setUint16(at, 0, true);
    this.used += payload;
    return at;
  }

  entry(ts: number, pid: number, func: bigint, depth: number): void {
    const at = this.header(ts, ENTRY_PAYLOAD);
    this.view.setUint16(at, ENTRY_ID, true);
    this.view.setUint16(at + 2, 0, true);
    this.view.setInt32(at + 4, pid, true);
    this.view.setBigUint64(at + 8, func, true);
    this.view.setInt32(at + 16, depth, true);
  }

  exit(ts: number, pid: number, func: bigint, depth: number, calltime: number): void {
    const at = this.header(ts, EXIT_PAYLOAD);
    this.view.setUint16(at, EXIT_ID, true);
    this.view.setUint16(at + 2, 0, true);
    this.view.setInt32(at + 4, pid, true);
    this.view.setBigUint64(at + 8, func, true);
    this.view.setInt32(at + 16, depth, true);
    this.view.setUint32(at + 20, 0, true);
    this.view.setBigUint64(at + 24, BigInt(calltime), true);
    this.view.setBigUint64(at + 32, BigInt(ts), true);
  }

  private flush(): void {
    this.view.setBigUint64(8, BigInt(this.used - PAGE_HEADER), true);
    this.page.fill(0, this.used);
    writeSync(this.fd, this.page);
    this.bytes += PAGE;
    this.used = PAGE_HEADER;
  }

  close(): void {
    if (this.used > PAGE_HEADER) this.flush();
    closeSync(this.fd);
  }
}

/** A growing little-endian byte buffer for the headers and options. */
class Out {
  private parts: Uint8Array[] = [];
  length = 0;
  bytes(b: Uint8Array): this {
    this.parts.push(b);
    this.length += b.length;
    return this;
  }
  str(s: string, nul = true): this {
    const b = new TextEncoder().encode(s);
    this.bytes(b);
    if (nul) this.bytes(new Uint8Array(1));
    return this;
  }
  num(v: number | bigint, size: 1 | 2 | 4 | 8): this {
    const b = new Uint8Array(size);
    const dv = new DataView(b.buffer);
    if (size === 1) dv.setUint8(0, Number(v));
    else if (size === 2) dv.setUint16(0, Number(v), true);
    else if (size === 4) dv.setUint32(0, Number(v), true);
    else dv.setBigUint64(0, BigInt(v), true);
    return this.bytes(b);
  }
  done(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

/** A min-heap of pending exits: by end time, then the deeper first. */
class ExitHeap {
  private readonly ids: number[] = [];
  constructor(
    private readonly end: Float64Array,
    private readonly depth: Uint16Array,
  ) {}
  get size(): number {
    return this.ids.length;
  }
  private less(a: number, b: number): boolean {
    return this.end[a] < this.end[b] || (this.end[a] === this.end[b] && this.depth[a] > this.depth[b]);
  }
  peek(): number {
    return this.ids[0];
  }
  push(id: number): void {
    const h = this.ids;
    h.push(id);
    let k = h.length - 1;
    while (k > 0) {
      const p = (k - 1) >> 1;
      if (!this.less(h[k], h[p])) break;
      [h[k], h[p]] = [h[p], h[k]];
      k = p;
    }
  }
  pop(): number {
    const h = this.ids;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let k = 0;
      for (;;) {
        const l = 2 * k + 1;
        const r = l + 1;
        let m = k;
        if (l < h.length && this.less(h[l], h[m])) m = l;
        if (r < h.length && this.less(h[r], h[m])) m = r;
        if (m === k) break;
        [h[k], h[m]] = [h[m], h[k]];
        k = m;
      }
    }
    return top;
  }
}

/**
 * Per call, the CPU its exit is written on: that of its task's next call that starts at or
 * after its end (the task runs there from then on), else its task's last call's. A task's
 * records then never tie across CPUs where the order matters: the merge by time breaks ties
 * by CPU number, which would put an exit after the next entry of its task on a lower CPU.
 */
function exitCpus(model: TraceModel, end: Float64Array): Int16Array {
  const c = model.calls;
  const n = c.length;
  const out = new Int16Array(n);
  const rows: number[][] = model.tasks.map(() => []);
  for (let i = 0; i < n; i++) if (!Number.isNaN(end[i])) rows[c.task[i]].push(i);
  for (const list of rows) {
    if (list.length === 0) continue;
    const lastCpu = Math.max(0, c.cpu[list[list.length - 1]]);
    for (let p = 0; p < list.length; p++) {
      const e = end[list[p]];
      // A task's rows are in start order (the text's time order): the first start >= e.
      let a = p + 1;
      let b = list.length;
      while (a < b) {
        const m = (a + b) >>> 1;
        if (c.start[list[m]] >= e) b = m;
        else a = m + 1;
      }
      out[list[p]] = a < list.length ? Math.max(0, c.cpu[list[a]]) : lastCpu;
    }
  }
  return out;
}

export interface DatWriteStats {
  bytes: number;
  calls: number;
  cpus: number;
}

/**
 * How the sections and the CPU data are compressed: none, or each section and each chunk of
 * ten pages by `compressEach` (pieces in, one compressed frame each out, in order), written
 * as trace-cmd writes zstd (`zstd`, its version string `version`).
 */
export interface DatCompression {
  name: string;
  version: string;
  compressEach(pieces: readonly Uint8Array[]): Uint8Array[];
}

/** Pages per compressed chunk, as trace-cmd writes them. */
const PAGES_PER_CHUNK = 10;

/** A section's body or a chunk compressed: `u32 compressed size, u32 size, bytes`. */
function framed(raw: Uint8Array, z: Uint8Array): Uint8Array {
  return new Out().num(z.length, 4).num(raw.length, 4).bytes(z).done();
}

/** Writes the model's calls as a version 7 trace.dat at `path` (uncompressed unless `compression`). */
export function writeModelAsTraceDat(model: TraceModel, path: string, compression?: DatCompression): DatWriteStats {
  const c = model.calls;
  const n = c.length;
  const end = new Float64Array(n);
  let calls = 0;
  const cpus = new Set<number>();
  for (let i = 0; i < n; i++) {
    // Only calls with a time and a duration: a call the text never closed has no exit.
    if (Number.isFinite(c.start[i]) && Number.isFinite(c.duration[i])) {
      end[i] = c.start[i] + c.duration[i];
      cpus.add(Math.max(0, c.cpu[i]));
      calls++;
    } else end[i] = NaN;
  }
  // The text prints start times rounded to the µs and durations to the ns: a child's end
  // can land a little past its parent's, or past the next sibling's start. The kernel's
  // records never do: clamp each end to the next sibling's start, then to the parent's end.
  const lastChild = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(end[i])) continue;
    const key = c.parent[i] >= 0 ? c.parent[i] : -1 - c.task[i];
    const prev = lastChild.get(key);
    if (prev !== undefined && end[prev] > c.start[i]) end[prev] = c.start[i];
    lastChild.set(key, i);
  }
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(end[i])) continue;
    const p = c.parent[i];
    if (p >= 0 && !Number.isNaN(end[p]) && end[i] > end[p]) end[i] = end[p];
    if (end[i] < c.start[i]) end[i] = c.start[i];
  }
  const exitCpu = exitCpus(model, end);
  for (let i = 0; i < n; i++) if (!Number.isNaN(end[i])) cpus.add(exitCpu[i]);
  const cpuList = [...cpus].sort((a, b) => a - b);
  const address = (func: number) => BASE_ADDRESS + BigInt(func) * FUNC_STRIDE;
  const writers = new Map(cpuList.map((cpu) => [cpu, new PageWriter(`${path}.cpu${cpu}`)]));
  const heaps = new Map(cpuList.map((cpu) => [cpu, new ExitHeap(end, c.depth)]));
  const pid = (i: number) => model.tasks[c.task[i]].pid;
  const emitExit = (w: PageWriter, i: number) => w.exit(Math.round(end[i]), pid(i), address(c.func[i]), c.depth[i], Math.round(c.start[i]));
  // The table is in entry order (the text's time order): exits are merged in from a heap per CPU.
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(end[i])) continue;
    const cpu = Math.max(0, c.cpu[i]);
    const w = writers.get(cpu)!;
    const heap = heaps.get(cpu)!;
    while (heap.size > 0 && end[heap.peek()] <= c.start[i]) emitExit(w, heap.pop());
    w.entry(Math.round(c.start[i]), pid(i), address(c.func[i]), c.depth[i]);
    // The exit goes where the task is when the call returns (exitCpus); that CPU's exits
    // are written before its entries at the same time or later.
    heaps.get(exitCpu[i])!.push(i);
  }
  for (const [cpu, heap] of heaps) while (heap.size > 0) emitExit(writers.get(cpu)!, heap.pop());
  for (const w of writers.values()) w.close();

  // Headers and metadata sections.
  let kallsyms = '';
  for (let id = 0; id < model.strings.size; id++) kallsyms += `${address(id).toString(16)} T ${model.strings.get(id)}\n`;
  let cmdlines = '';
  for (const t of model.tasks) if (t.pid > 0) cmdlines += `${t.pid} ${t.comm}\n`;
  const head = new Out();
  head.bytes(new Uint8Array([0x17, 0x08, 0x44])).str('tracing', false).str('7').num(0, 1).num(8, 1).num(PAGE, 4);
  head.str(compression?.name ?? 'none').str(compression?.version ?? '');
  const optionsPointerAt = head.length;
  head.num(0, 8);
  const sections: [number, number][] = [];
  const flag = compression ? 1 : 0;
  /** A section's payload: its body, compressed when the file is. */
  const payload = (raw: Uint8Array): Uint8Array => (compression ? framed(raw, compression.compressEach([raw])[0]) : raw);
  const section = (id: number, body: Out) => {
    sections.push([id, head.length]);
    const bytes = payload(body.done());
    head.num(id, 2).num(flag, 2).num(0, 4).num(bytes.length, 8).bytes(bytes);
  };
  section(16, new Out().str('header_page').num(HEADER_PAGE.length, 8).str(HEADER_PAGE, false).str('header_event').num(HEADER_EVENT.length, 8).str(HEADER_EVENT, false));
  section(17, new Out().num(2, 4).num(EXIT_FORMAT.length, 8).str(EXIT_FORMAT, false).num(ENTRY_FORMAT.length, 8).str(ENTRY_FORMAT, false));
  section(18, new Out().num(0, 4));
  const ks = new TextEncoder().encode(kallsyms);
  section(19, new Out().num(ks.length, 4).bytes(ks));
  section(20, new Out().num(0, 4));
  const cl = new TextEncoder().encode(cmdlines);
  section(21, new Out().num(cl.length, 8).bytes(cl));
  // The BUFFER section: its header, then each CPU's pages, page-aligned.
  if (compression) for (const cpu of cpuList) compressCpuFile(`${path}.cpu${cpu}`, compression);
  const bufferAt = head.length;
  let at = bufferAt + 16;
  const cpuData: { cpu: number; offset: number; size: number; fileBytes: number }[] = [];
  for (const cpu of cpuList) {
    at = Math.ceil(at / PAGE) * PAGE;
    // Compressed: the chunk table, whose size trace-cmd writes 4 bytes short (the reader walks the table).
    const fileBytes = compression ? readFileSync(`${path}.cpu${cpu}`).length : writers.get(cpu)!.bytes;
    cpuData.push({ cpu, offset: at, size: fileBytes - (compression ? 4 : 0), fileBytes });
    at += fileBytes;
  }
  const optionsAt = at;
  const options = new Out();
  for (const [id, offset] of sections) options.num(id, 2).num(8, 4).num(offset, 8);
  const clock = '[local] global\n';
  options.num(4, 2).num(clock.length + 1, 4).str(clock);
  options.num(8, 2).num(4, 4).num(Math.max(...cpuList) + 1, 4);
  const buffer = new Out().num(bufferAt, 8).str('').str('local').num(PAGE, 4).num(cpuData.length, 4);
  for (const d of cpuData) buffer.num(d.cpu, 4).num(d.offset, 8).num(d.size, 8);
  options.num(3, 2).num(buffer.length, 4).bytes(buffer.done());
  options.num(0, 2).num(8, 4).num(0, 8);

  const headBytes = head.done();
  new DataView(headBytes.buffer).setBigUint64(optionsPointerAt, BigInt(optionsAt), true);
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, headBytes);
    const bufferHeader = new Out().num(3, 2).num(flag, 2).num(0, 4).num(optionsAt - bufferAt - 16, 8).done();
    writeSync(fd, bufferHeader);
    let pos = bufferAt + 16;
    const chunk = new Uint8Array(1 << 20);
    for (const d of cpuData) {
      if (d.offset > pos) writeSync(fd, new Uint8Array(d.offset - pos));
      const src = openSync(`${path}.cpu${d.cpu}`, 'r');
      for (let r = readSync(src, chunk); r > 0; r = readSync(src, chunk)) writeSync(fd, chunk.subarray(0, r));
      closeSync(src);
      rmSync(`${path}.cpu${d.cpu}`);
      pos = d.offset + d.fileBytes;
    }
    const opt = payload(options.done());
    writeSync(fd, new Out().num(0, 2).num(flag, 2).num(0, 4).num(opt.length, 8).done());
    writeSync(fd, opt);
    return { bytes: optionsAt + 16 + opt.length, calls, cpus: cpuList.length };
  } finally {
    closeSync(fd);
  }
}

/** Replaces a CPU's file of pages by its chunk table: `u32 count`, then each chunk of ten pages framed. */
function compressCpuFile(file: string, compression: DatCompression): void {
  const pages = readFileSync(file);
  const raw: Uint8Array[] = [];
  for (let k = 0; k < pages.length; k += PAGE * PAGES_PER_CHUNK) raw.push(pages.subarray(k, Math.min(pages.length, k + PAGE * PAGES_PER_CHUNK)));
  const z = compression.compressEach(raw);
  const table = new Out().num(raw.length, 4);
  raw.forEach((r, k) => table.bytes(framed(r, z[k])));
  writeFileSync(file, table.done());
}
