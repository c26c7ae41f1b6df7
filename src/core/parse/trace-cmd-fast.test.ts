/** The byte fast path must give exactly the record of the complete string parser. */
import { describe, expect, it } from 'vitest';
import { StringTable } from '../model/string-table';
import { sharedTraceBytes } from '../test-support/traces';
import { createRecord } from './record';
import { TraceCmdReportParser } from './trace-cmd-report';
import { TraceCmdFastPath } from './trace-cmd-fast';

describe('trace-cmd fast path', () => {
  it.each([
    '01-seed-curl-fgraph.report.txt.gz',
    '03-systemwide-sched-irq.report.txt.gz',
    '05-seed-report-fullts.txt.gz',
    '05-seed-report-rawts.txt.gz',
  ])('agrees with the string parser on every line of %s it takes', (name) => {
    const bytes = sharedTraceBytes(name).subarray(0, 8_000_000);
    const fast = new TraceCmdFastPath(new StringTable());
    const slow = new TraceCmdReportParser();
    const a = createRecord();
    const b = createRecord();
    const decoder = new TextDecoder();
    let taken = 0;
    let lines = 0;
    for (let s = 0, e = bytes.indexOf(10); e >= 0; s = e + 1, e = bytes.indexOf(10, s)) {
      lines++;
      if (!fast.parse(bytes, s, e, a)) continue;
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
    ]) {
      const b = enc(line);
      expect([line, fast.parse(b, 0, b.length, r)]).toEqual([line, false]);
    }
  });
});
