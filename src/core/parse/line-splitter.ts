/**
 * Turns byte chunks into lines without ever holding the whole input as one string.
 *
 * UTF-8 characters split across chunks are carried by the streaming TextDecoder; a
 * line split across chunks is carried as `pending` until its `\n` arrives. Invalid
 * UTF-8 becomes U+FFFD (a trace is text; garbage must not stop the rest from loading).
 */
export type LineSink = (line: string) => void;

export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8', { fatal: false });
  private pending = '';
  /** Bytes pushed so far. */
  bytes = 0;

  constructor(private readonly sink: LineSink) {}

  pushBytes(chunk: Uint8Array): void {
    this.bytes += chunk.byteLength;
    this.pushText(this.decoder.decode(chunk, { stream: true }));
  }

  /** For text that is already decoded (a paste). */
  pushText(text: string): void {
    let start = 0;
    let nl = text.indexOf('\n');
    if (nl < 0) {
      this.pending += text;
      return;
    }
    if (this.pending.length > 0) {
      this.sink(this.pending + text.slice(0, nl));
      this.pending = '';
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    while (nl >= 0) {
      this.sink(text.slice(start, nl));
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    if (start < text.length) this.pending = text.slice(start);
  }

  /** Flushes the decoder and a last line without `\n`. */
  end(): void {
    const rest = this.decoder.decode();
    if (rest) this.pushText(rest);
    if (this.pending.length > 0) {
      this.sink(this.pending);
      this.pending = '';
    }
  }
}
