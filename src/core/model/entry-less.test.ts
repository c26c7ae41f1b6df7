/** A trace recorded with tracing_thresh (exits only) is said to be one, through the real loader. */
import { describe, expect, it } from 'vitest';
import { loadInRanges } from '../parallel/load-ranges';
import { loadText } from '../../test-utils/traces';
import { modelDifference } from '../../test-utils/model-difference';
import { CallFlag } from './call-table';
import type { TraceModel } from './tables';

/** The kernel's text with tracing_thresh=100: returns only, each named (no entry was seen). */
const TRACEFS = [
  '# tracer: function_graph',
  '#',
  '# CPU  DURATION                  FUNCTION CALLS',
  '# |     |   |                     |   |   |   |',
  ' 1) ! 150.000 us  |      } /* tcp_write_xmit */',
  ' 1) ! 180.250 us  |      } /* tcp_push */',
  ' 1) ! 412.807 us  |    } /* tcp_sendmsg_locked */',
  ' 1) ! 450.100 us  |  } /* tcp_sendmsg */',
  ' 0) ! 120.000 us  |  } /* ksys_read */',
];

/** trace-cmd report of such a recording, without -O fgraph:tailprint: `}` alone. */
function reportExit(ts: string, depth: number, us: number): string {
  return `            curl-139   [001]    ${ts}: funcgraph_exit:       ! ${us.toFixed(3).padStart(8)} us |${'  '.repeat(depth + 1)}}`;
}
const REPORT = ['cpus=2', reportExit('11.000300', 1, 150), reportExit('11.000400', 0, 350)];

function notes(m: TraceModel): string[] {
  return m.diagnostics.inputErrors.filter((e) => e.includes('tracing_thresh'));
}

describe('a trace of returns only (tracing_thresh)', () => {
  it('is said once, as a trace recorded with tracing_thresh, its calls nested by depth', () => {
    const m = loadText(TRACEFS.join('\n') + '\n');
    expect(m.calls.length).toBe(5);
    expect(notes(m)).toHaveLength(1);
    expect(notes(m)[0]).toMatch(/^No call in the trace has its entry, only its return/);
    expect(notes(m)[0]).not.toMatch(/tailprint/); // the kernel's text names its returns
    // The note points at the first return, as an input item.
    expect(m.diagnostics.items.find((i) => i.kind === 'input')?.line).toBe(5);
    const name = (i: number): string => m.strings.get(m.calls.func[i]);
    const tcpSendmsg = [...Array(m.calls.length).keys()].find((i) => name(i) === 'tcp_sendmsg') ?? -1;
    const locked = [...Array(m.calls.length).keys()].find((i) => name(i) === 'tcp_sendmsg_locked') ?? -1;
    expect(m.calls.parent[locked]).toBe(tcpSendmsg);
    expect(m.calls.flags[tcpSendmsg] & CallFlag.Orphan).toBeTruthy();
  });

  it('from trace-cmd report, says the returns name no function without -O fgraph:tailprint', () => {
    const m = loadText(REPORT.join('\n') + '\n');
    expect(notes(m)).toHaveLength(1);
    expect(notes(m)[0]).toMatch(/No returns name their function .*-O fgraph:tailprint/);
    // The exit's time is its return: the call starts a duration before it.
    expect([...m.calls.start.subarray(0, m.calls.length)]).toEqual([11_000_150_000, 11_000_050_000]);
    expect(m.calls.parent[0]).toBe(1);
  });

  it('says nothing of a trace that has entries too (a window that began inside calls)', () => {
    const m = loadText(
      [
        ...REPORT,
        '            curl-139   [001]    11.000500: funcgraph_entry:                   |  f() {',
        '            curl-139   [001]    11.000600: funcgraph_exit:         1.000 us   |  }',
      ].join('\n') + '\n',
    );
    expect(m.diagnostics.orphanExits).toBe(2);
    expect(notes(m)).toEqual([]);
  });

  it('says nothing of a single return (a window that ends a call)', () => {
    expect(notes(loadText([REPORT[0], REPORT[2]].join('\n') + '\n'))).toEqual([]);
  });

  it('gives the same model read in ranges', () => {
    const bytes = new TextEncoder().encode(TRACEFS.join('\n') + '\n');
    for (const cut of [60, 200, 300]) expect(modelDifference(loadText(TRACEFS.join('\n') + '\n'), loadInRanges(bytes, [cut], 13, 2))).toBeNull();
  });
});
