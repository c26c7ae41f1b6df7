import { describe, expect, test } from 'vitest';
import { modelFromDsl, modelFromReport, SAMPLE_DSL } from '../../test-utils/model-dsl';
import { summarize, type TraceSummary } from './summary';

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
