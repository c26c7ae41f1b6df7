/**
 * A Blob (a dropped or picked trace.dat, or one gathered from a stream) as the trace.dat
 * reader's random-access source (core/trace-dat/source.ts).
 *
 * Why not `blob.slice(offset, end).arrayBuffer()` per read: in Chromium each such read
 * crosses to the browser's process and back, about 3 ms for a small read and 20–25 ms for
 * 1 MiB on the 2-core VM (44 MB/s), and answers in fresh memory; the reader's worker sat
 * idle a quarter of a trace.dat load waiting on them. A Blob's stream keeps the bytes
 * flowing instead (150 MB/s and more there). The reader's reads come in sequential runs,
 * one per CPU's data (and its read-ahead: the next block is asked for while the current
 * one is decoded), so each run is served by one stream of the Blob from where the run
 * began, read with a BYOB reader into a few reused buffers (chunk-reader.ts) and copied
 * into the memory the reader gives (`readInto`) or a fresh block (`read`). A small read
 * that continues no run (the headers, the options) is still one `slice`.
 */
import type { ByteSource } from '../../core/trace-dat/source';
import { openChunkReader, type ChunkReader } from '../chunk-reader';

/** A read this long, or one that continues a run, goes through a stream. */
const STREAM_FROM = 256 * 1024;
/** Runs kept open at most (a CPU's data is one); past that the least recently used is closed. */
const MAX_RUNS = 256;

export class BlobSource implements ByteSource {
  readonly size: number;
  /** Open runs by the offset their next read starts at, least recently used first. */
  private readonly runs = new Map<number, BlobRun>();
  /** Streams opened so far (tests). */
  streamsOpened = 0;

  constructor(private readonly blob: Blob) {
    this.size = blob.size;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const end = Math.min(this.size, offset + length);
    if (end <= offset) return new Uint8Array(0);
    if (end - offset < STREAM_FROM && !this.runs.has(offset)) {
      return new Uint8Array(await this.blob.slice(offset, end).arrayBuffer());
    }
    const out = new Uint8Array(end - offset);
    const n = await this.fill(offset, out);
    return n === out.length ? out : out.subarray(0, n);
  }

  readInto(offset: number, target: Uint8Array): Promise<number> {
    const n = Math.max(0, Math.min(target.length, this.size - offset));
    return n === 0 ? Promise.resolve(0) : this.fill(offset, target.subarray(0, n));
  }

  /** Open streams (tests). */
  get openRuns(): number {
    return this.runs.size;
  }

  /** Closes every stream still open (the load is over). */
  close(): void {
    for (const run of this.runs.values()) run.close();
    this.runs.clear();
  }

  /** Fills `target` from `offset`: the run that has reached there, or a new one. */
  private fill(offset: number, target: Uint8Array): Promise<number> {
    let run = this.runs.get(offset);
    this.runs.delete(offset);
    if (!run) {
      run = new BlobRun(openChunkReader(this.blob.slice(offset)));
      this.streamsOpened++;
    }
    // Keyed now by where it will be once this read is done: a read ahead that comes before
    // this one lands queues behind it on the same stream.
    this.runs.set(offset + target.length, run);
    if (this.runs.size > MAX_RUNS) {
      const [oldest, stale] = this.runs.entries().next().value!;
      this.runs.delete(oldest);
      stale.close();
    }
    return run.fill(target);
  }
}

/** One stream of the Blob, read in order: each fill takes the bytes after the last one's. */
class BlobRun {
  /** Bytes read and not handed out yet (a view of a buffer the reader gets back once empty). */
  private left: Uint8Array | null = null;
  /** The fills, one after another. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly reader: ChunkReader) {}

  fill(target: Uint8Array): Promise<number> {
    const filled = this.queue.then(() => this.fillNow(target));
    this.queue = filled.catch(() => undefined);
    return filled;
  }

  /** Closes the stream once the fills asked for are done. */
  close(): void {
    void this.queue.then(() => this.reader.cancel().catch(() => undefined));
  }

  private async fillNow(target: Uint8Array): Promise<number> {
    let done = 0;
    for (;;) {
      let chunk = this.left;
      this.left = null;
      if (!chunk) {
        if (done === target.length) return done;
        chunk = (await this.reader.read()) ?? null;
        if (!chunk) return done;
      }
      const n = Math.min(chunk.length, target.length - done);
      target.set(chunk.subarray(0, n), done);
      done += n;
      if (n < chunk.length) {
        this.left = chunk.subarray(n);
        return done;
      }
      this.reader.recycle(chunk.buffer as ArrayBuffer);
    }
  }
}
