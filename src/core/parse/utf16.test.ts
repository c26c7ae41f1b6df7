/** UTF-16 text (Windows PowerShell's `>`) is told by its byte order mark or its NULs, and decoded in any chunking. */
import { describe, expect, it } from 'vitest';
import { utf16Of, Utf16Transcoder } from './utf16';

const le = (s: string) => new Uint8Array(Buffer.from(s, 'utf16le'));
const be = (s: string) => le(s).map((_, i, a) => a[i ^ 1]);
const LINE = '            curl-139   [001]    11.524982: funcgraph_entry:        0.616 us   |  mutex_unlock();\n';

describe('utf16Of', () => {
  it('knows UTF-16 by its byte order mark, or by a NUL as every other byte of mostly ASCII text', () => {
    expect(utf16Of(le('\ufeffcpus=2\n'))).toBe('utf-16le');
    expect(utf16Of(be('\ufeffcpus=2\n'))).toBe('utf-16be');
    expect(utf16Of(le(LINE))).toBe('utf-16le');
    expect(utf16Of(be(LINE))).toBe('utf-16be');
    // A comm that is not ASCII here and there is still the text around it.
    expect(utf16Of(le('cpus=2\n  ядро-139 [001] 1.000: f()\n'))).toBe('utf-16le');
  });

  it('leaves UTF-8, zeros, text padded with zeros and short inputs alone', () => {
    expect(utf16Of(new TextEncoder().encode(LINE))).toBeNull();
    expect(utf16Of(new TextEncoder().encode('\ufeffcpus=2\n'))).toBeNull();
    expect(utf16Of(new Uint8Array(512))).toBeNull();
    expect(utf16Of(new Uint8Array([...new TextEncoder().encode('cpus=2\n'), ...new Uint8Array(500)]))).toBeNull();
    expect(utf16Of(le('cpus=2'))).toBeNull();
  });
});

describe('Utf16Transcoder', () => {
  it('gives the UTF-8 of the text wherever the chunks cut a code unit or a surrogate pair, without the mark', () => {
    const text = `cpus=2\n${LINE}  é€-7 𝄞 comm\n`;
    for (const [encoding, bytes] of [['utf-16le', le(`\ufeff${text}`)], ['utf-16be', be(`\ufeff${text}`)]] as const) {
      for (let chunk = 1; chunk <= 7; chunk++) {
        const t = new Utf16Transcoder(encoding);
        const parts: Uint8Array[] = [];
        for (let i = 0; i < bytes.length; i += chunk) parts.push(t.push(bytes.subarray(i, i + chunk)));
        parts.push(t.end());
        expect(Buffer.concat(parts).toString('utf8')).toBe(text);
      }
    }
  });

  it('an odd last byte (a file cut in a code unit) ends as U+FFFD', () => {
    const t = new Utf16Transcoder('utf-16le');
    const bytes = le('ab');
    const out = Buffer.concat([t.push(bytes.subarray(0, 3)), t.end()]).toString('utf8');
    expect(out).toBe('a\ufffd');
  });
});
