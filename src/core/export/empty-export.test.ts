/** Why an export would be empty, said before it is made (the Export menu, the CLI's notes). */
import { describe, expect, test } from 'vitest';
import { seedModel, withoutTimestamps } from '../../test-utils/model-dsl';
import { loadText } from '../../test-utils/traces';
import { emptyExport } from './empty-export';

const FORMATS = ['svg', 'folded', 'chrome', 'speedscope'] as const;

/** The plain function tracer: calls, none with a duration. */
const FUNCTION_TRACER = `# tracer: function
#
#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION
#              | |         |   |||||     |         |
            curl-4242    [001] ...1.  5678.123456: __x64_sys_sendto <-do_syscall_64
            curl-4242    [001] ...1.  5678.123460: tcp_sendmsg <-sock_sendmsg
`;

describe('emptyExport', () => {
  test('a recorded trace with times: no reason, in every format', () => {
    const m = seedModel();
    for (const f of FORMATS) expect([f, emptyExport(m.calls, f)]).toEqual([f, null]);
  });

  test('a mask that keeps nothing: no calls', () => {
    const m = seedModel();
    expect(emptyExport(m.calls, 'folded', new Uint8Array(m.calls.length))).toEqual({ reason: 'no-calls', calls: 0 });
  });

  test('the function tracer: no durations, counting the calls kept', () => {
    const m = loadText(FUNCTION_TRACER);
    expect(m.calls.length).toBe(2);
    for (const f of FORMATS) expect(emptyExport(m.calls, f)).toMatchObject({ reason: 'no-durations', calls: 2 });
    const mask = new Uint8Array([1, 0]);
    expect(emptyExport(m.calls, 'speedscope', mask)).toMatchObject({ reason: 'no-durations', calls: 1 });
  });

  test('durations but no start times (kernel text without funcgraph-abstime): only the exports that place calls in time are empty', () => {
    const m = withoutTimestamps(seedModel());
    expect(emptyExport(m.calls, 'svg')).toBeNull();
    expect(emptyExport(m.calls, 'folded')).toBeNull();
    expect(emptyExport(m.calls, 'chrome')).toEqual({ reason: 'no-starts', calls: m.calls.length });
    expect(emptyExport(m.calls, 'speedscope')?.reason).toBe('no-starts');
  });
});

describe('untimedReason', () => {
  test('names the function tracer for its calls, and the funcgraph-duration option for function_graph text without times', () => {
    const m = loadText(FUNCTION_TRACER);
    expect(emptyExport(m.calls, 'folded')?.untimed).toBe('the function tracer records none');
    const graph = loadText(['# tracer: function_graph', '#', ' 1) __x64_sys_connect() {', ' 1)   __fget_light();', ' 1) }', ''].join('\n'));
    expect(graph.calls.length).toBe(2);
    expect(emptyExport(graph.calls, 'svg')).toEqual({ reason: 'no-durations', calls: 2, untimed: 'the function_graph text prints none: its funcgraph-duration option was off' });
  });

  test('names the context-info trace option too for text without any column (nocontext-info hides the duration with the rest)', () => {
    const noinfo = loadText(['# tracer: function_graph', '#', '__x64_sys_connect() {', '  __fget_light();', '}', ''].join('\n'));
    expect(noinfo.calls.length).toBe(2);
    expect(emptyExport(noinfo.calls, 'folded')?.untimed).toBe(
      'the function_graph text prints none: its funcgraph-duration option was off, or the trace option context-info (nocontext-info prints no column at all)',
    );
  });
});
