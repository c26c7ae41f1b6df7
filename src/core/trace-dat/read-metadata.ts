/**
 * Reads everything of a trace.dat but the event data: the initial header, then version 6's
 * sequential headers or version 7's chain of options sections and the sections they point
 * at (trace-cmd.dat.v6(5), trace-cmd.dat.v7(5); tracecmd_read_headers and handle_options
 * in lib/trace-cmd/trace-input.c).
 */
import { BinaryView } from './binary-view';
import { blockDecompressor, type BlockDecompressor } from './compression';
import { TraceDatError } from './errors';
import {
  readCmdlines,
  readEventFormats,
  readFtraceFormats,
  readHeaderInfo,
  readKallsyms,
  readPrintk,
} from './header-pieces';
import { emptyMetadata, type BufferInstance, type TraceDatMetadata } from './metadata';
import { applyOption, OptionId, parseTraceClock, type SectionOffsets } from './options';
import { pageLayout } from './page-layout';
import { SourceCursor, ViewCursor, type PieceReader } from './source-cursor';
import type { ByteSource } from './source';

const TRACE_DAT_MAGIC = [0x17, 0x08, 0x44, 0x74, 0x72, 0x61, 0x63, 0x69, 0x6e, 0x67];
/** True when the bytes start with trace.dat's magic (`\x17\x08D` + `tracing`). */
export function isTraceDat(head: Uint8Array): boolean {
  return head.length >= TRACE_DAT_MAGIC.length && TRACE_DAT_MAGIC.every((b, k) => head[k] === b);
}

/**
 * What a file of headers without trace data is, and how to make a trace of it. `trace-cmd
 * restore -c` writes one (trace-partial.dat: the headers and cmdlines, then nothing; v6 ends
 * there, v7 has no BUFFER option: trace-restore.c), to be joined with the per-CPU files of a
 * recording by `trace-cmd restore -i`; trace-cmd report fails on it.
 */
function headersOnly(why: string): string {
  return (
    `the file holds trace-cmd's headers but no trace data (${why}): the header file "trace-cmd restore -c" makes ` +
    '(trace-partial.dat), which "trace-cmd restore -i trace-partial.dat -o trace.dat trace.dat.cpu0 trace.dat.cpu1 …" ' +
    'joins with the per-CPU files of a recording into a trace to open'
  );
}

/** An options chain longer than this loops (a corrupted next-offset). */
const MAX_OPTION_SECTIONS = 1000;
/** The section header of version 7: u16 id, u16 flags, u32 string id, u64 size. */
const SECTION_HEADER = 16;
const SECTION_COMPRESSED = 1;

export interface ReadMetadataResult {
  meta: TraceDatMetadata;
  /** The decompressor of the file's compression, null when uncompressed. */
  decompress: BlockDecompressor | null;
}

export async function readMetadata(source: ByteSource): Promise<ReadMetadataResult> {
  if (source.size < 14) throw new TraceDatError('initial header', 0, `the file has only ${source.size} bytes`);
  const head = new BinaryView(await source.read(0, Math.min(source.size, 64)), true, 0, 'initial header');
  for (let k = 0; k < TRACE_DAT_MAGIC.length; k++) {
    if (head.u8(k) !== TRACE_DAT_MAGIC[k]) head.fail(k, 'not a trace-cmd trace.dat (no "\\x17\\x08Dtracing" magic)');
  }
  const version = head.cstring(10);
  const meta = emptyMetadata();
  meta.version = Number(version.text);
  if (version.text !== '6' && version.text !== '7') {
    // trace-cmd itself writes and reads 6 and 7 only (trace-cmd-private.h FILE_VERSION_MIN,
    // FILE_VERSION_MAX): another is a newer trace-cmd's, or damage. Its own report reads it.
    head.fail(
      10,
      `file version ${JSON.stringify(version.text)}: this reader knows versions 6 and 7 (all trace-cmd itself reads); ` +
        'turn it into text with the trace-cmd that recorded it ("trace-cmd report -i trace.dat > trace.txt") and open trace.txt',
    );
  }
  let p = version.next;
  const endian = head.u8(p);
  if (endian > 1) head.fail(p, `endianness byte ${endian} (0 little, 1 big)`);
  meta.littleEndian = endian === 0;
  meta.longSize = head.u8(p + 1);
  if (meta.longSize !== 4 && meta.longSize !== 8) head.fail(p + 1, `a long of ${meta.longSize} bytes`);
  const h = new BinaryView(head.bytes, meta.littleEndian, 0, 'initial header');
  meta.pageSize = h.u32(p + 2);
  if (meta.pageSize < 64 || meta.pageSize > 1 << 24) h.fail(p + 2, `a page size of ${meta.pageSize}`);
  p += 6;
  const cursor = new SourceCursor(source, p, meta.littleEndian);
  if (meta.version === 6) {
    await readV6(cursor, meta, source.size);
    meta.kernelLongSize = pageLayout(meta.headerPage, meta.longSize).longSize;
    return { meta, decompress: null };
  }
  const name = h.cstring(p);
  const ver = h.cstring(name.next);
  meta.compression = name.text === 'none' ? '' : name.text;
  meta.compressionVersion = ver.text;
  const decompress = meta.compression === '' ? null : await blockDecompressor(meta.compression);
  if (meta.compression !== '' && !decompress) {
    // (quoted as JSON, as every string of the file a message shows: it may hold control characters)
    h.fail(p, `compression ${JSON.stringify(meta.compression)}: this reader knows zstd and zlib`);
  }
  const optionsOffset = h.u64(ver.next);
  await readV7(source, meta, decompress, optionsOffset);
  meta.kernelLongSize = pageLayout(meta.headerPage, meta.longSize).longSize;
  return { meta, decompress };
}

// ---- version 6 --------------------------------------------------------------------------

async function readV6(r: SourceCursor, meta: TraceDatMetadata, fileSize: number): Promise<void> {
  await readHeaderInfo(r, meta);
  await readFtraceFormats(r, meta);
  await readEventFormats(r, meta);
  await readKallsyms(r, meta);
  await readPrintk(r, meta);
  await readCmdlines(r, meta);
  if (r.offset === fileSize) throw new TraceDatError('headers', r.offset, headersOnly('it ends after the saved cmdlines'));
  meta.cpuCount = await r.u32('CPU count');
  const top: BufferInstance = { name: '', clock: '', pageSize: meta.pageSize, latency: false, compressed: false, sectionOffset: 0, cpus: [] };
  const named = await readV6DataStart(r, meta, true);
  top.latency = named.latency;
  top.sectionOffset = named.offset;
  let topClock = meta.clock;
  if (!top.latency) {
    top.cpus = await readFlyrecordTable(r, meta.cpuCount, fileSize);
    topClock = (await readV6Clock(r, meta)) || topClock;
  }
  // Options first listed their BUFFERs: the top instance goes first.
  const instances = meta.buffers;
  meta.buffers = [top];
  for (const b of instances) {
    const label = `instance ${JSON.stringify(b.name)}`;
    if (b.sectionOffset === 0) {
      // The offset add_buffer_option_v6 writes until the instance's data is written
      // (update_buffer_cpu_offset_v6, trace-output.c). trace-cmd split of a version 6 file
      // adds each instance of its input twice (tracecmd_copy_buffer_descr, then
      // tracecmd_append_cpu_data) and fills in the second only, or neither when it copies
      // no data of it (split --top). Said only when no option of that name has data.
      if (!instances.some((o) => o.name === b.name && o.sectionOffset !== 0)) {
        meta.warnings.push(
          `trace.dat options: ${label} has no data in the file (its BUFFER option was never given the offset of its data: trace-cmd split leaves such an option); its records are not read`,
        );
      }
      continue;
    }
    b.clock = meta.clock;
    try {
      r.seek(b.sectionOffset);
      const start = await readV6DataStart(r, meta, false, `${label} data type`);
      b.latency = start.latency;
      if (!b.latency) {
        b.cpus = await readFlyrecordTable(r, meta.cpuCount, fileSize, `${label} flyrecord CPU table`);
        b.clock = (await readV6Clock(r, meta)) || b.clock;
      }
    } catch (err) {
      // One instance that cannot be read is left out, as trace-cmd report leaves it ("could
      // not retrieve handle", trace-read.c): the top and the other instances are read.
      if (!(err instanceof TraceDatError)) throw err;
      meta.warnings.push(`${err.message}; its records are not read`);
      continue;
    }
    meta.buffers.push(b);
  }
  meta.clock = top.clock = topClock;
}

/** The most bytes a version 6 trace_clock text is taken from (the kernel's file lists about ten clocks). */
const MAX_V6_CLOCK = 4096;

/**
 * A version 6 buffer's trace clock, written after its flyrecord table as `u64 size` and the
 * text (trace-output.c save_clock: `[x86-tsc]`; older trace-cmd the trace_clock file whole),
 * and read there by trace-cmd when the file has a TRACECLOCK option (trace-input.c
 * init_data_v6, read_and_parse_trace_clock), whose own text it overrides. trace-cmd before
 * 3.0 (b80e9267, 2021) wrote that option empty: this text is the only place the clock is
 * named. '' when the file has no such option or the text cannot be read (trace-cmd then
 * takes the local clock: "File has trace_clock bug").
 */
async function readV6Clock(r: SourceCursor, meta: TraceDatMetadata): Promise<string> {
  if (!meta.clockOption) return '';
  try {
    const size = await r.u64('trace_clock size');
    if (size === 0 || size > MAX_V6_CLOCK) return '';
    const text = (await r.take(size, 'trace_clock')).text(0, size);
    return text.includes('[') ? parseTraceClock(text) : '';
  } catch (err) {
    if (err instanceof TraceDatError) return '';
    throw err;
  }
}

/** `options  \0` + options (top only), then `latency  \0` or `flyrecord\0`. */
async function readV6DataStart(r: SourceCursor, meta: TraceDatMetadata, top: boolean, what = 'data type'): Promise<{ latency: boolean; offset: number }> {
  let tagView = await r.take(10, what);
  let tag = tagView.text(0, 10);
  if (tag.startsWith('options')) {
    if (!top) tagView.fail(0, 'options inside an instance');
    await readV6Options(r, meta);
    tagView = await r.take(10, what);
    tag = tagView.text(0, 10);
  }
  if (tag.startsWith('latency')) return { latency: true, offset: r.offset };
  if (!tag.startsWith('flyrecord')) tagView.fail(0, `expected "flyrecord" or "latency" but found ${JSON.stringify(tag)}`);
  return { latency: false, offset: r.offset };
}

async function readV6Options(r: SourceCursor, meta: TraceDatMetadata): Promise<void> {
  const sections: SectionOffsets = new Map();
  for (;;) {
    const id = await r.u16('options');
    if (id === OptionId.DONE) return;
    const size = await r.u32('options');
    const data = await r.take(size, `option ${id}`);
    applyOption(meta, sections, id, data, 0, size);
  }
}

async function readFlyrecordTable(r: SourceCursor, cpus: number, fileSize: number, what = 'flyrecord CPU table'): Promise<TraceDatMetadata['buffers'][number]['cpus']> {
  // Read whole, in one piece: a damaged count (up to 2^32) then fails here at once, not
  // after a read and an object per entry through the rest of the file.
  if (cpus * 16 > fileSize - r.offset) {
    throw new TraceDatError(what, r.offset, `a table of ${cpus} CPUs (16 bytes each) that runs past the end of the file at byte ${fileSize}: a damaged CPU count, or the file is truncated`);
  }
  const v = await r.take(cpus * 16, what);
  const out = [];
  for (let cpu = 0; cpu < cpus; cpu++) out.push({ cpu, offset: v.u64(cpu * 16), size: v.u64(cpu * 16 + 8) });
  return out;
}

// ---- version 7 --------------------------------------------------------------------------

interface Section {
  id: number;
  flags: number;
  offset: number;
  payload: BinaryView;
}

/** Reads the section at `offset`: its header, and its payload (decompressed when flagged). */
async function readSection(
  source: ByteSource,
  meta: TraceDatMetadata,
  decompress: BlockDecompressor | null,
  offset: number,
  what: string,
): Promise<Section> {
  const cursor = new SourceCursor(source, offset, meta.littleEndian);
  const header = await cursor.take(SECTION_HEADER, `${what} section header`);
  const id = header.u16(0);
  const flags = header.u16(2);
  const size = header.u64(8);
  if (size > source.size - offset - SECTION_HEADER) header.fail(8, `a section of ${size} bytes past the end of the file (truncated)`);
  const body = await cursor.take(size, `${what} section`);
  if (!(flags & SECTION_COMPRESSED)) return { id, flags, offset, payload: body };
  if (!decompress) return header.fail(2, 'a compressed section in a file without compression');
  const zsize = body.u32(0);
  const usize = body.u32(4);
  if (zsize > size - 8) body.fail(0, `a compressed block of ${zsize} bytes in a section of ${size}`);
  const data = decompressBlock(decompress, body, zsize, usize, meta.compression);
  return { id, flags, offset, payload: new BinaryView(data, meta.littleEndian, offset + SECTION_HEADER, `${what} section`, true) };
}

function decompressBlock(decompress: BlockDecompressor, body: BinaryView, zsize: number, usize: number, name: string): Uint8Array {
  try {
    return decompress(body.bytes.subarray(8, 8 + zsize), usize);
  } catch (err) {
    return body.fail(0, `the ${name} block does not decompress (${err instanceof Error ? err.message : String(err)})`);
  }
}

async function readV7(source: ByteSource, meta: TraceDatMetadata, decompress: BlockDecompressor | null, first: number): Promise<void> {
  const sections: SectionOffsets = new Map();
  let next = first;
  const seen = new Set<number>();
  while (next !== 0) {
    if (seen.has(next) || seen.size > MAX_OPTION_SECTIONS) {
      throw new TraceDatError('options section', next, 'the options chain loops back');
    }
    seen.add(next);
    const sec = await readSection(source, meta, decompress, next, 'options');
    if (sec.id !== OptionId.DONE) sec.payload.fail(0, `an options section was expected, found section id ${sec.id}`);
    next = readOptionList(meta, sections, sec.payload);
  }
  const readers: [number, string, (r: PieceReader, m: TraceDatMetadata) => Promise<void>][] = [
    [OptionId.HEADER_INFO, 'headers', readHeaderInfo],
    [OptionId.FTRACE_EVENTS, 'ftrace event formats', readFtraceFormats],
    [OptionId.EVENT_FORMATS, 'event formats', readEventFormats],
    [OptionId.KALLSYMS, 'kallsyms', readKallsyms],
    [OptionId.PRINTK, 'printk formats', readPrintk],
    [OptionId.CMDLINES, 'cmdlines', readCmdlines],
  ];
  for (const [id, what, read] of readers) {
    const at = sections.get(id);
    if (at === undefined) {
      if (id === OptionId.HEADER_INFO) throw new TraceDatError('options', first, 'no header_page/header_event section is named');
      continue;
    }
    const sec = await readSection(source, meta, decompress, at, what);
    if (sec.id !== id) sec.payload.fail(0, `section id ${sec.id} where the options point at a ${what} section (${id})`);
    await read(new ViewCursor(sec.payload), meta);
  }
  if (meta.buffers.length === 0) throw new TraceDatError('options', first, headersOnly('no BUFFER option names any'));
  const readable: BufferInstance[] = [];
  for (const b of meta.buffers) {
    try {
      const cursor = new SourceCursor(source, b.sectionOffset, meta.littleEndian);
      const header = await cursor.take(SECTION_HEADER, `instance ${JSON.stringify(b.name)} data section header`);
      const id = header.u16(0);
      if (id !== (b.latency ? OptionId.BUFFER_TEXT : OptionId.BUFFER)) header.fail(0, `section id ${id}: not trace data`);
      b.compressed = (header.u16(2) & SECTION_COMPRESSED) !== 0;
      if (b.compressed && !decompress) header.fail(2, 'compressed trace data in a file without compression');
      readable.push(b);
    } catch (err) {
      // Left out and said, the other buffers read: trace-cmd report leaves out an instance
      // whose data it cannot open ("could not retrieve handle", trace-read.c).
      if (!(err instanceof TraceDatError)) throw err;
      meta.warnings.push(`${err.message}; its records are not read`);
    }
  }
  meta.buffers = readable;
  meta.buffers.sort((a, b) => (a.name === '' ? -1 : b.name === '' ? 1 : 0));
  if (meta.clock === '') meta.clock = meta.buffers.find((b) => b.name === '')?.clock ?? '';
}

/** The options of one section; returns the next options section's offset (0: none). */
function readOptionList(meta: TraceDatMetadata, sections: SectionOffsets, v: BinaryView): number {
  let p = 0;
  for (;;) {
    const id = v.u16(p);
    const size = v.u32(p + 2);
    p += 6;
    v.need(p, size);
    if (id === OptionId.DONE) return size >= 8 ? v.u64(p) : 0;
    applyOption(meta, sections, id, v, p, size);
    p += size;
  }
}
