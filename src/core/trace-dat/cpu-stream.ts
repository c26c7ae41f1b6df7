/**
 * One CPU's ring-buffer pages, read from the file a block at a time: a run of pages when
 * the data is stored plain, one chunk when it is compressed (trace-cmd writes 10 pages per
 * chunk: `u32 count`, then per chunk `u32 compressed size, u32 size, bytes`; see
 * tracecmd_load_chunks_info in lib/trace-cmd/trace-compress.c). Only the current block is
 * in memory. The BUFFER option's size of compressed data is not used: it is 4 bytes short
 * in every file trace-cmd 3.1 writes, and libtracecmd walks the chunk table too.
 */
import { BinaryView } from './binary-view';
import type { BlockDecompressor } from './compression';
import { TraceDatError } from './errors';
import type { CpuData } from './metadata';
import type { PageLayout } from './page-layout';
import { PageRecords } from './page-records';
import type { ByteSource, RegionReader } from './source';

/**
 * Bytes of plain data read at once (whole pages: 256 of 4 KiB), and the read-ahead window of
 * compressed data: a source read has a cost of its own (a Blob read in a worker crosses to
 * the browser's process; a file read waits on the thread pool), so a chunk header and its
 * 40 KiB of data are not two reads each. With one window per CPU, the memory in flight is
 * a few MiB. Counted in bytes, not pages: with arm64's or ppc64's 64 KiB pages, 256 pages
 * were 16 MiB per CPU and per read ahead, gigabytes on a machine of a hundred CPUs.
 */
const PLAIN_READ = 1 << 20;
const EMPTY = new Uint8Array(0);
/** Far above what zstd or zlib make of ring-buffer pages (3.7–4.5 on the recorded and generated files). */
const MAX_COMPRESSION_RATIO = 32;
/** The largest chunk decompressed into a stream's reused memory (trace-cmd's are 10 pages). */
const MAX_REUSED_CHUNK = 4 << 20;
const READ_WINDOW = 1 << 20;

export interface CpuStreamOptions {
  source: ByteSource;
  cpu: CpuData;
  pageSize: number;
  layout: PageLayout;
  little: boolean;
  decompress: BlockDecompressor | null;
  /** The records' raw times to the times they are ordered by (PageRecords' `scale`), if not the same. */
  scale?: ((high: number, low: number) => number) | null;
  /** For messages: `CPU 1 data (instance "")`. */
  section: string;
}

export class CpuStream {
  readonly cpu: number;
  /** The current record, valid while `ready` (see PageRecords). */
  readonly rec: PageRecords;
  /** A current record is there to take. */
  ready = false;
  /** No more records (the end, or an error: see `error`). */
  done = false;
  /** What stopped this stream before its end, if anything. */
  error: TraceDatError | null = null;
  /** Bytes of the file consumed so far (for progress). */
  bytesRead = 0;

  /**
   * This CPU's data uncompressed, as far as its first block tells (to size the model before
   * any record): its size when plain; when compressed, the chunk count times the first
   * chunk's size (trace-cmd's chunks are ten pages each, the last one fewer), 0 before
   * that chunk is read, and never more than MAX_COMPRESSION_RATIO times the compressed
   * size (a damaged count could claim any number of chunks).
   */
  get dataBytesGuess(): number {
    if (!this.o.decompress) return this.o.cpu.size;
    return Math.min(this.chunkCount * this.firstChunkSize, this.o.cpu.size * MAX_COMPRESSION_RATIO);
  }

  private block: BinaryView | null = null;
  private pagePos = 0;
  private pageLoaded = false;
  /** Plain data: the next file offset to read, and the end. */
  private nextOffset: number;
  private endOffset: number;
  /** Compressed data: chunks left and a partial page carried into the next chunk. */
  private chunksLeft = -1;
  /** Compressed data: the chunk table's count, and the first chunk's size uncompressed (0 before it is read). */
  private chunkCount = 0;
  private firstChunkSize = 0;
  private carry: Uint8Array | null = null;
  /** An error to report once the whole pages read before it are used. */
  private pending: TraceDatError | null = null;
  /**
   * Compressed data: two blocks of memory the chunks decompress into, used in turn (the block
   * handed out before is used up when the next chunk is read), so that thousands of chunks
   * cost no fresh memory each.
   */
  private readonly chunkMemory: [Uint8Array, Uint8Array] = [EMPTY, EMPTY];
  private chunkTurn = 0;
  /** Compressed data: the bytes read ahead, from file offset windowStart. */
  private window: Uint8Array | null = null;
  private windowStart = 0;
  /** The next read, started while the current block is decoded. */
  private readonly ahead: ReadAhead;
  /** Plain data from a source that reads a region into the reader's memory: two blocks, used in turn. */
  private readonly plainAhead: RegionReadAhead | null;

  constructor(private readonly o: CpuStreamOptions) {
    this.cpu = o.cpu.cpu;
    this.ahead = new ReadAhead(o.source);
    this.plainAhead = !o.decompress && o.source.region ? new RegionReadAhead(o.source.region.bind(o.source), o.cpu.offset + o.cpu.size) : null;
    this.rec = new PageRecords(o.layout, o.scale ?? null);
    this.nextOffset = o.cpu.offset;
    this.endOffset = o.decompress ? Number.POSITIVE_INFINITY : o.cpu.offset + o.cpu.size;
    // A CPU of size 0 is empty, compressed or not (trace-cmd's init_cpu()): trace-cmd writes
    // no chunk table for it, and what its offset points at is the next CPU's data.
    if (o.cpu.size === 0) this.done = true;
  }

  /**
   * Moves to the next record within the current block: true when there is one, false when
   * the block is used up (call `refill`) or the stream is done.
   */
  advance(): boolean {
    this.ready = false;
    if (this.done || this.block === null) return false;
    const size = this.o.pageSize;
    try {
      for (;;) {
        if (this.pageLoaded && this.rec.next()) {
          this.ready = true;
          return true;
        }
        if (this.pageLoaded) this.pagePos += size;
        this.pageLoaded = false;
        if (this.pagePos + size > this.block.length) return false;
        this.pageLoaded = this.rec.load(this.block, this.pagePos, size);
        if (!this.pageLoaded) this.pagePos += size;
      }
    } catch (err) {
      this.stop(err);
      return false;
    }
  }

  /** Reads the next block and moves to its first record; `done` when there is none. */
  async refill(): Promise<void> {
    while (!this.done && !this.ready) {
      try {
        const block = await this.readBlock();
        if (block === null) {
          this.done = true;
          return;
        }
        this.block = block;
        this.pagePos = 0;
        this.pageLoaded = false;
      } catch (err) {
        this.stop(err);
        return;
      }
      this.advance();
    }
  }

  /** The block the current record is in. */
  currentBlock(): BinaryView {
    return this.block!;
  }

  /**
   * Hands every record of the current block (all its pages, from the first) to `visit`,
   * without moving the stream; returns the bytes of the pages walked (0 with no block). A
   * damaged page ends the walk there: reading reports it when it gets there.
   */
  visitBlockRecords(visit: (view: BinaryView, start: number) => void): number {
    const block = this.block;
    if (block === null) return 0;
    const size = this.o.pageSize;
    const page = new PageRecords(this.o.layout);
    let pos = 0;
    try {
      for (; pos + size <= block.length; pos += size) {
        if (!page.load(block, pos, size)) continue;
        while (page.next()) visit(block, page.start);
      }
    } catch {
      /* the walk ends at the damaged page */
    }
    return pos;
  }

  /** Stops this stream on an error found in its current record. */
  fail(err: unknown): void {
    this.stop(err);
  }

  /** Lets go of what reads the file for this stream (at its end, or when the reading stops early). */
  close(): void {
    this.plainAhead?.close();
  }

  private stop(err: unknown): void {
    this.done = true;
    this.ready = false;
    this.error =
      err instanceof TraceDatError ? err : new TraceDatError(this.o.section, this.nextOffset, err instanceof Error ? err.message : String(err));
  }

  private async readBlock(): Promise<BinaryView | null> {
    return this.o.decompress ? this.readChunk(this.o.decompress) : this.readPlain();
  }

  private async readPlain(): Promise<BinaryView | null> {
    const { source, pageSize, little, section } = this.o;
    const at = this.nextOffset;
    if (this.pending) throw this.pending;
    if (at >= this.endOffset) {
      this.close();
      return null;
    }
    const want = Math.min(this.endOffset - at, pageSize * Math.max(1, Math.floor(PLAIN_READ / pageSize)));
    // The block handed out before this one is used up: its memory may take the next read.
    const bytes = await (this.plainAhead ?? this.ahead).read(at, want, this.endOffset);
    if (bytes.length < want) {
      // Truncated: keep the whole pages that are there, then say where the file ended.
      const error = new TraceDatError(section, at + bytes.length - (bytes.length % pageSize), `the CPU data should run to byte ${this.endOffset} but the file ends at byte ${source.size} (truncated)`);
      if (bytes.length < pageSize) throw error;
      const whole = bytes.length - (bytes.length % pageSize);
      this.pending = error;
      this.nextOffset = at + whole;
      this.bytesRead += whole;
      return new BinaryView(bytes.subarray(0, whole), little, at, section);
    }
    this.nextOffset = at + want;
    this.bytesRead += want;
    const rest = want % pageSize;
    if (rest !== 0 && at + want >= this.endOffset) {
      // The CPU's data ends inside a page (trace-cmd writes whole pages: a damaged size, or a
      // page size in the BUFFER option that is not the data's): its whole pages are read, and
      // the part page is reported, not dropped without a word.
      this.pending = new TraceDatError(section, at + want - rest, `the CPU data ends ${rest} bytes into a page of ${pageSize} bytes; those bytes are not read`);
      return new BinaryView(bytes.subarray(0, want - rest), little, at, section);
    }
    return new BinaryView(bytes, little, at, section);
  }

  private async readChunk(decompress: BlockDecompressor): Promise<BinaryView | null> {
    const { source, pageSize, little, section } = this.o;
    if (this.chunksLeft < 0) {
      const head = await this.readExact(this.nextOffset, 4, 'chunk count');
      this.chunksLeft = this.chunkCount = head.u32(0);
      this.nextOffset += 4;
      this.bytesRead += 4;
    }
    if (this.chunksLeft === 0) {
      if (this.carry) throw new TraceDatError(section, this.nextOffset, `the last chunk ends inside a page (${this.carry.length} bytes left over)`);
      return null;
    }
    const at = this.nextOffset;
    const head = await this.readExact(at, 8, 'chunk header');
    const zsize = head.u32(0);
    const usize = head.u32(4);
    if (zsize > source.size - at - 8) {
      throw new TraceDatError(section, at, `a compressed chunk of ${zsize} bytes past the end of the file (truncated)`);
    }
    const z = await this.readExact(at + 8, zsize, 'compressed chunk');
    let data: Uint8Array;
    // A size past any chunk trace-cmd writes (a damaged header, most likely) gets no memory
    // made ahead of the decompressor, which finds out what the block really holds.
    let into: Uint8Array | undefined;
    if (usize <= MAX_REUSED_CHUNK) {
      const turn = (this.chunkTurn ^= 1);
      if (this.chunkMemory[turn].length <= usize) this.chunkMemory[turn] = new Uint8Array(usize + 1);
      into = this.chunkMemory[turn];
    }
    try {
      data = decompress(z.bytes, usize, into);
    } catch (err) {
      throw new TraceDatError(section, at, `the compressed chunk does not decompress (${err instanceof Error ? err.message : String(err)})`);
    }
    if (this.firstChunkSize === 0) this.firstChunkSize = usize;
    this.chunksLeft--;
    this.nextOffset = at + 8 + zsize;
    this.bytesRead += 8 + zsize;
    if (this.carry) {
      const joined = new Uint8Array(this.carry.length + data.length);
      joined.set(this.carry);
      joined.set(data, this.carry.length);
      data = joined;
      this.carry = null;
    }
    const whole = data.length - (data.length % pageSize);
    if (whole < data.length) this.carry = data.slice(whole);
    // Errors inside a chunk name the chunk's file offset and the place in its pages.
    return new BinaryView(data.subarray(0, whole), little, at, `${section}, compressed chunk`, true);
  }

  private async readExact(at: number, n: number, what: string): Promise<BinaryView> {
    const local = at - this.windowStart;
    let bytes: Uint8Array;
    if (this.window && local >= 0 && local + n <= this.window.length) {
      bytes = this.window.subarray(local, local + n);
    } else if (this.window && local >= 0 && local < this.window.length) {
      // The piece runs past the window: its head is here, the rest is the next window,
      // read from the window's end (where the read ahead already started).
      const head = this.window.subarray(local);
      const end = this.windowStart + this.window.length;
      const more = await this.ahead.read(end, Math.max(n - head.length, Math.min(READ_WINDOW, this.o.source.size - end)), this.o.source.size);
      const joined = new Uint8Array(head.length + more.length);
      joined.set(head);
      joined.set(more, head.length);
      this.window = joined;
      this.windowStart = at;
      bytes = joined.subarray(0, n);
    } else {
      // A new window from here (the old one stays alive only through views still in use).
      this.window = await this.ahead.read(at, Math.max(n, Math.min(READ_WINDOW, this.o.source.size - at)), this.o.source.size);
      this.windowStart = at;
      bytes = this.window.subarray(0, n);
    }
    if (bytes.length < n) {
      throw new TraceDatError(this.o.section, at, `needs a ${what} of ${n} bytes but the file ends at byte ${this.o.source.size} (truncated)`);
    }
    // Sources hand out memory of their own for each read (source.ts): no copy needed.
    return new BinaryView(bytes, this.o.little, at, this.o.section);
  }
}

/**
 * Sequential reads of one stream with the next one already under way: when a read of
 * [at, at + n) is handed out, the read of the same length right after it starts, so the
 * source's latency (a Blob read crosses to the browser's process) overlaps the decoding of
 * the block just read. A read elsewhere drops the guess.
 */
class ReadAhead {
  private next: { at: number; length: number; bytes: Promise<Uint8Array> } | null = null;

  constructor(private readonly source: ByteSource) {}

  async read(at: number, length: number, limit: number): Promise<Uint8Array> {
    const guess = this.next;
    this.next = null;
    const bytes = guess && guess.at === at && guess.length === length ? guess.bytes : this.source.read(at, length);
    const after = at + length;
    const nextLength = Math.min(length, limit - after);
    if (nextLength > 0) {
      const ahead = this.source.read(after, nextLength);
      // A failed guess is reported by the read that uses it, if any.
      ahead.catch(() => undefined);
      this.next = { at: after, length: nextLength, bytes: ahead };
    }
    return bytes;
  }
}

/**
 * ReadAhead for a source that reads a region into memory it is given (`ByteSource.region`):
 * the block handed out and the one being read ahead are two buffers used in turn, so a
 * stream of plain pages takes no fresh memory per block. A block stays valid until the next
 * `read` (the stream asks for the next block once its current one is used up). The reads
 * go on in order through one region reader, opened at the first read (again at a read
 * elsewhere, which does not happen for one CPU's pages).
 */
class RegionReadAhead {
  private readonly buffers: Uint8Array[] = [new Uint8Array(0), new Uint8Array(0)];
  /** The buffer handed out last (free again at the next read); the other one reads ahead. */
  private current = 0;
  private next: { at: number; length: number; filled: Promise<number> } | null = null;
  private reader: RegionReader | null = null;
  /** The file offset of the region reader's next byte. */
  private readerAt = 0;

  constructor(
    private readonly open: (offset: number, end: number) => RegionReader,
    private readonly end: number,
  ) {}

  async read(at: number, length: number, limit: number): Promise<Uint8Array> {
    const guess = this.next;
    this.next = null;
    const other = 1 - this.current;
    let n: number;
    if (guess && guess.at === at && guess.length === length) {
      n = await guess.filled;
    } else {
      // A read elsewhere: the guess must land before its buffer is written again.
      if (guess) await guess.filled.catch(() => 0);
      n = await this.fill(at, this.buffer(other, length));
    }
    this.current = other;
    const bytes = this.buffers[other].subarray(0, n);
    const after = at + length;
    const nextLength = Math.min(length, limit - after);
    if (nextLength > 0) {
      const filled = this.fill(after, this.buffer(1 - other, nextLength));
      // A failed guess is reported by the read that uses it, if any.
      filled.catch(() => undefined);
      this.next = { at: after, length: nextLength, filled };
    }
    return bytes;
  }

  close(): void {
    this.reader?.close();
    this.reader = null;
  }

  /** Reads [at, at + target.length) into target (fewer bytes only at the end). Called one at a time. */
  private async fill(at: number, target: Uint8Array): Promise<number> {
    if (this.reader === null || this.readerAt !== at) {
      this.reader?.close();
      this.reader = this.open(at, this.end);
    }
    const reader = this.reader;
    // Where the reader will be, set before the read so that a read elsewhere while it runs reopens.
    this.readerAt = at + target.length;
    const n = await reader.read(target);
    if (n < target.length) this.readerAt = at + n;
    return n;
  }

  /** Buffer `k`'s first `length` bytes (grown when a block is longer than any before). */
  private buffer(k: number, length: number): Uint8Array {
    if (this.buffers[k].length < length) this.buffers[k] = new Uint8Array(length);
    return this.buffers[k].subarray(0, length);
  }
}
