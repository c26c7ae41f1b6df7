/**
 * A funcgraph_exit's printed calltime/rettime: the call time is the line's only where both
 * are one clock (the kernel reads them from trace_clock_local(), kernel/trace/fgraph.c
 * ftrace_return_to_handler; the record's time is the buffer's trace_clock).
 */
import { describe, expect, it } from 'vitest';
import { createRecord, RecordKind, type LineRecord } from './record';
import { TraceCmdReportParser } from './trace-cmd-report';
import { exitTimes } from './exit-times';
import { modelFromReport } from '../../test-utils/model-dsl';

function parse(line: string): LineRecord {
  const r = createRecord();
  new TraceCmdReportParser().parseLine(line, 1, r);
  return r;
}

describe('exit times', () => {
  it('keeps the call time of a local-clock line: its return is just before the line time', () => {
    // test/traces/05-seed-report-raw: rettime 0x2aef64d3f = 11.525361983 s, the line 11.525361.
    const r = parse('            curl-139   [001]    11.525361: funcgraph_exit:        func=mutex_unlock depth=0 overrun=0 calltime=2aeef15b8 rettime=2aef64d3f');
    expect(r).toMatchObject({ kind: RecordKind.Exit, durNs: 472967, callTimeNs: 0x2aeef15b8 });
    // -t prints the time to the ns; the return may be a few ms before it (an interrupt between).
    expect(exitTimes(100, 200, '64', 'c8', 16, 4_000_200).callTimeNs).toBe(100);
  });

  it('drops the call time of a tai-clock line (trace-cmd record -C tai, report -R): another clock', () => {
    // The record's time is TAI (1.7e9 s), calltime/rettime are ns since boot.
    const r = parse('            curl-139   [001] 1764923456.524992: funcgraph_exit:        func=mutex_unlock depth=1 overrun=0 calltime=2aef91a31 rettime=2aef91ed0');
    expect(r.kind).toBe(RecordKind.Exit);
    expect(r.durNs).toBe(1183);
    expect(r.callTimeNs).toBeNaN();
    // -N: `<-- %ps (%u) (start: %llx  end: %llx)` (funcgraph_exit's print fmt), same rule.
    const n = parse('            curl-139   [001] 1764923456.524992: funcgraph_exit:       <-- mutex_unlock (1) (start: 2aef91a31  end: 2aef91ed0) over: 0 retval: 0');
    expect(n.durNs).toBe(1183);
    expect(n.callTimeNs).toBeNaN();
  });

  it('reads an all-digit pair of another clock as decimal (%llu), whatever the lines before it (a range reads it as one pass does)', () => {
    // libtraceevent's print_field_raw prints an unsigned long long field with %llu; read as hex
    // (nearer 1.7e18 than the decimal value) its duration was 0x11183.
    const dec = parse('            curl-139   [001] 1764923456.524992: funcgraph_exit:        func=mutex_unlock depth=1 overrun=0 calltime=11525495345 rettime=11525496528');
    expect(dec.durNs).toBe(1183);
    expect(dec.callTimeNs).toBeNaN();
    // A value with a letter is hex; it says nothing of the next line's all-digit pair.
    const p = new TraceCmdReportParser();
    const line = (times: string) => `            curl-139   [001] 1764923456.524992: funcgraph_exit:        func=f depth=1 overrun=0 ${times}`;
    const first = createRecord();
    p.parseLine(line('calltime=2aef91a31 rettime=2aef91ed0'), 1, first);
    expect(first.durNs).toBe(1183);
    const later = createRecord();
    p.parseLine(line('calltime=300000000 rettime=300001000'), 2, later);
    const alone = createRecord();
    new TraceCmdReportParser().parseLine(line('calltime=300000000 rettime=300001000'), 2, alone);
    expect([later.durNs, alone.durNs]).toEqual([1000, 1000]);
    // On the local clock the reading whose return lies at the line's time wins, as before.
    const local = parse('            curl-139   [001]    11.525497: funcgraph_exit:        func=f depth=1 overrun=0 calltime=11525495345 rettime=11525496528');
    expect(local).toMatchObject({ durNs: 1183, callTimeNs: 11525495345 });
  });

  it('drops the call time of a return after the line time (a clock behind local: mono, --ts-offset -N)', () => {
    expect(exitTimes(100, 2_000_000, '', '', 16, 1_000_000).callTimeNs).toBeNaN();
    expect(exitTimes(100, 200, '', '', 16, 50_000_000).callTimeNs).toBeNaN();
  });

  it('reads a local clock past 104 days of uptime: the duration exact, the line kept, no call time', () => {
    // 9.1e15 ns of uptime is past 2^53: as doubles 0x205466db74bb61 - 0x205466db74c000 is not 1183.
    const line = '          <idle>-0     [002] 9100000.000001: funcgraph_exit:        func=tick_nohz_idle_exit depth=0 overrun=0 calltime=205466db74bb61 rettime=205466db74c000';
    const r = parse(line);
    expect(r.durNs).toBe(1183);
    expect(r.callTimeNs).toBeNaN();
    const model = modelFromReport(`cpus=4\n${line}\n`);
    expect(model.diagnostics.unparsedLines).toBe(0);
    expect(model.calls.length).toBe(1);
    expect(model.calls.duration[0]).toBe(1183);
  });

  it('a tai-clock -R trace: calls start at their entries, on the records time line, nested as printed', () => {
    const text = [
      'cpus=2',
      '            curl-139   [001] 1764923456.524982: funcgraph_entry:       func=__f_unlock_pos depth=0',
      '            curl-139   [001] 1764923456.524990: funcgraph_entry:       func=mutex_unlock depth=1',
      '            curl-139   [001] 1764923456.524992: funcgraph_exit:        func=mutex_unlock depth=1 overrun=0 calltime=2aef91a31 rettime=2aef91ed0',
      '            curl-139   [001] 1764923456.524999: funcgraph_exit:        func=__f_unlock_pos depth=0 overrun=0 calltime=2aef901ee rettime=2aef92472',
      '',
    ].join('\n');
    const model = modelFromReport(text);
    expect(model.calls.length).toBe(2);
    // Not at 11.5 s (calltime's clock): at the entries' times, 1764923456.524982 s and .524990 s.
    expect(model.calls.start[0]).toBeGreaterThan(1.7e18);
    expect(Math.abs(model.calls.start[0] - 1764923456524982000)).toBeLessThan(1000);
    expect(Math.abs(model.calls.start[1] - 1764923456524990000)).toBeLessThan(1000);
    expect(model.calls.parent[1]).toBe(0);
    expect([model.calls.duration[0], model.calls.duration[1]]).toEqual([8836, 1183]);
    expect(model.diagnostics.depthGaps).toBe(0);
  });
});
