import { describe, expect, test } from 'vitest';
import { modelFromDsl, modelFromReport, SAMPLE_DSL } from '../../test-utils/model-dsl';
import { loadBytes, traceBytes } from '../../test-utils/traces';
import { summarize, summarizeFacts, summarizeOpening, type TraceSummary } from './summary';

describe('summarize', () => {
  test('a function-tracer trace: calls counted, total and self unknown (null), not 0', () => {
    // trace-cmd record -p function: one line per call, no return, no duration.
    const model = modelFromReport(
      [
        'cpus=2',
        '            curl-893   [001]   209.352400: function:             tcp_v4_connect',
        '            curl-893   [001]   209.364664: function:             tcp_sendmsg',
        '            curl-893   [001]   209.364700: function:             tcp_sendmsg',
        '',
      ].join('\n'),
    );
    const doc = summarize(model);
    expect(doc.functions.map((f) => [f.name, f.calls, f.totalNs, f.selfNs])).toEqual([
      ['tcp_sendmsg', 2, null, null],
      ['tcp_v4_connect', 1, null, null],
    ]);
    // As the CLI prints it.
    expect((JSON.parse(JSON.stringify(doc)) as TraceSummary).functions[0]).toMatchObject({ totalNs: null, selfNs: null, minNs: null });
  });

  test('timed functions keep their numbers', () => {
    const doc = summarize(modelFromDsl(SAMPLE_DSL));
    expect(doc.functions.length).toBeGreaterThan(0);
    for (const f of doc.functions) {
      expect(f.totalNs).toEqual(expect.any(Number));
      expect(f.selfNs).toEqual(expect.any(Number));
    }
  });
});

describe('summarizeOpening', () => {
  test.each(['01-seed-curl-fgraph.report.txt.gz', '06-function-curl.report.txt.gz'])(
    '%s: the facts, and as many functions as the summary lists',
    (name) => {
      const model = loadBytes(traceBytes(name));
      const { functions, ...facts } = summarize(model);
      const opening = summarizeOpening(model);
      expect(opening).toEqual({ ...facts, functionCount: functions.length });
      expect(summarizeFacts(model)).toEqual(facts);
      expect(opening.functionCount).toBeGreaterThan(10);
    },
    60_000,
  );

  test('counts the functions with a call, not every string the model interned', () => {
    const model = modelFromDsl(SAMPLE_DSL);
    expect(summarizeOpening(model).functionCount).toBe(summarize(model).functions.length);
    // The string table holds more than function names.
    expect(summarizeOpening(model).functionCount).toBeLessThan(model.strings.size);
  });
});
