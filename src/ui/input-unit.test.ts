import { describe, expect, it } from 'vitest';
import { capitalized, diagnosticCounts, inputUnit, nothingToReport } from './input-unit';

describe('inputUnit', () => {
  it('counts a trace.dat in records and every text format in lines', () => {
    expect(inputUnit('trace-cmd-dat')).toEqual({ one: 'record', many: 'records' });
    for (const f of ['trace-cmd-report', 'tracefs-function-graph', 'tracefs-function', 'unknown'] as const) expect(inputUnit(f).many).toBe('lines');
    expect(inputUnit(undefined).one).toBe('line');
  });

  it("words the diagnostics in the input's unit", () => {
    const dat = inputUnit('trace-cmd-dat');
    expect(diagnosticCounts(dat)[0]).toEqual(['unparsedLines', 'Records not understood']);
    expect(nothingToReport(dat)).toBe('Every record was understood; nothing had to be repaired.');
    expect(diagnosticCounts(inputUnit('trace-cmd-report'))[0][1]).toBe('Lines not understood');
    expect(capitalized('records')).toBe('Records');
  });
});
