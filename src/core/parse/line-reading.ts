/**
 * What happens to one line between the byte splitter and the builder, shared by the
 * one-pass loader (load.ts) and the range parser (parallel/range-parser.ts) so that both
 * make the same record from the same line: the decoding (over-long lines, e-mail quote
 * markers), the byte fast path's take, and the record of a line no parser reads.
 */
import { utf8Text } from '../../lib/ascii-text';
import type { StringTable } from '../model/string-table';
import type { DiagnosticItem } from '../model/tables';
import { detectorFor } from './detect';
import { RecordKind, type FormatId, type LineParser, type LineRecord } from './record';
import { summaryOutputProblem } from './summary-output';
import { TraceCmdFastPath } from './trace-cmd-fast';

/** Bytes of a line: no ftrace line comes close; longer ones are reported instead of parsed. */
export const MAX_LINE_LENGTH = 64 * 1024;
const QUOTE_MARKERS = /^(?:>[ \t]?)+/;
/**
 * ANSI CSI sequences (ECMA-48: ESC `[`, parameter bytes 0x30–0x3F, intermediate bytes
 * 0x20–0x2F, one final byte 0x40–0x7E): `grep --color=always` wraps each match in
 * `ESC[01;31mESC[K … ESC[mESC[K`, and a trace saved through it (or `script`, or `less -R`)
 * carries them. The kernel never prints ESC in trace text, so they are taken out before
 * any parser sees the line; left in, they became part of the function's name.
 */
const ANSI_CSI = /\x1b\[[0-?]*[ -/]*[@-~]/g;
/**
 * No-break spaces (U+00A0): a trace copied from a web page (`&nbsp;` keeps HTML from
 * collapsing the columns' runs of blanks) has them in place of some or all of its spaces,
 * and every parser splits columns on the space. The kernel pads with spaces only.
 */
const NO_BREAK_SPACE = /\u00a0/g;

/**
 * `line` with each tab replaced by the spaces up to the next multiple of 8 columns: the
 * kernel and trace-cmd pad columns with spaces only, so a tab is a run of them that a
 * tool (`unexpand`, an editor's retab, a mail client) folded at the usual 8-column stops;
 * every parser splits and indents on spaces (a function_graph depth is its indent).
 */
function expandTabs(line: string): string {
  let out = '';
  let from = 0;
  for (let t = line.indexOf('\t'); t >= 0; t = line.indexOf('\t', from)) {
    out += line.slice(from, t);
    out += ' '.repeat(8 - (out.length % 8));
    from = t + 1;
  }
  return out + line.slice(from);
}

/** The parsers of a format: the line parser and, for trace-cmd reports, the byte fast path. */
export interface FormatParsers {
  parser: LineParser | undefined;
  fast: TraceCmdFastPath | undefined;
}

/** The parsers of `format` (none for 'unknown'); the fast path interns names into `strings`. */
export function createFormatParsers(format: FormatId, strings: StringTable): FormatParsers {
  const detector = detectorFor(format);
  if (!detector) return { parser: undefined, fast: undefined };
  return {
    parser: detector.create(),
    fast: format === 'trace-cmd-report' ? new TraceCmdFastPath(strings) : undefined,
  };
}

/**
 * The text of the line `buf[start, end)`. An over-long line (in bytes) is only decoded as
 * far as needed to report it; the text stands for it by a length over the limit
 * (multi-byte characters decode shorter). A trace quoted in an e-mail (`> ` markers) loses
 * them: no trace line starts with `>`. Terminal colour codes are taken out (ANSI_CSI), and a
 * web page's no-break spaces read as spaces (NO_BREAK_SPACE), tabs as the spaces they
 * stand for (expandTabs).
 */
export function decodeLine(decoder: TextDecoder, buf: Uint8Array, start: number, end: number): string {
  const overLong = end - start > MAX_LINE_LENGTH;
  let line = utf8Text(decoder, buf, start, Math.min(end, start + MAX_LINE_LENGTH + 1));
  if (overLong && line.length <= MAX_LINE_LENGTH) line = line.padEnd(MAX_LINE_LENGTH + 1);
  return readableLine(line);
}

/**
 * A decoded line as the parsers read it, and as a diagnostic quotes it: without e-mail quote
 * markers, terminal colour codes and no-break spaces, tabs as spaces (decodeLine).
 */
export function readableLine(line: string): string {
  if (line.charCodeAt(0) === 62) line = line.replace(QUOTE_MARKERS, '');
  if (line.includes('\x1b')) line = line.replace(ANSI_CSI, '');
  if (line.includes('\u00a0')) line = line.replace(NO_BREAK_SPACE, ' ');
  if (line.includes('\t')) line = expandTabs(line);
  return line;
}

/**
 * The byte fast path's take of the line at `start` (see ByteLineTaker): the index of its
 * `\n` with `out` filled, or -1 when the string parser must read it.
 */
export function takeFastLine(fast: TraceCmdFastPath, buf: Uint8Array, start: number, limit: number, out: LineRecord): number {
  // An over-long line is reported, not parsed, wherever the chunks split it: split, it
  // reaches the sink cut to the limit; whole in one chunk, the fast path must not take it
  // (nor intern its name): it sees no further than a line of the limit, CRLF included.
  const end = fast.parse(buf, start, Math.min(limit, start + MAX_LINE_LENGTH + 2), out);
  if (end < 0 || end - start - (buf[end - 1] === 13 ? 1 : 0) > MAX_LINE_LENGTH) return -1;
  return end;
}

/**
 * The problem of an unread line that holds NUL bytes. The kernel and trace-cmd print none (a
 * task's comm is printed up to its NUL: `%s`); a file has them where its blocks were
 * zero-filled: after a crash (a file's size written before its data), or a write or copy
 * that did not finish. Said as such, not as a line of the wrong shape (it looks empty).
 */
export const ZERO_FILLED =
  'the line holds NUL bytes (zeros), not text: the file was zero-filled there (by a crash, or a write or copy that did not finish), its text lost';

/**
 * A zero-filled line: NULs only, or a run of them (a filled block is hundreds of bytes); a
 * stray NUL among other bytes is damage of another kind, said as the parser says it.
 */
const ZERO_RUN = /^\0+$|\0{8}/;

/** Whether the first unread line was zero-filled (ZERO_FILLED): what a file that is no trace is said to be. */
export function beginsZeroFilled(items: readonly DiagnosticItem[]): boolean {
  return items.find((i) => i.kind === 'unparsed')?.message === ZERO_FILLED;
}

/** Fills `r` for a decoded line: by the parser, or as unread when there is none or the line is over-long. */
export function parseLineText(parser: LineParser | undefined, line: string, lineNo: number, r: LineRecord): void {
  if (!parser || line.length > MAX_LINE_LENGTH) {
    r.kind = RecordKind.Unknown;
    r.text = line.length > 200 ? line.slice(0, 200) : line;
    r.problem = !parser
      ? (summaryOutputProblem(line) ?? 'the input is not a trace format this tool reads (trace-cmd report, kernel function_graph or function text)')
      : `a line of more than ${MAX_LINE_LENGTH} bytes: longer than any trace line`;
    if (parser === undefined && line.trim() === '') r.kind = RecordKind.Blank;
    else if (ZERO_RUN.test(line)) r.problem = ZERO_FILLED;
    return;
  }
  parser.parseLine(line, lineNo, r);
  if (r.kind === RecordKind.Unknown && ZERO_RUN.test(line)) r.problem = ZERO_FILLED;
}

/**
 * Whether a range of the input may begin with this line: the parser makes the same record
 * of it, and is left in the same state, whatever lines came before. An over-long line is
 * never parsed, so the parser's state passes through it: it is a seam only for a parser
 * with no state across lines.
 */
export function isSeamLine(parser: LineParser | undefined, line: string): boolean {
  if (!parser?.startsFresh) return true;
  return line.length <= MAX_LINE_LENGTH && parser.startsFresh(line);
}
