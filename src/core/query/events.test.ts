import { describe, expect, it } from 'vitest';
import { loadBytes, traceBytes, traceText } from '../../test-utils/traces';
import { modelFromReport } from '../../test-utils/model-dsl';
import { computeEventFacts, computeEventSelection, eventKindOf, EventKind, firstAtOrAfter } from './events';

const SYSTEMWIDE = '03-systemwide-sched-irq.report.txt.gz';

/** The event lines of the report text itself, as [cpu, seconds, name]: the ground truth. */
function eventLines(): { cpu: number; ts: number; name: string }[] {
  const out: { cpu: number; ts: number; name: string }[] = [];
  for (const line of traceText(SYSTEMWIDE).split('\n')) {
    const m = /\[(\d+)\]\s+(\d+\.\d+):\s+([a-z_0-9]+):/.exec(line);
    if (m && m[3] !== 'funcgraph_entry' && m[3] !== 'funcgraph_exit') out.push({ cpu: Number(m[1]), ts: Number(m[2]), name: m[3] });
  }
  return out;
}

describe('events of the system-wide trace', () => {
  const model = loadBytes(traceBytes(SYSTEMWIDE));
  const facts = computeEventFacts(model);
  const truth = eventLines();

  it('interns every event name once, with counts that match the text', () => {
    expect(model.events.length).toBe(truth.length);
    expect(new Set(facts.names).size).toBe(facts.names.length);
    const counts = new Map<string, number>();
    for (const e of truth) counts.set(e.name, (counts.get(e.name) ?? 0) + 1);
    expect(Object.fromEntries(facts.names.map((n, id) => [n, facts.nameCounts[id]]))).toEqual(Object.fromEntries(counts));
    expect(facts.nameKind[facts.names.indexOf('sched_switch')]).toBe(EventKind.Switch);
    expect(facts.nameKind[facts.names.indexOf('sched_wakeup')]).toBe(EventKind.Wakeup);
  });

  it('selects by name, CPU and range exactly as the text counts them, in time order', () => {
    const sel = computeEventSelection(model, facts, { names: ['sched_switch'], cpus: [1] });
    expect(sel.length).toBe(truth.filter((e) => e.name === 'sched_switch' && e.cpu === 1).length);
    expect(sel.length).toBeGreaterThan(0);
    for (const i of sel) {
      expect(model.events.name[i]).toBe('sched_switch');
      expect(model.events.cpu[i]).toBe(1);
    }
    const all = computeEventSelection(model, facts, {});
    expect(all.length).toBe(model.events.length);
    for (let k = 1; k < all.length; k++) expect(model.events.ts[all[k]]).toBeGreaterThanOrEqual(model.events.ts[all[k - 1]]);
    const mid = model.events.ts[all[Math.floor(all.length / 2)]];
    const range = [mid - 5e6, mid + 5e6] as const;
    const inRange = computeEventSelection(model, facts, { range });
    expect(inRange.length).toBe(truth.filter((e) => e.ts * 1e9 >= range[0] - 1 && e.ts * 1e9 <= range[1] + 1).length);
    expect(inRange.length).toBeLessThan(all.length);
  });

  it('finds the first event at or after a time', () => {
    const all = computeEventSelection(model, facts, {});
    const k = 1234;
    expect(firstAtOrAfter(model, all, model.events.ts[all[k]])).toBeLessThanOrEqual(k);
    expect(model.events.ts[all[firstAtOrAfter(model, all, model.events.ts[all[k]] + 0.5)]]).toBeGreaterThan(model.events.ts[all[k]]);
    expect(firstAtOrAfter(model, all, Number.POSITIVE_INFINITY)).toBe(all.length);
  });
});

describe('event order', () => {
  it('sorts events printed out of time order, and the untimed last', () => {
    const model = modelFromReport(
      [
        'cpus=2',
        '           yes-407   [001]    81.300000: sched_switch:         yes:407 [120] R ==> rcu_preempt:15 [120]',
        '           yes-406   [000]    81.100000: sched_wakeup:         rcu_preempt:15 [120] CPU:001',
        '           yes-406   [000]    81.200000: irq_handler_entry:    irq=24 name=eth0',
        '',
      ].join('\n'),
    );
    const facts = computeEventFacts(model);
    expect(model.events.length).toBe(3);
    expect(facts.order).not.toBeNull();
    expect(Array.from(computeEventSelection(model, facts, {}), (i) => model.events.name[i])).toEqual([
      'sched_wakeup',
      'irq_handler_entry',
      'sched_switch',
    ]);
    expect(eventKindOf('irq_handler_entry')).toBe(EventKind.IrqEntry);
    expect(eventKindOf('softirq_exit')).toBe(EventKind.IrqExit);
    expect(eventKindOf('sched_migrate_task')).toBe(EventKind.Other);
  });

  it('derives nothing for a trace without events', () => {
    const model = loadBytes(traceBytes('01-seed-curl-fgraph.report.txt.gz'));
    const facts = computeEventFacts(model);
    expect(model.events.length).toBe(0);
    expect(facts.nameId.byteLength + facts.nameKind.byteLength + facts.nameCounts.byteLength).toBe(0);
    expect(facts.order).toBeNull();
  });
});
