import { describe, expect, it } from 'vitest';
import { failureMessage, readFailure } from './read-trace';
import { TRAILING_GARBAGE } from '../gunzip';
import { loadText } from '../../test-utils/traces';
import type { TraceInfo } from '../api';

describe('readFailure', () => {
  it("names concatenated gzip members (Chromium's 'junk'), else a damaged stream or a failed read", () => {
    expect(readFailure(true, 'Junk found after end of compressed data.')).toMatch(/several gzip members.*zcat trace\.txt\.gz \| gzip > one\.txt\.gz/);
    expect(readFailure(true, 'incorrect header check')).toBe('the gzip stream is damaged (incorrect header check); what was read before the damage is shown');
    expect(readFailure(true, 'Compressed input was truncated.')).toBe(
      'the file ends early: the gzip stream stops before its end (Compressed input was truncated); what was read is shown',
    );
    expect(readFailure(true, 'unexpected end of file')).toMatch(/^the file ends early: /);
    expect(readFailure(true, 'unexpected EOF')).toMatch(/^the file ends early: /);
    expect(readFailure(true, TRAILING_GARBAGE)).toMatch(/^the file goes on after the end of its gzip data with bytes that are not gzip.*the text of the gzip was read whole$/);
    expect(readFailure(false, 'NotReadableError')).toMatch(/^the input could not be read to the end \(NotReadableError\)/);
  });
});

describe('failureMessage', () => {
  const info = (textBytes: number): TraceInfo => ({
    name: 'x.txt', format: 'unknown', formatLabel: 'unknown', gzip: false, inputBytes: textBytes, contentHash: null, textBytes, lines: 1, elapsedMs: 0,
  });

  it("names trace-cmd report's --profile and --stat output by its first such line, with what to run instead", () => {
    const profile = 'cpus=2\n\ntask: curl-139\n  Event: func: f() (3) Total: 9 Avg: 3 Max: 5(ts:1.000001) Min:1(ts:1.000002)\n';
    expect(failureMessage(loadText(profile), info(profile.length))).toBe(
      'Not a trace: line 3 ("task: curl-139"): this is "trace-cmd report --profile" output (totals per task and event), not a trace: run trace-cmd report without --profile.',
    );
    const stat = 'CPU: 0\nentries: 12\noverrun: 0\n';
    expect(failureMessage(loadText(stat), info(stat.length))).toMatch(/^Not a trace: line 2 \("entries: 12"\): this is ring buffer statistics \("trace-cmd report --stat"/);
    // A file zero-filled where it begins (a crash, an unfinished copy): not 'not a trace format'.
    const zeros = '\0'.repeat(8192);
    expect(failureMessage(loadText(zeros), info(zeros.length))).toMatch(/^The file holds zero bytes \(NULs\) where its text should begin, not a trace: it was zero-filled/);
    const other = 'hello\nworld\n';
    expect(failureMessage(loadText(other), info(other.length))).toMatch(/^This is not a trace format ftrace explorer reads/);
    // The trace.dat is named among what it expects: the app reads it as it is.
    expect(failureMessage(loadText(other), info(other.length))).toMatch(/; or open the trace\.dat file that "trace-cmd record" writes, as it is\.$/);
  });
});
