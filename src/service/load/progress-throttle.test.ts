import { describe, expect, it } from 'vitest';
import type { LoadProgress } from '../api';
import { ProgressThrottle } from './progress-throttle';

describe('ProgressThrottle', () => {
  it('never reports fewer bytes than it already reported (a gzipped trace.dat counts twice)', () => {
    const seen: LoadProgress[] = [];
    const throttle = new ProgressThrottle((p) => void seen.push(p), 1000, 0);
    throttle.report(600, 0, true);
    throttle.report(500, 0, true);
    throttle.report(700, 3, true);
    expect(seen.map((p) => p.bytes)).toEqual([600, 600, 700]);
    expect(seen.at(-1)).toEqual({ bytes: 700, totalBytes: 1000, lines: 3 });
  });
});
