/**
 * The whole pipeline from bytes to a model: split lines, detect the format on the first
 * lines, parse each line into one reused record, and feed the builder. Push-based so the
 * worker, the CLI and tests can drive it with any chunking; the result never depends on
 * where chunks split.
 */
import { DETECT_BYTES, DETECT_LINES, detectFormat } from './parse/detect';
import { ByteLineSplitter } from './parse/byte-lines';
import { utf16Of, Utf16Transcoder, type Utf16 } from './parse/utf16';
import { BINARY_SNIFF_BYTES, describeBinaryInput, GZIP_INSIDE_GZIP, isGzip } from '../lib/file-magic';
import type { TraceCmdFastPath } from './parse/trace-cmd-fast';
import { createFormatParsers, decodeLine, MAX_LINE_LENGTH, parseLineText, takeFastLine } from './parse/line-reading';
import { createRecord, type FormatId, type LineParser, type LineRecord } from './parse/record';
import { TraceBuilder } from './model/builder';
import type { TraceModel } from './model/tables';

export class TraceLoader {
  private readonly builder: TraceBuilder;
  private readonly splitter: ByteLineSplitter;
  private readonly decoder = new TextDecoder('utf-8', { fatal: false });
  private readonly encoder = new TextEncoder();
  /** Set for trace-cmd reports: parses the common lines straight from bytes. */
  private fast: TraceCmdFastPath | undefined;
  private readonly record: LineRecord = createRecord();
  private parser: LineParser | undefined;
  private format: FormatId = 'unknown';
  /** Lines held back until the format is known. */
  private head: string[] | undefined = [];
  private headBytes = 0;
  private headNonBlank = 0;
  private lineNo = 0;
  /** The lines held to detect the format (read by the string parser only), once it was. */
  headLineCount = 0;
  private finished = false;
  /** The input's first bytes (a copy), held until there are enough to recognise a binary file. */
  private sniff: Uint8Array | null = new Uint8Array(0);
  /** What the input is when it is a known binary file (nothing of it is parsed), else null. */
  private binary: string | null = null;
  /** Decodes the input when its first bytes are UTF-16 (utf16.ts). */
  private utf16: Utf16Transcoder | null = null;

  /**
   * `expectedTextBytes`: the text size when known (a file's size; 0 when not, e.g. gzip),
   * used only to size the call table once instead of growing it.
   */
  constructor(expectedTextBytes = 0) {
    // Real function_graph reports run 150–170 bytes per call (the seed trace: 159, the bench
    // generator: 168); a guess a little high costs no copy, only slack that finish() trims.
    this.builder = new TraceBuilder(Math.min(expectedTextBytes / 150, 50_000_000));
    this.splitter = new ByteLineSplitter(
      (buf, start, end) => this.onLine(buf, start, end),
      (buf, start, limit) => this.takeFast(buf, start, limit),
      // Enough of a line to tell it is over-long: the rest is never held.
      MAX_LINE_LENGTH + 1,
    );
  }

  /** Lines read so far. */
  get lines(): number {
    return this.lineNo;
  }

  /** Calls in the model so far (what its memory grows with). */
  get calls(): number {
    return this.builder.callCount;
  }

  /** Text bytes read so far (after decompression). */
  get bytes(): number {
    return this.splitter.bytes;
  }

  /**
   * The format the first lines decided, once they did (undefined while they are still held,
   * and for a binary input): what the ranges of a parallel load are parsed as.
   */
  get detectedFormat(): FormatId | undefined {
    return this.head || this.sniff !== null || this.binary !== null ? undefined : this.format;
  }

  /** The input is a known binary file (trace.dat, perf.data, zstd…): reading on is useless. */
  get isBinary(): boolean {
    return this.binary !== null;
  }

  /**
   * The UTF-16 the input is in (text from Windows PowerShell's `>`), read as UTF-8: the
   * bytes of this loader's lines are not the input's, so its ranges cannot be cut from the
   * input (plan.ts) nor its lines read again from it without the same decoding.
   */
  get textEncoding(): Utf16 | null {
    return this.utf16?.encoding ?? null;
  }

  pushBytes(chunk: Uint8Array): void {
    if (this.binary !== null) return;
    if (this.sniff !== null) {
      const head = this.sniff.length === 0 ? chunk : concat(this.sniff, chunk);
      if (head.length < BINARY_SNIFF_BYTES) {
        // A copy: the caller may read into the chunk's buffer again.
        this.sniff = head.slice();
        return;
      }
      this.sniff = null;
      const text = this.recognise(head);
      if (text !== null) this.splitter.push(text);
      return;
    }
    this.splitter.push(this.utf16 ? this.utf16.push(chunk) : chunk);
  }

  /**
   * The input's first bytes as the text the splitter reads (decoded from UTF-16 when they
   * are in it), or null when they say it is no trace text (then reported).
   */
  private recognise(head: Uint8Array): Uint8Array | null {
    // A binary file's magic first: zeros between its bytes are no text's.
    this.binary = describeText(head);
    const encoding = this.binary === null ? utf16Of(head) : null;
    if (encoding) {
      this.utf16 = new Utf16Transcoder(encoding);
      head = this.utf16.push(head);
      this.binary = describeText(head);
    }
    if (this.binary === null) return head;
    this.addInputError(this.binary);
    return null;
  }

  /** Text that is already decoded (a paste). */
  pushText(text: string): void {
    this.splitter.push(this.encoder.encode(text));
  }

  /** Records a problem with the input as a whole (a broken gzip stream, a read error). */
  addInputError(message: string): void {
    this.builder.addInputError(message, this.lineNo);
  }

  finish(): TraceModel {
    if (!this.finished) {
      this.finished = true;
      // An input shorter than the sniff: text, unless a kind whose mark is that short says
      // otherwise (a zstd or lz4 file of a few bytes).
      const sniff = this.sniff;
      this.sniff = null;
      if (sniff !== null && sniff.length > 0) {
        const text = this.recognise(sniff);
        if (text !== null) this.splitter.push(text);
      }
      if (this.utf16 && this.binary === null) this.splitter.push(this.utf16.end());
      this.splitter.end();
      if (this.head) this.startParsing();
    }
    const model = this.builder.finish(this.format);
    model.textBytes = this.splitter.bytes;
    const release = (this.parser as { kernelRelease?: string } | undefined)?.kernelRelease;
    if (release) model.kernelRelease = release;
    return model;
  }

  /** The byte fast path, offered every line before it is split off (see ByteLineTaker). */
  private takeFast(buf: Uint8Array, start: number, limit: number): number {
    const fast = this.fast;
    if (fast === undefined) return -1;
    const end = takeFastLine(fast, buf, start, limit, this.record);
    if (end >= 0) {
      // Its records have no rare field (the fast path resets them): the builder's plain lane first.
      const lineNo = ++this.lineNo;
      if (!this.builder.addPlain(this.record, lineNo)) this.builder.add(this.record, lineNo);
    }
    return end;
  }

  private onLine(buf: Uint8Array, start: number, end: number): void {
    const line = decodeLine(this.decoder, buf, start, end);
    const head = this.head;
    if (!head) {
      this.parseOne(line);
      return;
    }
    head.push(line);
    // The line end counts too: a run of blank lines must end the wait for detection (held
    // lines are memory; a file of newlines once grew this to gigabytes).
    this.headBytes += line.length + 1;
    if (line.trim() !== '') this.headNonBlank++;
    if (this.headNonBlank >= DETECT_LINES || this.headBytes >= DETECT_BYTES) this.startParsing();
  }

  private startParsing(): void {
    const head = this.head ?? [];
    this.head = undefined;
    this.headLineCount = head.length;
    const detector = detectFormat(head.map((l) => (l.length > MAX_LINE_LENGTH ? '' : l)));
    if (detector) {
      this.format = detector.id;
      ({ parser: this.parser, fast: this.fast } = createFormatParsers(detector.id, this.builder.strings));
    }
    for (const line of head) this.parseOne(line);
  }

  private parseOne(line: string): void {
    const lineNo = ++this.lineNo;
    parseLineText(this.parser, line, lineNo, this.record);
    this.builder.add(this.record, lineNo);
  }
}

/**
 * What the loader's input is when it is no trace text (describeBinaryInput), or null. Every
 * reader inflates a gzip before its bytes come here (read-trace.ts, the CLI, the parse
 * pools): gzip here is a gzip inside the gzip (RFC 1952 §2.3.1 ID1 ID2).
 */
function describeText(head: Uint8Array): string | null {
  return isGzip(head) ? GZIP_INSIDE_GZIP : describeBinaryInput(head);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
