/**
 * The latency data of a trace.dat: what `trace-cmd record` saves for a latency tracer
 * (irqsoff, wakeup, …) is the tracefs `trace` file as text, not ring-buffer pages
 * (tracecmd_create_file_latency in lib/trace-cmd/trace-output.c):
 *
 * - version 6: the `latency  \0` tag, then the text to the end of the file;
 * - version 7: a BUFFER_TEXT section (id 22): its 16-byte header, then the text, or when the
 *   section is compressed the chunk table of the CPU data (`u32 count`, then per chunk
 *   `u32 compressed size, u32 size, bytes`; tcmd_out_copy_fd_compress).
 *
 * Yields the text a block at a time (the caller feeds it to the text parser): only one block
 * is in memory.
 */
import { BinaryView } from './binary-view';
import type { BlockDecompressor } from './compression';
import { TraceDatError } from './errors';
import type { BufferInstance } from './metadata';
import type { ByteSource } from './source';

/** Bytes of plain text read at once. */
const TEXT_BLOCK = 1 << 20;
const SECTION_HEADER = 16;

export async function* latencyText(
  source: ByteSource,
  buffer: BufferInstance,
  version: number,
  little: boolean,
  decompress: BlockDecompressor | null,
): AsyncGenerator<Uint8Array> {
  const what = `latency text${buffer.name ? ` of instance ${JSON.stringify(buffer.name)}` : ''}`;
  let at = buffer.sectionOffset;
  let end = source.size;
  if (version >= 7) {
    const header = new BinaryView(await source.read(at, SECTION_HEADER), little, at, `${what} section header`);
    header.need(0, SECTION_HEADER);
    const size = header.u64(8);
    at += SECTION_HEADER;
    end = at + size;
    if (end > source.size) {
      throw new TraceDatError(what, at, `the text should run to byte ${end} but the file ends at byte ${source.size} (truncated)`);
    }
    if (buffer.compressed) {
      if (!decompress) throw new TraceDatError(what, at, 'compressed text in a file without compression');
      yield* chunks(source, at, little, decompress, what);
      return;
    }
  }
  for (; at < end; at += TEXT_BLOCK) yield await source.read(at, Math.min(TEXT_BLOCK, end - at));
}

async function* chunks(source: ByteSource, start: number, little: boolean, decompress: BlockDecompressor, what: string): AsyncGenerator<Uint8Array> {
  const countView = new BinaryView(await source.read(start, 4), little, start, what);
  countView.need(0, 4);
  const count = countView.u32(0);
  let at = start + 4;
  for (let k = 0; k < count; k++) {
    const head = new BinaryView(await source.read(at, 8), little, at, what);
    head.need(0, 8);
    const zsize = head.u32(0);
    const usize = head.u32(4);
    if (at + 8 + zsize > source.size) {
      throw new TraceDatError(what, at, `chunk ${k + 1} of ${count} (${zsize} bytes) runs past the end of the file at byte ${source.size} (truncated)`);
    }
    const block = await source.read(at + 8, zsize);
    let text: Uint8Array;
    try {
      text = decompress(block, usize);
    } catch (err) {
      throw new TraceDatError(what, at, `chunk ${k + 1} of ${count} does not decompress (${err instanceof Error ? err.message : String(err)})`);
    }
    yield text;
    at += 8 + zsize;
  }
}
