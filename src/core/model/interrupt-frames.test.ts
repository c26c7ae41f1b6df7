/** The interrupt and softirq frame names (interrupt-frames.ts), on the names and on the real traces. */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadBytes, traceBytes } from '../../test-utils/traces';
import { INTERRUPT_ARROWS, INTERRUPT_FRAMES, InterruptKind, interruptKind, interruptKinds } from './interrupt-frames';
import type { TraceModel } from './tables';
import { findInterruptFrames } from './interrupt-mode';
import { modelFromDsl } from '../../test-utils/model-dsl';

const H = InterruptKind.HardIrq;
const S = InterruptKind.SoftIrq;

describe('interruptKind', () => {
  it('knows every name of the issue, each with a reason', () => {
    const names: [string, number][] = [
      ['irq_enter_rcu', H],
      ['irq_enter', H],
      ['irq_exit_rcu', H],
      ['irq_exit', H],
      ['__sysvec_apic_timer_interrupt', H],
      ['__sysvec_irq_work', H],
      ['sysvec_apic_timer_interrupt', H],
      ['__common_interrupt', H],
      ['common_interrupt', H],
      ['do_IRQ', H],
      ['gic_handle_irq', H],
      ['do_interrupt_handler', H],
      ['el1_interrupt', H],
      ['el0_interrupt', H],
      ['__do_softirq', S],
      ['handle_softirqs', S],
      ['do_softirq_own_stack', S],
      ['nmi_handle', H],
      ['default_do_nmi', H],
    ];
    for (const [n, k] of names) expect({ n, k: interruptKind(n) }).toEqual({ n, k });
    for (const r of INTERRUPT_FRAMES) expect(r.reason.length).toBeGreaterThan(20);
    expect(INTERRUPT_ARROWS.map((a) => a.text)).toEqual(['==========>', '<==========']);
  });

  it('knows the x86 system-vector handlers of kernels before 5.8, which hold irq_enter and irq_exit', () => {
    for (const n of ['smp_apic_timer_interrupt', 'smp_trace_apic_timer_interrupt', 'smp_reschedule_interrupt', 'smp_call_function_single_interrupt', 'smp_irq_work_interrupt', 'smp_x86_platform_ipi']) {
      expect({ n, k: interruptKind(n) }).toEqual({ n, k: H });
    }
    // The callers that send those interrupts are not interrupt context.
    for (const n of ['smp_call_function_single', 'smp_call_function_many', 'smp_send_reschedule', 'smp_apic_timer']) {
      expect({ n, k: interruptKind(n) }).toEqual({ n, k: InterruptKind.None });
    }
    // A 4.x timer interrupt: the whole handler is the frame, not its irq_enter and irq_exit.
    const m = modelFromDsl(`
t-1 0 0  | a {
t-1 0 1  |   smp_apic_timer_interrupt {
t-1 0 2  |     irq_enter 1
t-1 0 3  |     local_apic_timer_interrupt {
t-1 0 4  |       hrtimer_interrupt 3
t-1 0 8  |     } 5
t-1 0 9  |     irq_exit 1
t-1 0 10 |   } 9
t-1 0 12 |   b 2
t-1 0 20 | } 20
`);
    const f = findInterruptFrames(m);
    expect({ count: f.count, ns: f.ns }).toEqual({ count: 1, ns: 9000 });
    expect(f.inside[0]).toBe(9000);
  });

  it("knows riscv's and powerpc's interrupt handlers, which their untraced entries call beside irq_enter and irq_exit", () => {
    for (const n of ['riscv_intc_irq', 'riscv_intc_aia_irq', '__do_IRQ', '__do_irq', '.__do_IRQ']) expect({ n, k: interruptKind(n) }).toEqual({ n, k: H });
    // A riscv timer interrupt inside a (handle_riscv_irq is noinstr): the handler is a frame of its own.
    const m = modelFromDsl(`
t-1 0 0  | a {
t-1 0 1  |   irq_enter_rcu 1
t-1 0 2  |   riscv_intc_irq {
t-1 0 3  |     riscv_timer_interrupt 3
t-1 0 7  |   } 5
t-1 0 8  |   irq_exit_rcu 1
t-1 0 10 |   b 2
t-1 0 20 | } 20
`);
    const f = findInterruptFrames(m);
    expect({ count: f.count, ns: f.ns }).toEqual({ count: 3, ns: 7000 });
    expect(f.inside[0]).toBe(7000);
  });

  it("takes powerpc's timer interrupt, whose notrace handler leaves hrtimer_interrupt beside irq_enter and irq_exit", () => {
    for (const n of ['hrtimer_interrupt', 'timer_interrupt', '.timer_interrupt']) expect({ n, k: interruptKind(n) }).toEqual({ n, k: H });
    const m = modelFromDsl(`
t-1 0 0  | a {
t-1 0 1  |   irq_enter 1
t-1 0 2  |   hrtimer_interrupt {
t-1 0 3  |     __hrtimer_run_queues 3
t-1 0 7  |   } 5
t-1 0 8  |   irq_exit 1
t-1 0 10 |   b 2
t-1 0 20 | } 20
`);
    const f = findInterruptFrames(m);
    expect({ count: f.count, ns: f.ns }).toEqual({ count: 3, ns: 7000 });
  });

  it('knows an x86 NMI, nested where it struck: before a call\'s first child, inside a timer interrupt', () => {
    // nmi_handle is the first traced call of an NMI since exc_nmi and default_do_nmi are noinstr.
    const m = modelFromDsl(`
t-1 0 0  | tcp_sendmsg {
t-1 0 1  |   nmi_handle {
t-1 0 2  |     perf_event_nmi_handler 3
t-1 0 6  |   } 5
t-1 0 7  |   tcp_push 2
t-1 0 10 |   __sysvec_apic_timer_interrupt {
t-1 0 11 |     nmi_handle 1
t-1 0 13 |   } 3
t-1 0 20 | } 20
`);
    const f = findInterruptFrames(m);
    expect({ count: f.count, ns: f.ns }).toEqual({ count: 2, ns: 8000 });
    expect(f.inside[0]).toBe(8000);
    for (const n of ['nmi_handler', 'perf_event_nmi_handler', 'register_nmi_handler', 'nmi_handle_foo']) {
      expect({ n, k: interruptKind(n) }).toEqual({ n, k: InterruptKind.None });
    }
  });

  it('takes compiler clones as the function, and nothing that merely looks alike', () => {
    expect(interruptKind('do_softirq.part.0')).toBe(S);
    expect(interruptKind('irq_exit_rcu.cold')).toBe(H);
    // ppc64 ELFv1 kernels print the entry symbol's dot (kallsyms' `.irq_exit`, beside the
    // descriptor `irq_exit`: arch/powerpc/kernel/kprobes.c kprobe_lookup_name).
    expect(interruptKind('.irq_exit')).toBe(H);
    expect(interruptKind('.do_IRQ')).toBe(H);
    expect(interruptKind('.__do_softirq')).toBe(S);
    expect(interruptKind('.do_softirq.part.0')).toBe(S);
    for (const n of ['..irq_exit', '.', '.tcp_sendmsg']) expect({ n, k: interruptKind(n) }).toEqual({ n, k: InterruptKind.None });
    for (const n of ['raise_softirq', 'run_timer_softirq', 'irq_work_run', 'sysvec_', '__sysvec_', 'irq_enter_rcux', 'tcp_sendmsg', '', 'my_do_IRQ']) {
      expect({ n, k: interruptKind(n) }).toEqual({ n, k: InterruptKind.None });
    }
  });
});

/**
 * The function_graph traces, each recording once: the other 05-seed-report-* files print
 * the seed's calls again in other forms (the balance test, self-time-balance.test.ts,
 * reads every one of them).
 */
const GRAPH_TRACES = readdirSync(new URL('../../../test/traces/', import.meta.url))
  .filter((f) => !/\.(dat|json|md)$/.test(f) && !f.startsWith('06-') && (!f.startsWith('05-') || f.startsWith('05-seed-report-raw')))
  .sort();
/**
 * The trace-cmd reports, whose times nest every interrupt exactly. (In the kernel's text
 * without times an interrupt written before a late entry at that entry's depth cannot be
 * placed, and with nofuncgraph-irqs the irq entry and exit are not traced at all.)
 */
const TIMED_REPORTS = GRAPH_TRACES.filter((f) => /^0[1235]-/.test(f));

function kinds(m: TraceModel): Uint8Array {
  return interruptKinds(m.strings.size, (id) => m.strings.get(id));
}

describe('interrupt frames in the real traces', () => {
  const found = new Set<string>();
  const models = new Map<string, TraceModel>();
  const model = (name: string) => {
    let m = models.get(name);
    if (!m) models.set(name, (m = loadBytes(traceBytes(name))));
    return m;
  };

  it.each(TIMED_REPORTS)('%s: an interrupt\'s frames come as the kernel runs them', (name) => {
    const m = model(name);
    const c = m.calls;
    const k = kinds(m);
    const nameOf = (i: number) => m.strings.get(c.func[i]);
    for (let i = 0; i < c.length; i++) {
      if (k[c.func[i]] === InterruptKind.None) continue;
      found.add(nameOf(i));
      const p = c.parent[i];
      const f = nameOf(i).split('.')[0];
      // Softirqs run under an interrupt's exit, under do_softirq, or under __do_softirq.
      if (f === 'handle_softirqs' && p >= 0) expect(['irq_exit_rcu', '__do_softirq']).toContain(nameOf(p));
      if (f === '__do_softirq' && p >= 0) expect(k[c.func[p]]).not.toBe(InterruptKind.None);
      // The handler of a hard interrupt is entered right after irq_enter_rcu, beside it.
      if (f.startsWith('__sysvec_')) {
        let prev = i - 1;
        while (prev >= 0 && (c.task[prev] !== c.task[i] || c.parent[prev] !== p)) prev--;
        if (prev >= 0) expect(nameOf(prev)).toBe('irq_enter_rcu');
      }
    }
  });

  it('finds exactly the frames these x86 traces hold', () => {
    for (const name of GRAPH_TRACES) {
      const m = model(name);
      const k = kinds(m);
      for (let i = 0; i < m.calls.length; i++) if (k[m.calls.func[i]]) found.add(m.strings.get(m.calls.func[i]));
    }
    expect([...found].sort()).toEqual([
      '__do_softirq',
      '__sysvec_apic_timer_interrupt',
      '__sysvec_irq_work',
      'do_softirq.part.0',
      'handle_softirqs',
      'hrtimer_interrupt', // under __sysvec_apic_timer_interrupt: no outermost frame more
      'irq_enter_rcu',
      'irq_exit_rcu',
    ]);
  });
});
