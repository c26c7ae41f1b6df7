import { describe, expect, it } from 'vitest';
import { bidiIsolated } from './bidi';

const RLO = '\u202e';
const FSI = '\u2068';
const PDI = '\u2069';

describe('bidiIsolated', () => {
  it('returns a kernel symbol, a Latin comm and an emoji name as they are', () => {
    for (const name of ['tcp_sendmsg', 'do_execveat_common.isra.0', 'Web Content-1234', 'kworker/u16:3', 'caf\u00e9\u0301 \u{1F525}', '']) {
      expect(bidiIsolated(name)).toBe(name);
    }
  });

  it('isolates a name with an override, its explicit formatting characters shown as U+FFFD', () => {
    expect(bidiIsolated(`abc${RLO}def`)).toBe(`${FSI}abc\ufffddef${PDI}`);
    // A PDI of the name's own cannot close the isolate early, nor an embedding stay open.
    expect(bidiIsolated(`x${PDI}${RLO}\u202b\u202c\u2066\u2067${FSI}`)).toBe(`${FSI}x\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd${PDI}`);
  });

  it('isolates a right-to-left name whole, letters and marks kept', () => {
    expect(bidiIsolated('\u05e9\u05dc\u05d5\u05dd-7')).toBe(`${FSI}\u05e9\u05dc\u05d5\u05dd-7${PDI}`);
    expect(bidiIsolated('a\u200fb')).toBe(`${FSI}a\u200fb${PDI}`);
    // Outside the BMP: an Adlam letter (U+1E900), a surrogate pair.
    expect(bidiIsolated('x\u{1e900}')).toBe(`${FSI}x\u{1e900}${PDI}`);
  });
});
