/**
 * The interrupt context a line's irq/preempt flags print (docs/formats.md §5.3; the kernel's
 * trace_output.c trace_print_lat_fmt): `h` hard irq, `s` softirq, `H` hard irq inside a
 * softirq, `z` NMI, `Z` NMI inside a hard irq, `.` task context. The kernel sets them from
 * the preempt count when the record is made, whatever the function is called, so they find
 * an interrupt the name list of interrupt-frames.ts lacks (another architecture's entry, a
 * new kernel's, a driver's handler).
 *
 * A call's context is its own entry line's (or leaf line's): an exit line prints the
 * context at the return, which differs for the calls that change it (irq_enter_rcu enters
 * in task context and returns in hard irq).
 */

/** Bits of a call's context byte (CallTable.context); 0: the line printed no flags. */
export const IrqContext = {
  /** The line printed flags: the bits below say its context (none of them: task context). */
  Known: 1,
  HardIrq: 2,
  SoftIrq: 4,
  Nmi: 8,
} as const;

const K = IrqContext.Known;
const CONTEXT_OF_LETTER: Readonly<Record<string, number>> = {
  Z: K | IrqContext.Nmi | IrqContext.HardIrq,
  z: K | IrqContext.Nmi,
  H: K | IrqContext.HardIrq | IrqContext.SoftIrq,
  h: K | IrqContext.HardIrq,
  s: K | IrqContext.SoftIrq,
};

/**
 * The context byte of a flags token as printed (`d.h1.`, `..s1`, `....1..`), 0 when it
 * says none (trace-cmd `-R`'s raw bits `0x9`, whose bit values changed across kernels, or
 * text of another shape). The context is the third letter; PREEMPT_RT's lazy need-resched
 * letter can push it to the fourth, where a plain kernel prints the preempt depth in hex,
 * which no context letter is.
 */
export function contextOfFlags(text: string): number {
  if (text.length < 4) return 0;
  const first = text[0];
  if (first !== '.' && first !== 'd' && first !== 'D' && first !== 'b' && first !== 'X') return 0;
  const third = CONTEXT_OF_LETTER[text[2]];
  if (third !== undefined) return third;
  const fourth = CONTEXT_OF_LETTER[text[3]];
  if (fourth !== undefined) return fourth;
  return text[2] === '.' ? K : 0;
}

/**
 * Whether a call whose line printed `context` under a caller whose line printed `parent` is
 * an interrupt entered there: its line says a hard irq, softirq or NMI its caller's does
 * not. Either line without flags says nothing (false). A softirq entered that way can
 * still be ksoftirqd's own work: the caller of this decides (interrupt-mode.ts).
 */
export function entersInterrupt(context: number, parent: number): boolean {
  if ((context & parent & IrqContext.Known) === 0) return false;
  return (context & ~parent & (IrqContext.HardIrq | IrqContext.SoftIrq | IrqContext.Nmi)) !== 0;
}

/** Whether the interrupt `entersInterrupt` found is a softirq only (no hard irq or NMI entered). */
export function entersSoftirqOnly(context: number, parent: number): boolean {
  return (context & ~parent & (IrqContext.HardIrq | IrqContext.Nmi)) === 0;
}
