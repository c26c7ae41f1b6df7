/**
 * Lines of the original input by number, for "Show the lines" on a call's card: read again
 * from what the service kept of the input, never from the model (which keeps no text).
 *
 * What is kept (read-trace.ts `lineSource`): the Blob of a file or a paste (a File is a
 * handle on the disk, not its bytes), or the small input's bytes (input-keeper.ts) for a
 * trace that came as a stream (a URL). A gzip input is inflated again from its start
 * (gzip cannot be entered in the middle) up to the lines asked for. A plain input is
 * entered near them: the first read records where every LINE_INDEX_EVERY-th line starts
 * (a sparse index of byte offsets, 8 bytes per 1024 lines), so later reads start at most
 * that many lines before what they ask for. UTF-16 text is read from its start, decoded as
 * the loader decoded it (core/parse/utf16.ts).
 *
 * Line numbers are the loader's: one per `\n`, a last line without one counts, a CR before
 * the `\n` is not part of the line.
 */
import { gunzipStream } from '../gunzip';
import { Utf16Transcoder, type Utf16 } from '../../core/parse/utf16';

/** Where the input can be read again from. */
export interface LineSource {
  blob: Blob;
  gzip: boolean;
  /** Text in UTF-16 (core/parse/utf16.ts): its lines are those of its UTF-8, read from its start. */
  encoding?: Utf16;
}

/** The stream of UTF-16 bytes as the UTF-8 the loader read. */
function utf8From(encoding: Utf16): TransformStream<Uint8Array, Uint8Array> {
  const transcoder = new Utf16Transcoder(encoding);
  return new TransformStream<Uint8Array, Uint8Array>({
    transform: (chunk, controller) => controller.enqueue(transcoder.push(chunk)),
    flush: (controller) => controller.enqueue(transcoder.end()),
  });
}

/** Every this many lines, the byte offset of the next line's start is remembered. */
export const LINE_INDEX_EVERY = 1024;
/** A line longer than this is cut (an over-long line of a damaged file must not fill the page). */
export const MAX_SHOWN_LINE = 2000;

const LF = 10;

export class InputLineReader {
  /** offsets[k]: byte offset (in the text) of line k · LINE_INDEX_EVERY + 1. Plain inputs only. */
  private readonly offsets: number[] = [0];

  constructor(private readonly source: LineSource) {}

  /** Lines [from, to] (1-based, inclusive), fewer when the input ends first. */
  async lines(from: number, to: number): Promise<string[]> {
    const first = Math.max(1, Math.floor(from));
    const last = Math.max(first, Math.floor(to));
    const { blob, gzip, encoding } = this.source;
    // Offsets in the text are offsets in the input only when it is the text itself.
    const indexed = !gzip && encoding === undefined;
    // Where to start: the indexed line at or before `first` (the start, for gzip or UTF-16).
    const k = indexed ? Math.min(Math.floor((first - 1) / LINE_INDEX_EVERY), this.offsets.length - 1) : 0;
    let offset = this.offsets[k];
    let lineNo = k * LINE_INDEX_EVERY + 1;
    const raw = gzip ? blob.stream().pipeThrough(gunzipStream()) : blob.slice(offset).stream();
    const stream = encoding ? raw.pipeThrough(utf8From(encoding)) : raw;
    const reader = stream.getReader();
    const decoder = new TextDecoder('utf-8', { fatal: false });
    const out: string[] = [];
    /** Bytes of the line being read when it is one of those asked for. */
    let parts: Uint8Array[] = [];
    let partBytes = 0;
    const keep = (chunk: Uint8Array, a: number, b: number) => {
      if (lineNo < first || partBytes >= MAX_SHOWN_LINE * 4 || b <= a) return;
      const piece = chunk.subarray(a, Math.min(b, a + MAX_SHOWN_LINE * 4 - partBytes));
      parts.push(piece.slice());
      partBytes += piece.length;
    };
    const endLine = () => {
      if (lineNo >= first) out.push(decodeLine(decoder, parts, partBytes));
      parts = [];
      partBytes = 0;
      lineNo++;
      if (indexed && (lineNo - 1) % LINE_INDEX_EVERY === 0 && (lineNo - 1) / LINE_INDEX_EVERY === this.offsets.length) {
        this.offsets.push(offset);
      }
    };
    try {
      for (;;) {
        const r = await reader.read().catch((err: unknown) => {
          // A damaged or cut gzip: its text ends where the load's did (the load kept the
          // text before the damage), so the lines around the last calls are shown, not an error.
          if (gzip) return { done: true as const, value: undefined };
          throw err;
        });
        if (r.done) break;
        const chunk = r.value;
        let at = 0;
        while (at < chunk.length) {
          const nl = chunk.indexOf(LF, at);
          if (nl < 0) {
            keep(chunk, at, chunk.length);
            offset += chunk.length - at;
            at = chunk.length;
            break;
          }
          keep(chunk, at, nl);
          offset += nl + 1 - at;
          at = nl + 1;
          endLine();
          if (lineNo > last) return out;
        }
      }
      // A last line without its `\n`.
      if (partBytes > 0) endLine();
      return out;
    } finally {
      await reader.cancel().catch(() => undefined);
    }
  }
}

function decodeLine(decoder: TextDecoder, parts: Uint8Array[], bytes: number): string {
  const all = new Uint8Array(bytes);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  let text = decoder.decode(all);
  if (text.endsWith('\r')) text = text.slice(0, -1);
  return text.length > MAX_SHOWN_LINE ? `${text.slice(0, MAX_SHOWN_LINE)}…` : text;
}
