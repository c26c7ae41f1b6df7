/** The byte fast path must give exactly the record of the complete string parser. */
import { describe, expect, it } from 'vitest';
import { StringTable } from '../model/string-table';
import { traceBytes } from '../../test-utils/traces';
import { createRecord, RecordFlag } from './record';
import { TraceCmdReportParser } from './trace-cmd-report';
import { TraceCmdFastPath } from './trace-cmd-fast';

describe('trace-cmd fast path', () => {
  it.each([
    '01-seed-curl-fgraph.report.txt.gz',
    '03-systemwide-sched-irq.report.txt.gz',
    '05-seed-report-fullts.txt.gz',
    '05-seed-report-rawts.txt.gz',
  ])('agrees with the string parser on every line of %s it takes', (name) => {
    const bytes = traceBytes(name).subarray(0, 8_000_000);
    const fast = new TraceCmdFastPath(new StringTable());
    const slow = new TraceCmdReportParser();
    const a = createRecord();
    const b = createRecord();
    const decoder = new TextDecoder();
    let taken = 0;
    let lines = 0;
    for (let s = 0, e = bytes.indexOf(10); e >= 0; s = e + 1, e = bytes.indexOf(10, s)) {
      lines++;
      const end = fast.parse(bytes, s, bytes.length, a);
      if (end < 0) continue;
      expect(end).toBe(e); // it finds the line's end itself
      taken++;
      slow.parseLine(decoder.decode(bytes.subarray(s, e)), lines, b);
      a.funcId = -1; // only the fast path interns
      if (JSON.stringify(a) !== JSON.stringify(b)) expect({ line: lines, record: a }).toEqual({ line: lines, record: b });
    }
    // It must take the bulk of a function_graph report, or it is no fast path.
    expect(taken / lines).toBeGreaterThan(name.startsWith('03') ? 0.7 : 0.99);
  }, 60_000);

  it('declines what it does not know, so the string parser sees it', () => {
    const fast = new TraceCmdFastPath(new StringTable());
    const r = createRecord();
    const enc = (s: string) => new TextEncoder().encode(s);
    for (const line of [
      '            curl-139   [001]    11.525498: funcgraph_exit:         8.836 us   |  } /* f */',
      '            curl-139   [001]    11.525498: funcgraph_entry:        0.211 us   |      f(); (1)',
      '            curl-139   [001]    11.525498: funcgraph_entry:                   |  f(a=1) {',
      '    curl-139     1...1.    11.524982: funcgraph_entry:      ! 472.967 us |  mutex_unlock();',
      '            curl-139   [001]    11.525498: sched_switch:         a:1 [120] S ==> b:2 [120]',
      '           nginx-4411  [003] ...1. 21873.104523: (+1)     funcgraph_entry:        0.211 us   |      f();',
      '            curl-139   [001]-0x1 11.524982: funcgraph_entry:       func=f depth=1',
      '            curl-139   [001]    11.52',
      // An instance's or input file's prefix: the string parser reads it (its `instance`).
      'net:             curl-139   [001]    11.525498: funcgraph_entry:        1.000 us   |  f();',
      'net:     tmux: server-139   [001]    11.525498: funcgraph_entry:        1.000 us   |  f();',
    ]) {
      const b = enc(line + '\n');
      expect([line, fast.parse(b, 0, b.length, r)]).toEqual([line, -1]);
    }
  });

  it('fills flags, mark, raw time and unresolved names as the string parser does (items 68, 69, 72, 79)', () => {
    const fast = new TraceCmdFastPath(new StringTable());
    const slow = new TraceCmdReportParser();
    const a = createRecord();
    const b = createRecord();
    const lines = [
      '           nginx-4411  [003] ..... 21873.104522: funcgraph_entry:                   |    tcp_sendmsg() {',
      '          <idle>-0     [011] d..1. 21873.104531: funcgraph_exit:       # 2248.930 us |    }',
      '           nginx-4411  [003] dNh2. 21873.104523: funcgraph_entry:      + 12.211 us   |      lock_sock_nested();',
      '            curl-139   [001] 11524982482: funcgraph_entry:                   |  f() {',
      '            curl-139   [001]    11.524982: funcgraph_entry:        1.000 us   |  ffffffffc0a1b2c3();',
      '            curl-139   [001]    11.524982: funcgraph_entry:        1.000 us   |  0xffffffffc0a1b2c3();',
      '            curl-139   [001]    11.524982: funcgraph_entry:        1.000 us   |  add_timer();',
      // A task name holding ': ' (tmux's), which the string parser does not take for a prefix.
      '    tmux: server-1234  [001] ..... 11.524982: funcgraph_entry:        1.000 us   |  do_sys_poll();',
    ];
    const taken = lines.map((line) => {
      const bytes = new TextEncoder().encode(line + '\n');
      expect(fast.parse(bytes, 0, bytes.length, a)).toBe(line.length);
      slow.parseLine(line, 1, b);
      a.funcId = -1;
      expect(a).toEqual(b);
      return [a.flagsText, a.mark, a.flags];
    });
    expect(taken).toEqual([
      ['.....', '', 0],
      ['d..1.', '#', 0],
      ['dNh2.', '+', 0],
      ['', '', RecordFlag.RawTime],
      ['', '', RecordFlag.Unresolved],
      ['', '', RecordFlag.Unresolved],
      ['', '', 0],
      ['.....', '', 0],
    ]);
  });

  it('takes a line only up to its LF, never reading into the next line', () => {
    const fast = new TraceCmdFastPath(new StringTable());
    const r = createRecord();
    const line = '            curl-139   [001]    11.525498: funcgraph_entry:        0.211 us   |  f();';
    const enc = (s: string) => new TextEncoder().encode(s);
    // Without its LF inside the limit the line may go on (a chunk cut): not taken.
    expect(fast.parse(enc(line), 0, line.length, r)).toBe(-1);
    expect(fast.parse(enc(line + '\n'), 0, line.length, r)).toBe(-1);
    // CRLF and trailing blanks are line ends; the LF's index comes back.
    expect(fast.parse(enc(line + '  \r\nnext'), 0, line.length + 8, r)).toBe(line.length + 3);
    expect(r).toMatchObject({ kind: 4, name: 'f', pid: 139, cpu: 1, durNs: 211 });
    // A line cut before its `[CPU]` does not borrow the next line's.
    const cut = '            curl-139\n   [001]    11.525498: funcgraph_entry:        0.211 us   |  f();\n';
    expect(fast.parse(enc(cut), 0, cut.length, r)).toBe(-1);
  });
});
