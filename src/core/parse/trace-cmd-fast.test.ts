/** The byte fast path must give exactly the record of the complete string parser. */
import { describe, expect, it } from 'vitest';
import { StringTable } from '../model/string-table';
import { seededRandom } from '../../test-utils/seam-traces';
import { traceBytes } from '../../test-utils/traces';
import { createRecord, RecordFlag, RecordKind } from './record';
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
      // Events the string parser reads its own way, or whose message may go on.
      '            curl-139   [001]    11.525498: print:                tracing_mark_write: hello',
      '            curl-139   [001]    11.525498: bprint:               f: x=1',
      '            curl-139   [001]    11.525498: bputs:                f: hello',
      '            curl-139   [001]    11.525498: function:             f <-- g',
      '            curl-139   [001]    11.525498: func_repeats:         f <-- g (repeats: 2 delta: 1 -> 2)',
      '            curl-139   [001]    11.525498: fgraph_retaddr_entry:        |  f() { /* <-g+0x1/0x2 */',
      // --debug's tail, --ts-diff, a tab, a byte past ASCII, a name with a blank.
      '            curl-139   [001]    11.525498: sched_wakeup:         a:1 [120] CPU:001 [0:0x1c:64]',
      '            curl-139   [001]    11.525498: sched_wakeup: [-1:0x1c:64]',
      '            curl-139   [001]    11.525498: (+12)   sched_wakeup:         a:1 [120] CPU:001',
      '            curl-139   [001]    11.525498: sched_wakeup:         a:1\t[120]',
      '            curl-139   [001]    11.525498: sched_wakeup:         caf\u00e9:1 [120]',
      '            curl-139   [001]    11.525498: my event: x',
      '            curl-139   [001]    11.525498: [1:0x2:3]',
      '            curl-139   [001]    11.525498: sched-wakeup: x',
      '            curl-139   [001]    11.525498:  sched_wakeup: x',
      '            curl-139   [001]    11.525498: sched_wakeup',
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

  it('reads the other events as the string parser does: name, trimmed payload, prefix', () => {
    const fast = new TraceCmdFastPath(new StringTable());
    const slow = new TraceCmdReportParser();
    const a = createRecord();
    const b = createRecord();
    const lines = [
      '        postgres-4400  [002]  2345.873301: sched_switch:         postgres:4400 [120] S ==> trace-cmd:139 [120]',
      '          <idle>-0     [003] d.h2. 2345.873302: irq_handler_entry:    irq=11 name=eth0  ',
      '          <idle>-0     [003]  2345.873303: irq_handler_exit:',
      '          <idle>-0     [003]  2345.873303: softirq_raise:   vec=3 [action=NET_RX]',
      '            curl-139   [001] 11524982482: sched_wakeup:         a:1 [120] CPU:001',
      '            curl-139   [001]    11.524982: kernel_stack:         <stack trace >',
      '    tmux: server-1234  [001] ..... 11.524982: sched_waking:         comm=a pid=1 prio=120 target_cpu=001',
      '            curl-139   [001]    11.524982: sched_wakeup:         a:1 [120] [0:0x1c:64] x',
      '            curl-139   [001]    11.524982: funcgraph_entryx:     f',
    ];
    for (const [n, line] of lines.entries()) {
      for (const end of ['\n', '\r\n']) {
        const bytes = new TextEncoder().encode(line + end);
        expect([line, fast.parse(bytes, 0, bytes.length, a)]).toEqual([line, bytes.length - 1]);
        slow.parseLine(line + end.slice(0, -1), n + 1, b);
        expect(a.kind).toBe(RecordKind.Event);
        expect(a).toEqual(b);
      }
    }
    expect([a.name, a.text]).toEqual(['funcgraph_entryx', 'f']);
  });

  it('knows a --debug tail as the string parser does: random tails are declined or read alike', () => {
    const fast = new TraceCmdFastPath(new StringTable());
    const slow = new TraceCmdReportParser();
    const a = createRecord();
    const b = createRecord();
    const rng = seededRandom(13);
    const pieces = [' ', '[', ']', '-', ':', '0x', 'x', '0', '7', 'a', 'f', 'g', '12'];
    let tails = 0;
    let taken = 0;
    for (let n = 0; n < 5000; n++) {
      let payload = rng() < 0.2 ? '' : 'a';
      const parts = 1 + Math.floor(rng() * 10);
      for (let k = 0; k < parts; k++) payload += pieces[Math.floor(rng() * pieces.length)];
      if (rng() < 0.3) payload += ` [${rng() < 0.5 ? '-' : ''}${Math.floor(rng() * 99)}:0x${Math.floor(rng() * 4096).toString(16)}:${Math.floor(rng() * 99)}]`;
      if (!payload.endsWith(']')) payload += ']';
      const line = `            curl-139   [001]    11.524982: sched_wakeup:${rng() < 0.5 ? ' ' : ''}${payload}`;
      if (/ \[-?\d+:0x[0-9a-f]+:\d+\]$/.test(line)) tails++;
      const bytes = new TextEncoder().encode(line + '\n');
      if (fast.parse(bytes, 0, bytes.length, a) < 0) continue;
      taken++;
      slow.parseLine(line, n + 1, b);
      expect([line, a]).toEqual([line, b]);
    }
    expect(tails).toBeGreaterThan(1000);
    expect(taken).toBeGreaterThan(2000);
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
