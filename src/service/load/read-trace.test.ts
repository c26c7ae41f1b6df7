import { describe, expect, it } from 'vitest';
import { readFailure } from './read-trace';

describe('readFailure', () => {
  it("names concatenated gzip members (Chromium's 'junk'), else a damaged stream or a failed read", () => {
    expect(readFailure(true, 'Junk found after end of compressed data.')).toMatch(/several gzip members.*zcat trace\.txt\.gz \| gzip > one\.txt\.gz/);
    expect(readFailure(true, 'incorrect header check')).toMatch(/^the file ends early or is damaged: the gzip stream stops before its end \(incorrect header check\); what was read is shown$/);
    expect(readFailure(false, 'NotReadableError')).toMatch(/^the input could not be read to the end \(NotReadableError\)/);
  });
});
