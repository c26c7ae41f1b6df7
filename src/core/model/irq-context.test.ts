/**
 * Interrupt frames found by the irq/preempt flags (irq-context.ts) where the names of
 * interrupt-frames.ts miss them, and the real latency-format traces, where the names found
 * every one.
 */
import { describe, expect, it } from 'vitest';
import { loadBytes, loadText, traceBytes } from '../../test-utils/traces';
import { modelFromDsl } from '../../test-utils/model-dsl';
import { applyIrqMode, findOutermostFrames } from './interrupt-mode';
import { contextOfFlags, entersInterrupt, IrqContext } from './irq-context';
import type { TraceModel } from './tables';

const K = IrqContext.Known;
const US = 1000;

describe('contextOfFlags', () => {
  it("reads the context letter of the kernel's and trace-cmd's flags, 4 to 7 characters", () => {
    const cases: [string, number][] = [
      ['.....', K],
      ['d..1.', K],
      ['d..1', K],
      ['dN.3.', K],
      ['d.h2.', K | IrqContext.HardIrq],
      ['D.h4.', K | IrqContext.HardIrq],
      ['..s1.', K | IrqContext.SoftIrq],
      ['b.s2.', K | IrqContext.SoftIrq],
      ['d.H2.', K | IrqContext.HardIrq | IrqContext.SoftIrq],
      ['d.z1.', K | IrqContext.Nmi],
      ['d.Z1.', K | IrqContext.Nmi | IrqContext.HardIrq],
      // PREEMPT_RT's lazy need-resched letter before the context (docs/formats.md §5.3).
      ['dLh1...', K | IrqContext.HardIrq],
      ['....1..', K],
      // The preempt depth is hex: never a context letter.
      ['d..f.', K],
    ];
    for (const [text, context] of cases) expect({ text, context: contextOfFlags(text) }).toEqual({ text, context });
  });

  it('says nothing for raw flag bits (their values changed across kernels) or other text', () => {
    for (const text of ['', '0x9', '0x1', 'd.h', 'xyz12']) expect({ text, context: contextOfFlags(text) }).toEqual({ text, context: 0 });
  });
});

describe('entersInterrupt', () => {
  const h = K | IrqContext.HardIrq;
  const s = K | IrqContext.SoftIrq;
  it('is a context the caller was not in, both lines with flags', () => {
    expect(entersInterrupt(h, K)).toBe(true);
    expect(entersInterrupt(s, K)).toBe(true);
    expect(entersInterrupt(K | IrqContext.HardIrq | IrqContext.SoftIrq, s)).toBe(true);
    expect(entersInterrupt(K | IrqContext.Nmi | IrqContext.HardIrq, h)).toBe(true);
    expect(entersInterrupt(h, h)).toBe(false);
    expect(entersInterrupt(K, h)).toBe(false);
    // A line without flags (0) says nothing either way.
    expect(entersInterrupt(h, 0)).toBe(false);
    expect(entersInterrupt(0, K)).toBe(false);
  });
});

/** tracefs's latency-format text (04-tracefs-latency-format.txt's header) of `body`. */
function latency(body: string): string {
  return `# tracer: function_graph
#
#      _-----=> irqs-off
#     / _----=> need-resched
#    | / _---=> hardirq/softirq
#    || / _--=> preempt-depth
#    ||| /
# CPU||||     DURATION                  FUNCTION CALLS
# |  ||||      |   |                     |   |   |   |
${body}`;
}

/** The names of the outermost interrupt frames, in call order. */
function frameNames(m: TraceModel): string[] {
  const { outermost } = findOutermostFrames(m);
  const out: string[] = [];
  for (let i = 0; i < m.calls.length; i++) if (outermost[i]) out.push(m.strings.get(m.calls.func[i]));
  return out;
}

describe('interrupt frames from the flags', () => {
  it("finds a hard interrupt entered through a handler the names lack, and takes its time out of the call it interrupted", () => {
    const m = loadText(
      latency(` 0)  ...1. |               |  a() {
 0)  d.h1. |               |    foo_arch_handle_irq() {
 0)  d.h1. |   2.000 us    |      handle_level_irq();
 0)  d.h1. |   5.000 us    |    }
 0)  ...1. |   1.000 us    |    b();
 0)  ...1. | + 20.000 us   |  }
`),
    );
    expect(frameNames(m)).toEqual(['foo_arch_handle_irq']);
    expect(findOutermostFrames(m).ns).toBe(5 * US);
    const hidden = applyIrqMode(m, 'hidden');
    expect(hidden.calls.duration[0]).toBe(15 * US);
  });

  it('finds a softirq and an NMI entered under task context', () => {
    const m = loadText(
      latency(` 0)  ...1. |               |  a() {
 0)  ..s1. |   3.000 us    |    net_rx_action();
 0)  d.z1. |   2.000 us    |    perf_event_nmi_handler();
 0)  ...1. |   1.000 us    |    b();
 0)  ...1. | + 20.000 us   |  }
`),
    );
    expect(frameNames(m)).toEqual(['net_rx_action', 'perf_event_nmi_handler']);
  });

  it("keeps ksoftirqd's softirqs its own work, and finds a hard interrupt inside them", () => {
    const m = loadText(
      latency(` 0)  ...1. |               |  run_ksoftirqd() {
 0)  d..1. |               |    handle_softirqs() {
 0)  ..s1. |               |      net_rx_action() {
 0)  d.H1. |   2.000 us    |        foo_arch_handle_irq();
 0)  ..s1. |   9.000 us    |      }
 0)  ...1. | + 10.000 us   |    }
 0)  ...1. | + 11.000 us   |  }
`),
    );
    expect(frameNames(m)).toEqual(['foo_arch_handle_irq']);
  });

  it("gives the named frames' x86 timer interrupt the same frames (the flags agree with the names)", () => {
    const m = loadText(
      latency(` 0)  ...1. |               |  a() {
 0)  d..1. |   1.000 us    |    irq_enter_rcu();
 0)  d.h1. |               |    __sysvec_apic_timer_interrupt() {
 0)  d.h1. |   2.000 us    |      hrtimer_interrupt();
 0)  d.h1. |   3.000 us    |    }
 0)  d.h1. |               |    irq_exit_rcu() {
 0)  d..1. |               |      handle_softirqs() {
 0)  ..s1. |   1.000 us    |        run_timer_softirq();
 0)  d..1. |   2.000 us    |      }
 0)  d..1. |   3.000 us    |    }
 0)  ...1. | + 20.000 us   |  }
`),
    );
    expect(frameNames(m)).toEqual(['irq_enter_rcu', '__sysvec_apic_timer_interrupt', 'irq_exit_rcu']);
  });

  it('takes nothing from a trace without flags, nor gives it the column', () => {
    const m = modelFromDsl(`
t-1 0 0 | a {
t-1 0 1 |   foo_arch_handle_irq 5
t-1 0 9 | } 20
`);
    expect(m.calls.context).toBeUndefined();
    expect(frameNames(m)).toEqual([]);
  });
});

describe('the real latency-format traces', () => {
  // The names found every interrupt the flags show there: the same frames with or without them.
  for (const name of ['04-tracefs-latency-format.txt.gz', '05-seed-report-latency.txt.gz']) {
    it(`${name}: the flags are kept, and find the frames the names find`, () => {
      const m = loadBytes(traceBytes(name));
      expect(m.calls.context).toBeDefined();
      const withFlags = findOutermostFrames(m);
      const context = m.calls.context;
      m.calls.context = undefined;
      const namesOnly = findOutermostFrames(m);
      m.calls.context = context;
      expect({ count: withFlags.count, ns: withFlags.ns }).toEqual({ count: namesOnly.count, ns: namesOnly.ns });
      expect(withFlags.outermost).toEqual(namesOnly.outermost);
      expect(withFlags.count).toBeGreaterThan(0);
    });
  }

  it('05-seed-report-latency has the frames of the same trace printed without flags (01)', () => {
    const latencyModel = loadBytes(traceBytes('05-seed-report-latency.txt.gz'));
    const plain = loadBytes(traceBytes('01-seed-curl-fgraph.report.txt.gz'));
    expect(plain.calls.context).toBeUndefined();
    const a = findOutermostFrames(latencyModel);
    const b = findOutermostFrames(plain);
    expect({ count: a.count, ns: a.ns }).toEqual({ count: b.count, ns: b.ns });
  });
});
