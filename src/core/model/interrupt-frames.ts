/**
 * Which traced functions are interrupt or softirq frames inside a task's calls (issue 10
 * §3): the kernel runs a hard interrupt or a softirq on whatever task is current, so its
 * calls show up nested in that task's call graph (docs/formats.md §2.8) and their time in
 * the interrupted call's total. This list lets the engine recognise them; keeping that time
 * apart or hiding it is up to the views.
 *
 * One rule per name (or name prefix), each with the reason it marks interrupt context.
 * Compiler clones (`do_softirq.part.0`, `.isra.0`, `.constprop.0`, `.cold`) are the same
 * function: the name is compared up to its first `.`. More names may be added with
 * evidence from a real trace (say which in the reason).
 *
 * The kernel's tracefs text can also print `==========>` / `<==========` arrows around an
 * interrupt (funcgraph-irqs with the irq entry text traced); those are lines, not calls:
 * the parsers read them as RecordKind.IrqMarker (INTERRUPT_ARROWS below).
 *
 * Where the lines print the irq/preempt flags (`d.h1.`), they say the context of every call
 * whatever its name: irq-context.ts reads them, and interrupt-mode.ts takes a call entered
 * in an interrupt context its caller was not in as a frame too. This list is what traces
 * without flags have (and agrees with the flags on the real traces that print them).
 */

import { elfV1DotLength } from '../../lib/kernel-source';

export const InterruptKind = {
  None: 0,
  /** A hard interrupt: entered from the interrupt vector, runs with irqs off. */
  HardIrq: 1,
  /** Softirq processing: on interrupt exit, in local_bh_enable, or in ksoftirqd. */
  SoftIrq: 2,
} as const;
export type InterruptKind = (typeof InterruptKind)[keyof typeof InterruptKind];

export interface InterruptFrameRule {
  /** The function name, or its start when `prefix`. */
  name: string;
  prefix: boolean;
  kind: InterruptKind;
  /** Why this function means interrupt context (and where it was seen). */
  reason: string;
}

const H = InterruptKind.HardIrq;
const S = InterruptKind.SoftIrq;

/**
 * x86 before 5.8: the C handlers of the system vectors, `smp_<vector>` (and their
 * `smp_trace_<vector>` twins of 3.10-4.14), which entry_64.S's `apicinterrupt` lines call and
 * which call irq_enter / irq_exit themselves: `smp_apic_timer_interrupt() { irq_enter();
 * local_apic_timer_interrupt(); irq_exit(); }`. 5.8 turned them into `sysvec_*`
 * (DEFINE_IDTENTRY_SYSVEC, tglx's "x86/entry: Convert APIC interrupts to IDTENTRY_SYSVEC").
 * Without them only irq_enter and irq_exit were frames on those kernels (RHEL 8's 4.18,
 * Ubuntu's 4.15 and 5.4): the timer's hrtimer_interrupt stayed in the interrupted call.
 */
const X86_PRE_5_8_VECTORS = [
  'apic_timer_interrupt',
  'x86_platform_ipi',
  'kvm_posted_intr_ipi',
  'kvm_posted_intr_wakeup_ipi',
  'kvm_posted_intr_nested_ipi',
  'threshold_interrupt',
  'deferred_error_interrupt',
  'thermal_interrupt',
  'call_function_single_interrupt',
  'call_function_interrupt',
  'reschedule_interrupt',
  'error_interrupt',
  'spurious_interrupt',
  'spurious_apic_interrupt',
  'irq_work_interrupt',
  'irq_move_cleanup_interrupt',
  'reboot_interrupt',
];

export const INTERRUPT_FRAMES: readonly InterruptFrameRule[] = [
  // x86 and generic irq entry.
  { name: 'irq_enter_rcu', prefix: false, kind: H, reason: 'first traced call of every hard interrupt on x86 since 5.9 (irqentry → irq_enter_rcu); seen in every real trace here, at the depth of the interrupted call' },
  { name: 'irq_enter', prefix: false, kind: H, reason: 'irq_enter_rcu with the RCU bookkeeping, the entry on older kernels and some architectures' },
  { name: 'irq_exit_rcu', prefix: false, kind: H, reason: 'last traced call of a hard interrupt on x86 since 5.9; runs the pending softirqs (handle_softirqs under it in the seed)' },
  { name: 'irq_exit', prefix: false, kind: H, reason: 'irq_exit_rcu with RCU bookkeeping; the exit on older kernels and some architectures' },
  { name: '__sysvec_', prefix: true, kind: H, reason: 'x86 system-vector handlers (__sysvec_apic_timer_interrupt, __sysvec_irq_work, __sysvec_call_function_single, …), the body of an IDTENTRY_SYSVEC; seen in the seed and 03' },
  { name: 'sysvec_', prefix: true, kind: H, reason: 'the x86 system-vector entry that calls __sysvec_*; noinstr on recent kernels but traced on older ones' },
  { name: '__common_interrupt', prefix: false, kind: H, reason: 'x86 device-interrupt handler (IDTENTRY_IRQ body): dispatches to the irq descriptor' },
  { name: 'common_interrupt', prefix: false, kind: H, reason: 'x86 device-interrupt entry (calls __common_interrupt); traced on older kernels' },
  { name: 'do_IRQ', prefix: false, kind: H, reason: 'the device-interrupt entry of x86 before 5.8 and of several other architectures' },
  ...X86_PRE_5_8_VECTORS.flatMap((v): InterruptFrameRule[] => [
    { name: `smp_${v}`, prefix: false, kind: H, reason: `x86 before 5.8: the ${v} system vector's handler, which runs irq_enter and irq_exit inside it (X86_PRE_5_8_VECTORS)` },
    { name: `smp_trace_${v}`, prefix: false, kind: H, reason: `x86 3.10-4.14: the ${v} handler's twin used while its irq_vectors tracepoints are on` },
  ]),
  { name: 'uv_bau_message_interrupt', prefix: false, kind: H, reason: 'x86 SGI UV before 5.8: the BAU message vector\'s handler (apicinterrupt3 UV_BAU_MESSAGE)' },
  // x86 NMIs: taken anywhere, even between a call's entry record and its first child (in_nmi
  // code runs with the hard-irq count raised too, __nmi_enter). exc_nmi is noinstr.
  { name: 'nmi_handle', prefix: false, kind: H, reason: 'x86 NMI: the handler walk of arch/x86/kernel/nmi.c (static int nmi_handle, traced; called from the noinstr default_do_nmi), the first traced call of a perf sampling or NMI-watchdog NMI' },
  { name: 'default_do_nmi', prefix: false, kind: H, reason: 'x86 NMI before the noinstr entry work of 5.8/5.9 (tglx: `static void default_do_nmi` became `static noinstr void default_do_nmi`): the traced NMI body that calls nmi_handle' },
  // arm64.
  { name: 'gic_handle_irq', prefix: false, kind: H, reason: 'arm64 GIC root handler (handle_arch_irq), the first traced call of a device or timer interrupt there' },
  { name: 'do_interrupt_handler', prefix: false, kind: H, reason: 'arm64 entry helper that switches to the irq stack and calls the root handler' },
  { name: 'el1_interrupt', prefix: false, kind: H, reason: 'arm64 interrupt taken from kernel mode (EL1)' },
  { name: 'el0_interrupt', prefix: false, kind: H, reason: 'arm64 interrupt taken from user mode (EL0)' },
  // riscv: arch/riscv/kernel/traps.c handle_riscv_irq (noinstr, untraced) calls irq_enter_rcu,
  // then the root handler, then irq_exit_rcu, so the handler is their sibling in the
  // interrupted call, outside both frames: without it a riscv interrupt's work (the timer's
  // riscv_timer_interrupt, a device's handler) stayed in the interrupted call in every mode.
  { name: 'riscv_intc_irq', prefix: false, kind: H, reason: 'riscv root handler (drivers/irqchip/irq-riscv-intc.c, set_handle_irq), called between irq_enter_rcu and irq_exit_rcu by the untraced handle_riscv_irq' },
  { name: 'riscv_intc_aia_irq', prefix: false, kind: H, reason: 'riscv root handler with the AIA extension (drivers/irqchip/irq-riscv-intc.c), in riscv_intc_irq\'s place' },
  // powerpc: do_IRQ is a DEFINE_INTERRUPT_HANDLER_ASYNC, `notrace` (arch/powerpc/include/asm/
  // interrupt.h interrupt_handler), whose inlined prologue calls irq_enter; the traced body is
  // __do_IRQ (arch/powerpc/kernel/irq.c), beside irq_enter as riscv's handler is.
  { name: '__do_IRQ', prefix: false, kind: H, reason: 'powerpc device-interrupt body (arch/powerpc/kernel/irq.c) that the notrace do_IRQ calls after irq_enter: switches to the irq stack and calls __do_irq' },
  { name: '__do_irq', prefix: false, kind: H, reason: 'powerpc: reads the interrupt number (ppc_md.get_irq) and calls generic_handle_irq (arch/powerpc/kernel/irq.c), under __do_IRQ or on the irq stack by call_do_irq' },
  // Timer interrupts wherever the architecture's handler is no frame (powerpc's timer_interrupt
  // is a notrace DEFINE_INTERRUPT_HANDLER_ASYNC since 5.12, its prologue calling irq_enter):
  // nested in a handler above on x86, arm64 and riscv, where it changes nothing.
  { name: 'hrtimer_interrupt', prefix: false, kind: H, reason: 'the high-resolution timer interrupt (kernel/time/hrtimer.c: "Called with interrupts disabled"), a clock event device\'s event_handler: hard-interrupt context only; seen under __sysvec_apic_timer_interrupt in the seed and 03' },
  { name: 'timer_interrupt', prefix: false, kind: H, reason: "powerpc's decrementer interrupt before 5.12 (arch/powerpc/kernel/time.c, a traced function that called irq_enter and irq_exit inside), and the name of other architectures' timer irq handlers (x86's legacy PIT one in arch/x86/kernel/time.c)" },
  // Softirqs.
  { name: '__do_softirq', prefix: false, kind: S, reason: 'runs the pending softirqs (calls handle_softirqs since 6.8 / its stable backports); seen in 03 and 04 under do_softirq from __local_bh_enable_ip' },
  { name: 'handle_softirqs', prefix: false, kind: S, reason: 'the softirq loop itself; seen under irq_exit_rcu (softirqs run on interrupt exit) and under __do_softirq in the seed, 03 and 04' },
  { name: 'do_softirq_own_stack', prefix: false, kind: S, reason: 'switches to the softirq stack (x86, arm64) before __do_softirq' },
  { name: 'do_softirq', prefix: false, kind: S, reason: 'runs pending softirqs in task context when bottom halves are re-enabled; seen as do_softirq.part.0 under __local_bh_enable_ip in 03 and 04' },
];

/**
 * The softirq thread's function: ksoftirqd/N runs the pending softirqs as its own work,
 * `run_ksoftirqd() { handle_softirqs(true); }` (kernel/softirq.c; `__do_softirq()` before
 * 6.8), interrupting nothing. The kernel counts that time as the thread's, not as softirq
 * time (kernel/sched/cputime.c irqtime_account_irq: "We do not account for softirq time from
 * ksoftirqd here"), so a softirq frame called by it is not an interrupt frame.
 */
export const SOFTIRQ_THREAD_FUNCTION = 'run_ksoftirqd';

/** The tracefs arrows around an interrupt (funcgraph-irqs): printed lines, never calls. */
export const INTERRUPT_ARROWS: readonly { text: string; reason: string }[] = [
  { text: '==========>', reason: 'tracefs prints it where an interrupt entry (an __irq_entry function) begins, with funcgraph-irqs on' },
  { text: '<==========', reason: 'tracefs prints it where that interrupt returns' },
];

const exact = new Map<string, InterruptKind>();
const prefixes: InterruptFrameRule[] = [];
for (const r of INTERRUPT_FRAMES) {
  if (r.prefix) prefixes.push(r);
  else exact.set(r.name, r.kind);
}

/**
 * The interrupt kind of a function name (clone suffixes ignored, and a ppc64 ELFv1 leading
 * dot: `.irq_exit`, lib/kernel-source.ts elfV1DotLength), InterruptKind.None for the rest.
 */
export function interruptKind(name: string): InterruptKind {
  const base = baseName(name);
  const k = exact.get(base);
  if (k !== undefined) return k;
  for (const r of prefixes) if (base.startsWith(r.name) && base.length > r.name.length) return r.kind;
  return InterruptKind.None;
}

/** Whether a name is the softirq thread's function (SOFTIRQ_THREAD_FUNCTION), clones included. */
export function isSoftirqThreadFunction(name: string): boolean {
  return baseName(name) === SOFTIRQ_THREAD_FUNCTION;
}

/** A name up to its first clone suffix (`.part.0`, `.isra.0`), a ppc64 ELFv1 leading dot left out. */
function baseName(name: string): string {
  const lead = elfV1DotLength(name);
  const dot = name.indexOf('.', lead);
  return dot > 0 ? name.slice(lead, dot) : name.slice(lead);
}

/** InterruptKind per string-table id, for a table of `count` names read through `nameOf`. */
export function interruptKinds(count: number, nameOf: (id: number) => string): Uint8Array {
  const out = new Uint8Array(count);
  for (let id = 0; id < count; id++) out[id] = interruptKind(nameOf(id));
  return out;
}
