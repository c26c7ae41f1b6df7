import { describe, expect, it } from 'vitest';
import { readFailure } from './read-trace';

describe('readFailure', () => {
  it("names concatenated gzip members (Chromium's 'junk'), else a damaged stream or a failed read", () => {
    expect(readFailure(true, 'Junk found after end of compressed data.')).toMatch(/several gzip members.*zcat trace\.txt\.gz \| gzip > one\.txt\.gz/);
    expect(readFailure(true, 'incorrect header check')).toMatch(/^the gzip stream is truncated or damaged \(incorrect header check\)/);
    expect(readFailure(false, 'NotReadableError')).toMatch(/^the input could not be read to the end \(NotReadableError\)/);
  });
});
