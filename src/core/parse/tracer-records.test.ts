import { describe, expect, it } from 'vitest';
import { loadText } from '../../test-utils/traces';
import { tracerRecordName } from './tracer-records';

describe('the records of tracers that trace no function', () => {
  it('are named hwlat, osnoise and timerlat from trace_output.c’s formats', () => {
    expect(tracerRecordName('#1     inner/outer(us):   11/12    ts:1581527483.343962693 count:6')).toBe('hwlat');
    expect(tracerRecordName('#12345 inner/outer(us): 1234/5678  ts:1581527483.000000001 count:1 nmi-total:4 nmi-count:1')).toBe('hwlat');
    // Older kernels print no count:.
    expect(tracerRecordName('#3     inner/outer(us):    9/10    ts:1581527483.000000001 nmi-total:2 nmi-count:1')).toBe('hwlat');
    expect(tracerRecordName('#1     context    irq timer_latency       932 ns')).toBe('timerlat');
    expect(tracerRecordName('#7     context user-ret timer_latency     11700 ns')).toBe('timerlat');
    expect(tracerRecordName('1000000        190  99.98100       9     18      0   1007     18      1')).toBe('osnoise');
    expect(tracerRecordName('      0:120:R ==> [003]    2389: 94:R sleep')).toBe('context_switch');
    // Other text stays unnamed.
    expect(tracerRecordName('#1 hello')).toBe('');
    expect(tracerRecordName('1000000 190')).toBe('');
    expect(tracerRecordName('8,0    A  WS 2048 + 8 <- (8,1) 0')).toBe('');
  });

  it('carry those names in osnoise, timerlat and hwlat traces', () => {
    const text = (tracer: string, lines: string[]) => ['# tracer: ' + tracer, '#', ...lines, ''].join('\n');
    const names = (tracer: string, lines: string[]) => loadText(text(tracer, lines)).events.name;
    expect(
      names('osnoise', ['      osnoise/0-859     [000] .....    81.637220: 1000000        190  99.98100       9     18      0   1007     18      1']),
    ).toEqual(['osnoise']);
    expect(
      names('timerlat', [
        '          <idle>-0       [000] d.h1.    54.029328: #1     context    irq timer_latency       932 ns',
        '     timerlat/0-867     [000] .....    54.029339: #1     context thread timer_latency     11700 ns',
      ]),
    ).toEqual(['timerlat', 'timerlat']);
    expect(
      names('hwlat', ['           <...>-1729    [001] d....   678.473449: #1     inner/outer(us):   11/12    ts:1581527483.343962693 count:6']),
    ).toEqual(['hwlat']);
  });
});
