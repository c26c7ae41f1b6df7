/**
 * The pretty report and the raw `-R` report of the same recording must give the same
 * calls, total and self time for every function, and both must equal what the kernel's
 * own calltime/rettime fields say (raw-ground-truth.ts, which uses no parser code).
 *
 * The one expected difference: an exit whose entry is not in the trace prints no name in
 * the pretty report, so its figures go to `(unknown)` there and to the named function in
 * the raw one.
 */
import { describe, expect, it } from 'vitest';
import { UNKNOWN_FUNCTION } from './model/builder';
import { summarize, type SummaryFunction } from './query/summary';
import { rawGroundTruth, type TruthRow } from '../test-utils/raw-ground-truth';
import { loadBytes, traceBytes, traceText } from '../test-utils/traces';

const PAIRS = [
  ['01-seed-curl-fgraph.report.txt.gz', '05-seed-report-raw.txt.gz'],
  ['02-midstream-nc-fgraph.report.txt.gz', '02-midstream-nc-fgraph.report-raw.txt.gz'],
  ['03-systemwide-sched-irq.report.txt.gz', '03-systemwide-sched-irq.report-raw.txt.gz'],
] as const;

function byName(functions: SummaryFunction[]): Map<string, SummaryFunction> {
  return new Map(functions.map((f) => [f.name, f]));
}

describe.each(PAIRS)('%s against its -R report', (pretty, raw) => {
  const truth = rawGroundTruth(traceText(raw).split('\n'));
  const rawSummary = summarize(loadBytes(traceBytes(raw)));
  const prettySummary = summarize(loadBytes(traceBytes(pretty)));

  it('the raw report parses to exactly the kernel calltime/rettime figures', () => {
    expect(rawSummary.diagnostics.unparsedLines).toBe(0);
    const ours = byName(rawSummary.functions);
    expect(ours.size).toBe(truth.size);
    for (const [name, t] of truth) {
      const f = ours.get(name);
      expect({ name, calls: f?.calls, totalNs: f?.totalNs, selfNs: f?.selfNs }).toEqual({ name, ...t });
    }
  });

  it('the pretty report gives the same calls, total and self per function', () => {
    expect(prettySummary.diagnostics.unparsedLines).toBe(0);
    expect(prettySummary.calls).toBe(rawSummary.calls);
    const ours = byName(prettySummary.functions);
    const unknown: TruthRow = { calls: 0, totalNs: 0, selfNs: 0 };
    for (const [name, t] of truth) {
      const f = ours.get(name) ?? { calls: 0, totalNs: 0, selfNs: 0 };
      // Whatever the pretty report has less for a function is an unnamed orphan exit.
      unknown.calls += t.calls - f.calls;
      unknown.totalNs += t.totalNs - (f.totalNs ?? 0);
      unknown.selfNs += t.selfNs - (f.selfNs ?? 0);
      expect(f.calls).toBeLessThanOrEqual(t.calls);
    }
    const u = ours.get(UNKNOWN_FUNCTION);
    expect({ calls: u?.calls ?? 0, totalNs: u?.totalNs ?? 0, selfNs: u?.selfNs ?? 0 }).toEqual(unknown);
    expect(prettySummary.diagnostics.orphanExits).toBe(unknown.calls);
    // Only functions with an unnamed orphan exit may differ: at most that many.
    let differing = 0;
    for (const [name, t] of truth) {
      const f = ours.get(name);
      if (!f || f.calls !== t.calls || f.totalNs !== t.totalNs || f.selfNs !== t.selfNs) differing++;
    }
    expect(differing).toBeLessThanOrEqual(unknown.calls);
  });
});
