/**
 * The interrupt mode through the service: a filter's `irq` picks the model under that mode
 * (one DerivedData per mode, made on demand), and every view answers from it.
 */
import { describe, expect, it } from 'vitest';
import { reportFromDsl } from '../test-utils/model-dsl';
import type { TreeKey } from './derived/keys';
import { TraceService } from './trace-service';
import { TIMER_IRQ_INSIDE_B } from '../test-utils/timer-interrupt';

const DSL = TIMER_IRQ_INSIDE_B;
const US = 1000;

async function service(): Promise<TraceService> {
  const s = new TraceService();
  const r = await s.loadText(reportFromDsl(DSL));
  expect(r.kind).toBe('loaded');
  return s;
}

function row(t: { names: string[]; total: Float64Array; self: Float64Array; irq: Float64Array; calls: Float64Array }, name: string) {
  const r = t.names.indexOf(name);
  return r < 0 ? undefined : { total: t.total[r] / US, self: t.self[r] / US, irq: t.irq[r] / US, calls: t.calls[r] };
}

describe('TraceService under an interrupt mode', () => {
  it('answers the functions table from the model of the mode, with the interrupt time inside', async () => {
    const s = await service();
    const inPlace = s.functionTable({});
    const apart = s.functionTable({ irq: 'apart' });
    const hidden = s.functionTable({ irq: 'hidden' });
    expect(row(inPlace, 'b')).toEqual({ total: 11, self: 3, irq: 6, calls: 1 });
    expect(row(apart, 'b')).toEqual({ total: 5, self: 3, irq: 6, calls: 1 });
    expect(row(hidden, 'b')).toEqual({ total: 5, self: 3, irq: 6, calls: 1 });
    expect(row(apart, '[interrupts]')).toEqual({ total: 6, self: 0, irq: 0, calls: 1 });
    expect(row(apart, 'hrtimer_interrupt')).toEqual({ total: 3, self: 3, irq: 0, calls: 1 });
    expect(row(hidden, 'hrtimer_interrupt')).toBeUndefined();
    expect(inPlace.interrupts).toEqual({ mode: 'in-place', frames: 2, ns: 6 * US });
    expect(apart.interrupts).toEqual({ mode: 'apart', frames: 2, ns: 6 * US });
    expect(hidden.interrupts).toEqual({ mode: 'hidden', frames: 2, ns: 6 * US });
  });

  it('shows [interrupts] as a task root in the call tree, and keeps one copy of the model at a time', async () => {
    const s = await service();
    const key = (irq: 'apart' | 'hidden'): TreeKey => ({ filter: { irq }, inverted: false, groupByTask: false });
    const roots = s.treeLevels(key('apart'), [[]]).levels[0]!;
    expect(roots.name.length).toBe(2);
    expect(Array.from(roots.name, (k) => roots.names[k]).sort()).toEqual(['[interrupts]', 'a']);
    expect(s.treeLevels(key('apart'), [[]]).rootTotal).toBe(20 * US);
    expect(s.treeLevels(key('hidden'), [[]]).rootTotal).toBe(14 * US);
    const apart = s.derived({ irq: 'apart' });
    expect(s.derived({ irq: 'apart' })).toBe(apart);
    expect(s.derived({})).not.toBe(apart);
    const hidden = s.derived({ irq: 'hidden' });
    expect(hidden).not.toBe(apart);
    expect(s.derived({ irq: 'apart' })).not.toBe(apart);
    expect(s.derived({ irq: 'in-place' })).toBe(s.derived());
  });

  it('searches the model of the mode', async () => {
    const s = await service();
    expect(await s.searchStatus({}, '/^b$/')).toMatchObject({ ok: true, calls: 1, totalNs: 11 * US });
    expect(await s.searchStatus({ irq: 'apart' }, '/^b$/')).toMatchObject({ ok: true, calls: 1, totalNs: 5 * US });
    expect(await s.searchStatus({ irq: 'apart' }, 'hrtimer')).toMatchObject({ ok: true, calls: 1, totalNs: 3 * US });
    expect(await s.searchStatus({ irq: 'hidden' }, 'hrtimer')).toMatchObject({ ok: true, calls: 0 });
  });
});
