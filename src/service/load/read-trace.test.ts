import { describe, expect, it } from 'vitest';
import { readFailure } from './read-trace';

describe('readFailure', () => {
  it("names concatenated gzip members (Chromium's 'junk'), else a damaged stream or a failed read", () => {
    expect(readFailure(true, 'Junk found after end of compressed data.')).toMatch(/several gzip members.*zcat trace\.txt\.gz \| gzip > one\.txt\.gz/);
    expect(readFailure(true, 'incorrect header check')).toBe('the gzip stream is damaged (incorrect header check); what was read before the damage is shown');
    expect(readFailure(true, 'Compressed input was truncated.')).toBe(
      'the file ends early: the gzip stream stops before its end (Compressed input was truncated); what was read is shown',
    );
    expect(readFailure(true, 'unexpected end of file')).toMatch(/^the file ends early: /);
    expect(readFailure(true, 'unexpected EOF')).toMatch(/^the file ends early: /); // fflate
    expect(readFailure(false, 'NotReadableError')).toMatch(/^the input could not be read to the end \(NotReadableError\)/);
  });
});
