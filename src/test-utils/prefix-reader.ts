/**
 * Test helper for the kernel-text parsers' shared pieces (core/parse/context-prefix.ts and
 * function-payload.ts): reads one line the way those parsers do (a stack frame, a lost
 * marker or a context-prefixed record); the getters show what LineExtras kept of it.
 */
import { LineExtras, parseContextLine, parseLostLine, parseStackFrame, stripCr } from '../core/parse/context-prefix';
import { skipSpaces } from '../core/parse/fields';
import { RecordKind, createRecord, resetRecord, type LineRecord } from '../core/parse/record';

export class PrefixReader {
  private readonly ex = new LineExtras();
  get lastFlags(): string {
    return this.ex.flags;
  }
  get lastMark(): string {
    return this.ex.mark === 0 ? '' : String.fromCharCode(this.ex.mark);
  }
  get lastTgid(): number {
    return this.ex.tgid;
  }
  get lastRepeatTsNs(): number {
    return this.ex.repeatTsNs;
  }
  parseLine(line: string, out: LineRecord): void {
    resetRecord(out);
    const s = stripCr(line);
    this.ex.reset(s);
    const p = skipSpaces(s, 0);
    if (parseStackFrame(s, p, out) || parseLostLine(s, p, out) || parseContextLine(s, p, out, this.ex)) return;
    out.kind = RecordKind.Unknown;
  }
}

export function parseAll(lines: readonly string[], parser = new PrefixReader()): LineRecord[] {
  return lines.map((line) => {
    const r = createRecord();
    parser.parseLine(line, r);
    return r;
  });
}

export function one(line: string, parser = new PrefixReader()): LineRecord {
  return parseAll([line], parser)[0];
}

/** A function tracer line of the kernel's default text, and what it holds. */
export const NGINX = '           nginx-4411    [003] .....   873.104522: tcp_sendmsg <-inet_sendmsg';
export const NGINX_FIELDS = {
  kind: RecordKind.FunctionCall,
  comm: 'nginx',
  pid: 4411,
  cpu: 3,
  tsNs: 873104522000,
  name: 'tcp_sendmsg',
  parentName: 'inet_sendmsg',
  count: -1,
};
