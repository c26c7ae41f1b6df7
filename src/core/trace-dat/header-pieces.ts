/**
 * The metadata pieces that version 6 stores one after the other and version 7 stores one
 * per section, in the same layout (trace-cmd.dat.v6(5), trace-cmd.dat.v7(5);
 * read_header_files, read_ftrace_files, read_event_files, read_proc_kallsyms,
 * read_ftrace_printk, read_and_parse_cmdlines in lib/trace-cmd/trace-input.c).
 */
import type { TraceDatMetadata } from './metadata';
import type { PieceReader } from './source-cursor';

/** A size field larger than this is a corrupted file, not a real header (kallsyms is ~10 MB). */
const MAX_PIECE = 1 << 30;
/** Counts of formats, systems and events beyond this are corruption. */
const MAX_COUNT = 1 << 20;

/** A u32 or u64 size, then that many bytes of text. */
async function sized(r: PieceReader, sizeBytes: 4 | 8, section: string): Promise<string> {
  const here = await r.take(0, section);
  const size = sizeBytes === 4 ? await r.u32(section) : await r.u64(section);
  if (size > MAX_PIECE) here.fail(0, `a size of ${size} bytes: corrupted`);
  return (await r.take(size, section)).text(0, size);
}

async function expectTag(r: PieceReader, tag: string, section: string): Promise<void> {
  const v = await r.take(tag.length + 1, section);
  const got = v.text(0, tag.length);
  if (got !== tag || v.u8(tag.length) !== 0) v.fail(0, `expected "${tag}" but found ${JSON.stringify(got)}`);
}

async function count(r: PieceReader, section: string): Promise<number> {
  const here = await r.take(0, section);
  const n = await r.u32(section);
  if (n > MAX_COUNT) here.fail(0, `a count of ${n}: corrupted`);
  return n;
}

export async function readHeaderInfo(r: PieceReader, meta: TraceDatMetadata): Promise<void> {
  const s = 'header_page/header_event';
  await expectTag(r, 'header_page', s);
  meta.headerPage = await sized(r, 8, s);
  await expectTag(r, 'header_event', s);
  meta.headerEvent = await sized(r, 8, s);
}

export async function readFtraceFormats(r: PieceReader, meta: TraceDatMetadata): Promise<void> {
  const s = 'ftrace event formats';
  const n = await count(r, s);
  for (let k = 0; k < n; k++) meta.ftraceFormats.push(await sized(r, 8, s));
}

export async function readEventFormats(r: PieceReader, meta: TraceDatMetadata): Promise<void> {
  const s = 'event formats';
  const systems = await count(r, s);
  for (let k = 0; k < systems; k++) {
    const system = await r.cstring(s);
    const n = await count(r, s);
    for (let e = 0; e < n; e++) meta.eventFormats.push({ system, text: await sized(r, 8, s) });
  }
}

export async function readKallsyms(r: PieceReader, meta: TraceDatMetadata): Promise<void> {
  const s = 'kallsyms';
  const here = await r.take(0, s);
  const size = await r.u32(s);
  if (size > MAX_PIECE) here.fail(0, `a size of ${size} bytes: corrupted`);
  meta.kallsyms = (await r.take(size, s)).bytes;
}

export async function readPrintk(r: PieceReader, meta: TraceDatMetadata): Promise<void> {
  meta.printk = await sized(r, 4, 'printk formats');
}

export async function readCmdlines(r: PieceReader, meta: TraceDatMetadata): Promise<void> {
  meta.cmdlines = await sized(r, 8, 'saved cmdlines');
}
