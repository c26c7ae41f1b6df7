/**
 * The hand-written trace the interrupt-mode tests share (model, service, compare): a timer
 * interrupt inside b (irq_enter_rcu 1 µs, __sysvec_apic_timer_interrupt 5 µs):
 *   a 0..20 { b 1..12 { [irq 2..3, 3..8 { hrtimer 4..7 }] c 9..11 } }
 * In the model DSL of model-dsl.ts (task, CPU, µs | call).
 */
export const TIMER_IRQ_INSIDE_B = `
t-1 0 0  | a {
t-1 0 1  |   b {
t-1 0 2  |     irq_enter_rcu 1
t-1 0 3  |     __sysvec_apic_timer_interrupt {
t-1 0 4  |       hrtimer_interrupt 3
t-1 0 8  |     } 5
t-1 0 9  |     c 2
t-1 0 12 |   } 11
t-1 0 20 | } 20
`;
