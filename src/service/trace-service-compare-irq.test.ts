/**
 * Compare mode under the interrupt mode (explore.irq): both sides are read from their
 * model under the mode the pair of filters carries, and a change of mode compares again.
 * Side A has a timer interrupt inside b; side B the same calls without it.
 */
import { describe, expect, it } from 'vitest';
import { reportFromDsl } from '../test-utils/model-dsl';
import type { IrqMode } from '../core/model/interrupt-mode';
import type { CompareKey, CompareScale } from './queries/compare';
import { TraceService } from './trace-service';
import { TIMER_IRQ_INSIDE_B } from '../test-utils/timer-interrupt';

/** b holds a 6 µs interrupt (irq_enter_rcu 1 + __sysvec_apic_timer_interrupt 5). */
const A_DSL = TIMER_IRQ_INSIDE_B;
/** The same work without the interrupt: b is 5 µs. */
const B_DSL = `
u-2 0 0  | a {
u-2 0 1  |   b {
u-2 0 2  |     c 2
u-2 0 6  |   } 5
u-2 0 14 | } 14
`;
const US = 1000;

async function pair(): Promise<TraceService> {
  const s = new TraceService();
  expect((await s.loadText(reportFromDsl(A_DSL), { name: 'a.txt' })).kind).toBe('loaded');
  expect((await s.loadText(reportFromDsl(B_DSL), { name: 'b.txt', side: 'b' })).kind).toBe('loaded');
  return s;
}

const key = (irq?: IrqMode): CompareKey & CompareScale => ({
  a: irq ? { irq } : {},
  b: irq ? { irq } : {},
  quantity: 'total',
  normalisation: { kind: 'raw' },
});

function fn(t: { names: string[]; presence: Uint8Array; a: { total: Float64Array }; b: { total: Float64Array } }, name: string) {
  const r = t.names.indexOf(name);
  return r < 0 ? undefined : { presence: t.presence[r], a: t.a.total[r] / US, b: t.b.total[r] / US };
}

describe('compare mode under the interrupt mode', () => {
  it('reads both sides under the mode, and a change of mode compares again', async () => {
    const s = await pair();
    // In place: b looks 6 µs slower in A, and the interrupt frames are only in A.
    const inPlace = s.comparedFunctions(key());
    expect(fn(inPlace, 'b')).toEqual({ presence: 3, a: 11, b: 5 });
    expect(fn(inPlace, 'hrtimer_interrupt')).toEqual({ presence: 1, a: 3, b: 0 });
    // Hidden: the interrupt is gone from every figure, b is the same on both sides.
    const hidden = s.comparedFunctions(key('hidden'));
    expect(fn(hidden, 'b')).toEqual({ presence: 3, a: 5, b: 5 });
    expect(fn(hidden, 'hrtimer_interrupt')).toBeUndefined();
    // Apart: the interrupt is A's [interrupts] root, a path only A has.
    const apart = s.comparedFunctions(key('apart'));
    expect(fn(apart, 'b')).toEqual({ presence: 3, a: 5, b: 5 });
    expect(fn(apart, '[interrupts]')).toEqual({ presence: 1, a: 6, b: 0 });
    const roots = s.comparedTreeLevels(key('apart'), [[]]).levels[0]!;
    expect(roots.names).toEqual(['[interrupts]', 'a']);
    expect([...roots.presence]).toEqual([1, 3]);
    // The differential flame graph follows too: laid out by B, a's total is equal in hidden mode.
    const flame = s.diffFlameGraph({ ...key('hidden'), layoutBy: 'b', zoomPath: [], minWidth: 0 });
    const b = [...flame.name].findIndex((id) => flame.names[id] === 'b');
    expect([flame.valueA[b], flame.valueB[b], flame.delta[b]]).toEqual([5 * US, 5 * US, 0]);
    // And back in place, the first answer again.
    expect(fn(s.comparedFunctions(key()), 'b')).toEqual({ presence: 3, a: 11, b: 5 });
  });

  it('one trace against itself: both sides under the same mode', async () => {
    const s = new TraceService();
    expect((await s.loadText(reportFromDsl(A_DSL), { name: 'a.txt' })).kind).toBe('loaded');
    expect(s.compareWithSame()).toBe(true);
    const hidden = s.comparedFunctions(key('hidden'));
    expect(fn(hidden, 'b')).toEqual({ presence: 3, a: 5, b: 5 });
    expect(fn(hidden, 'irq_enter_rcu')).toBeUndefined();
  });
});
