import { describe, expect, it } from 'vitest';
import { EventKind, eventKindOf } from '../query/events';
import { ctxWakeName } from './ctx-wake';
import { RecordKind, createRecord, type LineRecord } from './record';
import { TracefsFunctionParser } from './tracefs-function';
import { TracefsGraphParser } from './tracefs-graph';

function parse(parser: { parseLine(line: string, n: number, out: LineRecord): void }, line: string): LineRecord {
  const r = createRecord();
  parser.parseLine(line, 1, r);
  return r;
}

describe('the wakeup tracers’ wakeup and context_switch records', () => {
  it('are named from trace_ctxwake_print()’s text, new (%7d) and old (%5d) widths, deadline prio -1', () => {
    expect(ctxWakeName('      0:120:R   + [003]    2389: 94:R sleep')).toBe('wakeup');
    expect(ctxWakeName('      0:120:R ==> [003]    2389: 94:R sleep')).toBe('context_switch');
    expect(ctxWakeName('    0:120:R ==> [001]  2390: -1:R dl-task')).toBe('context_switch');
    expect(ctxWakeName('1234567:139:S   + [012] 7654321:  0:R a b c')).toBe('wakeup');
    // Anything else stays unnamed.
    expect(ctxWakeName('0:120:R --> [003] 2389:94:R sleep')).toBe('');
    expect(ctxWakeName('hello world')).toBe('');
  });

  it('get their names in the latency-format lines of wakeup_rt (lat_print_generic, lat_print_timestamp)', () => {
    const p = new TracefsFunctionParser();
    expect(parse(p, '  <idle>-0         3d.h4.    0us :       0:120:R   + [003]    2389: 94:R sleep')).toMatchObject({
      kind: RecordKind.Event,
      name: 'wakeup',
      text: '0:120:R   + [003]    2389: 94:R sleep',
      comm: '<idle>',
      pid: 0,
      cpu: 3,
      tsNs: 0,
    });
    expect(parse(p, '  <idle>-0         3d..3.    5us :       0:120:R ==> [003]    2389: 94:R sleep')).toMatchObject({
      kind: RecordKind.Event,
      name: 'context_switch',
      tsNs: 5000,
    });
  });

  it('get their names in display-graph comments (print_graph_comment)', () => {
    const p = new TracefsGraphParser();
    expect(parse(p, '        0 us |   3)   <idle>-0     |  d.h4. |               |  /*       0:120:R   + [003]    2389: 94:R sleep */')).toMatchObject({
      kind: RecordKind.Event,
      name: 'wakeup',
      text: '0:120:R   + [003]    2389: 94:R sleep',
    });
    expect(parse(p, '        5 us |   3)   <idle>-0     |  d..3. |               |        /*       0:120:R ==> [003]    2389: 94:R sleep */')).toMatchObject({
      kind: RecordKind.Event,
      name: 'context_switch',
    });
  });

  it('are the switch and wakeup kinds of event', () => {
    expect(eventKindOf('context_switch')).toBe(EventKind.Switch);
    expect(eventKindOf('wakeup')).toBe(EventKind.Wakeup);
  });
});
