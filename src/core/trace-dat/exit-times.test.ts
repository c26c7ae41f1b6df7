import { describe, expect, it } from 'vitest';
import { parseEventFormat } from './event-format';
import { exitTimeFields } from './exit-times';

const COMMON =
  '\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n' +
  '\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n' +
  '\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n' +
  '\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n';

function exitFormat(fields: [string, number, number][]): ReturnType<typeof parseEventFormat> {
  const body = fields.map(([decl, off, size]) => `\tfield:${decl};\toffset:${off};\tsize:${size};\tsigned:0;\n`).join('');
  return parseEventFormat('ftrace', `name: funcgraph_exit\nID: 10\nformat:\n${COMMON}${body}\nprint fmt: "<-- %ps"\n`);
}

function offsets(fields: [string, number, number][]): [number, number] | null {
  const t = exitTimeFields(exitFormat(fields)!);
  return t ? [t.calltime.offset, t.rettime.offset] : null;
}

describe('exitTimeFields', () => {
  it("the 32-bit format of 6.14 until 033c55fe2e32 (calltime@24, rettime@32): the packed record's 20 and 28", () => {
    // Both format files are quoted in the commit's message.
    const fields: [string, number, number][] = [
      ['unsigned long func', 8, 4],
      ['unsigned int depth', 12, 4],
      ['unsigned int overrun', 16, 4],
      ['unsigned long long calltime', 24, 8],
      ['unsigned long long rettime', 32, 8],
    ];
    expect(offsets(fields)).toEqual([20, 28]);
    // The fixed format lists them where they are.
    expect(offsets([...fields.slice(0, 3), ['unsigned long long calltime', 20, 8], ['unsigned long long rettime', 28, 8]])).toEqual([20, 28]);
  });

  it('layouts with no padding are read as listed: 64-bit, 32-bit with retval, listed out of memory order', () => {
    expect(
      offsets([
        ['unsigned long func', 8, 8],
        ['unsigned int depth', 16, 4],
        ['unsigned int overrun', 20, 4],
        ['unsigned long long calltime', 24, 8],
        ['unsigned long long rettime', 32, 8],
      ]),
    ).toEqual([24, 32]);
    expect(
      offsets([
        ['unsigned long long rettime', 32, 8],
        ['unsigned long func', 8, 4],
        ['unsigned long long calltime', 24, 8],
        ['unsigned long retval', 12, 4],
        ['unsigned int depth', 16, 4],
        ['unsigned int overrun', 20, 4],
      ]),
    ).toEqual([24, 32]);
    // ≤ 5.10: overrun is 8 bytes and depth comes last.
    expect(
      offsets([
        ['unsigned long func', 8, 8],
        ['unsigned long overrun', 16, 8],
        ['unsigned long long calltime', 24, 8],
        ['unsigned long long rettime', 32, 8],
        ['int depth', 40, 4],
      ]),
    ).toEqual([24, 32]);
  });

  it("a 32-bit ARM kernel before the 2019/20 rework (3.10, 4.18, 5.4): calltime's padding after func is real, read as listed", () => {
    // include/linux/ftrace.h then: struct ftrace_graph_ret { unsigned long func; unsigned long
    // long calltime; unsigned long long rettime; unsigned long overrun; int depth; }, not
    // packed; the ARM EABI aligns a u64 to 8 and trace_export.c lists offsetof().
    expect(
      offsets([
        ['unsigned long func', 8, 4],
        ['unsigned long long calltime', 16, 8],
        ['unsigned long long rettime', 24, 8],
        ['unsigned long overrun', 32, 4],
        ['int depth', 36, 4],
      ]),
    ).toEqual([16, 24]);
  });

  it('no calltime or rettime: null', () => {
    expect(offsets([['unsigned long func', 8, 8]])).toBeNull();
  });
});
