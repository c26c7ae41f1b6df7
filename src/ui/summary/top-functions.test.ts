import { describe, expect, it } from 'vitest';
import { SAMPLE_DSL } from '../../test-utils/model-dsl';
import { dsl, functionTableOf, seed, summaryFunctionsOf, traceDerived } from '../../test-utils/service-views';
import { isWholeTrace, topFunctionRows } from './top-functions';

describe('isWholeTrace', () => {
  it('is the whole trace only without a task, CPU, range, syscalls-only or Interrupts mode', () => {
    expect(isWholeTrace({})).toBe(true);
    expect(isWholeTrace({ tasks: [], cpus: [], irq: 'in-place' })).toBe(true);
    expect(isWholeTrace({ tasks: [0] })).toBe(false);
    expect(isWholeTrace({ cpus: [1] })).toBe(false);
    expect(isWholeTrace({ range: [0, 10] })).toBe(false);
    expect(isWholeTrace({ syscallsOnly: true })).toBe(false);
    expect(isWholeTrace({ irq: 'apart' })).toBe(false);
    expect(isWholeTrace({ irq: 'hidden' })).toBe(false);
  });
});

describe('topFunctionRows', () => {
  it('of the whole trace: the summary\'s rows (cli summary), same figures, same order', () => {
    const d = seed();
    expect(topFunctionRows(functionTableOf(d, {}))).toEqual(summaryFunctionsOf(d));
  });

  // The load no longer carries the summary's functions: the Summary shows these rows instead.
  it.each(['03-systemwide-sched-irq.report.txt.gz', '06-function-curl.report.txt.gz', '04-tracefs-nofuncgraph-duration.txt.gz'])(
    '%s, of the whole trace: the summary\'s rows (interrupt time inside, untimed calls)',
    (name) => {
      const d = traceDerived(name);
      const want = summaryFunctionsOf(d);
      expect(want.length).toBeGreaterThan(0);
      expect(topFunctionRows(functionTableOf(d, {}))).toEqual(want);
    },
    60_000,
  );

  it('under a task filter: that task\'s calls only, not the whole trace\'s', () => {
    // SAMPLE_DSL: curl-1 runs __x64_sys_write and its callees, sh-2 runs main.
    const d = dsl(SAMPLE_DSL);
    const whole = summaryFunctionsOf(d);
    const sh = d.model.tasks.findIndex((t) => t.comm === 'sh');
    const rows = topFunctionRows(functionTableOf(d, { tasks: [sh] }));
    const shFuncs = new Set<string>();
    const calls = new Map<string, number>();
    for (let i = 0; i < d.model.calls.length; i++) {
      if (d.model.calls.task[i] !== sh) continue;
      const name = d.model.strings.get(d.model.calls.func[i]);
      shFuncs.add(name);
      calls.set(name, (calls.get(name) ?? 0) + 1);
    }
    expect(rows.map((r) => r.name).sort()).toEqual([...shFuncs].sort());
    for (const r of rows) expect(r.calls).toBe(calls.get(r.name));
    expect(rows.length).toBeLessThan(whole.length);
    // Ordered as the summary orders: by total, unknown last.
    for (let k = 1; k < rows.length; k++) expect((rows[k - 1].totalNs ?? -1) >= (rows[k].totalNs ?? -1)).toBe(true);
  });
});
